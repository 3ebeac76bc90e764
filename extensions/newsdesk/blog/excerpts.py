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
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.util.docutils import new_document
from sphinx.util.osutil import relative_uri

CACHE_KEY = "_newsdesk_excerpt_html"


def render_excerpt(app: Sphinx, post: Any, pagename: str) -> Markup:
    cache: dict[tuple[str, str], Markup] = app.builder.__dict__.setdefault(CACHE_KEY, {})
    key = (post.docname, posixpath.dirname(pagename))
    if key not in cache:
        builder: Any = app.builder
        # The HTML writer's settings, made once per build (ablog makes them per call).
        document = new_document("", builder.docsettings)
        paragraph = nodes.paragraph(classes=["ablog-post-excerpt"])
        paragraph.extend(node.deepcopy() for node in post.excerpt)
        document += paragraph
        for xref in document.findall(pending_xref):
            xref["refdoc"] = pagename
        app.env.resolve_references(document, pagename, app.builder)
        # The translator takes image paths from the builder's state for the page being
        # written: set it for this page, then put it back.
        saved = {name: getattr(builder, name, None) for name in ("current_docname", "imgpath")}
        builder.current_docname = pagename
        builder.imgpath = relative_uri(builder.get_target_uri(pagename), "_images")
        translator = builder.create_translator(document, builder)
        document.walkabout(translator)
        for name, value in saved.items():
            setattr(builder, name, value)
        cache[key] = Markup("".join(translator.fragment))
    return cache[key]


def add_excerpt_renderer(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """html-page-context: ablog/collection.html calls newsdesk_excerpt(post, pagename)."""
    if "collection" in context:
        context["newsdesk_excerpt"] = lambda post, page: render_excerpt(app, post, page)
