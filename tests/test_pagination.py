"""Listings in pages (issue 11): all posts, tags, years, person pages; rel prev/next,
the page number in the title; person feeds capped like the site feed; no empty drafts
page; the home page's "next" is the listing of all issues. Pages are numbered from the
oldest and keep their posts as new ones come (issue 13): a new post rewrites the front
pages of the listings it is in, not every page of them."""

from __future__ import annotations

import sys
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from helpers import REPO, parse, sphinx_command, tree_differences, warnings_in
from hypothesis import given
from hypothesis import strategies as st
from newsdesk.blog.pagination import FRONT, page_numbers, stable_split

sys.path.insert(0, str(REPO / "bench"))
from generate import generate, newsdesk_post, posts


def page_times(html: Path) -> dict[str, int]:
    """Each HTML page's modification time (ns): a page written again has a new one."""
    return {p.relative_to(html).as_posix(): p.stat().st_mtime_ns for p in html.rglob("*.html")}


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
    # Numbered from the oldest: the front page's older neighbour is the highest number.
    names = [page.relative_to(paged_html).as_posix() for page in pages]
    assert names == ["blog.html", *(f"blog/page/{n}.html" for n in range(5, 0, -1))]
    assert "page 5" in second.title.get_text()
    assert "page" not in parse(pages[0]).title.get_text().split("—")[0].lower()
    # Newest first from the front page to page 1 (a generated post's name ends in its
    # number in the corpus, which is its week).
    numbers = [int(href.rsplit("-", 1)[1].split(".")[0]) for p in pages for href in post_links(p)]
    assert numbers == list(range(POSTS - 1, -1, -1))
    # The footer's neighbours say which way and where to (it read "Older / Older").
    footer = [
        (a.select_one(".prev-next-subtitle").get_text(strip=True),
         a.select_one(".prev-next-title").get_text(strip=True))
        for a in second.select(".prev-next-area a")
    ]  # fmt: skip
    assert footer[1] == ("older", "Page 4")
    front_title = parse(pages[0]).title.get_text().split(" — ")[0].strip()
    assert footer[0][0] == "newer" and footer[0][1] == front_title
    assert "Page 5" in second.select_one(".newsdesk-page-number").get_text()
    assert parse(pages[0]).select_one(".newsdesk-page-number") is None
    home = parse(paged_html / "index.html").select(".prev-next-area a .prev-next-title")
    assert [title.get_text(strip=True) for title in home] == [front_title]


def test_tag_and_year_pages_are_paged(paged_html: Path) -> None:
    for first in [*paged_html.glob("blog/tag/*.html"), *paged_html.glob("blog/20*.html")]:
        pages = walk(paged_html, first)
        counts = [len(post_links(page)) for page in pages]
        if len(pages) == 1:
            assert 1 <= counts[0] < 20, first
            continue
        # The front page holds one to two pages' worth; numbered pages hold ten each.
        assert 10 <= counts[0] < 20 and all(count == 10 for count in counts[1:]), (first, counts)
        for number, page in zip(range(len(pages) - 1, 0, -1), pages[1:], strict=True):
            assert f"page {number}" in parse(page).title.get_text(), page
            assert page.name == f"{number}.html", page


def test_person_pages_are_paged_and_feeds_capped(paged_html: Path) -> None:
    first = paged_html / "people/jackson.html"
    pages = walk(paged_html, first)
    takes = [len(parse(page).select("li.newsdesk-person-note")) for page in pages]
    assert len(pages) >= 2 and 10 <= takes[0] < 20 and all(n == 10 for n in takes[1:]), takes
    assert f"page {len(pages) - 1}" in parse(pages[1]).title.get_text()
    # Newest first across the pages: each page's takes are older than the page before.
    dates = [[t["datetime"] for t in parse(page).select(".newsdesk-person-note-from time")]
             for page in pages]  # fmt: skip
    flat = [date for page_dates in dates for date in page_dates]
    assert flat == sorted(flat, reverse=True) and len(flat) == sum(takes)
    # The posts a person wrote are on the front page; the other pages link to it.
    for page in pages[1:]:
        assert not parse(page).select("ul.newsdesk-person-posts li"), page
        link = parse(page).select_one(".newsdesk-person-posts a")
        assert link and (page.parent / link["href"]).resolve() == first.resolve(), page
    feed = feedparser.parse((paged_html / "people/jackson/atom.xml").read_bytes())
    assert not feed.bozo and len(feed.entries) == 7
    assert sum(takes) > 7


def test_home_links_to_all_issues_and_no_empty_drafts(paged_html: Path) -> None:
    home = parse(paged_html / "index.html")
    assert rel(home, "next") == "blog.html"
    assert rel(home, "prev") is None
    assert not (paged_html / "blog/drafts.html").exists()


@given(st.integers(min_value=0, max_value=120), st.integers(min_value=1, max_value=12))
def test_stable_pages_hold_every_item_once_and_keep_theirs(count: int, size: int) -> None:
    items = list(range(count, 0, -1))  # newest (highest) first
    pages = stable_split(items, size)
    assert [item for _number, chunk in pages for item in chunk] == items
    (front_number, front), *numbered = pages
    assert front_number == FRONT
    assert [number for number, _chunk in numbered] == list(range(len(numbered), 0, -1))
    assert all(len(chunk) == size for _number, chunk in numbered)
    assert (size <= len(front) < 2 * size) if count >= size else len(front) == count
    # A new item changes only the front page (and may add the next number).
    after = dict(stable_split([count + 1, *items], size))
    assert all(after[number] == chunk for number, chunk in numbered)
    assert set(after) - {number for number, _chunk in pages} <= {len(numbered) + 1}
    assert page_numbers(count, size) == [n for n, chunk in pages for _item in chunk]


def test_a_new_post_rewrites_only_the_front_pages(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """At 60 posts, a 61st (newest): every listing's and person's numbered pages are
    kept as they are; the fronts are written again; the site equals a clean build."""
    root = tmp_path_factory.mktemp("stable")
    src = generate(root / "site", POSTS)
    out = root / "out"
    result = sphinx_command(src, out)
    assert result.returncode == 0, result.stderr
    html = out / "html"
    before = page_times(html)
    # The next week's issue, as the benchmark adds one.
    following = posts(POSTS + 1)[-1]
    added = src / "posts" / str(following.day.year) / f"{following.slug}.md"
    added.parent.mkdir(exist_ok=True)
    added.write_text(newsdesk_post(following), "utf-8")
    result = sphinx_command(src, out)
    assert result.returncode == 0, result.stderr
    after = page_times(html)
    rewritten = {page for page, mtime in after.items() if before.get(page) != mtime}
    numbered = {page for page in after if "/page/" in page}
    assert len(numbered) > 30
    assert not rewritten & numbered, sorted(rewritten & numbered)
    assert {"blog.html", "people/jackson.html"} <= rewritten
    # What a reader finds: the new post first on the front page of all posts.
    first = parse(html / "blog.html").select_one(".ablog-post-title a")
    assert first and first["href"].endswith(f"{following.slug}.html")
    clean = root / "clean"
    result = sphinx_command(src, clean)
    assert result.returncode == 0, result.stderr
    assert tree_differences(html, clean / "html") == []


@pytest.mark.parametrize("size", [0, -3])
def test_a_page_size_below_one_is_a_warning_at_its_line(size: int, tmp_path: Path) -> None:
    src = generate(tmp_path / "site", 12)
    conf = src / "conf.py"
    conf.write_text(conf.read_text("utf-8") + f"\nnewsdesk_page_size = {size}\n", "utf-8")
    line = len(conf.read_text("utf-8").splitlines())
    result = sphinx_command(src, tmp_path / "out", "-j", "1")
    assert result.returncode != 0 and "Traceback" not in result.stderr, result.stderr
    found = [w for w in warnings_in(result.stderr) if w.kind.startswith("newsdesk")]
    assert [(w.path, w.line, w.kind) for w in found] == [("conf.py", line, "newsdesk.config")]
    assert "newsdesk_page_size" in found[0].message and "at least 1" in found[0].message
    # The rest of the build went on with pages of ten.
    pages = walk(tmp_path / "out/html", tmp_path / "out/html/blog.html")
    assert [len(post_links(page)) for page in pages] == [12]
