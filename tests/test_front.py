"""A newsletter's front (issue 11): the masthead (logo, title, tagline), the subscribe
block (the site's feed, a tag's and a person's feed, the optional sign-up form through
the URL policy), People in the navigation, the authoring guide out of it and in the
footer, the footer on every page; no documentation chrome (heading permalinks) and dates
that do not break. Built from the real site and from tests/roots/test-front."""

from __future__ import annotations

import re
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup, Tag
from helpers import build, copy_root, copy_site, parse, warnings_in

TAGLINE = "Weekly tech news with our team's take"
HOME = "index.html"
POST = "posts/2024/week-40-foundational-models.html"
TAG = "blog/tag/ai.html"
PERSON = "people/jackson.html"
PEOPLE = "people/index.html"
SITE_FEED = "blog/atom.xml"


def build_site(src: Path, *, strict: bool = True) -> tuple[Path, str]:
    out = src.parent / "out"
    result = build(src, out, strict=strict)
    if strict:
        assert result.returncode == 0, result.stderr
        assert "WARNING" not in result.stderr, result.stderr
    return out / "html", result.stderr


def set_in_conf(src: Path, **values: str) -> None:
    """Replace (or add) ``name = value`` lines in the copy's conf.py."""
    conf = src / "conf.py"
    text = conf.read_text(encoding="utf-8")
    for name, value in values.items():
        line = f"{name} = {value!r}"
        text, count = re.subn(rf"^{name} = .*$", lambda _, line=line: line, text, flags=re.M)
        if not count:
            text += f"\n{line}\n"
    conf.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def site_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    html, _ = build_site(copy_site(tmp_path_factory.mktemp("front") / "site"))
    return html


def page(root: Path, name: str) -> BeautifulSoup:
    return parse(root / name)


def target(root: Path, name: str, href: str) -> Path:
    """The built file a relative link of page ``name`` leads to (the fragment dropped; a
    link to the page itself is "#")."""
    path = href.split("#")[0]
    return ((root / name).parent / path).resolve() if path else (root / name).resolve()


def resolves(root: Path, name: str, href: str) -> bool:
    return target(root, name, href).is_file()


def subscribe_feeds(soup: BeautifulSoup) -> list[str]:
    block = soup.select_one("aside.newsdesk-subscribe")
    assert block is not None, "no subscribe block"
    return [str(a["href"]) for a in block.select('a[type="application/atom+xml"]')]


def footer(soup: BeautifulSoup) -> Tag:
    nav = soup.select_one(".bd-footer-content nav.newsdesk-footer")
    assert nav is not None, "no footer navigation"
    return nav


def main_nav(soup: BeautifulSoup) -> Tag:
    nav = soup.select_one("#pst-primary-sidebar nav.bd-docs-nav")
    assert nav is not None
    return nav


# --- the masthead ------------------------------------------------------------------------


def test_home_page_opens_with_a_masthead_not_a_document_heading(site_html: Path) -> None:
    home = page(site_html, HOME)
    front = home.select_one(".bd-article-container > header.newsdesk-front")
    assert front is not None, "no masthead on the home page"
    logo = front.select_one("img.newsdesk-front-logo")
    assert logo is not None and resolves(site_html, HOME, str(logo["src"]))
    assert target(site_html, HOME, str(logo["src"])).name == "tech-pulse-logo.svg"
    assert front.select_one(".newsdesk-front-title").get_text(strip=True) == "Tech Pulse"
    assert front.select_one(".newsdesk-tagline").get_text(strip=True) == TAGLINE
    # The subscribe block is in the masthead, at the top, not again under the page.
    assert front.select_one("aside.newsdesk-subscribe") is not None
    assert len(home.select("aside.newsdesk-subscribe")) == 1
    # The page's h1 stays (one h1, for screen readers and search engines).
    assert [h.get_text(strip=True) for h in home.select("article h1")] == ["Tech Pulse"]


@pytest.mark.parametrize("name", [HOME, POST, TAG, PERSON, PEOPLE])
def test_every_page_has_the_logo_title_and_tagline_in_the_sidebar(
    site_html: Path, name: str
) -> None:
    soup = page(site_html, name)
    masthead = soup.select_one("#pst-primary-sidebar .newsdesk-masthead")
    assert masthead is not None, name
    brand = masthead.select_one("a.newsdesk-brand")
    assert target(site_html, name, str(brand["href"])) == (site_html / HOME).resolve()
    logo = brand.select_one("img")
    assert (
        target(site_html, name, str(logo["src"]))
        == (site_html / "_static/tech-pulse-logo.svg").resolve()
    )
    assert logo.get("width") and logo.get("height")  # no layout shift
    assert brand.get_text(strip=True) == "Tech Pulse"
    assert masthead.select_one(".newsdesk-tagline").get_text(strip=True) == TAGLINE
    # The favicon is the same mark.
    icon = soup.find("link", rel="icon")
    assert target(site_html, name, str(icon["href"])) == target(site_html, name, str(logo["src"]))


def test_phones_get_the_logo_and_title_in_the_top_bar(site_html: Path) -> None:
    post = page(site_html, POST)
    brand = post.select_one(".bd-header-article a.newsdesk-header-brand")
    assert brand is not None and brand.get_text(strip=True) == "Tech Pulse"
    assert resolves(site_html, POST, str(brand.select_one("img")["src"]))
    # Not on the home page, whose masthead shows them.
    assert page(site_html, HOME).select_one(".newsdesk-header-brand") is None


def test_the_logo_is_small_and_draws_in_both_modes(site_html: Path) -> None:
    svg = (site_html / "_static/tech-pulse-logo.svg").read_text(encoding="utf-8")
    assert len(svg.encode()) < 2048
    assert svg.startswith("<svg") and "currentColor" not in svg  # its own tile, any mode
    assert "<script" not in svg and "href" not in svg


# --- documentation chrome ----------------------------------------------------------------


@pytest.mark.parametrize("name", [HOME, POST, TAG, PERSON])
def test_no_heading_permalinks_or_theme_footer(site_html: Path, name: str) -> None:
    soup = page(site_html, name)
    assert soup.select("a.headerlink") == [], name
    assert "¶" not in soup.select_one("article").get_text()
    text = soup.select_one(".bd-footer-content").get_text(" ", strip=True)
    assert "By The Tech Pulse team" not in text
    assert "© Copyright 2024-2026, The Tech Pulse team." in text


@pytest.mark.parametrize("name", ["about.html", "authoring.html"])
def test_no_manual_reading_order_under_plain_pages(site_html: Path, name: str) -> None:
    # "Previous: Tech Pulse" under About was the toctree's order, a manual's.
    assert page(site_html, name).select(".prev-next-area a") == [], name


def test_home_page_dates_do_not_break(site_html: Path) -> None:
    home = page(site_html, HOME)
    titles = home.select(".postlist .ablog-post-title")
    assert titles
    for title in titles:
        text = title.get_text()
        assert re.search(r"\(\d{1,2}\xa0[A-Z][a-z]+\xa0\d{4}\)$", text.strip()), repr(text)


# --- the subscribe block -----------------------------------------------------------------


def test_subscribe_block_links_the_site_feed(site_html: Path) -> None:
    for name in (HOME, POST):
        feeds = subscribe_feeds(page(site_html, name))
        assert [target(site_html, name, href) for href in feeds] == [
            (site_html / SITE_FEED).resolve()
        ], name
    feed = feedparser.parse((site_html / SITE_FEED).read_bytes())
    assert not feed.bozo and feed.entries
    # Feed readers find it from the head of any page.
    alternate = page(site_html, POST).find("link", rel="alternate", type="application/atom+xml")
    assert target(site_html, POST, str(alternate["href"])) == (site_html / SITE_FEED).resolve()


def test_subscribe_block_on_a_tag_page_links_the_tags_feed_first(site_html: Path) -> None:
    soup = page(site_html, TAG)
    feeds = [target(site_html, TAG, href) for href in subscribe_feeds(soup)]
    assert feeds == [
        (site_html / "blog/tag/ai/atom.xml").resolve(),
        (site_html / SITE_FEED).resolve(),
    ]
    tag_feed = feedparser.parse(feeds[0].read_bytes())
    assert not tag_feed.bozo and tag_feed.entries
    assert all("ai" in [t.term for t in entry.tags] for entry in tag_feed.entries)
    heads = [
        target(site_html, TAG, str(link["href"]))
        for link in soup.find_all("link", rel="alternate", type="application/atom+xml")
    ]
    assert feeds[0] in heads


def test_subscribe_block_on_a_person_page_links_their_feed(site_html: Path) -> None:
    soup = page(site_html, PERSON)
    feeds = [target(site_html, PERSON, href) for href in subscribe_feeds(soup)]
    assert feeds == [
        (site_html / "people/jackson/atom.xml").resolve(),
        (site_html / SITE_FEED).resolve(),
    ]
    person_feed = feedparser.parse(feeds[0].read_bytes())
    assert not person_feed.bozo and person_feed.entries
    assert "Jackson" in soup.select_one("aside.newsdesk-subscribe").get_text()


def test_no_sign_up_link_unless_set(site_html: Path) -> None:
    for name in (HOME, POST, TAG, PERSON):
        block = page(site_html, name).select_one("aside.newsdesk-subscribe")
        assert block is not None, name
        assert block.select(".newsdesk-signup-link") == [], name
        assert [li.get_text(strip=True) for li in block.select("li")][-1] == (
            "Atom feed: all issues"
        )


def test_sign_up_link_when_set(tmp_path: Path) -> None:
    src = copy_site(tmp_path / "site")
    url = "https://lists.example.org/subscribe?list=tech-pulse&src=site"
    set_in_conf(src, newsdesk_signup_url=url)
    html, _ = build_site(src)
    for name in (HOME, POST, TAG):
        links = page(html, name).select("aside.newsdesk-subscribe a.newsdesk-signup-link")
        assert [str(a["href"]) for a in links] == [url], name
        assert "noopener" in links[0]["rel"]


@pytest.mark.parametrize(
    "bad", ["javascript:alert(document.cookie)", "subscribe.html", "data:text/html,<b>x</b>"]
)
def test_a_bad_sign_up_url_is_a_warning_naming_conf_py_and_not_shown(
    tmp_path: Path, bad: str
) -> None:
    src = copy_site(tmp_path / "site")
    set_in_conf(src, newsdesk_signup_url=bad)
    html, stderr = build_site(src, strict=False)
    found = [w for w in warnings_in(stderr) if w.kind == "newsdesk.url"]
    assert len(found) == 1, stderr
    warning = found[0]
    line = next(
        n
        for n, text in enumerate((src / "conf.py").read_text().splitlines(), 1)
        if text.startswith("newsdesk_signup_url")
    )
    assert (warning.path, warning.line) == ("conf.py", line)
    assert "newsdesk_signup_url" in warning.message and "https://" in warning.message
    for name in (HOME, POST):
        soup = page(html, name)
        assert soup.select(".newsdesk-signup-link") == []
        assert bad not in str(soup)
    # The rest of the block is still there.
    assert subscribe_feeds(page(html, HOME))


@pytest.mark.parametrize(
    ("url", "fine"),
    [
        ("https://lists.example.org/subscribe", True),
        ("http://example.org/join", True),
        ("JaVaScRiPt:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("&#106;avascript:alert(1)", False),
        ("vbscript:x", False),
        ("mailto:editor@example.org", False),
        ("//evil.example/form", False),
        ("www.example.org/join", False),
        ("/subscribe/", False),
        ("https:///no-host", False),
        ('https://example.org/a"onmouseover="x', False),
    ],
)
def test_the_sign_up_address_policy(url: str, fine: bool) -> None:
    from newsdesk.site.url_policy import web_address_refusal

    assert (web_address_refusal(url) is None) is fine, web_address_refusal(url)


# --- navigation and footer ---------------------------------------------------------------


@pytest.mark.parametrize("name", [HOME, POST, TAG, PERSON, PEOPLE])
def test_people_in_the_navigation_and_the_guide_not(site_html: Path, name: str) -> None:
    nav = main_nav(page(site_html, name))
    links = {a.get_text(strip=True): str(a["href"]) for a in nav.select("a")}
    assert "People" in links, links
    assert target(site_html, name, links["People"]) == (site_html / PEOPLE).resolve()
    assert "About Tech Pulse" in links
    targets = {target(site_html, name, href) for href in links.values()}
    assert (site_html / "authoring.html").resolve() not in targets
    assert "Authoring guide" not in links


def test_people_is_the_current_entry_on_people_pages(site_html: Path) -> None:
    for name in (PERSON, PEOPLE):
        current = main_nav(page(site_html, name)).select("li.current > a")
        assert [a.get_text(strip=True) for a in current] == ["People"], name


@pytest.mark.parametrize("name", [HOME, POST, TAG, PERSON, PEOPLE, "about.html", "authoring.html"])
def test_the_footer_links_feed_people_about_and_guide(site_html: Path, name: str) -> None:
    nav = footer(page(site_html, name))
    links = {a.get_text(strip=True): str(a["href"]) for a in nav.select("a")}
    assert list(links) == ["Atom feed", "People", "About Tech Pulse", "Authoring guide"]
    expected = [SITE_FEED, PEOPLE, "about.html", "authoring.html"]
    assert [target(site_html, name, href) for href in links.values()] == [
        (site_html / path).resolve() for path in expected
    ]


def test_the_guide_is_built_out_of_the_navigation_without_a_warning(site_html: Path) -> None:
    # site_html is a strict build: no "document isn't included in any toctree" warning.
    guide = page(site_html, "authoring.html")
    assert guide.select_one("article h1").get_text(strip=True) == "Authoring guide"
    # Even on its own page the navigation does not list it (it is in no toctree).
    nav = main_nav(guide)
    assert "Authoring guide" not in nav.get_text(" ", strip=True)
    assert nav.select("li.current") == []


# --- a site of its own: tests/roots/test-front -------------------------------------------


@pytest.fixture(scope="module")
def front_root(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    src = copy_root("front", tmp_path_factory.mktemp("front-root") / "src")
    html, stderr = build_site(src, strict=False)
    return src, html, stderr


def test_a_missing_about_page_is_a_warning_naming_conf_py(
    front_root: tuple[Path, Path, str],
) -> None:
    src, _html, stderr = front_root
    found = [w for w in warnings_in(stderr) if w.kind.startswith("newsdesk")]
    assert len(found) == 1, stderr
    warning = found[0]
    line = next(
        n
        for n, text in enumerate((src / "conf.py").read_text().splitlines(), 1)
        if text.startswith("newsdesk_about_page")
    )
    assert (warning.path, warning.line, warning.kind) == ("conf.py", line, "newsdesk.config")
    assert "'colophon'" in warning.message and "names no page" in warning.message


def test_without_feeds_no_feed_is_linked_and_every_link_resolves(
    front_root: tuple[Path, Path, str],
) -> None:
    _, html, _ = front_root
    assert not list(html.rglob("atom.xml"))  # no html_baseurl: no feeds
    for name in ("index.html", "posts/2024/first.html", "people/ada.html", "guide.html"):
        soup = page(html, name)
        nav = footer(soup)
        links = {a.get_text(strip=True): str(a["href"]) for a in nav.select("a")}
        assert list(links) == ["People", "Writing for the front root"], name
        assert all(resolves(html, name, href) for href in links.values()), links
        masthead = soup.select_one(".newsdesk-masthead")
        assert masthead.select_one(".newsdesk-tagline").get_text(strip=True) == (
            "A front for tests"
        )
        assert resolves(html, name, str(masthead.select_one("img")["src"]))
        nav_links = [a.get_text(strip=True) for a in main_nav(soup).select("a")]
        assert "People" in nav_links and "Writing for the front root" not in nav_links
        assert soup.find("link", rel="alternate", type="application/atom+xml") is None
