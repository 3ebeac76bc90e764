"""No Jekyll text becomes a MyST directive.

In Jekyll a code fence's info string is only a language, and a line starting with
``:::`` is text; in MyST, ```` ```{literalinclude} /etc/passwd ```` and
``:::{include} ../secret`` are directives that read files (or run ``{eval-rst}``). Before
converting, every fence whose info starts with ``{`` becomes a plain ``text`` code block
(its content kept, shown as Jekyll showed it) and every line MyST would read as a colon
fence is escaped (``\\:::``, shown as the same text). Found with markdown-it and the colon
fence plugin, as MyST parses, at any depth (lists, quotes). Line structure is kept.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from mdit_py_plugins.colon_fence import colon_fence_plugin

SAFE_INFO = "text"


def defuse_directives(text: str) -> tuple[str, list[tuple[int, str]]]:
    """``text`` with no directive in it, and (0-based line, report message) per change."""
    lines = text.split("\n")
    notes: list[tuple[int, str]] = []
    parser = MarkdownIt("commonmark").use(colon_fence_plugin)
    # Escaping an opening ':::' can make its closing line an opening one: parse again
    # until nothing is left (each pass changes at least one line).
    while changed := _defuse_pass(parser, lines):
        notes += changed
    return "\n".join(lines), sorted(notes)


def _defuse_pass(parser: MarkdownIt, lines: list[str]) -> list[tuple[int, str]]:
    notes: list[tuple[int, str]] = []
    for token in parser.parse("\n".join(lines)):
        if token.map is None or token.type not in ("fence", "colon_fence"):
            continue
        if token.type == "fence" and not token.info.strip().startswith("{"):
            continue
        index = token.map[0]
        line = lines[index]
        at = line.find(token.markup)
        if at < 0:
            continue
        shown = line[at:].strip()[:80]
        if token.type == "fence":
            lines[index] = line[: at + len(token.markup)] + SAFE_INFO
            notes.append(
                (
                    index,
                    f"code block {shown!r} kept as a code block ({token.markup + SAFE_INFO!r}): "
                    "in MyST a code fence whose language starts with '{' is a directive",
                )
            )
        else:
            lines[index] = line[:at] + "\\" + line[at:]
            notes.append(
                (
                    index,
                    f"line {shown!r} kept as text (escaped): in MyST a line starting "
                    "with ':::' opens a directive",
                )
            )
    return notes
