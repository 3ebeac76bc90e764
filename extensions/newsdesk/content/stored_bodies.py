"""Render a take's or memo's stored content (:func:`newsdesk.content.news_domain.stored_body`) as
HTML on another page (a person's page), and for a feed (absolute links).

The content is rendered by :func:`newsdesk.build.fragments.render_fragment` with the post
as its base: Sphinx resolves its references as in the post (so ``{doc}`` paths relative to
the post still work), then every link is moved over to the other page. Ids are dropped:
they belong to the post, and two takes may share one.
"""

from __future__ import annotations

import lxml.html
from docutils import nodes
from markupsafe import Markup
from sphinx.application import Sphinx

from ..build.fragments import render_fragment


def render_body(app: Sphinx, body: nodes.Element, post: str, page: str) -> Markup:
    """``body`` (from the post ``post``) as HTML in the page ``page``: its children only
    (the page's template gives the body its element)."""
    return render_fragment(app, body.children, base=post, page=page, stored=True)


def absolute_links(html: str, base: str) -> str:
    """``html`` rendered for the page at the absolute URL ``base``, with absolute links
    and image addresses, as a feed entry needs (readers do not know the page's URL)."""
    if not html.strip():
        return ""
    fragment = lxml.html.fragment_fromstring(html, create_parent="div")
    fragment.make_links_absolute(base, resolve_base_href=False, handle_failures="ignore")
    parts = [lxml.html.tostring(child, encoding="unicode") for child in fragment]
    return (fragment.text or "") + "".join(parts)
