"""Read a Jekyll post: its front matter (PyYAML, with line numbers) and its Markdown
tokens (markdown-it-py, CommonMark plus the GFM tables and strikethrough Jekyll's kramdown
reads). Links and images carry where they are in their paragraph's source, so the
converter can cut a take or rewrite a link without re-writing the author's Markdown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from ...input.front_matter_reader import (
    YAMLError,
    as_values,
    compose,
    find_front_matter,
    key_lines,
    problem_and_line,
)


class ParseError(Exception):
    """A post that cannot be imported; ``line`` is 1-based in the Jekyll file."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class FrontMatter:
    values: dict[str, Any]
    lines: dict[str, int]  # key -> 1-based line in the file
    end_line: int  # 1-based line of the closing '---'


@dataclass
class JekyllPost:
    text: str  # the whole file, newlines normalised
    front: FrontMatter
    body: str  # after the front matter, Liquid not yet rendered
    body_first_line: int  # 1-based file line of the body's first line
    notes: list[tuple[int, str, str]] = field(default_factory=list)


def normalise_newlines(text: str) -> str:
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def read_post(raw: bytes) -> JekyllPost:
    try:
        text = normalise_newlines(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ParseError(line, f"not UTF-8 text ({exc.reason}); save the file as UTF-8") from None
    found = find_front_matter(text)
    if found is None:
        raise ParseError(
            1,
            "no front matter: a Jekyll post starts with '---', 'title: ...', "
            "'date: ...', '---'; add it (Jekyll does not publish such a file either)",
        )
    end_line = found.end_line - 1  # the closing fence's 1-based line
    front = parse_front_matter(found.text, first_line=found.first_line, end_line=end_line)
    lines = text.split("\n")
    body = "\n".join(lines[end_line:])
    return JekyllPost(text, front, body, end_line + 1)


def parse_front_matter(content: str, first_line: int, end_line: int) -> FrontMatter:
    try:
        root = compose(content)
        lines = key_lines(root, first_line)
        # Dates stay the text the author wrote (a Jekyll date such as
        # ``2024-10-14 20:00:00 +0700`` is no YAML timestamp; ``2024-13-45`` would fail).
        values = as_values(root, dates_as_text=True)
    except YAMLError as exc:
        problem, line = problem_and_line(exc, first_line)
        raise ParseError(
            line,
            f"front matter is not valid YAML ({problem}); quote values that contain "
            "': ' or ' #', e.g. title: \"Week #40: Models\"",
        ) from None
    if values is None:
        values = {}
    if not isinstance(values, dict):
        raise ParseError(first_line, "front matter must be 'key: value' lines")
    return FrontMatter({str(k): v for k, v in values.items()}, lines, end_line)


# --- Markdown -------------------------------------------------------------------------

InlineRule = Callable[[StateInline, bool], bool]


def _with_spans(rule: InlineRule, open_type: str) -> InlineRule:
    """Wrap markdown-it's link/image rule: the token it opens records, as offsets into its
    paragraph's source, the whole link (``span``), its text (``label``) and its URL
    (``dest``), using markdown-it's own link helpers."""

    def rule_with_spans(state: StateInline, silent: bool) -> bool:
        start, count = state.pos, len(state.tokens)
        if not rule(state, silent):
            return False
        if silent:
            return True
        opened = next((t for t in state.tokens[count:] if t.type == open_type), None)
        if opened is None:
            return True
        end, label_at = state.pos, start + (1 if open_type == "image" else 0)
        state.pos = start
        label_end = state.md.helpers.parseLinkLabel(state, label_at, open_type != "image")
        state.pos = end
        opened.meta["span"] = (start, end)
        opened.meta["label"] = (label_at + 1, label_end)
        pos = label_end + 1
        if pos < end and state.src[pos] == "(":
            pos += 1
            while pos < end and state.src[pos] in " \t\n":
                pos += 1
            found = state.md.helpers.parseLinkDestination(state.src, pos, end)
            if found.ok:
                opened.meta["dest"] = (pos, found.pos)
        return True

    return rule_with_spans


def markdown_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    for name, open_type in (("link", "link_open"), ("image", "image")):
        original = next(r for r in md.inline.ruler.__rules__ if r.name == name).fn
        md.inline.ruler.at(name, _with_spans(original, open_type))
    return md


def parse_markdown(text: str) -> list[Token]:
    return markdown_parser().parse(text)


def plain_text(children: list[Token]) -> str:
    """The text a reader sees of some inline tokens (no markup)."""
    parts: list[str] = []
    for token in children:
        if token.type in ("text", "code_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif token.type == "image":
            parts.append(plain_text(token.children or []))
    return "".join(parts)
