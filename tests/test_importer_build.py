"""Imported posts build strictly (-n -W) in a site like the real one, render their news
items and takes, and every old Jekyll URL is a redirect page that leads to the new post."""

from __future__ import annotations

import posixpath
import shutil
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from helpers import build, import_command, parse
from newsdesk.tools.cli import main
from newsdesk.tools.importer.permalink import output_file

JEKYLL = Path(__file__).parent / "jekyll"
SITE_TEMPLATE = Path(__file__).parent / "roots" / "test-import"
BASE = "https://new.example.org/"  # html_baseurl of the test-import root
GOOD = JEKYLL / "broken" / "_posts" / "2024-12-02-good.md"

# What Jekyll served each post at (its _config.yml: permalink: pretty; no config: "date").
OLD_URLS = {
    "posts/2024/week-44-agents": ["/weekly/digest/2024/11/04/week-44-agents/"],
    "posts/2024/week-45-chips": ["/chips/", "/2024/11/11/chips-again.html"],
    "posts/2024/week-46-people": ["/research/2024/11/18/week-46-people/"],
    "posts/2024/week-47-roundup": ["/news/2024/11/25/week-47-roundup/"],
    "posts/2024/good": ["/2024/12/02/good.html"],
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the new site's sources, its HTML output) after importing and a strict build."""
    root = tmp_path_factory.mktemp("import-build")
    site = Path(shutil.copytree(SITE_TEMPLATE, root / "site"))
    status = main(import_command(site, JEKYLL / "site", GOOD))
    assert status == 0
    result = build(site, root / "out")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return site, root / "out" / "html"


def test_every_imported_post_is_a_page(built: tuple[Path, Path]) -> None:
    site, html = built
    sources = sorted(
        p.relative_to(site).with_suffix("").as_posix() for p in (site / "posts").rglob("*.md")
    )
    assert sources == sorted(OLD_URLS)
    for docname in sources:
        page = parse(html / f"{docname}.html")
        title = (site / f"{docname}.md").read_text(encoding="utf-8").split("\n# ", 1)[1]
        assert page.select_one("h1").get_text(strip=True).rstrip("#¶") == title.split("\n")[0]


def test_news_items_and_takes_render(built: tuple[Path, Path]) -> None:
    _, html = built
    page = parse(html / "posts/2024/week-44-agents.html")
    items = page.select("article.newsdesk-news")
    assert len(items) == 3
    first = items[0]
    link = first.find("a", href="https://news.example.com/agents-browser?ref=pulse")
    assert link is not None and "Agents arrive in the browser" in link.get_text()
    takes = first.select("blockquote")
    assert len(takes) == 2
    assert "buy & fill forms" in takes[0].get_text()
    # Each take is attributed to its person's page, which links to their profile.
    people = [a["href"] for a in first.select("figcaption a.newsdesk-person-takes")]
    assert people == ["../../people/jackson.html", "../../people/jason.html"]
    second = parse(html / "posts/2024/week-46-people.html")
    people = [
        a["href"] for a in second.select("article.newsdesk-news figcaption a.newsdesk-person-takes")
    ]
    assert people == [
        "../../people/jason-2.html",
        "../../people/zoe-angstrom.html",
        "../../people/jason.html",
        "../../people/zoe-angstrom.html",
    ]
    profiles = {
        "jason-2": "https://example.org/people/jason-smith",
        "zoe-angstrom": "https://example.org/people/zoe",
        "jackson": "https://www.linkedin.com/in/jackson-cates-315a0b1ab/",
    }
    for pid, url in profiles.items():
        assert parse(html / "people" / f"{pid}.html").find("a", href=url) is not None


def test_links_between_imported_posts_and_images_work(built: tuple[Path, Path]) -> None:
    _, html = built
    page = parse(html / "posts/2024/week-44-agents.html")
    hrefs = {a.get_text(): a["href"] for a in page.select("article a")}
    assert hrefs["our chips issue"] == "week-45-chips.html"
    assert hrefs["the robots issue"] == "week-46-people.html"
    image = page.find("img", alt="A chart of agent adoption")
    assert image is not None
    assert (html / "posts/2024" / image["src"]).resolve().is_file()


def redirect_target(html: Path, file: str, page: BeautifulSoup) -> Path:
    refresh = page.find("meta", attrs={"http-equiv": "refresh"})
    delay, url = refresh["content"].split(";", 1)
    assert delay == "0" and url.strip().startswith("url=")
    relative = url.strip().removeprefix("url=")
    return html / posixpath.normpath(posixpath.join(posixpath.dirname(file), relative))


def test_old_jekyll_urls_redirect_to_the_new_posts(
    built: tuple[Path, Path],
) -> None:
    site, html = built
    for docname, urls in OLD_URLS.items():
        front = (site / f"{docname}.md").read_text(encoding="utf-8").split("---")[1]
        recorded = yaml.safe_load(front)["redirect_from"]
        assert (recorded if isinstance(recorded, list) else [recorded]) == urls
        for url in urls:
            file = output_file(url)
            raw = (html / file).read_text(encoding="utf-8")
            assert raw.startswith("<!DOCTYPE html>")
            page = parse(html / file)
            assert redirect_target(html, file, page) == html / f"{docname}.html"
            canonical = page.find("link", rel="canonical")["href"]
            assert canonical == f"{BASE}{docname}.html"
            assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
            fallback = page.select_one("body a")
            assert (
                fallback["href"]
                == page.find("meta", attrs={"http-equiv": "refresh"})["content"].split("url=", 1)[1]
            )
