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

MyST's HTML syntax stays enabled on purpose: with ``myst_disable_syntax`` the HTML becomes
ordinary text with no message, so nobody learns why; as raw nodes it is caught here, with
its line, in Markdown, in directive content and in rST alike.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
# Browsers drop these before reading the scheme ("java\nscript:" is javascript:).
IGNORED_BY_BROWSERS = re.compile(r"[\t\n\r]")
LEADING_JUNK = "".join(chr(c) for c in range(0x21))


def link_scheme(uri: str) -> str:
    """The scheme a browser would see in ``uri``, lower case; "" for a relative link."""
    cleaned = IGNORED_BY_BROWSERS.sub("", uri).lstrip(LEADING_JUNK)
    match = SCHEME.match(cleaned)
    return match.group(1).lower() if match else ""


def is_allowed_link(uri: str, schemes: list[str]) -> bool:
    scheme = link_scheme(uri)
    return not scheme or scheme in schemes


def refuse_unsafe_links(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read (priority 100, first): refuse links and raw HTML as described above."""
    schemes = [scheme.lower() for scheme in app.config.newsdesk_link_schemes]
    for ref in list(doctree.findall(nodes.reference)):
        uri = ref.get("refuri")
        if uri is None or is_allowed_link(uri, schemes):
            continue
        logger.warning(
            f"link to {uri[:80]!r} refused: only {', '.join(schemes)} links (and relative "
            "links) are allowed; the text is kept without the link. Link to an http(s) page "
            "instead, or add the scheme to newsdesk_link_schemes in conf.py",
            location=ref,
            type="newsdesk",
            subtype="link",
        )
        ref.replace_self(nodes.inline("", "", *ref.children, classes=["newsdesk-refused-link"]))
    if app.config.newsdesk_allow_raw_html:
        return
    for raw in list(doctree.findall(nodes.raw)):
        if "html" not in raw.get("format", "").split():
            continue
        text = raw.astext()
        logger.warning(
            f"raw HTML refused ({text.strip()[:60]!r}): write Markdown instead (a link, an "
            "image, a {note} directive...), put HTML you want to show in backticks, or allow "
            "raw HTML with newsdesk_allow_raw_html = True in conf.py; it is shown as code",
            location=raw,
            type="newsdesk",
            subtype="html",
        )
        inline = isinstance(raw.parent, nodes.TextElement)
        shown = (
            nodes.literal(text, text)
            if inline
            else nodes.literal_block(text, text, language="html")
        )
        shown["classes"].append("newsdesk-refused-html")
        raw.replace_self(shown)


def setup(app: Sphinx) -> None:
    app.add_config_value(
        "newsdesk_link_schemes", ["http", "https", "mailto"], "env", types=frozenset({list, tuple})
    )
    app.add_config_value("newsdesk_allow_raw_html", False, "env", types=frozenset({bool}))
    app.connect("doctree-read", refuse_unsafe_links, priority=100)
