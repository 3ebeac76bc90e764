"""Work-arounds for ablog 0.11 shortfalls, each named after what it fixes.

Nothing here edits ablog; it adjusts configuration before ablog reads it and resets
ablog's class-level state between builds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from ablog.blog import Blog
from ablog.post import PostList, register_posts
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment

from ...build.regeneration import cached_pages, page_digest_of
from ...internals.sphinx import replace_handler, set_in_conf_py
from ...people.registry import Person
from .. import pagination
from ..dates import site_timezone
from ..front_matter import META_KEY
from ..pagination import paginated
from ..posts import get_posts_domain, instant, listing_digest
from . import internals

PYDATA_THEMES = {"pydata_sphinx_theme", "sphinx_book_theme"}


def adjust_ablog_config(app: Sphinx, config: Config) -> None:
    """config-inited (before ablog's own handler reads the values)."""
    people: dict[str, Person] = config.newsdesk_people
    if people and not set_in_conf_py(config, "blog_authors"):
        # One people registry: ablog's author pages come from it, not a second list.
        config.blog_authors = {pid: (p.name, p.url) for pid, p in people.items()}
    # pydata-sphinx-theme sets fontawesome_included at builder-inited, after the saved
    # environment was compared with the config, so every build reports "config changed"
    # and re-reads every page (pydata-sphinx-theme issue 1222, closed, still so in 0.20).
    # Setting it here, first, keeps incremental builds incremental.
    if config.html_theme in PYDATA_THEMES and not set_in_conf_py(config, "fontawesome_included"):
        config.fontawesome_included = True
    # newsdesk.blog.feeds writes the Atom feeds (stable `updated`, offsets kept, author links):
    # an empty template set makes ablog write none of its own, while its pages still link
    # to blog/atom.xml and to one feed per collection.
    config.blog_feed_templates = {}
    config.blog_feed_archives = True


def publish_by_newsdesk(app: Sphinx, config: Config) -> None:
    """config-inited: ablog lists a post as a draft when its date, read as the build
    machine's local time, is after the machine's tomorrow (``ablog.blog.TOMORROW``, set
    when ablog is imported). newsdesk.blog.drafts already leaves every unpublished post out of
    the build, by the instant the post names; make ablog list everything it is given.
    Aware, as post dates are (dates_in_own_offset), so ablog can compare them."""
    internals.list_every_post()


def dates_in_own_offset(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read, after ablog: ablog keeps naive dates and shows ``date.strftime`` in
    its listings, archives and post lists (no upstream ablog issue found), so a post dated
    2023-01-29 22:30 -0800 showed Jan 30 on a UTC site. Give ablog the aware date in the
    post's own offset: its listings then show the day the author wrote, its archive years
    match, and it orders posts by the instants they name (aware datetimes compare so)."""
    infos = internals.posts_read(app.env).get(app.env.docname, [])
    site_tz = site_timezone(app.config.newsdesk_timezone)
    meta: dict[str, Any] = doctree.get(META_KEY, {})
    own = meta.get("date")
    for index, info in enumerate(infos):
        old = info["date"]
        if not isinstance(old, datetime) or old.tzinfo is not None:
            continue
        # The page's front matter date with its offset; other ablog dates in the site's.
        date = datetime.fromisoformat(own) if own and index == 0 else old.replace(tzinfo=site_tz)
        update = info["update"]
        if isinstance(update, datetime) and update.tzinfo is None:
            update = date if update == old else max(date, update.replace(tzinfo=site_tz))
        info["date"], info["update"] = date, update


def reset_ablog_state(app: Sphinx) -> None:
    """builder-inited: ablog's Blog keeps every post in a class attribute shared by all
    Sphinx applications in the process (tests, autobuild), so a second build saw the
    first build's posts. Start each build empty. (No upstream ablog issue found; tested
    by tests/test_in_process.py.)"""
    internals.forget_all_posts()


def merge_ablog_posts(
    app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
) -> None:
    """env-merge-info: ablog keeps its posts in ``env.ablog_posts`` and has no merge
    handler, so it declares itself unsafe for parallel reading (ablog issues 297, 327)
    and ``-j`` falls back to a serial read. Copy only what this worker read."""
    mine = internals.posts_to_merge_into(env)
    theirs = internals.posts_read(other)
    for docname in docnames:
        if docname in theirs:
            mine[docname] = theirs[docname]


def declare_ablog_parallel_safe(app: Sphinx, config: Config) -> None:
    """config-inited: with merge_ablog_posts in place ablog's reading is parallel-safe:
    its other per-document data (labels, metadata) lives in Sphinx's own domains and
    collectors, which merge themselves, and its Blog object is rebuilt from
    ``env.ablog_posts`` in the main process when pages are written."""
    internals.declare_parallel_read_safe(app)


def cache_ablog_pages(app: Sphinx, config: Config) -> None:
    """config-inited: ablog re-renders its ~70 collection pages on every build (most of a
    no-change rebuild at 520 posts; no upstream ablog issue found); make its
    html-collect-pages handler run only when the posts' listing data changed
    (newsdesk.build.regeneration), and write its listings in pages (newsdesk.blog.pagination)."""
    from ablog.post import generate_archive_pages

    def cached(handler: Callable[[Sphinx], Iterable[pagination.Page]]) -> object:
        pages = paginated(handler)
        # ablog makes every page's context (cheaply); each process renders its own share.
        return cached_pages(
            "ablog", listing_digest, lambda app, mine: pages(app), page_digest_of(pagination.shown)
        )

    replace_handler(app, "html-collect-pages", generate_archive_pages, cached)


def register_ablog_posts(app: Sphinx, builder: object) -> None:
    """write-started: ablog registers its posts when the first page is resolved or its
    own pages are made. When neither happens (a no-change rebuild, whose collection
    pages are kept), pages Sphinx always writes (genindex, search) had empty sidebars.
    The same root cause as ablog issue 316 (an empty blog.html on a rebuild), addressed
    upstream by ablog PR 321 after 0.11.13."""
    blog = Blog(app)
    if not blog:
        register_posts(app)


def postlists_outside_html(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved, before ablog's handler: outside HTML (LaTeX/PDF, text, man) the
    posts are not pages of the output, and ablog's post list crashes linking to them
    (NoUri). List them as text there: title and date, newest first. (No upstream ablog
    issue found; ablog PR 144 keeps its templates out of LaTeX builds, not its post
    lists.)"""
    if app.builder.format == "html":
        return
    posts = sorted(
        (post for post in get_posts_domain(app.env).posts.values() if post.date),
        key=lambda post: (instant(post.date), post.title),
        reverse=True,
    )
    for node in list(doctree.findall(PostList)):
        listing = nodes.bullet_list(classes=["postlist"])
        for post in posts[: node.get("length") or None]:
            shown = instant(post.date).strftime(app.config.post_date_format)
            listing += nodes.list_item("", nodes.paragraph("", f"{post.title} ({shown})"))
        node.replace_self(listing)
