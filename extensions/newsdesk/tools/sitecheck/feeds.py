"""Feeds: every Atom feed parses cleanly and carries what feed readers rely on."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urldefrag

from .report import CheckResult

FEED_DIRS = ("blog", "people")
FEED_FIELDS = ("id", "title", "updated")


def site_feeds(root: Path) -> list[Path]:
    return sorted(path for folder in FEED_DIRS for path in (root / folder).rglob("*.xml"))


def check_feeds(root: Path) -> CheckResult:
    feeds = site_feeds(root)
    result = CheckResult(
        "feeds", f"{len(feeds)} Atom feeds under {' and '.join(d + '/' for d in FEED_DIRS)}"
    )
    try:
        import feedparser
    except ImportError:
        result.problems.append("feedparser is not installed: pip install -e '.[check]'")
        return result
    if not feeds:
        result.problems.append(
            "no feed at all under blog/ (ablog writes them when blog_baseurl is set)"
        )
    for path in feeds:
        relpath = path.relative_to(root).as_posix()
        result.problems += [
            f"{relpath}: {p}" for p in feed_problems(feedparser.parse(path), relpath, root)
        ]
    return result


def feed_problems(parsed: Any, relpath: str, root: Path) -> list[str]:
    problems: list[str] = []
    if parsed.bozo:
        problems.append(f"not well-formed: {parsed.bozo_exception}")
    if not str(parsed.version).startswith("atom"):
        problems.append(
            f"not an Atom feed (feedparser reads it as {parsed.version or 'unknown'!r})"
        )
    feed = parsed.feed
    problems += [f"the feed has no <{name}>" for name in FEED_FIELDS if not _has(feed, name)]
    self_links = [
        link.get("href", "") for link in feed.get("links", []) if link.get("rel") == "self"
    ]
    base = None
    if not self_links:
        problems.append('the feed has no <link rel="self">')
    elif not self_links[0].endswith("/" + relpath):
        problems.append(f"the self link {self_links[0]} is not this feed's address (…/{relpath})")
    else:
        base = self_links[0][: -len(relpath)]
    for number, entry in enumerate(parsed.entries, start=1):
        name = f"entry {number} ({entry.get('title') or entry.get('id') or 'untitled'})"
        problems += [f"{name} has no <{field}>" for field in FEED_FIELDS if not _has(entry, field)]
        link = entry.get("link") if _has(entry, "link") else None
        if not link:
            problems.append(f"{name} has no <link>")
        elif base and link.startswith(base):
            target = urldefrag(link)[0][len(base) :]
            if not (root / target).is_file() and not (root / target / "index.html").is_file():
                problems.append(f"{name} links to {link}, a page the site does not have")
    return problems


def _has(element: Any, name: str) -> bool:
    """Whether the feed itself carries ``name``: membership, because ``get("updated")``
    falls back to ``published`` in feedparser and would hide a missing <updated>."""
    return name in element and bool(str(element[name]).strip())
