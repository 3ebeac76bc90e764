"""Atom feeds for the site and for each of ablog's collections, written with feedgen.

ablog's feeds take `updated` from the build time (so the feed changes on every build),
convert dates through the build machine's timezone, nest <p> and drop author links.
These feeds carry each post's own instant and offset, the registry's author links, and
are written only when their bytes change.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin

from ablog.blog import Blog, Catalog
from ablog.post import register_posts
from sphinx.application import Sphinx
from sphinx.locale import get_translation

from ..build.outputs import note_output
from ..build.regeneration import keep, remember, up_to_date
from ..build.writing import write_atomically
from ..internals.sphinx import attach, attached, attached_or_new
from ..people.registry import Person
from ..site.atom import Feed, FeedEntry, atom_feed
from .posts import get_posts_domain, instant, listing_digest
from .records import PostRecord

_ = get_translation("newsdesk")

COMMIT_TIMES_KEY = "_newsdesk_commit_times"
FEED_PATHS_KEY = "_newsdesk_feed_paths"
COMMIT_BY_DOC_KEY = "_newsdesk_commit_by_doc"


def site_base_url(app: Sphinx) -> str:
    base = app.config.html_baseurl or app.config.blog_baseurl
    return base.rstrip("/") + "/"


def _git(srcdir: Path, *args: str) -> str:
    # No repository hook (fsmonitor) runs; paths are printed as they are.
    command = ["git", "-c", "core.fsmonitor=false", "-c", "core.quotepath=off", *args]
    return subprocess.run(
        command, cwd=srcdir, capture_output=True, text=True, check=True, timeout=60
    ).stdout


def commit_times(srcdir: Path, folders: list[str]) -> dict[Path, datetime]:
    """The time of the last commit that changed each file under ``folders`` (edits not
    committed yet are not published: they move nothing). Empty outside a git work tree.
    In a shallow clone (Read the Docs clones 50 commits deep) a file first seen in a
    boundary commit is left out: that commit is not when it changed."""
    try:
        top = Path(_git(srcdir, "rev-parse", "--show-toplevel").strip())
        shallow_file = Path(srcdir, _git(srcdir, "rev-parse", "--git-path", "shallow").strip())
        boundary = set(shallow_file.read_text().split()) if shallow_file.is_file() else set()
        log = _git(
            srcdir, "log", "--format=%x01%H %ct", "--name-only", "--no-renames", "--", *folders
        )
    except (OSError, subprocess.SubprocessError, UnicodeDecodeError):
        return {}
    times: dict[Path, datetime] = {}
    seen: set[Path] = set()
    moment: datetime | None = None
    for line in log.splitlines():
        if line.startswith("\x01"):
            commit, seconds = line[1:].split()
            moment = None if commit in boundary else datetime.fromtimestamp(int(seconds), UTC)
        elif line:
            path = (top / line).resolve()
            if path not in seen:
                seen.add(path)
                if moment is not None:
                    times[path] = moment
    return times


def updated_instants(app: Sphinx, dated: dict[str, str]) -> dict[str, str]:
    """RFC 4287 4.2.15: an entry's `updated` is when it last changed. For the entries of
    a post (``dated``: docname -> the post's date), the later of its date and the last
    commit that changed its file: it moves when a change to the post is committed, and
    only then (a checkout, a touch or an uncommitted edit move nothing). A pure function
    of the sources and their history, so a clean build and an incremental one agree, and
    no clock or timezone of the build machine enters. Without git history, the date."""
    instants = {}
    for docname, date in dated.items():
        published = datetime.fromisoformat(date)
        committed = last_commit(app, docname)
        instants[docname] = max(published, committed or published).isoformat()
    return instants


def last_commit(app: Sphinx, docname: str) -> datetime | None:
    """When a change to the post's file was last committed (looked up once per build)."""
    commits = attached(app.builder, COMMIT_TIMES_KEY, None)
    if commits is None:
        srcdir = Path(app.srcdir)
        paths = [Path(app.env.doc2path(name)) for name in get_posts_domain(app.env).posts]
        folders = {str(p.parent.relative_to(srcdir)) for p in paths if p.is_relative_to(srcdir)}
        commits = commit_times(srcdir, sorted(folders)) if folders else {}
        attach(app.builder, COMMIT_TIMES_KEY, commits)
    by_doc: dict[str, datetime | None] = attached_or_new(app.builder, COMMIT_BY_DOC_KEY, dict)
    if docname not in by_doc:
        # Path.resolve() stats every folder of the path: once per post and build.
        by_doc[docname] = commits.get(Path(app.env.doc2path(docname)).resolve())
    return by_doc[docname]


def feeds_digest(app: Sphinx, posts: list[tuple[str, PostRecord]]) -> str:
    """The listings' digest and every entry's `updated`."""
    updates = updated_instants(app, {docname: post.date for docname, post in posts})
    data = listing_digest(app) + json.dumps(updates, sort_keys=True)
    return hashlib.sha256(data.encode()).hexdigest()


def build_feed(
    app: Sphinx,
    posts: list[tuple[str, PostRecord]],
    feed_path: str,
    title: str,
    updates: dict[str, str],
) -> bytes:
    base = site_base_url(app)
    people: dict[str, Person] = app.config.newsdesk_people
    entries = []
    length = app.config.blog_feed_length
    for docname, post in posts[:length] if length else posts:
        authors = []
        for pid in post.author:
            person = people.get(pid)
            name = person.name if person else pid
            authors.append(
                {"name": name, "uri": person.url} if person and person.url else {"name": name}
            )
        entries.append(
            FeedEntry(
                id=urljoin(base, app.builder.get_target_uri(docname)),
                title=post.title,
                published=datetime.fromisoformat(post.date),
                updated=datetime.fromisoformat(updates[docname]),
                authors=authors,
                tags=list(post.tags),
                summary=post.excerpt or None,
            )
        )
    feed = Feed(
        url=urljoin(base, feed_path),
        title=title,
        page=base,
        author={"name": app.config.author or app.config.project},
        language=app.config.language or "en",
        entries=entries,
        subtitle=app.config.blog_feed_subtitle or "",
    )
    return atom_feed(feed)


def published_posts(app: Sphinx) -> list[tuple[str, PostRecord]]:
    """The published posts, newest first by the instant each names (ISO strings with
    different offsets do not sort)."""
    domain = get_posts_domain(app.env)
    published = [(d, p) for d, p in sorted(domain.posts.items()) if p.date and not p.draft]
    published.sort(key=lambda item: (instant(item[1].date), item[1].title), reverse=True)
    return published


def writes_feeds(app: Sphinx) -> bool:
    """Whether this build writes feeds: HTML, a base URL, and ablog's collections."""
    return (
        app.builder.format == "html"
        and bool(site_base_url(app).strip("/"))
        and "ablog" in app.extensions
    )


def planned_feeds(
    app: Sphinx, published: list[tuple[str, PostRecord]]
) -> dict[str, tuple[str, list[tuple[str, PostRecord]]]]:
    """Every feed the site has: its path, title and posts (the site's first)."""
    blog_path = app.config.blog_path
    site_title = app.config.blog_title
    feeds: dict[str, tuple[str, list[tuple[str, PostRecord]]]] = {
        f"{blog_path}/atom.xml": (site_title, published)
    }
    blog = Blog(app)
    if not blog:  # ablog registers its posts lazily, when it makes its pages
        register_posts(app)
    catalogs: list[tuple[str, Catalog, Callable[[PostRecord], tuple[str, ...]]]] = [
        (_("Posts by"), blog.author, lambda post: post.author),
        (_("Posts in"), blog.category, lambda post: post.category),
        (_("Posts tagged"), blog.tags, lambda post: post.tags),
    ]
    for header, catalog, key in catalogs:
        for collection in catalog:
            members = [(d, p) for d, p in published if collection.label in key(p)]
            if members:
                title = f"{site_title} - {header} {collection}"
                feeds[f"{collection.path}/atom.xml"] = (title, members)
    for collection in blog.archive:
        members = [(d, p) for d, p in published if p.date[:4] == str(collection.label)]
        if members:
            title = f"{site_title} - {_('Posted in')} {collection}"
            feeds[f"{collection.path}/atom.xml"] = (title, members)
    return feeds


def feed_paths(app: Sphinx) -> frozenset[str]:
    """The paths of the feeds this build writes (worked out once per build), so pages
    link only feeds that exist."""
    paths: frozenset[str] | None = attached(app.builder, FEED_PATHS_KEY, None)
    if paths is None:
        planned = planned_feeds(app, published_posts(app)) if writes_feeds(app) else {}
        paths = frozenset(planned)
        attach(app.builder, FEED_PATHS_KEY, paths)
    return paths


def site_feed_path(app: Sphinx) -> str:
    return f"{app.config.blog_path}/atom.xml"


def write_feeds(app: Sphinx, exception: Exception | None) -> None:
    """build-finished: the site feed and one per tag, category, author and year."""
    if exception is not None or not writes_feeds(app):
        return
    published = published_posts(app)
    digest = feeds_digest(app, sorted(published))
    if up_to_date(app, "feeds", digest):
        keep(app, "feeds")
        return
    outdir = Path(app.builder.outdir)
    feeds = planned_feeds(app, published)
    updates = updated_instants(app, {docname: post.date for docname, post in published})
    for feed_path, (title, members) in feeds.items():
        feed = build_feed(app, members, feed_path, title, updates)
        write_atomically(outdir / feed_path, feed)
        note_output(app, feed_path)
    remember(app, "feeds", digest, feeds)
