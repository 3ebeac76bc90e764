"""The real site (a copy of the repository's pages and posts) builds strictly and reads well."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest
import yaml
from helpers import REPO, build, parse
from sphinx.util.inventory import InventoryFile


def real_posts() -> list[Path]:
    return sorted((REPO / "posts").glob("*/*.md"))


def post_docname(path: Path) -> str:
    return path.relative_to(REPO).with_suffix("").as_posix()


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from helpers import copy_site

    src = copy_site(tmp_path_factory.mktemp("real") / "site")
    out = src.parent / "out"
    result = build(src, out)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return out / "html"


def test_only_site_pages_are_documents(built_site: Path) -> None:
    with open(built_site / "objects.inv", "rb") as stream:
        inventory = InventoryFile.load(stream, "", lambda base, uri: uri)
    docs = set(inventory["std:doc"])
    expected = {"index", "about", "authoring", *map(post_docname, real_posts())}
    assert docs == expected


def test_no_sources_folder_is_published(built_site: Path) -> None:
    # html_copy_source is off, yet Sphinx made an empty _sources/ (issue 11: the theme's
    # download menu once linked it).
    assert not (built_site / "_sources").exists()
    assert not [a for a in parse(built_site / "index.html").select("a[href*='_sources']")]


def test_every_post_is_listed_on_the_home_page_with_an_excerpt(built_site) -> None:
    home = parse(built_site / "index.html")
    items = home.select("li.ablog-post")
    titles = {li.select_one(".ablog-post-title a")["href"] for li in items}
    assert titles == {post_docname(p) + ".html" for p in real_posts()}
    for li in items:
        excerpt = li.select_one(".ablog-post-excerpt")
        assert excerpt is not None
        # The excerpt is the essay's first real paragraph, not the "TL;DR:" lead-in.
        assert len(excerpt.get_text(strip=True)) > 60


def test_post_page_has_title_date_tags_and_copybutton(built_site) -> None:
    for path in real_posts():
        page = parse(built_site / (post_docname(path) + ".html"))
        h1 = page.select_one("article h1") or page.select_one("h1")
        assert h1 is not None and "Week #" in h1.get_text()
        assert page.find("script", src=lambda s: s and "copybutton" in s)
        sidebar_text = page.get_text(" ")
        assert "Recent Posts" in sidebar_text
        assert "Tags" in sidebar_text and "Archives" in sidebar_text


def test_site_feed(built_site: Path) -> None:
    feed = feedparser.parse((built_site / "blog" / "atom.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.id.startswith("https://")
    assert any(link.rel == "self" for link in feed.feed.links)
    entries = {entry.link: entry for entry in feed.entries}
    for path in real_posts():
        url = "https://techpulse.example.org/" + post_docname(path) + ".html"
        assert url in entries, f"{url} missing from the feed"
        entry = entries[url]
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
        assert entry.published.startswith(str(front["date"])[:10])
        assert entry.title and entry.id == url and entry.updated


def test_tag_feeds_and_pages(built_site: Path) -> None:
    tag_feeds = sorted((built_site / "blog" / "tag").glob("*/atom.xml"))
    assert tag_feeds, "one feed per tag"
    for path in tag_feeds:
        feed = feedparser.parse(path.read_bytes())
        assert not feed.bozo
        assert feed.entries
        for entry in feed.entries:
            assert entry.link.startswith("https://techpulse.example.org/posts/")
        assert (path.parent.parent / (path.parent.name + ".html")).is_file()


@pytest.mark.parametrize("builder", ["latex", "text"])
def test_site_builds_outside_html(tmp_path: Path, builder: str) -> None:
    """ablog's post list crashed these builders (NoUri: posts are not in the document)."""
    from helpers import copy_site

    src = copy_site(tmp_path / "site")
    result = build(src, tmp_path / "out", builder=builder)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    if builder == "text":
        home = (tmp_path / "out/text/index.txt").read_text(encoding="utf-8")
        for path in real_posts():
            title = path.read_text(encoding="utf-8").split("\n# ", 1)[1].splitlines()[0]
            assert title in home
