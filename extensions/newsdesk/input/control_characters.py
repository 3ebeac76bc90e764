"""Control characters never reach a page or a feed.

XML (and so lxml, which feedgen writes the Atom feeds with) refuses C0 control characters
other than tab and line breaks: one in a title, a headline or a take stopped the build
with a traceback. HTML takes them as parse errors. They are removed where text enters
the build, each with a ``newsdesk.text`` warning at its line:

- in every source file, as Sphinx reads it (``source-read``): literal characters in the
  body, directive options and front matter alike;
- in front matter values written as YAML escapes (``"\\a"``), by
  :mod:`newsdesk.blog.front_matter`, and in people entries, by
  :mod:`newsdesk.people.registry`, which both use :data:`UNSAFE` and :func:`strip_unsafe`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the people registry and the editors' commands use this without Sphinx
    from sphinx.application import Sphinx

from ..diagnostics import Subtype

# C0 controls but tab, LF and CR; DEL and C1 controls; noncharacters XML refuses; lone
# surrogates (from undecodable bytes).
UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


def strip_unsafe(text: str) -> str:
    return UNSAFE.sub("", text)


def unsafe_lines(text: str, first_line: int = 1) -> list[tuple[int, list[str]]]:
    """(line, ['U+0007', ...]) for each line of ``text`` holding control characters."""
    found = []
    for number, line in enumerate(text.split("\n"), first_line):
        chars = sorted({f"U+{ord(char):04X}" for char in UNSAFE.findall(line)})
        if chars:
            found.append((number, chars))
    return found


def remove_control_characters(app: Sphinx, docname: str, source: list[str]) -> None:
    """source-read: drop control characters from the text Sphinx parses, saying where."""
    from sphinx.util import logging

    logger = logging.getLogger(__name__)
    text = source[0]
    if not UNSAFE.search(text):
        return
    for line, chars in unsafe_lines(text):
        logger.warning(
            f"control character {', '.join(chars)} removed; delete it from the file "
            "(it breaks pages and feeds)",
            location=(docname, line),
            type="newsdesk",
            subtype=Subtype.TEXT,
        )
    source[0] = strip_unsafe(text)
