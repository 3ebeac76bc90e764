"""Documents whose file names are not safe output paths are left out of the build.

Sphinx writes a page's name into an inline script (``DOCUMENTATION_OPTIONS.pagename =
'...'``) and into URLs and attributes without escaping it for each: an apostrophe in
``posts/2024/it's-here.md`` ends the script's string and runs the rest of the name as
code. Rather than escape the name in every template that prints it (Sphinx's, the
theme's, ablog's), a document whose name breaks :func:`newsdesk.pathsafety.unsafe_reason`
is not built at all: a ``newsdesk.filename`` warning at its line 1 says what is wrong and
suggests a safe name. As with drafts, the excluded set is part of the configuration.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.project import Project
from sphinx.util import logging

from .pathsafety import safe_path, unsafe_reason

logger = logging.getLogger(__name__)


def glob_literal(path: str) -> str:
    """An exclude pattern for ``path`` (Sphinx's patterns treat ``*?[`` as glob). ``[`` is
    written ``[][]`` (either bracket): ``[[]`` makes Python's re warn of a nested set, and
    a file the wider class also matches has a ``]`` there, so it is unsafe too."""
    return "".join(
        "[][]" if char == "[" else f"[{char}]" if char in "*?" else char for char in path
    )


def printable(text: str) -> str:
    """A path for a message line: a newline or control character in it shown escaped."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)


def exclude_unsafe_file_names(app: Sphinx, config: Config) -> None:
    """config-inited: warn about, and leave out, documents with unsafe file names."""
    configured = config.source_suffix
    suffixes = {configured} if isinstance(configured, str) else set(configured)
    suffixes |= set(app.registry.source_suffix)
    project = Project(app.srcdir, dict.fromkeys(suffixes, "restructuredtext"))
    excluded = [*config.exclude_patterns, *config.templates_path]
    found = project.discover(excluded, config.include_patterns)
    unsafe = []
    for docname in sorted(found):
        file = PurePosixPath(project.doc2path(docname, absolute=False)).as_posix()
        reason = unsafe_reason(file)
        if reason is None:
            continue
        logger.warning(
            f"file name {file!r} {reason}; rename the file to {safe_path(file)!r} "
            "(letters, digits and -_.~ only). It is left out of the build until then",
            location=f"{printable(str(Path(app.srcdir, file)))}:1",
            type="newsdesk",
            subtype="filename",
        )
        unsafe.append(glob_literal(file))
    config.exclude_patterns = [*config.exclude_patterns, *unsafe]


def setup(app: Sphinx) -> None:
    # Before newsdesk.drafts (600), so a draft's unsafe name is reported too; after
    # Sphinx has merged the extensions' source suffixes into the configuration.
    app.connect("config-inited", exclude_unsafe_file_names, priority=550)
