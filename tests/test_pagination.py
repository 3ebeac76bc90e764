"""Listings in pages (issue 11): all posts, tags, years, person pages; rel prev/next,
the page number in the title; person feeds capped like the site feed; no empty drafts
page; the home page's "next" is the older issues."""

from __future__ import annotations

import sys
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from conftest import REPO, sphinx_build

sys.path.insert(0, str(REPO / "bench"))
from generate import generate

POSTS = 60  # 6 pages of 10; each of 6 people has about 40 takes


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = generate(tmp_path_factory.mktemp("paged") / "site", POSTS)
    conf = src / "conf.py"
    conf.write_text(conf.read_text("utf-8") + "\nblog_feed_length = 7\n", "utf-8")
    out = src.parent / "out"
    result = sphinx_build(src, out, "-j", "2")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return out / "html"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def rel(page: BeautifulSoup, name: str) -> str | None:
    link = page.find("link", rel=name)
    return str(link["href"]) if link else None


def walk(root: Path, first: Path) -> list[Path]:
    """Follow rel="next" from ``first``; check each page's rel="prev" points back."""
    pages = [first]
    while (href := rel(soup(pages[-1]), "next")) is not None:
        following = (pages[-1].parent / href).resolve()
        assert following.is_file(), href
        back = rel(soup(following), "prev")
        assert back is not None and (following.parent / back).resolve() == pages[-1].resolve()
        pages.append(following)
        assert len(pages) < 100
    return pages


def post_links(page: Path) -> list[str]:
    return [a["href"] for a in soup(page).select(".ablog-post-title a")]


def test_all_posts_in_pages_of_ten(site: Path) -> None:
    pages = walk(site, site / "blog.html")
    assert len(pages) == 6
    counts = [len(post_links(page)) for page in pages]
    assert counts == [10] * 6
    seen = {(page.parent / href).resolve() for page in pages for href in post_links(page)}
    assert seen == {path.resolve() for path in site.glob("posts/*/*.html")}
    assert rel(soup(pages[0]), "prev") is None
    second = soup(pages[1])
    assert pages[1].relative_to(site).as_posix() == "blog/page/2.html"
    assert "page 2" in second.title.get_text()
    assert "page" not in soup(pages[0]).title.get_text().split("—")[0].lower()


def test_tag_and_year_pages_are_paged(site: Path) -> None:
    for first in [*site.glob("blog/tag/*.html"), *site.glob("blog/20*.html")]:
        pages = walk(site, first)
        counts = [len(post_links(page)) for page in pages]
        assert all(count == 10 for count in counts[:-1]) and 1 <= counts[-1] <= 10, first
        for number, page in enumerate(pages[1:], 2):
            assert f"page {number}" in soup(page).title.get_text(), page


def test_person_pages_are_paged_and_feeds_capped(site: Path) -> None:
    first = site / "people/jackson.html"
    pages = walk(site, first)
    takes = [len(soup(page).select("li.newsdesk-person-note")) for page in pages]
    assert len(pages) >= 2 and all(count == 10 for count in takes[:-1]), takes
    assert "page 2" in soup(pages[1]).title.get_text()
    feed = feedparser.parse((site / "people/jackson/atom.xml").read_bytes())
    assert not feed.bozo and len(feed.entries) == 7
    assert sum(takes) > 7


def test_home_links_to_older_issues_and_no_empty_drafts(site: Path) -> None:
    home = soup(site / "index.html")
    assert rel(home, "next") == "blog/page/2.html"
    assert rel(home, "prev") is None
    assert not (site / "blog/drafts.html").exists()
