"""Listings in pages (issue 11): all posts, tags, years, person pages; rel prev/next,
the page number in the title; person feeds capped like the site feed; no empty drafts
page; the home page's "next" is the older issues."""

from __future__ import annotations

import sys
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from helpers import REPO, parse, sphinx_command

sys.path.insert(0, str(REPO / "bench"))
from generate import generate

POSTS = 60  # 6 pages of 10; each of 6 people has about 40 takes


@pytest.fixture(scope="module")
def paged_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = generate(tmp_path_factory.mktemp("paged") / "site", POSTS)
    conf = src / "conf.py"
    conf.write_text(conf.read_text("utf-8") + "\nblog_feed_length = 7\n", "utf-8")
    out = src.parent / "out"
    result = sphinx_command(src, out, "-j", "2")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return out / "html"


def rel(page: BeautifulSoup, name: str) -> str | None:
    link = page.find("link", rel=name)
    return str(link["href"]) if link else None


def walk(root: Path, first: Path) -> list[Path]:
    """Follow rel="next" from ``first``; check each page's rel="prev" points back."""
    pages = [first]
    while (href := rel(parse(pages[-1]), "next")) is not None:
        following = (pages[-1].parent / href).resolve()
        assert following.is_file(), href
        back = rel(parse(following), "prev")
        assert back is not None and (following.parent / back).resolve() == pages[-1].resolve()
        pages.append(following)
        assert len(pages) < 100
    return pages


def post_links(page: Path) -> list[str]:
    return [a["href"] for a in parse(page).select(".ablog-post-title a")]


def test_all_posts_in_pages_of_ten(paged_html: Path) -> None:
    pages = walk(paged_html, paged_html / "blog.html")
    assert len(pages) == 6
    counts = [len(post_links(page)) for page in pages]
    assert counts == [10] * 6
    seen = {(page.parent / href).resolve() for page in pages for href in post_links(page)}
    assert seen == {path.resolve() for path in paged_html.glob("posts/*/*.html")}
    assert rel(parse(pages[0]), "prev") is None
    second = parse(pages[1])
    assert pages[1].relative_to(paged_html).as_posix() == "blog/page/2.html"
    assert "page 2" in second.title.get_text()
    assert "page" not in parse(pages[0]).title.get_text().split("—")[0].lower()
    # The footer's neighbours say which way and where to (it read "Older / Older").
    footer = [
        (a.select_one(".prev-next-subtitle").get_text(strip=True),
         a.select_one(".prev-next-title").get_text(strip=True))
        for a in second.select(".prev-next-area a")
    ]  # fmt: skip
    assert footer == [("newer", "Page 1 of 6"), ("older", "Page 3 of 6")]
    home = parse(paged_html / "index.html").select(".prev-next-area a .prev-next-title")
    assert [title.get_text(strip=True) for title in home] == ["Page 2 of 6"]


def test_tag_and_year_pages_are_paged(paged_html: Path) -> None:
    for first in [*paged_html.glob("blog/tag/*.html"), *paged_html.glob("blog/20*.html")]:
        pages = walk(paged_html, first)
        counts = [len(post_links(page)) for page in pages]
        assert all(count == 10 for count in counts[:-1]) and 1 <= counts[-1] <= 10, first
        for number, page in enumerate(pages[1:], 2):
            assert f"page {number}" in parse(page).title.get_text(), page


def test_person_pages_are_paged_and_feeds_capped(paged_html: Path) -> None:
    first = paged_html / "people/jackson.html"
    pages = walk(paged_html, first)
    takes = [len(parse(page).select("li.newsdesk-person-note")) for page in pages]
    assert len(pages) >= 2 and all(count == 10 for count in takes[:-1]), takes
    assert "page 2" in parse(pages[1]).title.get_text()
    feed = feedparser.parse((paged_html / "people/jackson/atom.xml").read_bytes())
    assert not feed.bozo and len(feed.entries) == 7
    assert sum(takes) > 7


def test_home_links_to_older_issues_and_no_empty_drafts(paged_html: Path) -> None:
    home = parse(paged_html / "index.html")
    assert rel(home, "next") == "blog/page/2.html"
    assert rel(home, "prev") is None
    assert not (paged_html / "blog/drafts.html").exists()
