"""File references resolve inside the site's source folder, and nothing is fetched or
imported at build time because a page asked for it.

Every directive and role that reads a file is checked here, with one rule
(:func:`refusal`): the path the reader would open, symbolic links followed, must be
inside the source folder and not hidden (no part starting with ``.``: ``.git/config``,
``.env``, ``.venv``). Anything else is a ``newsdesk.file`` warning naming the reference,
and nothing is read, embedded or copied:

- at parse time, before the read: ``include`` (rST; MyST's ``{include}`` is checked in
  :mod:`newsdesk.input.myst_guard`, which MyST runs without the directive's ``run``),
  ``literalinclude`` (its file and ``:diff:``), ``raw`` and ``csv-table`` ``:file:``;
- at ``doctree-read``, before Sphinx's collectors note the files the builder copies:
  images and figures (Markdown ``![](...)`` too, language variants and ``.*`` globs
  included) and ``{download}`` references (and Markdown links MyST makes downloads of).

Build-time fetches and imports are ``newsdesk.buildtime`` warnings: ``raw`` and
``csv-table`` ``:url:`` (docutils downloads the URL) and an ``include`` ``:parser:`` that is
not reStructuredText or MyST (docutils imports any module it is given, and the source
folder is on ``sys.path`` when Sphinx runs from it: a post could import its own Python).
"""

from __future__ import annotations

import glob
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import Parser as RstParser
from docutils.parsers.rst.directives.misc import Raw
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.directives.code import LiteralInclude
from sphinx.directives.other import Include
from sphinx.directives.patches import CSVTable
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.i18n import search_image_for_language

from ..diagnostics import Subtype

logger = logging.getLogger(__name__)

RST_PARSER_NAMES = {"rst", "restructuredtext", "rest", "restx", "rtxt", "rstx"}
MYST_PARSER_NAMES = {
    "md",
    "markdown",
    "myst",
    "myst_parser.sphinx_",
    "myst_parser.docutils_",
    "myst_parser.parsers.sphinx_",
    "myst_parser.parsers.docutils_",
}


def refusal(srcdir: str | Path, path: str | Path) -> str | None:
    """Why reading ``path`` is refused, or None when it is a file of the site."""
    root = Path(srcdir).resolve()
    real = Path(path).resolve()  # follows symbolic links, so a link out is out
    if not real.is_relative_to(root):
        return "it is outside the site's source folder"
    if any(part.startswith(".") for part in real.relative_to(root).parts):
        return "it is a hidden file or in a hidden folder (such as .git)"
    return None


def warn_file(what: str, reference: str, why: str, location: Any) -> None:
    logger.warning(
        f"{what} {reference[:120]!r} refused: {why}; nothing is read or copied. Put the "
        "file inside the site's folder and refer to it with a path relative to the page",
        location=location,
        type="newsdesk",
        subtype=Subtype.FILE,
    )


def warn_buildtime(what: str, why: str, location: Any) -> None:
    logger.warning(
        f"{what} refused: {why}",
        location=location,
        type="newsdesk",
        subtype=Subtype.BUILDTIME,
    )


def check_include_target(env: BuildEnvironment, argument: str) -> str | None:
    """Why an ``include`` of ``argument`` is refused (as Sphinx and MyST resolve it)."""
    argument = "".join(part.strip() for part in argument.splitlines())
    if argument.startswith("<") and argument.endswith(">"):
        return "docutils' standard include files are outside the site's source folder"
    return refusal(env.srcdir, env.relfn2path(argument)[1])


# --- parse time: directives that read a file ------------------------------------------------


class RefusedParser:
    """What an ``include`` ``:parser:`` outside the allowlist becomes (never imported)."""

    def __init__(self, name: str) -> None:
        self.name = name


def safe_parser_name(argument: str | None) -> Any:
    """The ``:parser:`` option without docutils' import of whatever module is named."""
    from .myst_guard import GuardedMystParser  # imports MyST; newsdesk needs it anyway

    name = (argument or "").strip()
    if name.lower() in RST_PARSER_NAMES:
        return RstParser
    if name.lower() in MYST_PARSER_NAMES:
        return GuardedMystParser
    return RefusedParser(name)


def _location(directive: Any) -> str:
    source, line = directive.state_machine.get_source_and_line(directive.lineno)
    return f"{source}:{line}"


class GuardedInclude(Include):
    """``include``: the file inside the source folder; ``:parser:`` rST or MyST only."""

    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        **(Include.option_spec or {}),
        "parser": safe_parser_name,
    }

    def run(self) -> Sequence[nodes.Node]:
        parser = self.options.get("parser")
        if isinstance(parser, RefusedParser):
            warn_buildtime(
                f"include ':parser: {parser.name[:80]}'",
                "only reStructuredText and MyST parsers may be named (docutils would "
                "import the module at build time); drop the option, or use ':parser: myst'",
                _location(self),
            )
            return []
        why = check_include_target(self.env, self.arguments[0])
        if why:
            warn_file("include", self.arguments[0], why, _location(self))
            return []
        return super().run()


class GuardedLiteralInclude(LiteralInclude):
    """``literalinclude``: the file and its ``:diff:`` file inside the source folder."""

    def run(self) -> list[nodes.Node]:
        for what, reference in (
            ("literalinclude", self.arguments[0]),
            ("literalinclude :diff:", self.options.get("diff")),
        ):
            if reference is None:
                continue
            why = refusal(self.env.srcdir, self.env.relfn2path(reference)[1])
            if why:
                warn_file(what, reference, why, _location(self))
                return []
        return super().run()


def _file_option_path(directive: Any) -> str:
    """The path docutils' ``raw``/``csv-table`` would open for ``:file:``."""
    current = directive.state.document.current_source or directive.state.document["source"]
    return os.path.join(os.path.dirname(os.path.abspath(current)), directive.options["file"])


class _NoFetchNoOutsideFile:
    """``:url:`` refused outright, ``:file:`` inside the source folder."""

    options: dict[str, Any]
    name: str
    state: Any

    def refused(self) -> bool:
        if "url" in self.options:
            warn_buildtime(
                f"{self.name} ':url: {str(self.options['url'])[:80]}'",
                "nothing is downloaded at build time; put the file in the site and use "
                "':file:' (or write the content in the page)",
                _location(self),
            )
            return True
        if "file" not in self.options:
            return False
        env = self.state.document.settings.env
        why = refusal(env.srcdir, _file_option_path(self))
        if why:
            warn_file(f"{self.name} :file:", self.options["file"], why, _location(self))
            return True
        return False


class GuardedRaw(_NoFetchNoOutsideFile, Raw):
    def run(self) -> Sequence[nodes.Node]:
        return [] if self.refused() else super().run()


class GuardedCSVTable(_NoFetchNoOutsideFile, CSVTable):
    def run(self) -> list[nodes.Node]:  # type: ignore[override]  # Sphinx's CSVTable's type
        option = self.options.get("file")
        if option is not None and option.startswith(("/", os.sep)):
            # Sphinx's meaning of an absolute path, always (Sphinx reads an absolute
            # path that exists on the machine as it is, after a warning).
            env = self.state.document.settings.env
            doc_dir = env.doc2path(env.current_document.docname).parent
            self.options["file"] = os.path.relpath(
                Path(env.srcdir, option.lstrip("/" + os.sep)), doc_dir
            )
        return [] if self.refused() else super().run()


# --- doctree-read: images and downloads, before Sphinx notes the files to copy --------------


def image_paths(env: BuildEnvironment, uri: str, docname: str) -> list[str]:
    """Every file Sphinx's image collector may take for ``uri`` (absolute paths)."""
    variants = [uri, search_image_for_language(uri, env)]
    paths: list[str] = []
    for variant in variants:
        full = env.relfn2path(variant, docname)[1]
        paths.append(full)
        if variant.endswith(os.extsep + "*"):
            paths += glob.glob(glob.escape(full[:-1]) + "*")
    return paths


def _replace_refused(node: nodes.Element, text: str) -> None:
    kept: nodes.Element
    if isinstance(node.parent, nodes.TextElement) or isinstance(node, nodes.Inline):
        kept = nodes.inline("", text, classes=["newsdesk-refused-file"])
    else:
        kept = nodes.paragraph("", text, classes=["newsdesk-refused-file"])
    node.replace_self(kept)


def refuse_outside_files(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read (before the asset collectors, priority 500): images and downloads."""
    env = app.env
    docname = env.current_document.docname
    for image in list(doctree.findall(nodes.image)):
        uri = image.get("uri", "")
        if uri.startswith("data:") or "://" in uri:
            continue  # not a file (the link policy judges URLs)
        why = next(
            (r for p in image_paths(env, uri, docname) if (r := refusal(env.srcdir, p))), None
        )
        if why:
            warn_file("image", uri, why, image)
            _replace_refused(image, image.get("alt", ""))
    for download in list(doctree.findall(addnodes.download_reference)):
        target = download.get("reftarget", "")
        if "://" in target:
            continue
        why = refusal(env.srcdir, env.relfn2path(target, docname)[1])
        if why:
            warn_file("download", target, why, download)
            download.replace_self(
                nodes.inline("", "", *download.children, classes=["newsdesk-refused-file"])
            )


def setup(app: Sphinx) -> None:
    app.add_directive("include", GuardedInclude, override=True)
    app.add_directive("literalinclude", GuardedLiteralInclude, override=True)
    app.add_directive("raw", GuardedRaw, override=True)
    app.add_directive("csv-table", GuardedCSVTable, override=True)
