"""Issue 11's reading defects, on the real site with three more posts
(tests/roots/test-reader-polish: each says "quokka" once in its body, never in a heading,
and the middle one has a long title):

- h2 was lighter than h3 (and smaller on phones): computed in Chromium on a post;
- at 390 px the previous-post link wrapped over six lines: one line each, cut with an
  ellipsis, measured in Chromium;
- search summaries held the theme's text ("Light Dark Contents") and equal scores were not
  ordered by date: the search page carries the posts' dates and search.js, no other page
  loads them or the search index, and a search in Chromium lists the three posts newest
  first with summaries from the article.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import require_browser
from helpers import ROOTS, build, copy_site, parse
from newsdesk.tools.sitecheck.accessibility import CHROMIUM, CHROMIUM_FLAGS, serve

POSTS = {  # docname: date, oldest first
    "posts/2024/week-40-foundational-models": "2024-10-14T20:00:00+07:00",  # the real post
    "posts/2024/week-41-edge-inference": "2024-10-21T20:00:00+07:00",
    "posts/2024/week-42-open-silicon": "2024-10-28T20:00:00+07:00",
    "posts/2024/week-43-privacy-budgets": "2024-11-04T20:00:00+07:00",
}
QUOKKA_POSTS = [  # newest first
    "posts/2024/week-43-privacy-budgets.html",
    "posts/2024/week-42-open-silicon.html",
    "posts/2024/week-41-edge-inference.html",
]
MIDDLE = "posts/2024/week-42-open-silicon.html"
LONG_TITLE = (
    "Week #42 2024 - Open Silicon, Quantum Networking and the Long Road to Affordable Edge "
    "Accelerators"
)
WIDTHS = (390, 1280)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = copy_site(tmp_path_factory.mktemp("polish") / "src")
    shutil.copytree(ROOTS / "test-reader-polish" / "posts", src / "posts", dirs_exist_ok=True)
    out = src.parent / "out"
    # Two posts a listing page, so that listings have footer neighbours (the site's own
    # pages, About and the guide, have none: they are not a manual's chapters).
    result = build(src, out, overrides={"newsdesk_page_size": 2})
    assert result.returncode == 0, result.stderr
    return out / "html"


@pytest.fixture(scope="module")
def browser(site: Path) -> Iterator[tuple[Any, str]]:
    require_browser()
    from playwright.sync_api import sync_playwright

    with serve(site) as base, sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            yield chromium, base
        finally:
            chromium.close()


def open_page(browser: tuple[Any, str], relative: str, width: int) -> Any:
    chromium, base = browser
    context = chromium.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(base + relative, wait_until="load")
    return page


# --- parsed ------------------------------------------------------------------------------


def test_a_post_links_its_neighbours_with_titles_the_css_cuts(site: Path) -> None:
    nav = parse(site / MIDDLE).select_one("article.bd-article nav.newsdesk-prev-next")
    assert nav is not None
    links = {a["class"][0]: a for a in nav.select("a")}
    assert set(links) == {"newsdesk-prev", "newsdesk-next"}
    assert links["newsdesk-prev"]["href"] == "week-41-edge-inference.html"
    assert links["newsdesk-next"]["href"] == "week-43-privacy-budgets.html"
    for link in links.values():
        titles = link.select("span.newsdesk-prev-next-title")
        assert len(titles) == 1 and titles[0].get_text().startswith("Week #4")
    # The long title is whole in the markup (screen readers read it); only the CSS cuts it.
    older = parse(site / "posts/2024/week-41-edge-inference.html")
    title = older.select_one("a.newsdesk-next span.newsdesk-prev-next-title")
    assert title is not None and title.get_text() == LONG_TITLE
    css = (site / "_static/techpulse.css").read_text(encoding="utf-8")
    assert ".newsdesk-prev-next .newsdesk-prev-next-title" in css
    assert "text-overflow: ellipsis" in css


def test_footer_neighbours_carry_the_class_the_css_uses(site: Path) -> None:
    links = [
        (path, a)
        for path in sorted(site.rglob("*.html"))
        if "_static" not in path.parts
        for a in parse(path).select(".prev-next-area a")
    ]
    assert links, "no page has footer neighbours to check"
    for path, a in links:
        assert "newsdesk-neighbour" in a["class"], (path, a)
        assert a.select_one(".prev-next-title") is not None, (path, a)


def test_the_search_page_carries_the_posts_dates_newest_first_and_its_script(
    site: Path,
) -> None:
    page = parse(site / "search.html")
    data = page.select_one("script#newsdesk-post-dates")
    assert data is not None and data["type"] == "application/json"
    dates = json.loads(data.string or "")
    assert dates == [[docname, date] for docname, date in reversed(POSTS.items())]
    sources = [script.get("src", "") for script in page.select("script[src]")]
    ours = [src for src in sources if src.startswith("_static/newsdesk/search.js")]
    assert len(ours) == 1
    assert page.select_one(f'script[src="{ours[0]}"]').has_attr("defer")
    assert any(src.startswith("_static/searchtools.js") for src in sources)
    assert (site / "_static/newsdesk/search.js").is_file()


def test_no_other_page_loads_the_search_index_the_dates_or_search_js(site: Path) -> None:
    pages = [
        path
        for path in site.rglob("*.html")
        if "_static" not in path.parts and path.name != "search.html"
    ]
    assert len(pages) > 10
    for path in pages:
        page = parse(path)
        sources = " ".join(script.get("src", "") for script in page.select("script[src]"))
        assert "searchindex.js" not in sources, path
        assert "searchtools.js" not in sources, path
        assert "newsdesk/search.js" not in sources, path
        assert page.select_one("#newsdesk-post-dates") is None, path


# --- in Chromium -------------------------------------------------------------------------

HEADINGS = """() => Object.fromEntries(["h2", "h3"].map((tag) => {
  const style = getComputedStyle(document.querySelector("article.bd-article " + tag));
  return [tag, [Number(style.fontWeight), parseFloat(style.fontSize)]];
}))"""

NEIGHBOURS = """() => Array.from(document.querySelectorAll(".newsdesk-prev-next a")).map((a) => {
  const title = a.querySelector(".newsdesk-prev-next-title");
  return {
    href: a.getAttribute("href"),
    height: a.getBoundingClientRect().height,
    line: parseFloat(getComputedStyle(a).lineHeight),
    cut: title.scrollWidth > title.clientWidth,
    right: a.getBoundingClientRect().right,
    width: document.documentElement.clientWidth,
  };
})"""

RESULTS = """() => Array.from(document.querySelectorAll("#search-results li")).map((li) => [
  li.querySelector("a").getAttribute("href"),
  (li.querySelector("p.context") || {textContent: ""}).textContent,
])"""


@pytest.mark.sitecheck
@pytest.mark.parametrize("width", WIDTHS)
def test_h2_is_at_least_as_heavy_and_larger_than_h3(browser, width: int) -> None:
    page = open_page(browser, MIDDLE, width)
    try:
        styles = page.evaluate(HEADINGS)
    finally:
        page.context.close()
    (h2_weight, h2_size), (h3_weight, h3_size) = styles["h2"], styles["h3"]
    assert h2_weight >= h3_weight, styles
    assert h2_size > h3_size, styles


@pytest.mark.sitecheck
@pytest.mark.parametrize("width", WIDTHS)
def test_previous_and_next_take_one_line_each(browser, width: int) -> None:
    page = open_page(browser, MIDDLE, width)
    try:
        links = page.evaluate(NEIGHBOURS)
    finally:
        page.context.close()
    assert len(links) == 2
    for link in links:
        assert link["height"] < 1.5 * link["line"], links
        assert link["right"] <= link["width"], links  # nothing sticks out of the page
    if width == 390:
        # the long title of the previous issue: cut, not wrapped
        older = open_page(browser, "posts/2024/week-41-edge-inference.html", width)
        try:
            (next_link,) = [
                link for link in older.evaluate(NEIGHBOURS) if link["href"] == MIDDLE.split("/")[-1]
            ]
        finally:
            older.context.close()
        assert next_link["cut"] and next_link["height"] < 1.5 * next_link["line"], next_link


@pytest.mark.sitecheck
def test_search_lists_equal_scores_newest_first_with_summaries_from_the_article(
    browser,
) -> None:
    page = open_page(browser, "search.html?q=quokka", 1280)
    try:
        page.wait_for_function(
            "document.querySelectorAll('#search-results li p.context').length >= 3"
        )
        results = page.evaluate(RESULTS)
    finally:
        page.context.close()
    assert [href for href, _ in results] == QUOKKA_POSTS, results
    for href, summary in results:
        assert "quokka" in summary.lower(), (href, summary)
        for theme_text in ("Light", "Dark", "Contents", "Previous", "Color mode"):
            assert theme_text not in summary, (href, summary)
