"""Render each post's excerpt once per folder, for ablog's collection pages.

ablog's ``Post.to_html`` renders the excerpt anew for every collection that lists the
post (a post with 4 tags is rendered 7 times), building docutils' default settings
through optparse each time: most of the time spent on collection pages. Relative links
in an excerpt depend only on the folder of the page that shows it, so one rendering per
(post, folder) is enough.
"""

from __future__ import annotations

import posixpath
from typing import Any

from docutils import nodes
from markupsafe import Markup
from sphinx.application import Sphinx

from ..build.fragments import render_fragment
from ..internals.sphinx import attached_or_new

CACHE_KEY = "_newsdesk_excerpt_html"


def render_excerpt(app: Sphinx, post: Any, pagename: str) -> Markup:
    cache: dict[tuple[str, str], Markup] = attached_or_new(app.builder, CACHE_KEY, dict)
    key = (post.docname, posixpath.dirname(pagename))
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
