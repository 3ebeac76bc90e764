"""Render each post's excerpt once per folder, for ablog's collection pages.

ablog's ``Post.to_html`` renders the excerpt anew for every collection that lists the
post (a post with 4 tags is rendered 7 times), building docutils' default settings
through optparse each time: most of the time spent on collection pages. Relative links
in an excerpt depend only on the folder of the page that shows it, so one rendering per
(post, folder) is enough; an excerpt of plain text and links to other sites (most are)
reads the same in every folder, and is rendered once.
"""

from __future__ import annotations

import posixpath
from typing import Any

from docutils import nodes
from markupsafe import Markup
from sphinx.application import Sphinx

from ..build.fragments import render_fragment
from ..internals.sphinx import attached_or_new
from ..site.url_policy import is_network_path, link_scheme

CACHE_KEY = "_newsdesk_excerpt_html"
FOLDER_FREE_KEY = "_newsdesk_excerpt_folder_free"
# Nodes whose HTML never holds a path relative to the page (nothing Sphinx or an
# extension resolves or rewrites per page): an excerpt of only these is folder-free.
FOLDER_FREE_NODES = (
    nodes.Text,
    nodes.paragraph,
    nodes.emphasis,
    nodes.strong,
    nodes.literal,
    nodes.inline,
    nodes.bullet_list,
    nodes.enumerated_list,
    nodes.list_item,
    nodes.block_quote,
    nodes.line_block,
    nodes.line,
    nodes.subscript,
    nodes.superscript,
    nodes.abbreviation,
    nodes.title_reference,
)


def folder_free(content: Any) -> bool:
    """Whether the excerpt's HTML is the same on a listing in any folder: only plain
    text and links with a scheme (another site, mail); no reference, image or node of an
    extension, whose HTML may hold a path relative to the page."""
    for top in content:
        for node in top.findall():
            if type(node) is nodes.reference:
                uri = node.get("refuri", "")
                if not (link_scheme(uri) or is_network_path(uri)) or node.get("refid"):
                    return False
            elif type(node) not in FOLDER_FREE_NODES:
                return False
    return True


def render_excerpt(app: Sphinx, post: Any, pagename: str) -> Markup:
    cache: dict[tuple[str, str | None], Markup] = attached_or_new(app.builder, CACHE_KEY, dict)
    folders: dict[str, bool] = attached_or_new(app.builder, FOLDER_FREE_KEY, dict)
    if post.docname not in folders:
        folders[post.docname] = folder_free(post.excerpt)
    folder = None if folders[post.docname] else posixpath.dirname(pagename)
    key = (post.docname, folder)
    if key not in cache:
        # As ablog's Post.to_html: references resolve against the listing page. The HTML
        # writer's settings are made once per build (ablog makes them per call).
        cache[key] = render_fragment(
            app,
            post.excerpt,
            base=pagename,
            page=pagename,
            wrapper=nodes.paragraph(classes=["ablog-post-excerpt"]),
        )
    return cache[key]


def add_excerpt_renderer(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """html-page-context: ablog/collection.html calls newsdesk_excerpt(post, pagename)."""
    if "collection" in context:
        context["newsdesk_excerpt"] = lambda post, page: render_excerpt(app, post, page)
