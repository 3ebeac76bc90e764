"""Deeply nested directives are a warning, not a crash.

MyST parses each directive's content with a nested, recursive parse: about 180 nested
``:::{note}`` blocks exhaust Python's stack and Sphinx stops the whole build ("Recursion
error!", a traceback, no file or line). Here the Markdown parser first measures how deep
directive fences nest; past :data:`MAX_DEPTH` a ``newsdesk.nesting`` warning names the
line and the document is parsed only up to it (the rest of the site builds). A
``RecursionError`` that still happens (say, nesting inside ``{eval-rst}``) is caught too:
the document keeps only what comes before its first directive.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from ..diagnostics import Subtype
from .myst_guard import GuardedMystParser

logger = logging.getLogger(__name__)

MAX_DEPTH = 50  # directives inside directives; real posts use 3 or 4
FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,}|:{3,})\s*(?P<info>.*)$")


def too_deep_line(text: str, max_depth: int = MAX_DEPTH) -> tuple[int, int] | None:
    """The 1-based line opening the first directive nested deeper than ``max_depth``, and
    the line opening the outermost directive around it."""
    stack: list[tuple[str, int, bool, int]] = []  # (fence char, length, directive?, line)
    for number, line in enumerate(text.split("\n"), 1):
        match = FENCE.match(line)
        if match is None:
            continue
        fence, info = match["fence"], match["info"].strip()
        in_code = bool(stack) and not stack[-1][2]
        if not info:  # a closing fence closes the innermost one it can
            for index in range(len(stack) - 1, -1, -1):
                char, length, _, _ = stack[index]
                if char == fence[0] and len(fence) >= length:
                    del stack[index:]
                    break
                if in_code:
                    break
            else:
                if not in_code:
                    stack.append((fence[0], len(fence), False, number))  # a code fence
            continue
        if in_code:
            continue  # a fence inside a code block is text
        is_directive = info.startswith("{")
        stack.append((fence[0], len(fence), is_directive, number))
        if sum(1 for entry in stack if entry[2]) > max_depth:
            return number, stack[0][3]
    return None


def first_directive_line(text: str) -> int:
    for number, line in enumerate(text.split("\n"), 1):
        match = FENCE.match(line)
        if match is not None and match["info"].strip().startswith("{"):
            return number
    return len(text.split("\n")) + 1


class NestingGuardedMystParser(GuardedMystParser):
    """MyST's parser with a limit on nesting (see the module's documentation), on top of
    the per-file settings guard: Sphinx keeps one parser per suffix, so this one is both."""

    def parse(self, inputstring: str, document: nodes.document) -> None:
        docname = document.settings.env.docname
        found = too_deep_line(inputstring)
        if found is not None:
            line, outer = found
            _warn(
                docname,
                line,
                f"directives nested more than {MAX_DEPTH} deep; the page ends before the "
                f"directive that holds them (line {outer}) until the nesting is reduced",
            )
            inputstring = "\n".join(inputstring.split("\n")[: outer - 1]) + "\n"
        try:
            super().parse(inputstring, document)
        except RecursionError:
            cut = first_directive_line(inputstring)
            _warn(
                docname,
                cut,
                "content nested too deeply to read; the page ends before this line until "
                "the nesting is reduced",
            )
            document.children.clear()
            super().parse("\n".join(inputstring.split("\n")[: cut - 1]) + "\n", document)


def _warn(docname: str, line: int, message: str) -> None:
    logger.warning(message, location=(docname, line), type="newsdesk", subtype=Subtype.NESTING)


def setup(app: Sphinx) -> None:
    app.setup_extension("myst_parser")  # so this parser replaces MyST's (and myst_guard's)
    app.add_source_parser(NestingGuardedMystParser, override=True)
