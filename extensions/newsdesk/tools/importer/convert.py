"""Turn a Jekyll post's body into the site's Markdown, block by block (markdown-it tokens).

Blocks the site writes differently are rewritten: the memo image + linked headline and
the ``[Name](profile): "take"`` paragraphs after it become ``{news}``/``{take}``
directives, bold pseudo-headings become headings, ``<!--more-->`` becomes ``% more``.
Every other block is copied line for line from the source, with only the changes that
keep it working (links to other imported posts, image paths, a line starting with ``%``).
"""

from __future__ import annotations

import bisect
import posixpath
import re
from dataclasses import dataclass, field
from html import escape, unescape
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

import emoji
import yaml
from markdown_it.token import Token
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from ...content.html_allowlist import removed_parts
from ...site.url_policy import heading_slug
from . import kramdown
from .directives import defuse_directives
from .liquid import LiquidContext, render
from .metadata import PostMeta
from .oldsite import absolute, guess_url, site_path
from .parsing import JekyllPost, parse_markdown, plain_text
from .registry import PeopleRegistry, author_profile, usable_profile
from .report import FileReport

Edit = tuple[int, int, str]  # replace content[start:end] of an inline token
MORE = "% more"  # newsdesk.blog.posts ends the excerpt at this MyST comment
QUOTES = {'"': '"”', "“": '”"', "„": '“"'}  # opening quote -> closing quotes it pairs with
LEAD_INS = {"tldr"}  # bold lines that introduce the next paragraph, not a section
MAX_HEADING = 100  # a longer bold paragraph is emphasis, not a heading
SENTENCE_ENDS = ".,;"
SHORTCODE = re.compile(r":[a-z0-9_+-]+:")
TAG_NAME = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)")
VOID_TAGS = {"br", "img", "wbr", "hr", "input", "source", "col", "area", "embed", "meta"}
MARKDOWN_DIV = re.compile(r"""^<div\b[^>]*\bmarkdown\s*=\s*["']?(?:1|block)["']?[^>]*>""")
CLASS_ATTR = re.compile(r"""\bclass\s*=\s*["']([^"']*)["']""")
HTML_SRC = re.compile(r"""(<img\b[^>]*?\bsrc\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.I)
HTML_HREF = re.compile(r"""(<a\b[^>]*?\bhref\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.I)
# A bold line right before code labels it ("**HTML:**" and the code): it is no heading.
LABELLED_BLOCKS = {"fence", "code_block", "html_block"}
# [label]: url "title" (CommonMark's link reference definition, on one line)
DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:[ \t]*(?P<url><[^>]*>|\S+)")


@dataclass
class Asset:
    source: Path
    target: Path
    line: int


@dataclass
class ConvertContext:
    registry: PeopleRegistry
    old_urls: dict[str, PurePosixPath]  # Jekyll URL path (no baseurl) -> new post, dest-relative
    site_root: Path  # the new site's source folder; site-absolute images are copied under it
    keep_bold_headings: bool = False
    liquid_posts: dict[str, str] = field(default_factory=dict)
    site_posts: list[dict[str, Any]] = field(default_factory=list)  # Liquid's site.posts


@dataclass
class Converted:
    text: str
    assets: list[Asset]


@dataclass
class Take:
    person: str
    text: str
    line: int
    closing: str = ""  # the closing quote still awaited, when the take goes on


@dataclass
class NewsItem:
    headline: str
    url: str
    line: int
    takes: list[Take] = field(default_factory=list)
    after: list[str] = field(default_factory=list)  # reference definitions met inside it

    def lines(self) -> list[str]:
        out = [f"::::{{news}} {self.headline}", f":url: {self.url}"]
        for take in self.takes:
            out += ["", f":::{{take}} {take.person}", *take.text.split("\n"), ":::"]
        return [*out, "::::"]


def lexer_problem(language: str, code: str) -> str | None:
    """Why Sphinx could not highlight ``code`` as ``language``, or None if it can."""
    if language in ("text", "none", "default"):
        return None
    try:
        lexer = get_lexer_by_name(language)
    except ClassNotFound:
        return "Pygments has no lexer of that name"
    lexer.add_filter("raiseonerror")
    try:
        for _ in lexer.get_tokens(code):
            pass
    except Exception:  # Pygments' ErrorToken, and any lexer bug
        return "Pygments cannot read the code as that language"
    return None


def url_variants(path: str) -> list[str]:
    """The forms a link to one Jekyll URL takes: with or without .html / index.html."""
    variants = [path]
    if path.endswith("/index.html"):
        variants += [path.removesuffix("index.html"), path.removesuffix("/index.html")]
    elif path.endswith(".html"):
        variants.append(path.removesuffix(".html"))
    elif path.endswith("/") and path != "/":
        variants += [path + "index.html", path.rstrip("/")]
    return variants


def escape_line_starts(text: str) -> str:
    """MyST reads a line starting with '%' as a comment: keep it as text."""
    return "\n".join("\\" + line if line.startswith("%") else line for line in text.split("\n"))


def escape_inline(text: str, special: str = "\\`*_[]<>") -> str:
    """Plain text (a front matter title) as Markdown that renders as the same text; the
    characters in ``special`` are escaped (and ``&`` where it could start an entity)."""
    out = []
    for index, char in enumerate(text):
        if char in special or (char == "&" and ";" in text[index:]):
            out.append("\\" + char)
        else:
            out.append(char)
    escaped = "".join(out)
    # A heading's trailing " #..." would be read as its closing sequence.
    if escaped.rstrip("#") != escaped and escaped.rstrip("#").endswith(" "):
        escaped = escaped.rstrip("#") + "\\" + escaped[len(escaped.rstrip("#")) :]
    return escaped


def title_markdown(title: str) -> str:
    """A front matter title as the old site showed it: entities decoded (``&amp;`` is
    "&"), jemoji shortcodes as characters, Markdown emphasis and code rendered (themes
    run titles through ``markdownify``); HTML tags and link brackets stay text."""
    return escape_inline(emoji.emojize(unescape(title), language="alias"), special="\\[]<>")


def apply_edits(text: str, edits: list[Edit], offset: int = 0) -> str:
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[: start - offset] + replacement + text[end - offset :]
    return text


def slice_with_edits(content: str, start: int, end: int, edits: list[Edit]) -> str:
    inside = [edit for edit in edits if start <= edit[0] and edit[1] <= end]
    return apply_edits(content[start:end], inside, offset=start)


def _children(inline: Token) -> list[Token]:
    return inline.children or []


def _link_children(children: list[Token], opened: int) -> tuple[list[Token], int]:
    """The tokens inside the link opened at ``opened`` and the index of its close."""
    for index in range(opened + 1, len(children)):
        if children[index].type == "link_close":
            return children[opened + 1 : index], index
    return children[opened + 1 :], len(children)


def _is_memo(image: Token) -> bool:
    src = unquote(str(image.attrs.get("src", "")))
    stem = posixpath.splitext(posixpath.basename(src))[0].lower()
    return plain_text(_children(image)).strip().lower() == "memo" or stem.startswith("memo")


def _top_blocks(tokens: list[Token]) -> list[list[Token]]:
    """Level-0 blocks, each from its opening token to its closing one."""
    blocks, index = [], 0
    while index < len(tokens):
        token = tokens[index]
        end = index
        if token.nesting == 1:
            while not (tokens[end].level == 0 and tokens[end].nesting == -1):
                end += 1
        blocks.append(tokens[index : end + 1])
        index = end + 1
    return blocks


class Headings:
    """Heading levels that never skip one, shifted alike within a post: the title is the
    only H1, a heading sits one level under the nearest heading above it of a smaller
    source level (so siblings stay siblings), and a bold pseudo-heading one level under
    the last real heading."""

    def __init__(self) -> None:
        self.stack: list[tuple[int, int]] = []  # (source level, new level) of open sections

    def real(self, level: int) -> int:
        while self.stack and self.stack[-1][0] >= level:
            self.stack.pop()
        new = min(self.stack[-1][1] + 1 if self.stack else 2, 6)
        self.stack.append((level, new))
        return new

    def pseudo(self) -> int:
        return min(self.stack[-1][1] + 1 if self.stack else 2, 6)


class Converter:
    def __init__(
        self, post: JekyllPost, meta: PostMeta, ctx: ConvertContext, report: FileReport
    ) -> None:
        self.post, self.meta, self.ctx, self.report = post, meta, ctx, report
        site = meta.source.site
        liquid = LiquidContext(
            site.config,
            {**post.front.values, "url": meta.old_url, "date": meta.moment},
            ctx.liquid_posts,
            engine=site.liquid,
            site_posts=ctx.site_posts,
            data=site.data,
            guess_url=lambda tag, key: guess_url(site, tag, key),
            relative_to=(meta.source.path.resolve().parent, site.root.resolve()),
        )
        rendered = render(post.body, liquid)
        self.origins = rendered.origins
        for line, kind, message in rendered.notes:
            report.add(post.body_first_line + line, kind, message)
        text, defused = defuse_directives(rendered.text)  # same lines, no directive
        for line, message in defused:
            report.kept(self.file_line(line), message)
        cleaned = kramdown.clean(text.split("\n"), self.origins)
        self.lines, self.origins = cleaned.lines, cleaned.origins
        for origin, message in cleaned.notes:
            report.converted(post.body_first_line + origin, message)
        self.tokens = parse_markdown("\n".join(self.lines))
        self.markdown_divs = 0  # <div markdown="1"> blocks open, written as {container}
        self.next_block: list[Token] = []
        self.edits: dict[int, list[Edit]] = {}
        self.assets: list[Asset] = []
        self.chunks: list[list[str]] = []
        self.news: NewsItem | None = None
        self.headline_inlines: set[int] = set()
        self.more_after: set[int] = set()

    # --- positions ---------------------------------------------------------------------
    def file_line(self, body_line: int) -> int:
        origin = self.origins[min(body_line, len(self.origins) - 1)] if self.origins else 0
        return self.post.body_first_line + origin

    def token_line(self, token: Token) -> int:
        return self.file_line(token.map[0]) if token.map else self.post.body_first_line

    def offset_line(self, inline: Token, offset: int) -> int:
        """The file line of a place in an inline token's content."""
        if inline.map is None:
            return self.post.body_first_line
        return self.file_line(inline.map[0] + inline.content.count("\n", 0, offset))

    def child_line(self, inline: Token, child: Token) -> int:
        span = child.meta.get("span")
        return self.offset_line(inline, span[0]) if span else self.token_line(inline)

    # --- a first pass over every inline token ------------------------------------------
    def scan_inlines(self) -> None:
        # The anchors the new page has: its headings' (and bold lines') slugs, as MyST
        # makes them; a #fragment link to anything else would fail the strict build.
        self.anchors = {
            heading_slug(plain_text(_children(token)))
            for index, token in enumerate(self.tokens)
            if token.type == "inline"
            and index
            and self.tokens[index - 1].type in ("heading_open", "paragraph_open")
        } | {heading_slug(self.meta.title)}
        for block in _top_blocks(self.tokens):
            for token in block:
                if token.type != "inline":
                    continue
                if block[0].type == "paragraph_open" and self.headline(token) is not None:
                    self.headline_inlines.add(id(token))
                self.scan_inline(token)

    def add_edit(self, inline: Token, edit: Edit) -> None:
        self.edits.setdefault(id(inline), []).append(edit)

    def scan_inline(self, inline: Token) -> None:
        content = inline.content
        if content.startswith("%") or "\n%" in content:
            for offset in [0, *(i + 1 for i, c in enumerate(content) if c == "\n")]:
                if content.startswith("%", offset):
                    self.add_edit(inline, (offset, offset, "\\"))
                    self.report.converted(
                        self.offset_line(inline, offset),
                        "a line starting with '%' escaped (MyST reads it as a comment)",
                    )
        for child in _children(inline):
            if child.type == "image" and id(inline) not in self.headline_inlines:
                self.scan_image(inline, child, self.child_line(inline, child))
            elif child.type == "link_open":
                self.scan_link(inline, child, self.child_line(inline, child))
            elif (
                child.type == "html_inline"
                and child.content.strip() == self.meta.excerpt_separator
                and (span := self._find(content, child.content)) is not None
            ):
                self.add_edit(inline, (*span, ""))
                self.more_after.add(id(inline))
                self.report.converted(
                    self.offset_line(inline, span[0]),
                    f"{child.content} -> '{MORE}' after the paragraph",
                )
        self.scan_emoji(inline)
        self.scan_inline_html(inline)

    def scan_emoji(self, inline: Token) -> None:
        """jemoji's :shortcodes: (GitHub's names) as the characters GitHub showed."""
        content, cursor = inline.content, 0
        for child in _children(inline):
            if child.type != "text" or ":" not in child.content:
                continue
            for match in SHORTCODE.finditer(child.content):
                character = emoji.emojize(match[0], language="alias")
                at = content.find(match[0], cursor)
                if character == match[0] or at < 0:
                    continue
                cursor = at + len(match[0])
                self.add_edit(inline, (at, cursor, character))
                self.report.converted(
                    self.offset_line(inline, at), f"jemoji {match[0]} -> {character}"
                )

    def scan_inline_html(self, inline: Token) -> None:
        """Inline HTML (``<kbd>``, ``<br>``, ``<cite>...</cite>``) as ``{html}`` roles,
        each element whole, cleaned when the site is built."""
        content, cursor = inline.content, 0
        spans: list[tuple[int, int, str]] = []
        for child in _children(inline):
            if child.type != "html_inline" or child.content.strip() == self.meta.excerpt_separator:
                continue
            at = content.find(child.content, cursor)
            if at < 0:
                continue
            cursor = at + len(child.content)
            spans.append((at, cursor, child.content))
        index = 0
        while index < len(spans):
            start, end, tag = spans[index]
            found = TAG_NAME.match(tag)
            name = found[1].lower() if found else ""
            last = index
            if name and name not in VOID_TAGS and not tag.rstrip().endswith("/>"):
                depth = 0
                for later in range(index + 1, len(spans)):
                    other = spans[later][2].lower()
                    if re.match(rf"<{name}\b", other):
                        depth += 1
                    elif re.match(rf"</{name}\s*>", other):
                        if depth == 0:
                            end, last = spans[later][1], later
                            break
                        depth -= 1
            self.inline_html(inline, start, end)
            index = last + 1

    def inline_html(self, inline: Token, start: int, end: int) -> None:
        line = self.offset_line(inline, start)
        html = inline.content[start:end]
        edits = self.edits.get(id(inline), [])
        self.edits[id(inline)] = [e for e in edits if not (start <= e[0] and e[1] <= end)]
        if html.startswith("<!--"):
            self.add_edit(inline, (start, end, ""))
            self.report.converted(line, f"HTML comment {html!r} left out (never shown)")
            return
        html = self.html_assets(html.replace("\n", " "), line)
        ticks = "`" * (max((len(run) for run in re.findall("`+", html)), default=0) + 1)
        pad = " " if html.startswith("`") or html.endswith("`") else ""
        self.add_edit(inline, (start, end, f"{{html}}{ticks}{pad}{html}{pad}{ticks}"))
        self.report.converted(line, f"inline HTML {html!r} -> {{html}} role{self.cleaning(html)}")

    def cleaning(self, html: str) -> str:
        removed = removed_parts(html)
        return f" (the build removes {', '.join(removed)})" if removed else ""

    def html_assets(self, html: str, line: int) -> str:
        """Images of the old site in raw HTML copied (src rewritten to their new path),
        links to it pointed where links in Markdown go."""

        def image(match: re.Match[str]) -> str:
            src = unescape(next(g for g in match.groups()[1:] if g is not None))
            found = self.image_asset(src, line)
            if found is None:
                return match[0]
            path, asset = found
            if asset is not None:
                self.assets.append(asset)
                self.report.converted(line, f"image {src!r} in HTML -> copied to {path}")
            return f'{match[1]}"{escape(path)}"'

        def link(match: re.Match[str]) -> str:
            href = unescape(next(g for g in match.groups()[1:] if g is not None))
            new = self.new_link(href, line)
            return match[0] if new is None or new == href else f'{match[1]}"{escape(new)}"'

        return HTML_HREF.sub(link, HTML_SRC.sub(image, html))

    @staticmethod
    def _find(content: str, text: str) -> tuple[int, int] | None:
        start = content.find(text)
        if start < 0 or content.find(text, start + 1) >= 0:
            return None
        return start, start + len(text)

    def image_asset(self, src: str, line: int) -> tuple[str, Asset | None] | None:
        """An image of the old site (``/assets/x.png``, ``{{ site.url }}{{ site.baseurl
        }}/assets/x.png``, relative): (its path in the new site, the file to copy); None
        for an image elsewhere. When the blog lacks the file: its old address, else None
        (each reported)."""
        site = self.meta.source.site
        path = site_path(site, src, self.meta.old_url)
        if path is None:
            return None
        relative = path.lstrip("/")
        found = site.root / relative
        if not relative or not found.is_file() or not found.resolve().is_relative_to(site.root):
            if site.old_site and relative:
                new = absolute(site, path, src)
                self.report.converted(
                    line,
                    f"image {src!r}: the Jekyll site has no {found}; -> {new}, its address "
                    "on the old site: copy the image into the new site to keep it",
                )
                return new, None
            self.report.kept(
                line,
                f"image {src!r}: the Jekyll site has no {found}; kept as written: put "
                f"the image in the new site at /{relative} or remove it",
            )
            return None
        return path, Asset(found, self.ctx.site_root / relative, line)

    def scan_image(self, inline: Token, image: Token, line: int) -> None:
        src = unquote(str(image.attrs.get("src", "")))
        found = self.image_asset(src, line)
        if found is None:
            return
        path, asset = found
        dest = image.meta.get("dest")
        if path != urlsplit(src).path and dest is not None:
            self.add_edit(inline, (*dest, path if " " not in path else f"<{path}>"))
        if asset is not None:
            self.assets.append(asset)
            self.report.converted(line, f"image {src!r} -> copied to {path} of the new site")

    def new_link(self, href: str, line: int) -> str | None:
        """Where a link to the old site goes now: the imported post's file, else the old
        site's absolute address (reported); None for a link elsewhere, kept as it is."""
        site = self.meta.source.site
        path = site_path(site, href, self.meta.old_url)
        if path is None or (not urlsplit(href).scheme and href.startswith("#")):
            return None
        target = next(
            (self.ctx.old_urls[v] for v in (path, unquote(path)) if v in self.ctx.old_urls), None
        )
        if target is not None:
            relative = posixpath.relpath(str(target), str(self.meta.target.parent))
            fragment = urlsplit(href).fragment
            new = relative + (f"#{fragment}" if fragment else "")
            self.report.converted(line, f"link {href!r} to an imported post -> {new}")
            return new
        if not site.old_site:
            self.report.kept(
                line,
                f"link {href!r} points at the old site, and no imported post has that URL "
                "(nor has _config.yml a 'url' to link to): point it at a page of the new "
                "site or a full URL",
            )
            return None
        new = absolute(site, path, href)
        if new != href:
            self.report.converted(
                line, f"link {href!r} to a page of the old site -> {new} (not imported)"
            )
        return new

    def scan_link(self, inline: Token, link: Token, line: int) -> None:
        href = str(link.attrs.get("href", ""))
        dest = link.meta.get("dest")
        if dest is None:
            return  # a reference-style link: its definition is rewritten where it stands
        if href.startswith("#") and href != "#" and unquote(href[1:]) not in self.anchors:
            self.unlink(inline, link, line, href)
            return
        new = self.new_link(href, line)
        if new is not None and new != href:
            self.add_edit(inline, (*dest, new if " " not in new else f"<{new}>"))

    def unlink(self, inline: Token, link: Token, line: int, href: str) -> None:
        """A link to an anchor the new page does not have (a kramdown id, an HTML id):
        its text, without the link."""
        span, label = link.meta.get("span"), link.meta.get("label")
        if span is None or label is None:
            return
        edits = self.edits.get(id(inline), [])
        inside = [e for e in edits if span[0] <= e[0] and e[1] <= span[1]]
        self.edits[id(inline)] = [e for e in edits if e not in inside]
        text = slice_with_edits(inline.content, label[0], label[1], inside)
        self.add_edit(inline, (span[0], span[1], text))
        self.report.converted(
            line,
            f"link to {href!r}: the new page has no such anchor (kramdown ids are not "
            "kept), so its text is kept without the link",
        )

    # --- blocks -------------------------------------------------------------------------
    def run(self) -> Converted:
        self.scan_inlines()
        blocks = _top_blocks(self.tokens)
        self.headings = Headings()
        position, first_heading = 0, True
        for block in blocks:
            opening = block[0]
            if opening.map is None:
                continue
            start, end = opening.map
            self.gap(position, start)
            position = end
            if opening.type == "heading_open" and first_heading and self._is_title(block):
                self.report.converted(
                    self.token_line(opening),
                    "a heading repeating the title dropped (the title is the H1)",
                )
                first_heading = False
                continue
            first_heading = first_heading and opening.type != "heading_open"
            following = blocks.index(block) + 1
            self.next_block = blocks[following] if following < len(blocks) else []
            self.block(block, start, end)
        self.gap(position, len(self.lines))
        self.close_news()
        body = "\n\n".join("\n".join(chunk) for chunk in self.chunks if chunk)
        return Converted(body, self.assets)

    def _is_title(self, block: list[Token]) -> bool:
        return (
            block[0].tag == "h1"
            and plain_text(_children(block[1])).strip() == self.meta.title.strip()
        )

    def definition(self, index: int) -> str:
        """A reference definition line, its URL mapped as links are."""
        text = self.lines[index]
        match = DEFINITION.match(text)
        if match is None:
            return text
        href = match["url"].strip("<>")
        new = self.new_link(href, self.file_line(index))
        if new is None or new == href:
            return text
        return (
            text[: match.start("url")]
            + (f"<{new}>" if " " in new else new)
            + text[match.end("url") :]
        )

    def gap(self, start: int, end: int) -> None:
        """Lines between blocks: blank, or reference definitions (which have no token)."""
        kept = [self.definition(i) for i in range(start, end) if self.lines[i].strip()]
        if not kept:
            return
        if self.news is not None:
            self.news.after.append("\n".join(kept))
        else:
            self.emit(kept)

    def emit(self, lines: list[str]) -> None:
        self.chunks.append(lines)

    def block(self, block: list[Token], start: int, end: int) -> None:
        opening = block[0]
        if opening.type == "paragraph_open" and self.paragraph(block[1], start, end):
            return
        self.close_news()
        if opening.type == "heading_open":
            self.heading(opening, block[1])
        elif opening.type == "html_block":
            self.html_block(opening, start, end)
        elif opening.type == "paragraph_open":
            self.verbatim(block, start, end)
            if id(block[1]) in self.more_after:
                self.emit([MORE])
        elif opening.type == "fence":
            self.fence(opening, start, end)
        else:
            self.verbatim(block, start, end)

    def fence(self, token: Token, start: int, end: int) -> None:
        """A code block whose language Pygments does not know, or cannot read the code
        in (the strict build would fail), is shown as plain text."""
        lines = self.lines[start:end]
        language = token.info.strip().split()[0] if token.info.strip() else ""
        why = lexer_problem(language, token.content) if language else None
        if why is not None and lines and language in lines[0]:
            lines[0] = lines[0].replace(token.info.strip(), "text", 1)
            self.report.converted(
                self.token_line(token), f"code block in {language!r} -> plain text ({why})"
            )
        self.emit([line.rstrip() if i == len(lines) - 1 else line for i, line in enumerate(lines)])

    def verbatim(self, block: list[Token], start: int, end: int) -> None:
        lines = self.lines[start:end]
        inlines = [t for t in block if t.type == "inline" and self.edits.get(id(t))]
        nested_html = [t for t in block if t.type == "html_block" and t.level > 0 and t.map]
        changes = sorted(inlines + nested_html, key=lambda t: t.map[0] if t.map else 0)
        for inline in reversed(changes):
            if inline.type == "html_block":
                self.nested_html(lines, start, inline)
            elif not self.edit_lines(lines, start, inline):
                self.report.kept(
                    self.token_line(inline),
                    "could not apply the changes listed for this "
                    "line (unusual indentation): kept as written",
                )
        while lines and not lines[-1].strip():
            lines.pop()
        if lines:
            lines[-1] = lines[-1].rstrip()
        self.emit(lines)

    def nested_html(self, lines: list[str], block_start: int, token: Token) -> None:
        """Raw HTML in a list item: an indented {html} block, as at the top level."""
        assert token.map is not None
        first, last = token.map[0] - block_start, token.map[1] - block_start
        chunk = lines[first:last]
        while chunk and not chunk[-1].strip():
            chunk.pop()
        line = self.token_line(token)
        indent = chunk[0][: len(chunk[0]) - len(chunk[0].lstrip())] if chunk else ""
        if (
            not chunk
            or indent.strip()
            or any(text.strip() and not text.startswith(indent) for text in chunk)
        ):
            self.report.kept(line, "raw HTML inside a quote: kept; the build refuses it")
            return
        html = self.html_assets("\n".join(text[len(indent) :] for text in chunk), line)
        wrapped = [f"{indent}:::{{html}}", *(indent + t if t else t for t in html.split("\n"))]
        lines[first : first + len(chunk)] = [*wrapped, f"{indent}:::"]
        self.report.converted(
            line, f"raw HTML in a list -> {{html}} (cleaned when built){self.cleaning(html)}"
        )

    def edit_lines(self, lines: list[str], block_start: int, inline: Token) -> bool:
        """Apply an inline token's edits to the source lines it came from."""
        if inline.map is None:
            return False
        content_lines = inline.content.split("\n")
        columns: list[tuple[int, int]] = []
        for k, text in enumerate(content_lines):
            index = inline.map[0] + k - block_start
            if not 0 <= index < len(lines):
                return False
            source = lines[index].rstrip() if k == len(content_lines) - 1 else lines[index]
            if source.endswith(text):
                columns.append((index, len(source) - len(text)))
            elif len(content_lines) == 1 and source.count(text) == 1:  # a table cell
                columns.append((index, source.find(text)))
            else:
                return False
        starts = [0, *(i + 1 for i, c in enumerate(inline.content) if c == "\n")]

        def at(offset: int) -> tuple[int, int]:
            k = bisect.bisect_right(starts, offset) - 1
            index, column = columns[k]
            return index, column + offset - starts[k]

        for begin, finish, replacement in sorted(self.edits[id(inline)], reverse=True):
            (line1, col1), (line2, col2) = at(begin), at(finish)
            lines[line1] = lines[line1][:col1] + replacement + lines[line2][col2:]
            del lines[line1 + 1 : line2 + 1]
        return True

    def content(self, inline: Token) -> str:
        return apply_edits(inline.content, self.edits.get(id(inline), []))

    def heading(self, opening: Token, inline: Token) -> None:
        level = int(opening.tag[1])
        new = self.headings.real(level)
        if new != level:
            self.report.converted(
                self.token_line(opening),
                f"heading level {level} -> {new} (the title is the only H1 and levels do not skip)",
            )
        self.emit(["#" * new + " " + self.content(inline)])

    def html_block(self, token: Token, start: int, end: int) -> None:
        text = token.content.strip()
        line = self.token_line(token)
        if text == self.meta.excerpt_separator:
            self.emit([MORE])
            self.report.converted(line, f"{text} -> '{MORE}' (the excerpt ends here)")
        elif text.startswith("<!--") and text.endswith("-->") and text.count("-->") == 1:
            inner = text[4:-3].strip().split("\n")
            self.emit([f"% {part}".rstrip() for part in inner])
            self.report.converted(line, "HTML comment -> MyST comment")
        elif (opened := MARKDOWN_DIV.match(text)) is not None:
            self.markdown_div(opened, text, line)
        elif text == "</div>" and self.markdown_divs:
            self.markdown_divs -= 1
            self.emit([":" * (8 - self.markdown_divs)])
        else:
            html = self.html_assets(text, line)
            fence = ":" * max([3, *(len(m) + 1 for m in re.findall(r"^:{3,}", html, re.M))])
            self.emit([f"{fence}{{html}}", *html.split("\n"), fence])
            self.report.converted(
                line, f"raw HTML block -> {{html}} (cleaned when built){self.cleaning(html)}"
            )

    def markdown_div(self, opened: re.Match[str], text: str, line: int) -> None:
        """kramdown's ``<div markdown="1">``: its content is Markdown, in a {container}."""
        classes = " ".join(CLASS_ATTR.findall(opened[0])[:1]).split()
        inner = text[opened.end() :].strip("\n")
        closed = inner.rstrip().endswith("</div>")
        inner = inner.rstrip().removesuffix("</div>").rstrip() if closed else inner
        fence = ":" * (8 - self.markdown_divs)
        self.emit([f"{fence}{{container}} {' '.join(classes)}".rstrip()])
        if inner:
            self.emit(inner.split("\n"))
        if closed:
            self.emit([fence])
        else:
            self.markdown_divs += 1
        self.report.converted(line, f"{opened[0]!r} (Markdown inside) -> {{container}}")

    # --- paragraphs: headlines, takes, pseudo-headings -----------------------------------
    def paragraph(self, inline: Token, start: int, end: int) -> bool:
        """Handle the paragraphs the site writes differently; False: copy it as it is."""
        line = self.token_line(inline)
        found = self.headline(inline) if id(inline) in self.headline_inlines else None
        if found is not None:
            self.close_news()
            self.start_news(inline, found, line)
            return True
        if self.news is not None:
            open_take = self.news.takes[-1] if self.news.takes else None
            if open_take is not None and open_take.closing:
                self.continue_take(open_take, inline)
                return True
            if self.take(inline, line):
                return True
            self.close_news()
        elif (parts := self.take_parts(inline)) is not None and inline.content[parts[2]] in QUOTES:
            self.report.kept(
                line,
                "a take ('[Name](profile): ...') with no news headline "
                "(memo image + link) before it: kept as a paragraph",
            )
        text = self.pseudo_heading(inline)
        if text is None:
            return False
        if self.next_block and self.next_block[0].type in LABELLED_BLOCKS:
            self.report.kept(
                line,
                f"bold line {text!r} kept: it labels the "
                f"{self.next_block[0].type.split('_')[0]} after it, it is no heading",
            )
            return False
        if self.ctx.keep_bold_headings:
            self.report.kept(line, f"bold line {text!r} kept (--keep-bold-headings)")
            return False
        if "".join(c for c in text.lower() if c.isalnum()) in LEAD_INS:
            self.report.kept(line, f"bold line {text!r} kept: it introduces the next paragraph")
            return False
        level = self.headings.pseudo()
        self.emit(["#" * level + " " + text])
        self.report.converted(
            line, f"bold line {inline.content.strip()!r} -> heading {'#' * level} {text}"
        )
        return True

    def pseudo_heading(self, inline: Token) -> str | None:
        """The text of a paragraph that is one bold line (``__Introduction:__``)."""
        children = [c for c in _children(inline) if c.type != "text" or c.content]
        if not children or children[0].type != "strong_open" or "\n" in inline.content:
            return None
        depth, close = 0, -1
        for index, child in enumerate(children):
            depth += {"strong_open": 1, "strong_close": -1}.get(child.type, 0)
            if depth == 0:
                close = index
                break
        rest = children[close + 1 :]
        if close < 0 or any(c.type != "text" or c.content.strip() not in ("", ":") for c in rest):
            return None
        markup = children[0].markup
        raw = self.content(inline).strip().removesuffix(":").rstrip()
        if not (raw.startswith(markup) and raw.endswith(markup)):
            return None
        text = raw[len(markup) : -len(markup)].strip().removesuffix(":").rstrip()
        plain = plain_text(children[1:close]).strip()
        if not plain or len(plain) > MAX_HEADING or plain[-1] in SENTENCE_ENDS:
            return None
        return text

    def headline(self, inline: Token) -> tuple[Token, Token, list[Token]] | None:
        """(memo image, link_open, link text) for a memo image + (italic) linked headline."""
        seq = [
            c
            for c in _children(inline)
            if c.type != "softbreak" and not (c.type == "text" and not c.content.strip())
        ]
        if len(seq) < 3 or seq[0].type != "image" or not _is_memo(seq[0]):
            return None
        rest = seq[1:]
        while (
            len(rest) > 2
            and rest[0].type in ("em_open", "strong_open")
            and (rest[-1].type == rest[0].type.replace("_open", "_close"))
        ):
            rest = rest[1:-1]
        if rest[0].type != "link_open" or rest[-1].type != "link_close":
            return None
        inner = rest[1:-1]
        if any(c.type in ("link_open", "link_close") for c in inner):
            return None
        return seq[0], rest[0], inner

    def start_news(self, inline: Token, found: tuple[Token, Token, list[Token]], line: int) -> None:
        image, link, inner = found
        headline = " ".join(plain_text(inner).split())
        url = str(link.attrs.get("href", ""))
        self.news = NewsItem(headline, url, line)
        self.report.converted(line, f"memo image + headline -> {{news}} {headline!r}")
        self.report.converted(
            line,
            f"memo image {image.attrs.get('src')!r} not carried over "
            "(the news directive draws the icon)",
        )
        if link.attrs.get("title"):
            self.report.kept(
                line,
                f"the headline link's title {link.attrs['title']!r} is not "
                "shown by the news directive: left out of it",
            )
        if not usable_profile(url):
            self.report.kept(
                line, f"headline URL {url!r} is not an absolute http(s) URL: fix the :url: by hand"
            )

    def take_parts(self, inline: Token) -> tuple[str, str, int] | None:
        """(name, profile URL, where the take's text starts) of ``[Name](url): "..."``."""
        children = _children(inline)
        if not children or children[0].type != "link_open":
            return None
        span = children[0].meta.get("span")
        content = inline.content
        if span is None or span[0] != 0:
            return None
        pos = span[1]
        while pos < len(content) and content[pos] in " \t":
            pos += 1
        if not content.startswith(":", pos):
            return None
        pos += 1
        while pos < len(content) and content[pos] in " \t\n":
            pos += 1
        inner, _ = _link_children(children, 0)
        name = " ".join(plain_text(inner).split())
        url = str(children[0].attrs.get("href", ""))
        if not name or not usable_profile(url) or pos >= len(content):
            return None
        return name, url, pos

    def take(self, inline: Token, line: int) -> bool:
        parts = self.take_parts(inline)
        if parts is None or self.news is None:
            return False
        name, url, start = parts
        content, edits = inline.content, self.edits.get(id(inline), [])
        end, closing = len(content.rstrip()), ""
        if content[start] in QUOTES:
            quotes = QUOTES[content[start]]
            start += 1
            if end > start and content[end - 1] in quotes:
                end -= 1
            else:
                closing = quotes
        else:
            self.report.kept(line, f"the take by {name} has no opening quote: kept whole")
        text = escape_line_starts(slice_with_edits(content, start, end, edits).strip())
        person, notice = self.ctx.registry.resolve(name, url)
        if notice:
            self.report.notice(line, notice)
        self.news.takes.append(Take(person, text, line, closing))
        self.report.converted(line, f"take by [{name}]({url}) -> {{take}} {person}")
        if link_title := _children(inline)[0].attrs.get("title"):
            self.report.kept(
                line,
                f"the link title {link_title!r} on {name}'s name is not "
                "kept (people.yaml has the name and profile)",
            )
        return True

    def continue_take(self, take: Take, inline: Token) -> None:
        """A take in quotes that goes on over several paragraphs."""
        text = self.content(inline).rstrip()
        if text and text[-1] in take.closing:
            text, take.closing = text[:-1], ""
        take.text += "\n\n" + escape_line_starts(text)

    def close_news(self) -> None:
        if self.news is None:
            return
        item, self.news = self.news, None
        for take in item.takes:
            if take.closing:
                self.report.kept(
                    take.line,
                    "the take's closing quote was not found: its "
                    "text is kept as written from the opening quote on",
                )
        if not item.takes:
            self.report.kept(item.line, f"the news item {item.headline!r} has no take")
        self.emit(item.lines())
        for lines in item.after:
            self.emit(lines.split("\n"))


def author_id(name: str, meta: PostMeta, registry: PeopleRegistry, report: FileReport) -> str:
    """The people id of a post author: found in people.yaml, else added to it, from
    ``_data/authors.yml`` when the blog has the author there, else from the name."""
    line = meta.source_line("author" if "author" in meta.key_lines else "authors")
    authors = meta.source.site.data.get("authors")
    authors = authors if isinstance(authors, dict) else {}
    entry = authors.get(name) or next(  # an author written by name, not by key
        (e for e in authors.values() if isinstance(e, dict) and e.get("name") == name), None
    )
    fields = entry if isinstance(entry, dict) else meta.author_info.get(name, {})
    display = str(fields.get("name") or name).strip()
    pid = registry.find_author(name) or registry.find_author(display)
    if pid:
        return pid
    url, source = author_profile(fields), "_data/authors.yml" if entry else "front matter"
    if not url:
        url, source = meta.source.site.old_site + "/", "the old site's address"
    if not usable_profile(url):
        report.kept(
            line,
            f"author {name!r} is not in people.yaml and has no profile URL (nor has the "
            "old site a 'url'): noted in a comment in the front matter; add them to "
            "people.yaml and to 'author:'",
        )
        return ""
    pid = registry.add_author(name, display, url)
    report.converted(
        line,
        f"author {name!r} -> {pid!r}, added to people.yaml as {display!r} with profile "
        f"{url} (from {source})",
    )
    return pid


def front_matter(meta: PostMeta, registry: PeopleRegistry, report: FileReport) -> str:
    def dump(key: str, value: object) -> str:
        """``key: value`` in YAML; lists of texts in flow style: ``tags: [ai, ml]``."""
        text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10**6)
        return f"{key}: {text.removesuffix(chr(10)).removesuffix(chr(10) + '...')}"

    lines = [f"date: {meta.date_text}"]
    if meta.tags:
        lines.append(dump("tags", meta.tags))
    if meta.categories:
        lines.append(dump("category", meta.categories))
    authors = [author_id(name, meta, registry, report) for name in meta.authors]
    if any(authors):
        lines.append(dump("author", [pid for pid in authors if pid]))
    for name, pid in zip(meta.authors, authors, strict=True):
        if not pid:
            lines.append(
                f"# author {name!r} is not in people.yaml: add them there and to 'author:'"
            )
    for key, text in meta.texts.items():
        lines.append(dump(key, text))
    if meta.draft:
        lines.append("draft: true")
        report.converted(meta.source_line("published"), "published: false -> draft: true")
    redirect: object = meta.redirect_from[0] if len(meta.redirect_from) == 1 else meta.redirect_from
    if meta.redirect_from:  # none when every old URL was unsafe (reported by read_meta)
        lines.append(dump("redirect_from", redirect))
    if meta.extra:
        block = yaml.safe_dump(
            meta.extra,
            allow_unicode=True,
            sort_keys=False,
            default_flow_style=False,
            width=10**6,
        )
        lines.append("jekyll:\n" + "\n".join("  " + line for line in block.splitlines()))
    return "---\n" + "\n".join(lines) + "\n---\n"


def convert_post(
    post: JekyllPost, meta: PostMeta, ctx: ConvertContext, report: FileReport
) -> Converted:
    body = Converter(post, meta, ctx, report).run()
    for path in meta.redirect_from:
        report.converted(1, f"old URL {path} -> redirect_from (it will redirect to the post)")
    head = front_matter(meta, ctx.registry, report)
    title = title_markdown(meta.title)
    if title != escape_inline(meta.title):
        report.converted(
            meta.source_line("title"),
            f"title {meta.title!r} -> '# {title}' (entities, emoji and Markdown as shown)",
        )
    text = f"{head}\n# {title}\n"
    if body.text:
        text += "\n" + body.text + "\n"
    return Converted(text, body.assets)
