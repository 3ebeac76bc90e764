"""Markdown links that MyST drops without a word.

markdown-it (MyST's parser) refuses ``javascript:``, ``vbscript:``, ``file:`` and ``data:``
link addresses (``markdown_it.common.normalize_url.validateLink``): ``[x](javascript:...)``,
``<javascript:...>`` and ``[x][ref]`` with such a definition become plain text, brackets and
address included, and nobody is told. To find them we parse the page again with MyST's own
parser, built from the site's MyST configuration, but accepting every address: the links
it would have dropped are the ``link_open`` tokens whose address the stock check refuses.

Directive and ``:::`` block bodies are parsed too (MyST parses most of them as Markdown),
so a dropped link may also be reported from a body that is not Markdown (a code block
showing one): :func:`shown_as_text` checks that the address really is in the page's text,
outside code, before it is reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote

from docutils import nodes
from markdown_it import MarkdownIt
from markdown_it.common.normalize_url import validateLink
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

# Only pages that may hold such an address are parsed again (entities and backslash
# escapes can spell the colon: "javascript&#58;", "javascript\:").
# Only where a link address starts: after "](", "<" or "]:" (with blanks or "<"), so the
# words in prose ("**Data:** ...") do not make every page be parsed twice.
MAYBE_REFUSED = re.compile(
    r"(?i)(?:\]\(|<|\]:)\s*<?\s*(?:(?:javascript|vbscript|file|data)(?:\\?:|&)|&)"
)
NOT_MARKDOWN_BODIES = ("{eval-rst}",)  # rST: its links are real references, checked as such
# Text in these is shown as code or not shown: an address there is not a dropped link.
NOT_PROSE = (nodes.FixedTextElement, nodes.literal, nodes.math)
# markdown-it's smartquotes (MyST's "smartquotes" extension), back to what was typed.
SMART_QUOTES = str.maketrans("\u2018\u2019\u201c\u201d", "''\"\"")


def permissive_parser(config: MdParserConfig) -> MarkdownIt:
    md = create_md_parser(config, RendererHTML)  # tokens only: the renderer is not used
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


def dropped_links(config: MdParserConfig, text: str) -> list[tuple[int, str]]:
    """(line, address) of each link in ``text`` (a Markdown page) that MyST drops."""
    if not MAYBE_REFUSED.search(text):
        return []
    return list(_scan(permissive_parser(config), text, 0, {}))


def _scan(md: MarkdownIt, text: str, offset: int, env: dict[str, Any]) -> Iterator[tuple[int, str]]:
    """Lines are 1-based file lines; ``offset`` is the 0-based line ``text`` starts at. The
    same ``env`` for nested bodies, as MyST does, so reference definitions reach them."""
    block_line = offset
    for token in md.parse(text, env):
        if token.map:
            block_line = offset + token.map[0]
        if token.type == "inline":
            line = block_line
            for child in token.children or []:
                if child.type == "link_open":
                    href = str(child.attrGet("href") or "")
                    if not validateLink(href):
                        yield line + 1, href
                # An inline token's lines are told apart only by its line breaks.
                if child.type in ("softbreak", "hardbreak"):
                    line += 1
                elif child.type == "html_inline":
                    line += child.content.count("\n")
        elif token.type == "colon_fence" or (
            token.type == "fence"
            and token.info.strip().startswith("{")
            and token.info.split(maxsplit=1)[0] not in NOT_MARKDOWN_BODIES
        ):
            yield from _scan(md, token.content, block_line + 1, env)


def shown_as_text(doctree: nodes.document, href: str) -> bool:
    """Whether MyST left ``href`` as text in the page, rather than it being in a body that
    is not Markdown (a code block the scan parsed as Markdown). Prose is compared in its
    source form: smartquotes turned the address's ``'`` and ``"`` into curly quotes there
    (``javascript:alert('x')`` shows with U+2018 and U+2019); code keeps its text as
    written. Reported unless the address is in code only."""
    wanted = {href.lower(), unquote(href).lower()}
    in_code = False
    for text in doctree.findall(nodes.Text):
        parent = text.parent
        while parent is not None and not isinstance(parent, NOT_PROSE):
            parent = parent.parent
        shown = text.lower() if parent is not None else text.lower().translate(SMART_QUOTES)
        if any(address in shown for address in wanted):
            if parent is None:
                return True
            in_code = True
    return not in_code
