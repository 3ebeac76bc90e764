"""``{html}``: raw HTML that a page may show, cleaned by nh3 (Ammonia) every time it is built.

The site refuses raw HTML (:mod:`newsdesk.site.link_safety`), but imported posts carry figures,
``<kbd>``, ``<br>``, ``<cite>`` the old blog showed. Written as a directive (blocks) or a
role (inline), such HTML is cleaned at build time with an allowlist of tags and
attributes and the site's link schemes (``newsdesk_link_schemes``): whatever is outside
it (``<script>``, ``onerror=``, ``javascript:`` links, ``style``) is removed, however the
file was edited since its import. Local ``<img>`` become Sphinx images, so the files are
copied into the built site as any Markdown image's are.

```markdown
:::{html}
<figure><img src="/assets/photo.png" alt="A photo"><figcaption>Cap</figcaption></figure>
:::

Press {html}`<kbd>Ctrl</kbd>` to copy.
```
"""

from __future__ import annotations

import re
from html import unescape

from docutils import nodes
from docutils.parsers.rst.states import Inliner
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective, SphinxTranslator

from ..site.url_policy import SCHEME
from .html_allowlist import clean
from .html_allowlist import removed_parts as removed_parts  # re-exported: tests

IMG = re.compile(r"<img\b[^>]*>")
IMG_ATTR = re.compile(r'\s([a-z]+)="([^"]*)"')


class sanitized_html(nodes.raw):
    """HTML this module cleaned; the only raw HTML :mod:`newsdesk.site.link_safety` lets through."""


def local_image(src: str) -> bool:
    return bool(src) and not (SCHEME.match(src) or src.startswith("//"))


def html_nodes(html: str, schemes: list[str], inline: bool) -> list[nodes.Node]:
    """The cleaned HTML as raw pieces, with each local ``<img>`` an image node between."""
    cleaned = clean(html, schemes)
    out: list[nodes.Node] = []
    position = 0
    for match in IMG.finditer(cleaned):
        attrs = {name: unescape(value) for name, value in IMG_ATTR.findall(match[0])}
        if not local_image(attrs.get("src", "")):
            continue
        if position < match.start():
            piece = cleaned[position : match.start()]
            out.append(sanitized_html(piece, piece, format="html"))
        image = nodes.image(uri=attrs["src"], alt=attrs.get("alt", ""))
        for size in ("width", "height"):
            if attrs.get(size, "").isdigit():
                image[size] = attrs[size] + "px"
        out.append(image)
        position = match.end()
    if position < len(cleaned) or not out:
        piece = cleaned[position:]
        out.append(sanitized_html(piece, piece, format="html"))
    if inline:
        return out
    container = nodes.container("", *out, classes=["newsdesk-html"])
    return [container]


class HTMLDirective(SphinxDirective):
    has_content = True

    def run(self) -> list[nodes.Node]:
        schemes = list(self.config.newsdesk_link_schemes)
        found = html_nodes("\n".join(self.content), schemes, inline=False)
        for node in found[0].findall():
            self.set_source_info(node)
        return found


def html_role(
    name: str,
    rawtext: str,
    text: str,
    lineno: int,
    inliner: Inliner,
    options: dict[str, object] | None = None,
    content: list[str] | None = None,
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    env = inliner.document.settings.env
    found = html_nodes(unescape_role(text), list(env.config.newsdesk_link_schemes), inline=True)
    for node in found:
        source, node.line = inliner.reporter.get_source_and_line(lineno)
        node.source = str(source) if source else None
    return found, []


def unescape_role(text: str) -> str:
    """docutils hands a role its text with backslash-escapes marked by NUL characters."""
    return text.replace("\x00", "\\")


def visit_html(translator: SphinxTranslator, node: sanitized_html) -> None:
    translator.body.append(node.astext())  # type: ignore[attr-defined]
    raise nodes.SkipNode


def skip(translator: SphinxTranslator, node: sanitized_html) -> None:
    raise nodes.SkipNode


def setup(app: Sphinx) -> None:
    other = (skip, None)
    app.add_node(
        sanitized_html,
        html=(visit_html, None),
        latex=other,
        text=other,
        man=other,
        texinfo=other,
    )
    app.add_directive("html", HTMLDirective)
    app.add_role("html", html_role)
