"""The search page: summaries from the post's article, and newest posts first.

Sphinx's search (``searchtools.js``) shows each result with a summary it takes from the
page's ``[role="main"]``, which in sphinx-book-theme also holds the colour-mode menu and
the contents panel: summaries read "Light Dark Contents ...". Results of equal score are
ordered by title. ``_static/newsdesk/search.js`` (loaded on ``search.html`` only, deferred,
so after ``searchtools.js`` and before the search runs at DOMContentLoaded) replaces
``Search.htmlToText`` to read the page's article only, and sets ``Scorer.score`` to order
results of equal score newest first, by the posts' dates, which the build writes into the
search page (:data:`DATES_ID`, JSON: ``[[docname, date], ...]``, newest first). No other
page loads the script, the dates or the search index (:mod:`newsdesk.site.light_pages`).
"""

from __future__ import annotations

import json
from typing import Any

from sphinx.application import Sphinx

from ..blog.posts import get_posts_domain, instant
from .social import SCRIPT_UNSAFE

SCRIPT = "newsdesk/search.js"
DATES_ID = "newsdesk-post-dates"
SEARCH_PAGE = "search"


def post_dates(app: Sphinx) -> list[list[str]]:
    """``[docname, date]`` of every post with a date, newest first (ties by docname)."""
    posts = get_posts_domain(app.env).posts
    dated = [(docname, post.date) for docname, post in posts.items() if post.date]
    dated.sort(key=lambda item: item[0])
    dated.sort(key=lambda item: instant(item[1]), reverse=True)
    return [[docname, date] for docname, date in dated]


def add_search_script(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """html-page-context: on the search page only, the posts' dates (JSON) and search.js.

    ``app.add_js_file`` at html-page-context adds to this page only (Sphinx restores the
    list of scripts after each page)."""
    if pagename != SEARCH_PAGE or app.builder.format != "html":
        return
    dates = json.dumps(post_dates(app), ensure_ascii=False, separators=(",", ":"))
    app.add_js_file(None, body=dates.translate(SCRIPT_UNSAFE), type="application/json", id=DATES_ID)
    app.add_js_file(SCRIPT, defer="defer")
