"""Documents whose file names are not safe output paths are left out of the build.

Sphinx writes a page's name into an inline script (``DOCUMENTATION_OPTIONS.pagename =
'...'``) and into URLs and attributes without escaping it for each: an apostrophe in
``posts/2024/it's-here.md`` ends the script's string and runs the rest of the name as
code. Rather than escape the name in every template that prints it (Sphinx's, the
theme's, ablog's), a document whose name breaks :func:`newsdesk.build.output_paths.unsafe_reason`
is not built at all: a ``newsdesk.filename`` warning at its line 1 says what is wrong and
suggests a safe name. As with drafts, the excluded set is part of the configuration.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging
from sphinx.util.matching import compile_matchers

from ..build.output_paths import safe_path, unsafe_reason
from ..diagnostics import Subtype
from ..internals.sphinx import registered_source_suffixes

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


def document_files(app: Sphinx, config: Config) -> list[tuple[str, str]]:
    """(name on disk, name as Sphinx sees it) of each document file, relative to the
    source folder. Sphinx matches and reads names in NFC form, so a name written in NFD
    on disk is looked for under a name that does not exist; walk the disk itself."""
    configured = config.source_suffix
    suffixes = tuple({configured} if isinstance(configured, str) else set(configured))
    suffixes += tuple(registered_source_suffixes(app))
    excluded = compile_matchers([*config.exclude_patterns, *config.templates_path])
    included = compile_matchers(config.include_patterns)
    found = []
    for root, dirs, names in os.walk(app.srcdir):
        relative = Path(root).relative_to(app.srcdir)
        seen = [(name, (relative / name).as_posix()) for name in sorted(dirs)]
        dirs[:] = [d for d, rel in seen if not any(m(_nfc(rel)) for m in excluded)]
        for name in sorted(names):
            raw = (relative / name).as_posix()
            nfc = _nfc(raw)
            if (
                nfc.endswith(suffixes)
                and any(m(nfc) for m in included)
                and not any(m(nfc) for m in excluded)
            ):
                found.append((raw, nfc))
    return found


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def exclude_unsafe_file_names(app: Sphinx, config: Config) -> None:
    """config-inited: warn about, and leave out, documents with unsafe file names."""
    files = document_files(app, config)
    names = {nfc for raw, nfc in files if raw == nfc}
    unsafe = []
    for raw, nfc in files:
        reason = unsafe_reason(raw)
        if reason is None:
            continue
        logger.warning(
            f"file name {raw!r} {reason}; rename the file to {safe_path(raw)!r} "
            "(letters, digits and -_.~ only). It is left out of the build until then",
            location=f"{printable(str(Path(app.srcdir, raw)))}:1",
            type="newsdesk",
            subtype=Subtype.FILENAME,
        )
        if raw == nfc or nfc not in names:  # never leave out a safe twin in NFC form
            unsafe.append(glob_literal(nfc))
    config.exclude_patterns = [*config.exclude_patterns, *unsafe]
