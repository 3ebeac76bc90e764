"""The URL policy judged as a browser parses URLs, and JSON-LD that cannot end its script.
(The builds that apply both are in test_escape.py.)"""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup
from newsdesk.site.social import script_json
from newsdesk.site.url_policy import UrlKind, link_scheme, refusal, url_kind

REFUSED = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " \x01\x1f javascript:alert(1)",  # leading spaces and control characters are dropped
    "java\tscript:alert(1)",
    "java\nscr\ript:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;avascript&colon;alert(1)",
    "java&Tab;script:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "DATA:image/svg+xml,<svg onload=alert(1)>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "feed:https://example.com",
]
EXTERNAL = [
    "https://example.com/a.png",
    "HTTP://example.com/",
    "mailto:desk@example.com",
    "//evil.example/x.png",  # another site with the page's scheme, not a relative path
    "\\\\evil.example/x.png",  # browsers read backslashes as slashes in http(s) pages
    "/\\evil.example/x.png",
    " //evil.example/x.png",
]
SITE = ["_static/a.png", "/_static/a.png", "../people/eve.html", "#top", "page.html?a=b:c", ""]


@pytest.mark.parametrize("url", REFUSED)
def test_refused_whatever_the_spelling(url: str) -> None:
    assert url_kind(url) is UrlKind.REFUSED
    assert refusal(url) is not None


@pytest.mark.parametrize("url", EXTERNAL)
def test_external(url: str) -> None:
    assert url_kind(url) is UrlKind.EXTERNAL


@pytest.mark.parametrize("url", SITE)
def test_site_paths(url: str) -> None:
    assert url_kind(url) is UrlKind.SITE
    assert refusal(url) is None


def test_the_scheme_is_what_the_browser_reads() -> None:
    # What Chromium's parser does with the same attribute, checked with lxml's HTML parser
    # for the entity part: the attribute value is decoded before the URL is parsed.
    anchor = BeautifulSoup('<a href="&#106;ava&#x09;script:x">', "lxml").a
    assert anchor is not None and anchor["href"] == "java\tscript:x"
    assert link_scheme("&#106;ava&#x09;script:x") == "javascript"


def test_refusal_names_the_scheme_and_what_to_write() -> None:
    message = refusal("JaVaScRiPt:alert(1)", ("http", "https"))
    assert message is not None
    assert "'javascript:'" in message and "http: or https:" in message
    assert "control characters" in (refusal("https://example.com/a\nb") or "")


PAYLOADS = [
    "</script><script>alert(1)</script>",
    "<!-- <script>",
    "--> & &amp; \u2028\u2029",
    "\\</script>",
    "<\\/script>",
]


@pytest.mark.parametrize("text", PAYLOADS)
def test_script_json_round_trips_and_cannot_end_the_script(text: str) -> None:
    data = {"description": text, "nested": [{"name": text}], text: 1}
    serialised = script_json(data)
    for unsafe in "<>&\u2028\u2029":
        assert unsafe not in serialised
    assert json.loads(serialised) == data
    page = BeautifulSoup(
        f'<html><head><script type="application/ld+json">{serialised}</script>'
        '<link rel="canonical" href="https://example.com/"></head><body></body></html>',
        "lxml",
    )
    script = page.find("script")
    assert script is not None and json.loads(script.string) == data
    assert page.head is not None and page.head.find("link", rel="canonical") is not None
