"""The bench harness (issue 13): one corpus in four flavours with the same posts, Jekyll's
and Hugo's builds of it doing the same kinds of pages, and `bench/run.py` end to end
(rounds, ratios with targets, a missing peer skipped with a message)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import feedparser
import pytest
import yaml
from bs4 import BeautifulSoup
from helpers import REPO

sys.path.insert(0, str(REPO / "bench"))
import generate  # bench/generate.py
import run  # bench/run.py

POSTS = 8  # eight weeks of 2015: every kind of page, in a few seconds
VOCABULARY = set(generate.WORDS)


def split_front_matter(text: str) -> tuple[dict[str, object], str]:
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


def prose_words(text: str) -> Counter[str]:
    """The generated words (the vocabulary the corpus is written from), markup aside."""
    return Counter(word for word in re.findall(r"[a-z]+", text.lower()) if word in VOCABULARY)


def corpus(root: Path, flavour: str) -> dict[str, dict[str, object]]:
    """Each post of a generated site by slug: title, date, tags, author, words."""
    posts: dict[str, dict[str, object]] = {}
    pattern = {"jekyll": "_posts/*.md", "hugo": "content/posts/*/*.md"}.get(flavour, "posts/*/*.md")
    for path in sorted(root.glob(pattern)):
        front, body = split_front_matter(path.read_text(encoding="utf-8"))
        if flavour in ("jekyll", "hugo"):
            title = str(front["title"])
            text = title + "\n" + body
            author = front["author"]
        else:
            title = body.split("\n# ", 1)[1].split("\n", 1)[0]
            text = body
            author = (front.get("author") or [None])[0]  # type: ignore[index]
        slug = re.sub(r"^\d{4}-\d\d-\d\d-", "", path.stem)
        tags = [str(tag).replace("_", "-") for tag in front["tags"]]  # type: ignore[attr-defined]
        date = str(front["date"])[:10]
        posts[slug] = {"title": title, "date": date, "tags": tags, "words": prose_words(text)}
        if author:
            posts[slug]["author"] = author
    return posts


def test_every_flavour_has_the_same_posts(tmp_path: Path) -> None:
    sites = {f: generate.generate(tmp_path / f, POSTS, flavour=f) for f in generate.FLAVOURS}
    reference = corpus(sites["newsdesk"], "newsdesk")
    assert len(reference) == POSTS
    total = sum(sum(post["words"].values()) for post in reference.values())  # type: ignore[attr-defined]
    assert total > POSTS * 700  # an essay of about 600 words and 4-6 stories each
    for flavour in ("plain", "jekyll", "hugo"):
        posts = corpus(sites[flavour], flavour)
        assert posts.keys() == reference.keys(), flavour
        for slug, post in reference.items():
            other = posts[slug]
            for key in ("title", "date", "tags", "words"):
                assert other[key] == post[key], (flavour, slug, key)
            if flavour != "plain":  # the plain site has no authors
                assert other["author"] == post["author"], (flavour, slug)
    # Seeded: the same corpus again, byte for byte.
    again = generate.generate(tmp_path / "again", POSTS, flavour="hugo")
    for path in sorted(sites["hugo"].rglob("*.md")):
        twin = again / path.relative_to(sites["hugo"])
        assert twin.read_bytes() == path.read_bytes()


def peer_or_skip(name: str) -> run.Peer:
    peer = next(p for p in run.PEERS if p.name == name)
    missing = peer.missing()
    if missing:
        pytest.skip(f"{name}: {missing} (make bench installs it)")
    return peer


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


@pytest.mark.parametrize("name", ["Jekyll", "Hugo"])
def test_peer_builds_the_same_kinds_of_pages(tmp_path: Path, name: str) -> None:
    """Post pages with the sidebars (recent, tags, years), home, tag and year archives,
    the site feed and a feed per tag: the work a newsdesk build does, to compare it."""
    peer = peer_or_skip(name)
    src = generate.generate(tmp_path / "site", POSTS, flavour=peer.flavour)
    out = tmp_path / "out"
    assert peer.clean_build(src, out) is not None, peer.skipped
    posts = generate.posts(POSTS)
    tags = Counter(tag for post in posts for tag in post.tags)
    for post in posts:
        page = soup(out / "posts" / str(post.day.year) / post.slug / "index.html")
        assert page.h1 is not None and page.h1.get_text() == post.title
        sidebar = page.find("aside")
        assert sidebar is not None
        assert len(sidebar.find_all("ul")[0].find_all("a")) == 5  # recent posts
        for link in sidebar.find_all("a"):
            target = out / str(link["href"]).strip("/") / "index.html"
            assert target.exists(), (post.slug, link["href"])
    for tag, count in tags.items():
        archive = soup(out / "blog" / "tag" / tag / "index.html")
        assert len(archive.select("ul.posts > li")) == count, tag
    assert len(soup(out / "blog" / "2015" / "index.html").select("ul.posts > li")) == POSTS
    feed = feedparser.parse((out / "atom.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert len(feed.entries) == POSTS
    tag, count = tags.most_common(1)[0]
    tag_feed = {
        "Jekyll": f"blog/tag/{tag.replace('-', '_')}.xml",
        "Hugo": f"blog/tag/{tag}/index.xml",
    }
    parsed = feedparser.parse((out / tag_feed[name]).read_bytes())
    assert not parsed.bozo, parsed.bozo_exception
    assert len(parsed.entries) == count


def test_a_missing_peer_is_named_with_its_packages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # nothing on it
    assert "Debian: jekyll" in (run.jekyll_missing() or "")
    assert "Debian: hugo" in (run.hugo_missing() or "")


@pytest.mark.slow
def test_bench_run_reports_the_ratios(tmp_path: Path) -> None:
    """One round at 3 posts; Hugo hidden from PATH, so it is skipped and its ratio n/a."""
    tools = tmp_path / "bin"
    tools.mkdir()
    for tool in ("make", "jekyll", "ruby"):
        if found := shutil.which(tool):
            (tools / tool).symlink_to(found)
    output = tmp_path / "results.json"
    result = subprocess.run(
        [
            sys.executable,
            "run.py",
            "3",
            "--rounds",
            "1",
            "--work",
            str(tmp_path / "work"),
            "--output",
            str(output),
        ],
        cwd=REPO / "bench",
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": str(tools)},
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "skipping Hugo: hugo is not installed (Debian: hugo)" in result.stdout
    report = json.loads(output.read_text(encoding="utf-8"))
    measured = report["results"]["3"]
    measured_names = ("full", "no-change", "edit", "add", "add-middle", "serve-edit")
    for name in (*measured_names, "plain-full", "plain-no-change"):
        assert len(measured[name]["runs"]) == 1 and measured[name]["seconds"] > 0, name
    assert "hugo-full" not in measured and "Hugo" in report["skipped"]
    # "add" built the next week's post (its source is gone again, its page stays).
    following = generate.posts(4)[-1]
    assert (tmp_path / f"work/out-3/html/posts/2015/{following.slug}.html").is_file()
    assert not (tmp_path / f"work/site-3/posts/2015/{following.slug}.md").exists()
    ratios = {row["name"]: row for row in report["ratios"]}
    assert ratios["newsdesk edit / Hugo full (3)"]["status"] == "n/a"
    memory = ratios["newsdesk peak memory (3)"]
    assert memory["status"] == ("pass" if memory["value"] <= 300 else "MISS")
    add = ratios["newsdesk add (next week's post) / edit (3)"]
    add_seconds, edit_seconds = measured["add"]["seconds"], measured["edit"]["seconds"]
    expected = add_seconds / edit_seconds
    # The report rounds seconds and ratios to 3 decimals: the ratio of the rounded
    # seconds may differ by the rounding of both, carried through the division.
    rounding = 5e-4 + expected * (5e-4 / add_seconds + 5e-4 / edit_seconds)
    assert add["value"] == pytest.approx(expected, abs=rounding)
    # make serve's process: the seconds from the save to the edited page on disk.
    serve = ratios["make serve: edit to page on disk (3)"]
    assert serve["value"] == pytest.approx(measured["serve-edit"]["seconds"], abs=1e-3)
    assert serve["unit"] == " s" and serve["status"] in ("pass", "MISS")
    # The preview wrote the site; the edit (waited for in it) is undone on disk and page.
    previewed = list((tmp_path / "work/serve-3/html/posts").rglob("*.html"))
    assert len(previewed) == 3
    assert not [p for p in previewed if "Edited in the preview" in p.read_text("utf-8")]
    assert not [p for p in (tmp_path / "work/site-3").rglob("*.md") if "Edited" in p.read_text()]
    jekyll = ratios["newsdesk full / Jekyll full (3)"]
    if shutil.which("jekyll"):
        assert jekyll["status"] in ("pass", "MISS") and "jekyll-full" in measured
    else:
        assert jekyll["status"] == "n/a"
    assert "| newsdesk full / Jekyll full (3) |" in result.stdout
