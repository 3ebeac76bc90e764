"""A post's authors (front matter ``author:``) in the line under its title, each name linked
to the person's page, as takes and memos are: readers reach the same page from both.

Runs at ``doctree-read`` priority 620, after :mod:`newsdesk.blog.byline` (610) made that line.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.locale import get_translation

from ..blog.posts import get_posts_domain
from ..content.attribution import display_name, person_ref
from .registry import Person

_ = get_translation("newsdesk")


def add_post_authors(app: Sphinx, doctree: nodes.document) -> None:
    post = get_posts_domain(app.env).posts.get(app.env.docname)
    people: dict[str, Person] = app.config.newsdesk_people
    # Unknown ids were already reported by the front matter check.
    authors = [pid for pid in (post.author if post else ()) if pid in people]
    byline = next(
        iter(
            doctree.findall(
                lambda n: isinstance(n, nodes.paragraph) and "newsdesk-byline" in n["classes"]
            )
        ),
        None,
    )
    if not authors or not isinstance(byline, nodes.paragraph):
        return
    names = nodes.inline("", _("by") + " ", classes=["newsdesk-authors"])
    for index, pid in enumerate(authors):
        if index:
            names += nodes.Text(", ")
        names += person_ref("", display_name(app.config, pid), person=pid)
    byline += nodes.Text(" · ")
    byline += names
