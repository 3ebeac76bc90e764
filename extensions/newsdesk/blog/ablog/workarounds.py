"""Work-arounds for ablog 0.11 shortfalls, each named after what it fixes.

Nothing here edits ablog; it adjusts configuration before ablog reads it and resets
ablog's class-level state between builds.
"""

from __future__ import annotations

import ablog.blog
from ablog.blog import Blog
from ablog.post import PostList, register_posts
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment

from ...build.regeneration import cached_pages
from ...people.registry import Person
from ..pagination import paginated
from ..posts import get_posts_domain, instant, listing_digest

PYDATA_THEMES = {"pydata_sphinx_theme", "sphinx_book_theme"}


def adjust_ablog_config(app: Sphinx, config: Config) -> None:
    """config-inited (before ablog's own handler reads the values)."""
    people: dict[str, Person] = config.newsdesk_people
    if people and "blog_authors" not in config._raw_config:
        # One people registry: ablog's author pages come from it, not a second list.
        config.blog_authors = {pid: (p.name, p.url) for pid, p in people.items()}
    # pydata-sphinx-theme sets fontawesome_included at builder-inited, after the saved
    # environment was compared with the config, so every build reports "config changed"
    # and re-reads every page. Setting it here, first, keeps incremental builds incremental.
    if config.html_theme in PYDATA_THEMES and "fontawesome_included" not in config._raw_config:
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
    the build, by the instant the post names; make ablog list everything it is given."""
    ablog.blog.TOMORROW = ablog.blog.FUTURE


def reset_ablog_state(app: Sphinx) -> None:
    """builder-inited: ablog's Blog keeps every post in a class attribute shared by all
    Sphinx applications in the process (tests, autobuild), so a second build saw the
    first build's posts. Start each build empty."""
    Blog._dict.clear()


def merge_ablog_posts(
    app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
) -> None:
    """env-merge-info: ablog keeps its posts in ``env.ablog_posts`` and has no merge
    handler, so it declares itself unsafe for parallel reading (ablog issues 297, 327)
    and ``-j`` falls back to a serial read. Copy only what this worker read."""
    mine = env.__dict__.setdefault("ablog_posts", {})
    theirs = getattr(other, "ablog_posts", {})
    for docname in docnames:
        if docname in theirs:
            mine[docname] = theirs[docname]


def declare_ablog_parallel_safe(app: Sphinx, config: Config) -> None:
    """config-inited: with merge_ablog_posts in place ablog's reading is parallel-safe:
    its other per-document data (labels, metadata) lives in Sphinx's own domains and
    collectors, which merge themselves, and its Blog object is rebuilt from
    ``env.ablog_posts`` in the main process when pages are written."""
    extension = app.extensions.get("ablog")
    if extension is not None:
        extension.parallel_read_safe = True


def cache_ablog_pages(app: Sphinx, config: Config) -> None:
    """config-inited: ablog re-renders its ~70 collection pages on every build (most of a
    no-change rebuild at 520 posts); make its html-collect-pages handler run only when the
    posts' listing data changed (newsdesk.build.regeneration), and write its listings in pages
    (newsdesk.blog.pagination)."""
    from ablog.post import generate_archive_pages

    listeners = app.events.listeners.get("html-collect-pages", [])
    for listener in list(listeners):
        if listener.handler is generate_archive_pages:
            app.disconnect(listener.id)
            app.connect(
                "html-collect-pages",
                cached_pages("ablog", listing_digest, paginated(generate_archive_pages)),
                priority=listener.priority,
            )


def register_ablog_posts(app: Sphinx, builder: object) -> None:
    """write-started: ablog registers its posts when the first page is resolved or its
    own pages are made. When neither happens (a no-change rebuild, whose collection
    pages are kept), pages Sphinx always writes (genindex, search) had empty sidebars."""
    blog = Blog(app)
    if not blog:
        register_posts(app)


def postlists_outside_html(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved, before ablog's handler: outside HTML (LaTeX/PDF, text, man) the
    posts are not pages of the output, and ablog's post list crashes linking to them
    (NoUri). List them as text there: title and date, newest first."""
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


def setup(app: Sphinx) -> None:
    app.connect("doctree-resolved", postlists_outside_html, priority=400)
    app.connect("write-started", register_ablog_posts)
    app.connect("config-inited", cache_ablog_pages)
    app.connect("config-inited", publish_by_newsdesk)
    app.connect("config-inited", adjust_ablog_config, priority=400)
    app.connect("config-inited", declare_ablog_parallel_safe)
    app.connect("env-merge-info", merge_ablog_posts)
    app.connect("builder-inited", reset_ablog_state, priority=400)
