"""The lines under a post's title: its date and reading time, then its tags.

Made of standard nodes (a paragraph with classes), so every builder renders it, except
the tags: each is a ``post_tag`` node, a link to the tag's page (ablog writes
``<blog_path>/tag/<slug>``) in the html and dirhtml builders, plain text in every other
(:func:`tags_to_standard_nodes`), as a story's tags are.
The word count comes from MyST (``wordcount`` metadata, ``myst_words_per_minute``).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.locale import get_translation
from sphinx.writers.html5 import HTML5Translator

from ..content.attribution import add_html_node
from ..content.news import tag_html
from .posts import get_posts_domain

_ = get_translation("newsdesk")


class post_tag(nodes.Inline, nodes.TextElement):
    """One of a post's tags in its byline; ``tag`` holds the tag as front matter has it."""


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
    if post.tags:  # a line of their own, under the byline (which the authors end)
        tags = nodes.paragraph(classes=["newsdesk-post-tags"])
        tags += nodes.inline(
            "", (_("Tags") if len(post.tags) > 1 else _("Tag")) + ": ", classes=["newsdesk-label"]
        )
        for index, tag in enumerate(post.tags):
            if index:
                tags += nodes.Text(", ")
            tags += post_tag("", tag, tag=tag)
        section.insert(2, tags)


def visit_post_tag(translator: HTML5Translator, node: post_tag) -> None:
    translator.body.append(tag_html(translator, node["tag"]))
    raise nodes.SkipNode


def tags_to_standard_nodes(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved: outside HTML a post's tag is its text (there are no tag pages)."""
    if app.builder.format == "html":
        return
    for node in list(doctree.findall(post_tag)):
        node.replace_self(nodes.Text(node["tag"]))


def setup(app: Sphinx) -> None:
    add_html_node(app, post_tag, visit_post_tag, None)
