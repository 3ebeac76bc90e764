"""Atom feeds for the site and for each of ablog's collections, written with feedgen.

ablog's feeds take `updated` from the build time (so the feed changes on every build),
convert dates through the build machine's timezone, nest <p> and drop author links.
These feeds carry each post's own instant and offset, the registry's author links, and
are written only when their bytes change.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from ablog.blog import Blog
from ablog.post import register_posts
from feedgen.feed import FeedGenerator
from sphinx.application import Sphinx
from sphinx.locale import get_translation

from .outputs import note_output
from .posts import get_posts_domain, instant, listing_digest
from .regenerate import keep, remember, up_to_date
from .writing import write_atomically

_ = get_translation("newsdesk")


def site_base_url(app: Sphinx) -> str:
    base = app.config.html_baseurl or app.config.blog_baseurl
    return base.rstrip("/") + "/"


def build_feed(
    app: Sphinx, posts: list[tuple[str, dict[str, Any]]], feed_path: str, title: str
) -> bytes:
    base = site_base_url(app)
    people = app.config.newsdesk_people
    feed = FeedGenerator()
    feed_url = urljoin(base, feed_path)
    feed.id(feed_url)
    feed.title(title)
    feed.link(href=base, rel="alternate")
    feed.link(href=feed_url, rel="self")
    feed.language(app.config.language or "en")
    feed.generator("Tech Pulse newsdesk")
    if app.config.blog_feed_subtitle:
        feed.subtitle(app.config.blog_feed_subtitle)
    newest = None
    length = app.config.blog_feed_length
    for docname, post in posts[:length] if length else posts:
        url = urljoin(base, app.builder.get_target_uri(docname))
        published = datetime.fromisoformat(post["date"])
        newest = max(newest or published, published)
        entry = feed.add_entry(order="append")
        entry.id(url)
        entry.title(post["title"])
        entry.link(href=url, rel="alternate")
        entry.published(published)
        entry.updated(published)
        for pid in post["author"]:
            person = people.get(pid, {"name": pid, "url": ""})
            entry.author(
                {"name": person["name"], "uri": person["url"]}
                if person["url"]
                else {"name": person["name"]}
            )
        for tag in post["tags"]:
            entry.category(term=tag, label=tag)
        if post["excerpt"]:
            entry.summary(post["excerpt"])
    if newest is not None:
        feed.updated(newest)
    else:
        feed.updated(datetime.fromisoformat("1970-01-01T00:00:00+00:00"))
    return feed.atom_str(pretty=True)


def write_feeds(app: Sphinx, exception: Exception | None) -> None:
    """build-finished: the site feed and one per tag, category, author and year."""
    if exception is not None or app.builder.format != "html" or not site_base_url(app).strip("/"):
        return
    if "ablog" not in app.extensions:
        return  # the collections come from ablog; without it there are no posts to list
    digest = listing_digest(app)
    if up_to_date(app, "feeds", digest):
        keep(app, "feeds")
        return
    domain = get_posts_domain(app.env)
    published = [(d, p) for d, p in sorted(domain.posts.items()) if p["date"] and not p["draft"]]
    # By the instant each post names (ISO strings with different offsets do not sort).
    published.sort(key=lambda item: (instant(item[1]["date"]), item[1]["title"]), reverse=True)
    outdir = Path(app.builder.outdir)
    blog_path = app.config.blog_path
    site_title = app.config.blog_title
    feeds: dict[str, tuple[str, list[tuple[str, dict[str, Any]]]]] = {
        f"{blog_path}/atom.xml": (site_title, published)
    }
    blog = Blog(app)
    if not blog:  # ablog registers its posts lazily, when it makes its pages
        register_posts(app)
    catalogs = [
        (_("Posts by"), blog.author, "author"),
        (_("Posts in"), blog.category, "category"),
        (_("Posts tagged"), blog.tags, "tags"),
    ]
    for header, catalog, key in catalogs:
        for collection in catalog:
            members = [(d, p) for d, p in published if collection.label in p[key]]
            if members:
                title = f"{site_title} - {header} {collection}"
                feeds[f"{collection.path}/atom.xml"] = (title, members)
    for collection in blog.archive:
        members = [(d, p) for d, p in published if p["date"][:4] == str(collection.label)]
        if members:
            title = f"{site_title} - {_('Posted in')} {collection}"
            feeds[f"{collection.path}/atom.xml"] = (title, members)
    for feed_path, (title, members) in feeds.items():
        write_atomically(outdir / feed_path, build_feed(app, members, feed_path, title))
        note_output(app, feed_path)
    remember(app, "feeds", digest, feeds)


def setup(app: Sphinx) -> None:
    app.connect("build-finished", write_feeds)
