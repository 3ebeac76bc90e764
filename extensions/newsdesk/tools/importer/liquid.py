"""Render the Liquid that Jekyll renders before Markdown, as far as it means something here.

Jekyll runs Liquid over a post's body first, so ``[x]({{ site.baseurl }}/a.html)`` is a
link only after rendering (the spaces in ``{{ site.baseurl }}`` are not allowed in a
Markdown link destination). This pass renders what Jekyll rendered: outputs such as
``{{ site.a.b }}`` with filters, ``assign``, blocks (``for``, ``if``, ``capture``...),
``include`` from the blog's ``_includes/`` (all through :mod:`.liquid_engine`, sandboxed),
``post_url`` and ``link`` (over several lines too), ``raw``, ``highlight`` (as a code
fence) and ``comment``. Anything else is kept as written and reported. Line structure is
kept: the pass records, for each output line, the source line it came from, so the report
can name lines of the Jekyll file.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .liquid_engine import JekyllLiquid, LiquidFailure

# Blocks rendered whole by the Liquid engine, and the tags that close them.
BLOCKS = {
    "for": "endfor",
    "if": "endif",
    "unless": "endunless",
    "case": "endcase",
    "capture": "endcapture",
    "tablerow": "endtablerow",
}
STATIC_TAG = re.compile(r"\{%-?\s*(post_url|link)\s+([^\s%]+)\s*-?%\}")


@dataclass
class LiquidContext:
    site: dict[str, Any]
    page: dict[str, Any]
    # post_url/link argument (e.g. "2024-10-14-week-40") -> the post's old URL path
    posts: dict[str, str] = field(default_factory=dict)
    engine: JekyllLiquid | None = None
    site_posts: list[dict[str, Any]] = field(default_factory=list)  # site.posts
    data: dict[str, Any] = field(default_factory=dict)  # site.data
    # The old URL of a post or page this import does not have, when it can be told.
    guess_url: Callable[[str, str], str | None] | None = None
    relative_to: tuple[Path, Path] | None = None  # include_relative: (post folder, site root)

    def variables(self) -> dict[str, Any]:
        return {
            "site": {**self.site, "data": self.data, "posts": self.site_posts},
            "page": self.page,
        }


@dataclass
class Rendered:
    text: str
    origins: list[int]  # 0-based source line of each output line
    notes: list[tuple[int, str, str]]  # (0-based source line, report kind, message)


def _split_filters(expr: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    quote = ""
    for char in expr:
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "|":
            parts.append("".join(current).strip())
            current = []
            continue
        current.append(char)
    parts.append("".join(current).strip())
    return parts


class _Renderer:
    def __init__(self, text: str, ctx: LiquidContext) -> None:
        self.text = text
        self.ctx = ctx
        self.newlines = [i for i, char in enumerate(text) if char == "\n"]
        self.out: list[str] = []
        self.origins: list[int] = []
        self.at_line_start = True
        self.notes: list[tuple[int, str, str]] = []
        self.engine = ctx.engine or JekyllLiquid(
            str(ctx.site.get("url") or "").rstrip("/"),
            _baseurl(ctx.site),
            None,
        )
        self.assigns: list[str] = []  # assign and capture sources, for the Liquid after them

    def line_of(self, pos: int) -> int:
        return bisect.bisect_left(self.newlines, pos)

    def emit(self, chunk: str, source_pos: int) -> None:
        """Append text that replaces the source at ``source_pos``."""
        for char in chunk:
            if self.at_line_start:
                self.origins.append(self.line_of(source_pos))
                self.at_line_start = False
            if char == "\n":
                self.at_line_start = True
        self.out.append(chunk)

    def emit_source(self, start: int, end: int) -> None:
        chunk = self.text[start:end]
        for offset, char in enumerate(chunk):
            if self.at_line_start:
                self.origins.append(self.line_of(start + offset))
                self.at_line_start = False
            if char == "\n":
                self.at_line_start = True
        self.out.append(chunk)

    def line_bounds(self, start: int, end: int) -> tuple[int, int] | None:
        """(line start, index after its newline) if the tag is alone on its line."""
        line_start = self.text.rfind("\n", 0, start) + 1
        line_end = self.text.find("\n", end)
        line_end = len(self.text) if line_end < 0 else line_end
        if self.text[line_start:start].strip() or self.text[end:line_end].strip():
            return None
        return line_start, min(line_end + 1, len(self.text))

    def find_tag(self, name: str, start: int, opening: str = "") -> tuple[int, int] | None:
        """The next ``{% name %}`` from ``start`` (past nested ``opening`` ... ``name``
        pairs): (its start, its end)."""
        pos, depth = start, 0
        while (open_at := self.text.find("{%", pos)) >= 0:
            close = self.text.find("%}", open_at + 2)
            if close < 0:
                return None
            words = self.text[open_at + 2 : close].strip("- \t\n").split()
            word = words[0] if words else ""
            if opening and word == opening:
                depth += 1
            elif word == name and depth == 0:
                return open_at, close + 2
            elif word == name:
                depth -= 1
            pos = close + 2
        return None

    def evaluate(self, source: str) -> str:
        """Liquid source rendered with the page's variables and the assigns before it."""
        return self.engine.render("".join(self.assigns) + source, self.ctx.variables())

    def static_tags(self, source: str) -> str:
        """post_url and link inside a block, as their URLs (the engine has no such tags)."""

        def url(match: re.Match[str]) -> str:
            found = self.post_url(match[2].strip("'\""))
            return found if found is not None else match[0]

        return STATIC_TAG.sub(url, source)

    def note(self, pos: int, kind: str, message: str) -> None:
        self.notes.append((self.line_of(pos), kind, message))

    def run(self) -> Rendered:
        text, pos = self.text, 0
        while True:
            starts = [i for i in (text.find("{{", pos), text.find("{%", pos)) if i >= 0]
            if not starts:
                self.emit_source(pos, len(text))
                break
            start = min(starts)
            is_output = text.startswith("{{", start)
            end = text.find("}}" if is_output else "%}", start + 2)
            if end < 0:
                self.emit_source(pos, len(text))
                self.note(start, "left as-is", "Liquid tag without its closing braces")
                break
            end += 2
            body = text[start + 2 : end - 2].strip("- \t\n")
            handler = self.output if is_output else self.tag
            pos = handler(pos, start, end, body)
        if self.at_line_start:  # the empty last line after a final newline
            self.origins.append(len(self.newlines))
        return Rendered("".join(self.out), self.origins, self.notes)

    def keep(self, pos: int, start: int, end: int, what: str) -> int:
        self.emit_source(pos, end)
        self.note(
            start,
            "left as-is",
            f"Liquid {what} kept as written (the new site does not run Liquid); edit it by hand",
        )
        return end

    def replace(self, pos: int, start: int, end: int, value: str, message: str) -> int:
        self.emit_source(pos, start)
        self.emit(value, start)
        self.note(start, "converted", message)
        return end

    def keep_failed(self, pos: int, start: int, end: int, what: str, why: str) -> int:
        self.emit_source(pos, end)
        self.note(
            start,
            "left as-is",
            f"Liquid {what} kept as written: {why}; the page shows it as text, edit it by hand",
        )
        return end

    def output(self, pos: int, start: int, end: int, expr: str) -> int:
        shown = " ".join(expr.split())
        try:
            value = self.evaluate("{{ " + expr + " }}")
        except LiquidFailure as exc:
            return self.keep_failed(pos, start, end, f"'{{{{ {shown} }}}}'", str(exc))
        return self.replace(pos, start, end, value, f"Liquid '{{{{ {shown} }}}}' -> {value!r}")

    def tag(self, pos: int, start: int, end: int, body: str) -> int:
        body = " ".join(body.split())  # a tag may go over several lines
        name = body.partition(" ")[0]
        handlers: dict[str, Callable[[int, int, int, str], int]] = {
            "raw": self.raw,
            "comment": self.comment,
            "highlight": self.highlight,
            "endhighlight": self.highlight,
            "post_url": self.post_link,
            "link": self.post_link,
            "include": self.include,
            "include_relative": self.include,
            "assign": self.assign,
        }
        if name in BLOCKS:
            return self.block(pos, start, end, body)
        handler = handlers.get(name)
        if handler is None:
            return self.keep(pos, start, end, f"tag '{{% {body} %}}'")
        return handler(pos, start, end, body)

    def assign(self, pos: int, start: int, end: int, body: str) -> int:
        source = self.text[start:end]
        try:
            self.evaluate(source)
        except LiquidFailure as exc:
            return self.keep_failed(pos, start, end, f"'{{% {body} %}}'", str(exc))
        self.assigns.append(source)
        self.note(start, "converted", f"Liquid '{{% {body} %}}' used for the Liquid after it")
        return self.drop_tag(pos, start, end)

    def block(self, pos: int, start: int, end: int, body: str) -> int:
        name = body.partition(" ")[0]
        closing = self.find_tag(BLOCKS[name], end, opening=name)
        if closing is None:
            return self.keep(pos, start, end, f"'{{% {body} %}}' without '{{% {BLOCKS[name]} %}}'")
        source = self.static_tags(self.text[start : closing[1]])
        try:
            value = self.evaluate(source)
        except LiquidFailure as exc:
            return self.keep_failed(pos, start, closing[1], f"block '{{% {body} %}}'", str(exc))
        if name == "capture":
            self.assigns.append(source)
        lines = self.line_of(closing[0]) - self.line_of(start) + 1
        shown = value.strip().replace("\n", " ")
        self.note(
            start,
            "converted",
            f"Liquid block '{{% {body} %}}' ({lines} lines) rendered as Jekyll did: "
            f"{shown[:120]!r}",
        )
        bounds = self.line_bounds(start, end), self.line_bounds(closing[0], closing[1])
        if bounds[0] is not None and bounds[1] is not None and not value.strip():
            self.emit_source(pos, bounds[0][0])  # a block that renders nothing: no blank line
            return bounds[1][1]
        self.emit_source(pos, start)
        self.emit(value, start)
        return closing[1]

    def include(self, pos: int, start: int, end: int, body: str) -> int:
        tag, _, args = body.partition(" ")
        relative = self.ctx.relative_to if tag == "include_relative" else None
        try:
            if tag == "include_relative" and relative is None:
                raise LiquidFailure("the post's folder is not known")
            value, name = self.engine.include(args, self.ctx.variables(), relative)
        except LiquidFailure as exc:
            return self.keep_failed(pos, start, end, f"'{{% {body} %}}'", str(exc))
        self.emit_source(pos, start)
        self.emit(value.strip("\n"), start)
        where = name if relative else f"_includes/{name}"
        self.note(start, "converted", f"Liquid '{{% {body} %}}' -> the text of {where}")
        return end

    def drop_tag(self, pos: int, start: int, end: int) -> int:
        """Emit up to the tag and skip it, with its line when it is alone on it."""
        bounds = self.line_bounds(start, end)
        if bounds is None:
            self.emit_source(pos, start)
            return end
        self.emit_source(pos, bounds[0])
        return bounds[1]

    def raw(self, pos: int, start: int, end: int, body: str) -> int:
        closing = self.find_tag("endraw", end)
        if closing is None:
            return self.keep(pos, start, end, "'{% raw %}' without '{% endraw %}'")
        pos = self.drop_tag(pos, start, end)
        self.emit_source(pos, closing[0])  # verbatim: what raw protects is not Liquid
        self.note(start, "converted", "Liquid raw block -> its text")
        return self.drop_tag(closing[0], closing[0], closing[1])

    def comment(self, pos: int, start: int, end: int, body: str) -> int:
        closing = self.find_tag("endcomment", end)
        if closing is None:
            return self.keep(pos, start, end, "'{% comment %}' without '{% endcomment %}'")
        self.emit_source(pos, start)
        # Jekyll never published it; report it so its text is not lost unseen.
        hidden = self.text[end : closing[0]].strip().replace("\n", " ")
        self.note(start, "notice", f"Liquid comment left out (Jekyll never showed it): {hidden!r}")
        return closing[1]

    def highlight(self, pos: int, start: int, end: int, body: str) -> int:
        bounds = self.line_bounds(start, end)
        if bounds is None:
            return self.keep(pos, start, end, f"'{{% {body} %}}' on a line with other text")
        name, _, args = body.partition(" ")
        fence = "```" + (args.split()[0] if name == "highlight" and args.split() else "")
        self.emit_source(pos, bounds[0])
        newline = "\n" if self.text[bounds[1] - 1 : bounds[1]] == "\n" else ""
        self.emit(fence + newline, start)
        if name == "highlight":
            self.note(start, "converted", f"Liquid '{{% {body} %}}' -> code fence {fence!r}")
        return bounds[1]

    def post_url(self, key: str, tag: str = "post_url") -> str | None:
        """The old URL Jekyll gave the post (or page, for ``link``) the tag names."""
        url = self.ctx.posts.get(key)
        if url is None and self.ctx.guess_url is not None:
            url = self.ctx.guess_url(tag, key)
        return url

    def post_link(self, pos: int, start: int, end: int, body: str) -> int:
        tag, _, arg = body.partition(" ")
        key = arg.strip().strip("'\"")
        url = self.post_url(key, tag)
        if url is None:
            return self.keep(
                pos,
                start,
                end,
                f"'{{% {body} %}}' (the post is not part of this import)",
            )
        return self.replace(pos, start, end, url, f"Liquid '{{% {body} %}}' -> {url}")


def _baseurl(site: dict[str, Any]) -> str:
    text = str(site.get("baseurl") or "").strip().strip("/")
    return "/" + text if text else ""


def render(text: str, ctx: LiquidContext) -> Rendered:
    return _Renderer(text, ctx).run()
