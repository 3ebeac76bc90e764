"""Social and search metadata on post pages, the sitemap and the reading time."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

import pytest
from helpers import DRAFT_POST, build, copy_root, parse

NEWS_POST = """---
date: 2024-02-05
---

# With news

Essay text that is long enough to be the excerpt of this post.

::::{news} Engines of tomorrow
:url: https://example.com/engines
:source: Example Times

:::{take} ada
The analytical engine, again.
:::
::::
"""


@pytest.fixture(scope="module")
def html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("social")
    src = copy_root("blog", tmp / "src")
    (src / "posts/2024/draft.md").write_text(DRAFT_POST)
    (src / "posts/2024/news.md").write_text(NEWS_POST)
    result = build(src, tmp / "out")
    assert result.returncode == 0, result.stderr
    return tmp / "out/html"


def meta(page, key: str) -> list[str]:
    tags = page.find_all("meta", attrs={"property": key}) + page.find_all(
        "meta", attrs={"name": key}
    )
    return [tag["content"] for tag in tags]


def test_open_graph_and_twitter_tags(html: Path) -> None:
    page = parse(html / "posts/2023/index.html")
    assert meta(page, "og:type") == ["article"]
    assert meta(page, "og:title") == ["Year end"]
    assert meta(page, "og:url") == ["https://blog.example.org/posts/2023/index.html"]
    assert meta(page, "article:published_time") == ["2023-12-31T23:30:00-05:00"]
    assert meta(page, "article:author") == ["https://example.org/ada"]
    assert meta(page, "article:tag") == ["history"]
    assert meta(page, "og:description") == ["The last post of 2023, written late in New York."]
    assert meta(page, "description") == meta(page, "og:description")
    assert meta(page, "og:image") == ["https://blog.example.org/_static/card.png"]
    assert meta(page, "twitter:card") == ["summary_large_image"]
    # Pages that are not posts are not articles.
    assert meta(parse(html / "index.html"), "og:type") == ["website"]


def test_json_ld_blog_posting(html: Path) -> None:
    page = parse(html / "posts/2023/index.html")
    scripts = page.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    data = json.loads(scripts[0].string)
    assert data["@type"] == "BlogPosting"
    assert data["headline"] == "Year end"
    assert data["datePublished"] == "2023-12-31T23:30:00-05:00"
    assert data["url"] == "https://blog.example.org/posts/2023/index.html"
    assert data["author"] == [
        {"@type": "Person", "name": "Ada Lovelace", "url": "https://example.org/ada"}
    ]
    assert data["keywords"] == ["history"]
    assert data["timeRequired"].startswith("PT")


def test_reading_time_and_date_under_the_title(html: Path) -> None:
    page = parse(html / "posts/2023/index.html")
    byline = page.select_one(".newsdesk-byline")
    assert byline is not None
    assert byline.select_one(".newsdesk-date").get_text() == "31 December 2023"
    assert byline.select_one(".newsdesk-reading-time").get_text() == "1 min read"
    # It follows the title.
    assert byline.find_previous("h1").get_text(strip=True).startswith("Year end")


def test_sitemap_lists_published_pages_with_absolute_urls(html: Path) -> None:
    tree = ElementTree.parse(html / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = [loc.text for loc in tree.getroot().findall("s:url/s:loc", ns)]
    assert urls == sorted(urls)
    assert all(url.startswith("https://blog.example.org/") for url in urls)
    assert "https://blog.example.org/posts/2023/index.html" in urls
    assert "https://blog.example.org/posts/2024/index.html" in urls
    assert not any("draft" in url for url in urls)


def test_json_ld_lists_the_news_items_and_takes(html: Path) -> None:
    page = parse(html / "posts/2024/news.html")
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert data["@type"] == "BlogPosting"
    (story,) = data["mentions"]
    assert story["@type"] == "NewsArticle"
    assert story["headline"] == "Engines of tomorrow"
    assert story["url"] == "https://example.com/engines"
    assert story["publisher"] == {"@type": "Organization", "name": "Example Times"}
    anchor = story["@id"].split("#")[1]
    assert page.find(id=anchor) is not None
    (take,) = story["comment"]
    assert take["author"] == {
        "@type": "Person",
        "name": "Ada Lovelace",
        "url": "https://example.org/ada",
    }
    assert take["text"] == "The analytical engine, again."
