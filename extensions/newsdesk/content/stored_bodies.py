"""Render a take's or memo's stored content (:func:`newsdesk.content.news_domain.stored_body`) as
HTML on another page (a person's page), and for a feed (absolute links).

The content is rendered by the builder's HTML translator (like :mod:`newsdesk.blog.excerpts`),
after Sphinx resolves its references as in the post (so ``{doc}`` paths relative to the
post still work). Then every link is moved over: a relative link or an ``#anchor`` of the
post leads to the same place from the other page; our own nodes (a ``{person}`` name) and
images are rendered for that page directly. Ids are dropped: they belong to the post,
and two takes may share one.
"""

from __future__ import annotations

import posixpath
from typing import Any

import lxml.html
from docutils import nodes
from markupsafe import Markup
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import new_document
from sphinx.util.osutil import relative_uri

from ..internals.sphinx import writing_page
from ..site.url_policy import link_scheme


def rebase_links(document: nodes.document, post_uri: str, page_uri: str) -> None:
    """Links made in the post (``post_uri``) as seen from ``page_uri``."""
    to_post = relative_uri(page_uri, post_uri)
    for ref in document.findall(nodes.reference):
        uri = ref.get("refuri")
        if uri is None and ref.get("refid"):
            ref["refuri"] = f"{to_post}#{ref['refid']}"
            del ref["refid"]
        elif uri is not None and uri.startswith("#"):
            ref["refuri"] = to_post + uri
        elif uri and not link_scheme(uri) and not uri.startswith("/"):
            target = posixpath.normpath(posixpath.join(posixpath.dirname(post_uri), uri))
            ref["refuri"] = relative_uri(page_uri, target + ("/" if uri.endswith("/") else ""))
    for element in document.findall(nodes.Element):
        for key in ("ids", "backrefs"):
            if element.get(key):
                element[key] = []


def render_body(app: Sphinx, body: nodes.Element, post: str, page: str) -> Markup:
    """``body`` (from the post ``post``) as HTML in the page ``page``."""
    builder: Any = app.builder
    document = new_document("", builder.docsettings)
    # Copies: the stored body stays as it is for the next page. Its children only: the
    # page's template gives the body its element.
    document.extend(child.deepcopy() for child in body.children)
    page_uri = builder.get_target_uri(page)
    # Most takes are prose with external links: Sphinx's post-transforms (run for each
    # take, on the people pages' hot path) only matter when there is a reference.
    if next(document.findall(addnodes.pending_xref), None) is not None:
        # A broken reference was reported for the post already; not again for each page.
        with logging.suppress_logging():
            app.env.resolve_references(document, post, builder)
    rebase_links(document, builder.get_target_uri(post), page_uri)
    with writing_page(builder, page, relative_uri(page_uri, "_images")):
        # Images of posts not written in this build are unknown to the builder yet.
        if next(document.findall(nodes.image), None) is not None:
            builder.post_process_images(document)
        translator = builder.create_translator(document, builder)
        document.walkabout(translator)
    return Markup("".join(translator.fragment))


def absolute_links(html: str, base: str) -> str:
    """``html`` rendered for the page at the absolute URL ``base``, with absolute links
    and image addresses, as a feed entry needs (readers do not know the page's URL)."""
    if not html.strip():
        return ""
    fragment = lxml.html.fragment_fromstring(html, create_parent="div")
    fragment.make_links_absolute(base, resolve_base_href=False, handle_failures="ignore")
    parts = [lxml.html.tostring(child, encoding="unicode") for child in fragment]
    return (fragment.text or "") + "".join(parts)
