"""Stored XSS and URL payloads in front matter, headings, people.yaml and links: a copy of
the real site with several payloads per class, built strictly and leniently, the output
parsed (HTML with BeautifulSoup, JSON-LD with json, feeds with feedparser) and the pages
opened in Chromium, failing on any script that runs."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup
from helpers import build, copy_site, parse, parse_text, warnings_in

pytestmark = pytest.mark.slow  # the whole site with payloads, strict and lenient

# Independent of the code under test: what a browser may follow or load from our pages.
# A scheme as a browser reads it (entities decoded, tabs/newlines dropped, spaces and
# control characters stripped), then http(s)/mailto or none.
ALLOWED_URL = re.compile(r"^(?:https?:|mailto:|(?![A-Za-z][A-Za-z0-9+.-]*:))", re.IGNORECASE)
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "poster", "data", "srcset")
OG_URL_PROPERTIES = ("og:url", "og:image", "og:image:url", "og:image:secure_url", "og:video")

TAGS = [
    "<img src=x onerror=alert('tag')>",
    'q"><svg onload=alert(2)>quote',
    "</a><script>window.__pwned=1</script>pwn",
]
CATEGORY = "<svg/onload=alert('cat')>cat"
LOCATION = "<img src=x onerror=alert('loc')>"
LANGUAGE = "<script>alert('lang')</script>en"
TITLE = "</title><script>alert('title')</script><img src=x onerror=alert('t2')>"
# Text in Markdown (entities and backslash escapes), markup once unescaped.
H1_SOURCE = r"Week &lt;img src=x onerror=alert('h1')&gt; and \<script>alert('h1b')\</script>"
H1_TEXT = (  # smartquotes curl the quotes of the heading's text
    "Week <img src=x onerror=alert(\u2018h1\u2019)> and <script>alert(\u2018h1b\u2019)</script>"
)
DESCRIPTION = "</script><!-- <script>alert('desc')</script> & \u2028 -->"
NAME = "<img src=x onerror=alert('name')>Eve"
ROLE = "<b onmouseover=alert('role')>boss</b>"

POST = f"""---
date: 2024-10-20 20:00:00 +0700
tags: {json.dumps(TAGS)}
category: {json.dumps([CATEGORY])}
location: {json.dumps(LOCATION)}
language: {json.dumps(LANGUAGE)}
author: [eve]
title: {json.dumps(TITLE)}
description: {json.dumps(DESCRIPTION)}
image: "JaVaScRiPt:alert('image')"
canonical_link: "  java\\tscript:alert('canonical')"
---

# {H1_SOURCE}

A [quoted link](javascript:alert('x')) and a [double](javascript:alert("y")) in prose.

```{{eval-rst}}
.. image:: /_static/tech-pulse-card.png
   :alt: card
   :target: data:text/html,<script>alert('target')</script>
```

```{{image}} /_static/tech-pulse-card.png
:alt: card two
:target: VBScript:alert('target2')
```

```text
[a link shown as code](javascript:alert('code')) is no link.
```
"""

# Three more posts, one per URL key payload, so prev/next and listings have neighbours.
LINK_POSTS = {
    "external": ("external_link", "&#106;avascript:alert('external')"),
    "external2": ("external_link", "\x01javascript:alert('external2')"),
    "card": ("image", "//evil.example/card.png"),  # allowed: another site, not a site path
}

PEOPLE = f"""
eve:
  name: {json.dumps(NAME)}
  url: https://example.com/eve
  role: {json.dumps(ROLE)}
  avatar: "javascript:alert('avatar')"
mallory:
  name: "Mallory </h1><script>alert('mallory')</script>"
  url: https://example.com/mallory
  avatar: "data:image/svg+xml,<svg onload=alert('avatar2')>"
trent:
  name: "Trent \\" onmouseover=\\"alert('trent')"
  url: https://example.com/trent
  avatar: "_static/tech-pulse-card.png\\" onerror=\\"alert('avatar3')"
"""

ABOUT_FRONT_MATTER = """---
og:image: "javascript:alert('og')"
og:url: "data:text/html,alert('og2')"
og:image:alt: "javascript: the good parts"
---

"""

PAYLOAD_PAGES = [
    "posts/2024/evil.html",
    "posts/2024/external.html",
    "blog/tag/img-srcx-onerroralerttag.html",
    "blog/category/svgonloadalertcatcat.html",
    "blog/location/img-srcx-onerroralertloc.html",
    "blog/language/scriptalertlangscripten.html",
    "blog/author/img-srcx-onerroralertnameeve.html",
    "blog/tag.html",
    "blog/archive.html",
    "blog/2024.html",
    "blog.html",
    "index.html",
    "about.html",
    "people/eve.html",
    "people/mallory.html",
    "people/trent.html",
    "people/index.html",
]


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, text in enumerate(lines, 1) if needle in text)


def make_payload_site(dest: Path) -> Path:
    site = copy_site(dest)
    posts = site / "posts/2024"
    (posts / "evil.md").write_text(POST, encoding="utf-8")
    for number, (slug, (key, value)) in enumerate(LINK_POSTS.items()):
        (posts / f"{slug}.md").write_text(
            f"---\ndate: 2024-10-{10 + number} 20:00:00 +0700\ntags: [ai]\n"
            f"{key}: {json.dumps(value)}\n---\n\n# Post {slug}\n\nText of {slug}.\n",
            encoding="utf-8",
        )
    with (site / "people.yaml").open("a", encoding="utf-8") as people:
        people.write(PEOPLE)
    about = site / "about.md"
    about.write_text(ABOUT_FRONT_MATTER + about.read_text(encoding="utf-8"), encoding="utf-8")
    return site


def expected_warnings(site: Path) -> list[tuple[str, int, str]]:
    evil = site / "posts/2024/evil.md"
    people = site / "people.yaml"
    about = site / "about.md"
    return sorted(
        [
            ("evil.md", line_of(evil, "image: "), "newsdesk.url"),
            ("evil.md", line_of(evil, "canonical_link:"), "newsdesk.url"),
            ("evil.md", line_of(evil, "[quoted link]"), "newsdesk.link"),  # ' smartened
            ("evil.md", line_of(evil, "[quoted link]"), "newsdesk.link"),  # " smartened
            ("evil.md", line_of(evil, ":target: data:"), "newsdesk.link"),
            ("evil.md", line_of(evil, ":target: VBScript:"), "newsdesk.link"),
            ("external.md", 4, "newsdesk.url"),
            ("external2.md", 4, "newsdesk.url"),
            # its \x01 (a YAML escape) is removed first, and said so (newsdesk.text)
            ("external2.md", 4, "newsdesk.text"),
            ("people.yaml", line_of(people, 'avatar: "javascript:'), "newsdesk.url"),
            ("people.yaml", line_of(people, 'avatar: "data:'), "newsdesk.url"),
            ("about.md", line_of(about, "og:image:"), "newsdesk.url"),
            ("about.md", line_of(about, "og:url:"), "newsdesk.url"),
        ]
    )


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("escape")
    site = make_payload_site(tmp / "site")
    strict = build(site, tmp / "strict")
    lenient = build(site, tmp / "lenient", strict=False)
    return {"site": site, "strict": strict, "lenient": lenient, "html": tmp / "lenient/html"}


def test_strict_build_fails_naming_each_refused_url_with_file_and_line(builds) -> None:
    result = builds["strict"]
    assert result.returncode != 0, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    found = sorted(
        (Path(w.path).name, w.line, w.kind)
        for w in warnings_in(result.stderr)
        if w.kind.startswith("newsdesk.")
    )
    assert found == expected_warnings(builds["site"]), result.stderr
    messages = "\n".join(w.message for w in warnings_in(result.stderr))
    assert "image \"JaVaScRiPt:alert('image')\" refused: it uses the scheme 'javascript:'" in (
        messages
    )
    assert "link to \"javascript:alert('x')\" refused: Markdown never links" in messages
    assert "eve.avatar \"javascript:alert('avatar')\" refused" in messages
    assert "og:image \"javascript:alert('og')\" refused" in messages
    # Payloads that are no URL problem are no warning: they are text, and printed as such.
    assert not [w for w in warnings_in(result.stderr) if not w.kind.startswith("newsdesk.")]


def test_lenient_build_succeeds_with_the_same_warnings(builds) -> None:
    result = builds["lenient"]
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    found = sorted(
        (Path(w.path).name, w.line, w.kind)
        for w in warnings_in(result.stderr)
        if w.kind.startswith("newsdesk.")
    )
    assert found == expected_warnings(builds["site"])


def all_pages(html: Path) -> list[Path]:
    return sorted(p for p in html.rglob("*.html") if "_static" not in p.parts)


def is_site_icon(tag: Any) -> bool:
    """An icon of newsdesk.site.icons: class newsdesk-icon, no handler, only drawing children."""
    return (
        "newsdesk-icon" in (tag.get("class") or [])
        and not [a for a in tag.attrs if a.lower().startswith("on")]
        and all(
            child.name in {"path", "circle", "rect", "line", "polyline"}
            for child in tag.find_all(True)
        )
    )


def payload_elements(tag: Any) -> list[Any]:
    return [
        el
        for el in tag.find_all(["img", "script", "svg"])
        if not (el.name == "svg" and is_site_icon(el))
    ]


def test_no_payload_markup_reaches_any_page(builds) -> None:
    """Every page, parsed: no element or attribute a payload would add, and each payload
    shows as the text it is."""
    html = builds["html"]
    for path in all_pages(html):
        page = parse(path)
        where = path.relative_to(html)
        for tag in page.find_all(True):
            # The theme has onclick handlers of its own; a payload's call alert().
            events = [a for a in tag.attrs if a.lower().startswith("on")]
            assert not [a for a in events if "alert" in str(tag[a])], f"{where}: {tag}"
            assert not set(events) - {"onclick"}, f"{where}: {tag.name} with {events}"
            # The site's own icons are inline SVG (newsdesk.site.icons); a payload's is not.
            assert tag.name != "svg" or is_site_icon(tag), f"{where}: {tag}"
            if tag.name == "img":
                assert tag.get("src") != "x", f"{where}: {tag}"
            if tag.name == "script" and tag.get("type") != "application/ld+json":
                code = tag.string or ""
                assert "alert(" not in code and "__pwned=" not in code, f"{where}: {tag}"


def test_payloads_show_as_text_where_they_are_listed(builds) -> None:
    html = builds["html"]
    post = parse(html / "posts/2024/evil.html")
    for value in TAGS:  # the post's tag list
        assert post.find("a", string=value), value
    # The post's details in listings (ablog's postcard items), as text.
    listing = parse(html / "blog.html")
    for value in [*TAGS, CATEGORY, LOCATION, LANGUAGE, NAME]:
        assert listing.find("a", string=value), value
    assert post.find("h1").get_text().startswith(H1_TEXT)
    # The book theme's print-only header and the <title>: the heading's text.
    print_header = post.select_one("#jb-print-docs-body h1")
    assert print_header is not None and print_header.get_text().startswith(H1_TEXT)
    assert not print_header.find_all(True)
    assert post.title.get_text().startswith(H1_TEXT)
    # Tag page: its name in the heading, the title and the feed link's title.
    tag = parse(html / "blog/tag/img-srcx-onerroralerttag.html")
    assert TAGS[0] in tag.title.get_text()
    assert TAGS[0] in tag.select_one(".ablog__collection h1").get_text()
    assert not payload_elements(tag.select_one(".ablog__collection h1"))
    feed_links = tag.find_all("link", rel="alternate", type="application/atom+xml")
    assert any(TAGS[0] in (link.get("title") or "") for link in feed_links)
    # Listings: the tag cloud, archives and recent posts show the titles and names as text.
    home = parse(html / "index.html")
    cloud = home.select_one(".ablog__tagcloud")
    assert cloud is not None and cloud.find("a", string=TAGS[1])
    recent = home.select_one(".ablog__recentposts")
    assert recent is not None and TITLE in recent.get_text()
    assert not payload_elements(recent)
    # Previous/next on the neighbour's page: the payload post's title, as text.
    neighbour = parse(html / "posts/2024/week-40-foundational-models.html")
    nav = neighbour.select_one(".ablog__prev-next")
    assert nav is not None and TITLE in nav.get_text()
    assert not payload_elements(nav)


def test_people_names_and_roles_are_text(builds) -> None:
    html = builds["html"]
    eve = parse(html / "people/eve.html")
    headers = eve.find_all("h1")
    assert [h.get_text(strip=True) for h in headers] == [NAME, NAME]  # print header, page
    assert all(not h.find_all(True) for h in headers)
    assert eve.find(string=re.compile(re.escape(ROLE)))
    assert not eve.select("img.newsdesk-avatar")  # the refused avatar is not shown
    mallory = parse(html / "people/mallory.html")
    assert "Mallory </h1><script>" in mallory.title.get_text()
    trent = parse(html / "people/trent.html")
    avatar = trent.select_one("img.newsdesk-avatar")
    assert avatar is not None and avatar.get("onerror") is None
    assert avatar["src"].endswith("tech-pulse-card.png\" onerror=\"alert('avatar3')")
    index = parse(html / "people/index.html")
    for name in (NAME, "Mallory </h1><script>alert('mallory')</script>"):
        assert index.find("a", string=name), name
    authors = parse(html / "blog/author.html")
    assert authors.find("a", string=NAME)


def test_every_url_attribute_is_allowed(builds) -> None:
    """href, src, og:, canonical and refresh content on every page pass a browser's view."""
    html = builds["html"]
    for path in all_pages(html):
        page = parse(path)
        where = path.relative_to(html)
        for tag in page.find_all(True):
            for attribute in URL_ATTRIBUTES:
                value = tag.get(attribute)
                if isinstance(value, str):
                    seen = re.sub(r"[\t\n\r]", "", value).strip("\x00 \x01\x02\x03\x04")
                    assert ALLOWED_URL.match(seen), f"{where}: {tag.name} {attribute}={value!r}"
        for meta in page.find_all("meta"):
            name = meta.get("property") or meta.get("name") or meta.get("http-equiv") or ""
            content = meta.get("content") or ""
            if name in OG_URL_PROPERTIES or name == "article:author":
                assert ALLOWED_URL.match(content.strip()), f"{where}: {name}={content!r}"
            if name.lower() == "refresh":
                assert ALLOWED_URL.match(content.split("url=", 1)[-1].strip()), where
    post = parse(html / "posts/2024/evil.html")
    assert post.find("link", rel="canonical")["href"].startswith("https://")
    assert not post.find("meta", property="og:image", content=re.compile("(?i)script"))
    # The refused :target: links keep their images, without a link.
    assert len(post.select(".newsdesk-refused-link img")) == 2
    # //host is another site: made absolute with the site's scheme, never a site path.
    card = parse(html / "posts/2024/card.html").find("meta", property="og:image")
    assert card["content"] == "https://evil.example/card.png"
    about = parse(html / "about.html")
    assert about.find("meta", property="og:image:alt")["content"] == "javascript: the good parts"
    # The refused external links: the listings link the post itself instead.
    blog = parse(html / "blog.html")
    assert blog.find("a", href="posts/2024/external.html")


def jsonld(page: BeautifulSoup) -> dict[str, Any]:
    scripts = page.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


def test_jsonld_cannot_end_its_script_and_round_trips(builds) -> None:
    html = builds["html"]
    raw = (html / "posts/2024/evil.html").read_text(encoding="utf-8")
    body = raw.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    for unsafe in ("<", ">", "&", "\u2028"):
        assert unsafe not in body
    data = json.loads(body)
    assert data["headline"] == TITLE
    assert data["description"] == DESCRIPTION
    assert data["keywords"] == TAGS
    assert data["author"][0]["name"] == NAME
    # The head after it is intact: the canonical link and the theme's scripts are parsed.
    page = parse_text(raw)
    assert jsonld(page) == data
    assert page.head.find("link", rel="canonical") is not None
    assert page.find("meta", attrs={"name": "twitter:title"})["content"] == TITLE


def test_feeds_carry_text_and_safe_links(builds) -> None:
    html = builds["html"]
    feeds = sorted(html.rglob("atom.xml"))
    assert html / "blog/atom.xml" in feeds
    names = {p.relative_to(html).as_posix() for p in feeds}
    assert "blog/tag/img-srcx-onerroralerttag/atom.xml" in names
    seen_entry = False
    for path in feeds:
        feed = feedparser.parse(path.read_bytes())
        assert not feed.bozo, (path, feed.get("bozo_exception"))
        links = [link["href"] for link in feed.feed.get("links", [])]
        for entry in feed.entries:
            links += [link["href"] for link in entry.get("links", [])]
            links += [a.get("href", "") for a in entry.get("authors", [])]
            if entry.get("title") == TITLE:
                seen_entry = True
                assert [t["term"] for t in entry.tags] == TAGS
                assert entry.summary == DESCRIPTION  # text, not markup
        for link in links:
            assert urlsplit(link).scheme in ("", "http", "https"), (path, link)
        raw = path.read_text(encoding="utf-8")
        assert "<script" not in raw and "<img" not in raw and "<svg" not in raw, path
    assert seen_entry
    tag_feed = feedparser.parse((html / "blog/tag/img-srcx-onerroralerttag/atom.xml").read_bytes())
    assert TAGS[0] in tag_feed.feed.title


@pytest.mark.sitecheck
def test_no_script_runs_in_chromium(builds) -> None:
    from browser import script_incidents

    html = builds["html"]
    pages = [p for p in PAYLOAD_PAGES if (html / p).is_file()]
    assert pages == PAYLOAD_PAGES, set(PAYLOAD_PAGES) - set(pages)
    # Sphinx's search page shows matching titles: searched for a word of the payload post.
    assert script_incidents(html, [*pages, "search.html?q=onerror"], click_links=True) == []
