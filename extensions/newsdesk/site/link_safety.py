"""Site-wide link safety: no page emits a link with a scheme outside an allowlist, and no
raw HTML, whatever markup it was written in.

MyST refuses ``javascript:`` links, but an rST link (in a ``.rst`` page or an
``{eval-rst}`` block) renders a live ``href="javascript:..."``, and raw HTML passes
through from Markdown (``<div onclick=...>``), from ``{raw} html`` and from
``.. raw:: html``. One ``doctree-read`` pass, before ablog and newsdesk copy parts of the
page elsewhere (excerpts), checks every ``reference`` and ``raw`` node:

- a link whose scheme is not in ``newsdesk_link_schemes`` (http, https, mailto; relative
  links and ``#anchors`` have no scheme) is refused: a warning with file and line, and the
  link becomes plain text (its text is kept);
- raw HTML is refused unless ``newsdesk_allow_raw_html = True``: a warning with file and
  line, and the HTML is shown as code instead of being part of the page.

In Markdown, MyST itself drops ``javascript:``, ``vbscript:``, ``file:`` and ``data:`` links
(they stay as plain text, brackets and address included) without a message:
:mod:`newsdesk.input.markdown_links` finds them, and they are warned about with file and line too.

MyST's HTML syntax stays enabled on purpose: with ``myst_disable_syntax`` the HTML becomes
ordinary text with no message, so nobody learns why; as raw nodes it is caught here, with
its line, in Markdown, in directive content and in rST alike.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import FiletypeNotFoundError
from sphinx.util import get_filetype, logging

from ..content.html_block import sanitized_html
from ..diagnostics import Subtype
from ..input.markdown_links import dropped_links, shown_as_text
from ..input.myst_guard import site_myst_config
from .url_policy import is_allowed_link
from .url_policy import link_scheme as link_scheme  # re-exported: tests, notebodies

logger = logging.getLogger(__name__)

DROPPED_KEY = "newsdesk_dropped_links"  # in env.temp_data, from source-read to doctree-read


def link_location(ref: nodes.reference) -> Any:
    """Where to report a link: the reference, except for the reference the image
    directive wraps around an image with ``:target:``. That one is made without source
    information and gets a wrong line later (in an ``{eval-rst}`` block, the line of the
    paragraph before the block); the image has the directive's line, which we move on to
    the ``:target:`` option's line when the source file shows it."""
    image = ref.children[0] if len(ref.children) == 1 else None
    if not isinstance(image, nodes.image) or not image.line or not image.source:
        return ref  # Sphinx falls back to the nearest parent with a line
    return f"{image.source}:{option_line(image.source, image.line, 'target')}"


def option_line(source: str, line: int, option: str) -> int:
    """The line of ``:option:`` in the option block of the directive at ``line``, else
    ``line``. The doctree keeps only the directive's line, so we read the file; a
    directive that came from elsewhere (an include with a different file) keeps ``line``."""
    try:
        lines = Path(source).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return line
    for number in range(line, min(len(lines), line + 30)):  # lines[line] is line + 1
        text = lines[number].strip()
        if not text.startswith(":"):
            break  # the option block has ended
        if text.startswith(f":{option}:"):
            return number + 1
    return line


def find_dropped_links(app: Sphinx, docname: str, source: list[str]) -> None:
    """source-read (last): the Markdown links MyST will drop, kept for doctree-read."""
    try:
        filetype = get_filetype(app.config.source_suffix, app.env.doc2path(docname))
    except FiletypeNotFoundError:
        return
    config = site_myst_config(app.env)
    if filetype == "markdown" and config is not None:
        app.env.temp_data[DROPPED_KEY] = dropped_links(config, source[0])


def warn_dropped_links(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.docname
    for line, href in app.env.temp_data.pop(DROPPED_KEY, None) or []:
        if not shown_as_text(doctree, href):
            continue  # in a body that is not Markdown (code): not a link MyST dropped
        logger.warning(
            f"link to {href[:80]!r} refused: Markdown never links javascript:, vbscript:, "
            "file: or data: addresses, so it shows as plain text, brackets and address "
            "included. Link to an http(s) page instead, or put the address in backticks "
            "to show it as code",
            location=(docname, line),
            type="newsdesk",
            subtype=Subtype.LINK,
        )


def refuse_unsafe_links(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read (priority 100, first): refuse links and raw HTML as described above."""
    warn_dropped_links(app, doctree)
    schemes = [scheme.lower() for scheme in app.config.newsdesk_link_schemes]
    for ref in list(doctree.findall(nodes.reference)):
        uri = ref.get("refuri")
        if uri is None or is_allowed_link(uri, schemes):
            continue
        logger.warning(
            f"link to {uri[:80]!r} refused: only {', '.join(schemes)} links (and relative "
            "links) are allowed; the text is kept without the link. Link to an http(s) page "
            "instead, or add the scheme to newsdesk_link_schemes in conf.py",
            location=link_location(ref),
            type="newsdesk",
            subtype=Subtype.LINK,
        )
        ref.replace_self(nodes.inline("", "", *ref.children, classes=["newsdesk-refused-link"]))
    refuse_unsafe_meta(doctree, schemes)
    if app.config.newsdesk_allow_raw_html:
        return
    for raw in list(doctree.findall(nodes.raw)):
        if "html" not in raw.get("format", "").split() or isinstance(raw, sanitized_html):
            continue  # {html}: cleaned by nh3 when built (newsdesk.content.html_block)
        text = raw.astext()
        logger.warning(
            f"raw HTML refused ({text.strip()[:60]!r}): write Markdown instead (a link, an "
            "image, a {note} directive...), put HTML you want to show in backticks, or allow "
            "raw HTML with newsdesk_allow_raw_html = True in conf.py; it is shown as code",
            location=raw,
            type="newsdesk",
            subtype=Subtype.HTML,
        )
        inline = isinstance(raw.parent, nodes.TextElement)
        shown = (
            nodes.literal(text, text)
            if inline
            else nodes.literal_block(text, text, language="html")
        )
        shown["classes"].append("newsdesk-refused-html")
        raw.replace_self(shown)


# Meta names whose content is a URL (Open Graph, Twitter cards, msapplication...).
URL_META_NAME = re.compile(r"(^og:|^twitter:|url|image|href|src)", re.IGNORECASE)


def refuse_unsafe_meta(doctree: nodes.document, schemes: list[str]) -> None:
    """rST's ``.. meta::`` (also inside ``{eval-rst}``) writes ``<meta>`` tags: a page may
    describe itself, but not act as an HTTP header (``http-equiv``: a refresh to another
    site, cookies, a content policy), and a URL-valued tag follows the link policy."""
    for meta in list(doctree.findall(nodes.meta)):
        content = str(meta.get("content", ""))
        if meta.get("http-equiv"):
            problem = (
                f"http-equiv={str(meta['http-equiv'])[:40]!r} is not allowed: a page may "
                "not set HTTP headers (a refresh, cookies); for a moved page, use "
                "redirect_from in the new page's front matter"
            )
        elif URL_META_NAME.search(str(meta.get("name", ""))) and not is_allowed_link(
            content, schemes
        ):
            problem = f"{meta['name']!r} is {content[:80]!r}: only {', '.join(schemes)} URLs"
        else:
            continue
        logger.warning(
            f"meta tag refused: {problem}; the tag is left out",
            location=meta,
            type="newsdesk",
            subtype=Subtype.LINK,
        )
        meta.parent.remove(meta)
