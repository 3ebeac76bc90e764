"""kramdown syntax that CommonMark does not have, removed or rewritten before parsing.

- Header ids (``## Setup {#setup}``), attribute lists (``{: .notice}``, ``{:#id}``,
  ``*x*{: .class}``), attribute list definitions (``{:ref: .class}``) and extensions
  (``{::options ... /}``, ``{:toc}``):
  dropped, each reported with its line and what it said (the site's MyST has no such
  syntax; the text it decorated is kept).
- Table separator rows: kramdown draws a line between body rows with ``|---|---|`` (and a
  footer with ``|===|``); GFM reads them as rows of dashes: dropped. A header separator
  written with ``+`` (``|---+---|``) is written with ``|``.

Code blocks are left alone. The text keeps one entry per line in ``origins`` (the Jekyll
file's line of each line), so dropping a line keeps the report's lines right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
IAL_LINE = re.compile(r"^\s*\{:(?!:)[^{}]*\}\s*$")
IAL_SPAN = re.compile(r"\{:(?!:)[^{}\n]*\}")
EXTENSION_LINE = re.compile(r"^\s*\{::[a-z]+\b[^}]*/\}\s*$")
SEPARATOR = re.compile(r"^\s*\|?\s*:?[-=]+:?\s*([|+]\s*:?[-=]+:?\s*)*\|?\s*$")
HEADER_ID = re.compile(r"^(?P<heading> {0,3}#{1,6}\s.*?)\s*(?P<id>\{#[\w:.-]+\})\s*$")
TOC_LIST_ITEM = re.compile(r"^\s*[*+-]\s+(TOC|Table of Contents)\s*$", re.IGNORECASE)


@dataclass
class Cleaned:
    lines: list[str]
    origins: list[int]
    notes: list[tuple[int, str]] = field(default_factory=list)  # (origin line, message)


def _is_table_row(line: str) -> bool:
    return line.lstrip().startswith("|")


def clean(lines: list[str], origins: list[int]) -> Cleaned:
    out = Cleaned([], [])
    fence = ""
    table_rows = 0  # rows of the table this line is in, so far
    for index, line in enumerate(lines):
        origin = origins[min(index, len(origins) - 1)] if origins else index
        opened = FENCE.match(line)
        if fence:
            if opened and opened[1][0] == fence[0] and len(opened[1]) >= len(fence):
                fence = ""
            out.lines.append(line)
            out.origins.append(origin)
            continue
        if opened:
            fence = opened[1]
        table_rows = table_rows + 1 if _is_table_row(line) else 0
        if table_rows == 2 and SEPARATOR.match(line) and "+" in line:
            line = line.replace("+", "|")
            out.notes.append((origin, "kramdown table header separator with '+' -> '|'"))
        elif table_rows > 2 and SEPARATOR.match(line):
            out.notes.append((origin, f"kramdown table separator row {line.strip()!r} dropped"))
            continue
        header = HEADER_ID.match(line)
        if header:
            line = header["heading"]
            out.notes.append(
                (origin, f"kramdown header id {header['id']} dropped (the heading keeps its text)")
            )
        if IAL_LINE.match(line) or EXTENSION_LINE.match(line):
            what = line.strip()
            if what == "{:toc}" and out.lines and TOC_LIST_ITEM.match(out.lines[-1]):
                out.lines[-1] = ""  # kramdown's "* TOC" placeholder: the theme shows a TOC
                what = "'* TOC' + {:toc}"
            out.notes.append(
                (origin, f"kramdown {what} dropped (the new site has no attribute lists)")
            )
            line = ""
        elif not fence and "{:" in line:
            spans = IAL_SPAN.findall(line)
            if spans:
                line = IAL_SPAN.sub("", line)
                shown = ", ".join(spans)
                out.notes.append(
                    (origin, f"kramdown attribute list {shown} dropped (the text is kept)")
                )
        out.lines.append(line)
        out.origins.append(origin)
    return out
