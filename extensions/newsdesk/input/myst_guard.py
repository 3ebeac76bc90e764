"""The one place newsdesk reaches into myst_parser's internals (checked with myst-parser 5.2).

MyST has no hook for what it takes from a file, so newsdesk registers its own Markdown
parser, a subclass of MyST's, and a renderer subclass:

- :class:`GuardedMystParser` is ``MystParser.parse`` with the file's front matter passed
  through :func:`newsdesk.input.myst_settings.allowed_settings` before MyST's
  ``merge_file_level`` applies it. It is also what an rST ``include`` ``:parser: myst``
  gets (:mod:`newsdesk.input.file_references`), so no path reaches MyST's unguarded parser.
- :class:`GuardedRenderer` renders substitutions (only possible when conf.py enables
  ``substitution``: a page cannot) in ``jinja2.sandbox.SandboxedEnvironment``, without
  the Sphinx environment in the context (``env.app`` would let a template call methods of
  the application, such as loading an extension), and checks MyST's ``{include}`` path
  before MyST reads it (MyST runs includes itself, never the directive's ``run``).

If myst-parser changes ``MystParser.parse``, ``render_substitution`` or ``run_directive``,
this module is what to update; tests/test_security_config.py fails when it is out of step.
"""

from __future__ import annotations

from typing import Any

import jinja2
import myst_parser.mdit_to_docutils.base
from docutils import frontend, nodes
from docutils.parsers.rst import directives
from docutils.parsers.rst.directives.misc import Include
from jinja2.sandbox import SandboxedEnvironment
from markdown_it.tree import SyntaxTreeNode
from myst_parser.config.main import (
    MdParserConfig,
    TopmatterReadError,
    merge_file_level,
    read_topmatter,
)
from myst_parser.mdit_to_docutils.base import REGEX_DIRECTIVE_START, token_line
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.parsers.directives import YAML_LOAD_ERRORS
from myst_parser.parsers.mdit import create_md_parser
from myst_parser.parsers.sphinx_ import MystParser
from myst_parser.warnings_ import MystWarnings, create_warning
from sphinx.application import Sphinx
from sphinx.util import logging

from ..diagnostics import Subtype
from ..internals.sphinx import fresh_settings, reusable_settings
from .file_references import check_include_target, warn_file
from .front_matter_reader import safe_load_sharing
from .myst_settings import allowed_settings, refusal_message

logger = logging.getLogger(__name__)


class _ParsedFrontMatter:
    """A front matter token whose YAML is read: MyST 5.2's ``render_front_matter`` takes
    ``token.content`` as the data when it is not a string, and ``token.map`` for lines."""

    def __init__(self, token: SyntaxTreeNode, data: Any) -> None:
        self.map = token.map
        self.content = data


class GuardedRenderer(SphinxRenderer):
    def render_front_matter(self, token: SyntaxTreeNode) -> None:
        """MyST's, with the YAML read once for MyST and newsdesk's front matter check
        (``front_matter_reader.safe_load_sharing``: ``yaml.safe_load``'s values)."""
        if isinstance(token.content, str):
            try:
                data = safe_load_sharing(token.content)
            except YAML_LOAD_ERRORS:
                super().render_front_matter(token)  # MyST's own warning
                return
            token = _ParsedFrontMatter(token, data)  # type: ignore[assignment]
        super().render_front_matter(token)

    def run_directive(
        self,
        name: str,
        first_line: str,
        content: str,
        position: int,
        additional_options: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> list[nodes.Element]:
        directive_class, _ = directives.directive(name, self.language_module_rst, self.document)
        if directive_class is not None and issubclass(directive_class, Include):
            env = self.sphinx_env
            why = check_include_target(env, first_line) if env is not None else None
            if why:
                source = self.document["source"]
                warn_file(name, first_line.strip(), why, f"{source}:{position}")
                return []
        return super().run_directive(
            name, first_line, content, position, additional_options, **kwargs
        )

    def render_substitution(self, token: SyntaxTreeNode, inline: bool) -> None:
        """MyST 5.2's ``render_substitution`` with a sandboxed Jinja and no ``env``."""
        position = token_line(token)
        variable_context: dict[str, Any] = {**self.md_config.substitutions}
        env = SandboxedEnvironment(undefined=jinja2.StrictUndefined)
        content = token.content.strip()
        if content in variable_context:
            rendered = str(variable_context[content])
            references = {content}
        else:
            try:
                rendered = env.from_string(f"{{{{{token.content}}}}}").render(variable_context)
            except jinja2.exceptions.SecurityError as error:
                why = str(error).rstrip(".")
                logger.warning(
                    f"substitution {content[:80]!r} refused: {why}; substitutions may use "
                    "values from myst_substitutions in conf.py, not Python internals",
                    location=f"{self.document['source']}:{position}",
                    type="newsdesk",
                    subtype=Subtype.MYST,
                )
                return
            except Exception as error:
                self.create_warning(
                    f"Substitution error:{error.__class__.__name__}: {error}",
                    MystWarnings.SUBSTITUTION,
                    line=position,
                    append_to=self.current_node,
                )
                return
            ast = env.parse(f"{{{{{token.content}}}}}")
            references = {n.name for n in ast.find_all(jinja2.nodes.Name)}
        # MyST keeps the substitutions being rendered on the document (nested ones).
        in_progress: set[str] = getattr(self.document, "sub_references", set())
        self.document.sub_references = in_progress  # type: ignore[attr-defined]
        cyclic = references.intersection(in_progress)
        if cyclic:
            self.create_warning(
                f"circular substitution reference: {cyclic}",
                MystWarnings.SUBSTITUTION,
                line=position,
                append_to=self.current_node,
            )
            return
        in_progress.update(references)
        try:
            if inline and not REGEX_DIRECTIVE_START.match(rendered):
                self.nested_render_text(rendered, position, inline=True)
            else:
                self.nested_render_text(rendered, position)
        finally:
            in_progress.difference_update(references)


def site_myst_config(env: Any) -> MdParserConfig | None:
    """The site's MyST configuration: MyST 5.2 keeps it in ``env.myst_config`` (set at
    config-inited by ``myst_parser.sphinx_ext.main``); there is no public accessor."""
    config: MdParserConfig | None = getattr(env, "myst_config", None)
    return config


# What a front matter must contain to hold a MyST setting: the keys MyST reads from it
# (``merge_file_level``: ``myst``, and ``html_meta`` and ``substitutions`` at the top), or
# a backslash (a double-quoted key can spell one with escapes).
_MYST_KEY_MARKS = ("myst", "html_meta", "substitutions", "\\")


def may_hold_myst_settings(inputstring: str) -> bool:
    """Whether the front matter MyST 5.2's ``read_topmatter`` would read (the lines after
    a first ``---`` line, up to one starting with ``---`` or ``...``) may set anything
    ``merge_file_level`` reads. When not, reading it (PyYAML) changes nothing: the
    merged configuration equals the site's."""
    if not inputstring.startswith("---"):
        return False
    lines = iter(inputstring.splitlines())
    next(lines)
    for line in lines:
        if line.startswith(("---", "...")):
            break
        if any(mark in line for mark in _MYST_KEY_MARKS):
            return True
    return False


class GuardedMystParser(MystParser):
    """MyST's parser, applying only the allowed per-file settings (MyST 5.2's ``parse``)."""

    def parse(self, inputstring: str, document: nodes.document) -> None:
        config = site_myst_config(document.settings.env)
        assert config is not None  # set by MyST's config-inited handler
        try:
            topmatter = None
            if may_hold_myst_settings(inputstring):
                topmatter = read_topmatter(inputstring)
        except TopmatterReadError:
            topmatter = None  # MyST reports it during the render
        if topmatter:
            topmatter, refused = allowed_settings(topmatter, inputstring)
            for setting in refused:
                logger.warning(
                    refusal_message(setting),
                    location=f"{document['source']}:{setting.line}",
                    type="newsdesk",
                    subtype=Subtype.MYST,
                )

            def warning(wtype: MystWarnings, msg: str) -> None:
                create_warning(document, msg, wtype, line=1, append_to=document)

            config = merge_file_level(config, topmatter, warning)
        parser = create_md_parser(config, GuardedRenderer)
        parser.options["document"] = document
        parser.render(inputstring)


_DEFAULT_SETTINGS: dict[tuple[Any, ...], frontend.Values] = {}


def build_default_settings_once() -> None:
    """MyST 5.2's ``make_document`` builds docutils' default settings through optparse
    (``docutils.frontend.get_default_settings``) each time a renderer is set up, for
    every document and nested parse, even when the document is given
    (``options.get("document", make_document())``): build them once per process and
    hand out copies, as optparse makes them (``internals.sphinx.fresh_settings``)."""
    base = myst_parser.mdit_to_docutils.base
    original = getattr(base.get_default_settings, "__wrapped__", None)
    if original is not None:
        return
    original = base.get_default_settings

    def get_default_settings(*components: Any) -> frontend.Values:
        cached = _DEFAULT_SETTINGS.get(components)
        if cached is None:
            cached = original(*components)
            if not reusable_settings(cached):
                return cached
            _DEFAULT_SETTINGS[components] = cached
        return fresh_settings(cached)

    get_default_settings.__wrapped__ = original  # type: ignore[attr-defined]
    base.get_default_settings = get_default_settings


def setup(app: Sphinx) -> None:
    build_default_settings_once()
    app.setup_extension("myst_parser")  # registered first, so ours overrides it
    app.add_source_parser(GuardedMystParser, override=True)
