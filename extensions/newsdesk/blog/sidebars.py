"""What a page shows of other posts, and sidebar fragments rendered once per folder.

Every page's sidebars list the site's tags and years, and some pages the newest posts; a
post shows its neighbours (previous and next issue) and a page with a ``{postlist}`` shows
the posts' listing data. So that a new post rewrites only the pages whose content it
changes, never leaving one stale, each document page keeps a digest of exactly those
inputs (:func:`page_input_digests`, compared by ``newsdesk.blog.posts``):

- the tag cloud shows the set of tags and the archives the set of years, without
  per-post counts or sizes (the catalog pages, ``blog/tag`` and ``blog/archive``, count);
- the list of the newest posts shows on the site's own pages and the all-posts listing's
  front page (:func:`shows_recent_posts`); elsewhere the block is a link to that listing;
- a post's previous and next posts; a page holding a post list, every post's listing data.

pydata-sphinx-theme renders each sidebar component twice (once to drop empty ones): at
520 posts that was about a tenth of a full build. The tag cloud's and archives' only
per-page part is relative links, which depend on the page's folder alone, so they are
rendered once per folder.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup
from sphinx.application import Sphinx

from ..internals.sphinx import attached_or_new
from .ablog import internals as ablog_internals

CACHE_KEY = "_newsdesk_sidebar_fragments"
OTHER_PAGES_KEY = "_newsdesk_other_pages"
RECENT_SHOWN = 5  # ablog/recentposts.html: ablog.recent(5, pagename)


def shows_recent_posts(app: Sphinx, pagename: str) -> bool:
    """Whether the page lists the newest posts: the site's own pages (the home page
    among them) and the front page of the all-posts listing (``blog``), not posts, the
    other listings or the all-posts listing's numbered pages, so that a new post does not
    change every page (newsdesk.blog.pagination)."""
    if pagename == app.config.blog_path:
        return True
    env = app.env
    return pagename in env.found_docs and pagename not in ablog_internals.posts_read(env)


def _listed(env: Any) -> list[dict[str, Any]]:
    """ablog's published posts (those with a date: newsdesk.blog.drafts decides the
    rest), oldest first, as ablog orders them: by date, then title."""
    entries = []
    for docname, infos in sorted(ablog_internals.posts_read(env).items()):
        for info in infos:
            date = info.get("date")
            if not isinstance(date, datetime):
                continue
            entries.append(
                {
                    "doc": docname,
                    "section": info.get("section") or "",
                    "title": str(info.get("title") or ""),
                    "date": date.isoformat(),
                    "order": bool(info.get("order")),
                    "tags": [str(tag) for tag in info.get("tags") or []],
                    "year": date.year,
                    "sort": date,
                }
            )
    entries.sort(key=lambda entry: (entry["sort"], entry["title"], entry["doc"]))
    return entries


def _shown(entry: dict[str, Any] | None) -> list[str] | None:
    if entry is None:
        return None
    return [entry["doc"], entry["section"], entry["title"], entry["date"]]


class OtherPages:
    """What pages show of other pages, from the environment as read: the navigation
    (site pages' titles and toctrees), the tags and years in every sidebar, the newest
    posts, and each post's neighbours."""

    def __init__(self, app: Sphinx) -> None:
        env = app.env
        self.app = app
        posts = ablog_internals.posts_read(env)
        entries = _listed(env)
        # Site pages' titles and toctrees are in every page's navigation (stock Sphinx
        # rewrites only the page whose title changed).
        navigation = sorted(
            (doc, env.titles[doc].astext(), env.toctree_includes.get(doc, []))
            for doc in env.found_docs
            if doc not in posts and doc in env.titles
        )
        self.shared = json.dumps(
            {
                "navigation": navigation,
                "tags": sorted({tag for entry in entries for tag in entry["tags"]}),
                "years": sorted({entry["year"] for entry in entries}),
            },
            sort_keys=True,
        )
        # One more than shown: ablog.recent leaves out the page's own post.
        self.recent = json.dumps([_shown(e) for e in reversed(entries[-(RECENT_SHOWN + 1) :])])
        # ablog links a post to its neighbours among the posts it orders (link_posts).
        linked = [entry for entry in entries if entry["order"]]
        self.neighbours: dict[str, list[Any]] = {}
        for index, entry in enumerate(linked):
            before = linked[index - 1] if index > 0 else None
            after = linked[index + 1] if index + 1 < len(linked) else None
            self.neighbours.setdefault(entry["doc"], []).append([_shown(before), _shown(after)])

    def sidebars(self, pagename: str) -> str:
        """What the page's sidebars show: the same for every page but the newest posts."""
        if shows_recent_posts(self.app, pagename):
            return self.shared + "\n" + self.recent
        return self.shared

    def digest(self, pagename: str, *shown: str) -> str:
        """The page's digest: its sidebars, its neighbours (a post), and ``shown``."""
        parts = [self.sidebars(pagename), json.dumps(self.neighbours.get(pagename)), *shown]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def other_pages(app: Sphinx) -> OtherPages:
    """OtherPages for this build's writing (the environment no longer changes then)."""
    return attached_or_new(app.builder, OTHER_PAGES_KEY, lambda: OtherPages(app))


def page_input_digests(
    app: Sphinx, docnames: Iterable[str], listing: str, postlists: set[str]
) -> dict[str, str]:
    """Each document page's digest of what it shows from other pages (OtherPages), and
    ``listing`` (every post's listing data) on a page holding a ``{postlist}``."""
    other = OtherPages(app)
    return {doc: other.digest(doc, listing if doc in postlists else "") for doc in docnames}


def add_fragment_renderer(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """html-page-context: templates call newsdesk_per_folder("template.html"), and
    ablog/recentposts.html lists the newest posts where ``newsdesk_recent_posts``."""
    cache: dict[tuple[str, str], Markup] = attached_or_new(app.builder, CACHE_KEY, dict)

    @pass_context
    def per_folder(jinja_context: Context, template: str) -> Markup:
        here = jinja_context["pagename"]
        key = (template, posixpath.dirname(here))
        if key not in cache:
            source = jinja_context.environment.get_template(template)
            html = source.render(jinja_context.get_all())
            # Sphinx's pathto gives "#" for the page being rendered: the fragment would
            # link the first page's own tag or year to "#" on every page of its folder.
            own = posixpath.basename(app.builder.get_target_uri(here))
            cache[key] = Markup(html.replace('href="#"', f'href="{own}"'))
        return cache[key]

    context["newsdesk_per_folder"] = per_folder
    context["newsdesk_recent_posts"] = shows_recent_posts(app, pagename)
