"""Every feed is valid Atom (RFC 4287): id, title, updated, links and an author on every
feed; an entry's `updated` moves when a change to its post is committed, and only then."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from datetime import datetime
from pathlib import Path

import feedparser
import helpers
import pytest
from helpers import REPO, sphinx_command
from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"
BASE = "https://techpulse.example.org/"
EXTRA_POST = REPO / "tests/data/posts/week-41-small-models.md"
EDITED = "posts/2024/week-40-foundational-models.md"
FIRST_COMMIT = "2025-01-01T00:00:00+00:00"
EDIT_COMMIT = "2025-06-01T12:00:00+00:00"


def build(site: Path, out: Path, *, command_line: bool = False) -> None:
    """A strict build without warnings: in this process, or (incremental builds compared
    with clean ones) with the command line."""
    result = sphinx_command(site, out) if command_line else helpers.build(site, out)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr


def feeds(html: Path) -> dict[str, Path]:
    return {path.relative_to(html).as_posix(): path for path in sorted(html.rglob("atom.xml"))}


def entry_updates(html: Path) -> dict[tuple[str, str], str]:
    """(feed, entry id) -> the entry's `updated`, as written."""
    updates = {}
    for name, path in feeds(html).items():
        for entry in etree.parse(path).getroot().iter(f"{ATOM}entry"):
            updates[(name, entry.findtext(f"{ATOM}id"))] = entry.findtext(f"{ATOM}updated")
    return updates


def git(site: Path, *args: str, date: str | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": date or "", "GIT_COMMITTER_DATE": date or ""}
    command = ["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org", *args]
    subprocess.run(command, cwd=site, env=env, check=True, capture_output=True)


@pytest.fixture
def two_posts(site: Path) -> Path:
    shutil.copy(EXTRA_POST, site / "posts/2024" / EXTRA_POST.name)
    return site


@pytest.mark.slow
def test_every_feed_is_valid_atom(two_posts: Path, tmp_path: Path) -> None:
    build(two_posts, tmp_path / "out")
    html = tmp_path / "out/html"
    found = feeds(html)
    # The site's, a year's, a tag's and a person's feeds (categories and authors when used).
    assert {"blog/atom.xml", "blog/2024/atom.xml", "blog/tag/ai/atom.xml"} <= set(found)
    assert any(name.startswith("people/") for name in found)
    for name, path in found.items():
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (name, parsed.get("bozo_exception"))
        root = etree.parse(path).getroot()
        assert root.tag == f"{ATOM}feed", name
        assert root.findtext(f"{ATOM}id") == BASE + name
        assert root.findtext(f"{ATOM}title"), name
        links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
        assert links["self"] == BASE + name and links["alternate"].startswith(BASE), name
        # RFC 4287 4.1.1: the feed has an author (entries without one take it).
        feed_authors = [a.findtext(f"{ATOM}name") for a in root.findall(f"{ATOM}author")]
        assert feed_authors and all(feed_authors), name
        if not name.startswith("people/"):
            assert feed_authors == ["The Tech Pulse team"], name  # conf.py's author
        newest = None
        entries = root.findall(f"{ATOM}entry")
        assert entries, name
        for entry in entries:
            assert entry.findtext(f"{ATOM}id").startswith(BASE), name
            assert entry.findtext(f"{ATOM}title"), name
            assert entry.find(f"{ATOM}link").get("href") == entry.findtext(f"{ATOM}id"), name
            updated = datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))
            published = datetime.fromisoformat(entry.findtext(f"{ATOM}published"))
            assert updated.utcoffset() is not None and updated >= published, name
            newest = max(newest or updated, updated)
        # The feed's updated is its newest entry's: no build time in it.
        assert datetime.fromisoformat(root.findtext(f"{ATOM}updated")) == newest, name
        for entry in parsed.entries:
            assert entry.id and entry.title and entry.link and entry.updated, name
            assert entry.get("author") or parsed.feed.get("author"), name


@pytest.mark.slow
def test_updated_moves_with_the_committed_post_only(two_posts: Path, tmp_path: Path) -> None:
    site = two_posts
    git(site, "init", "-q")
    git(site, "add", ".")
    git(site, "commit", "-q", "-m", "first", date=FIRST_COMMIT)
    out = tmp_path / "incremental"
    build(site, out, command_line=True)
    before = entry_updates(out / "html")
    assert set(before.values()) == {FIRST_COMMIT}  # the later of the post's date and commit
    feeds_before = {name: path.read_bytes() for name, path in feeds(out / "html").items()}

    # Nothing committed changes: a rebuild, a touch of every post, an uncommitted edit.
    build(site, out, command_line=True)
    later = time.time() + 3600
    for post in (site / "posts").glob("*/*.md"):
        os.utime(post, (later, later))
    build(site, out, command_line=True)
    assert {n: p.read_bytes() for n, p in feeds(out / "html").items()} == feeds_before

    edited = site / EDITED
    edited.write_text(edited.read_text(encoding="utf-8") + "\nA correction.\n", "utf-8")
    build(site, out, command_line=True)
    assert entry_updates(out / "html") == before  # not committed yet: not published

    git(site, "commit", "-q", "-am", "correction", date=EDIT_COMMIT)
    build(site, out, command_line=True)
    after = entry_updates(out / "html")
    assert after.keys() == before.keys()
    post_url = BASE + EDITED.removesuffix(".md") + ".html"
    moved = {key for key in after if after[key] != before[key]}
    # Only the edited post's entries, in every feed listing it (site, year, tags, people).
    assert moved == {key for key in after if key[1].split("#")[0] == post_url}
    assert {key[0] for key in moved} >= {"blog/atom.xml", "blog/2024/atom.xml"}
    assert any(feed.startswith("people/") for feed, _ in moved)
    assert {after[key] for key in moved} == {EDIT_COMMIT}

    # A clean build of the same commit writes the same feeds, byte for byte.
    clean = tmp_path / "clean"
    build(site, clean, command_line=True)
    for name, path in feeds(out / "html").items():
        assert path.read_bytes() == (clean / "html" / name).read_bytes(), name


def test_without_history_updated_is_the_posts_date(site: Path, tmp_path: Path) -> None:
    """Outside a git work tree (a copied folder), nothing says when a post changed."""
    build(site, tmp_path / "out")
    for (name, _), updated in entry_updates(tmp_path / "out/html").items():
        assert updated == "2024-10-14T20:00:00+07:00", name
