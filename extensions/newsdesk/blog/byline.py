"""The line under a post's title: its date and reading time.

Made of standard nodes (a paragraph with classes), so every builder renders it.
The word count comes from MyST (``wordcount`` metadata, ``myst_words_per_minute``).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.locale import get_translation

from .posts import get_posts_domain

_ = get_translation("newsdesk")


def add_byline(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read, after newsdesk.blog.posts has recorded the post."""
    docname = app.env.docname
    posts = get_posts_domain(app.env).posts
    post = posts.get(docname)
    section = next(iter(doctree.findall(nodes.section)), None)
    if post is None or section is None or not post.date:
        return
    minutes = max(1, int(app.env.metadata[docname].get("wordcount", {}).get("minutes", 1)))
    posts[docname] = replace(post, reading_minutes=minutes)  # for JSON-LD's timeRequired
    moment = datetime.fromisoformat(post.date)
    byline = nodes.paragraph(classes=["newsdesk-byline"])
    byline += nodes.inline(
        "", moment.strftime(app.config.post_date_format), classes=["newsdesk-date"]
    )
    byline += nodes.Text(" · ")
    byline += nodes.inline("", _("%d min read") % minutes, classes=["newsdesk-reading-time"])
    section.insert(1, byline)
