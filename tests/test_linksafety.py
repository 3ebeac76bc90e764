"""Site-wide link safety on tests/roots/test-linksafety: Markdown, an rST page and
{eval-rst} blocks try script links, data: and ftp: links and raw HTML. Every one is a
newsdesk warning with file and line; no page of the output has such a link or any raw
HTML; the text is kept. ``newsdesk_allow_raw_html = True`` lets raw HTML through."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import build, copy_root, html_files, parse, warnings_in
from newsdesk.site.link_safety import link_scheme

# Independent of the code under test: what a browser may follow from our pages.
ALLOWED_HREF = re.compile(r"^(?:https?:|mailto:|(?![A-Za-z][A-Za-z0-9+.-]*:))")
EXPECTED = [
    ("page.rst", 4, "newsdesk.link"),  # `script link <javascript:alert(1)>`_
    ("page.rst", 4, "newsdesk.link"),  # data: link (same paragraph)
    ("page.rst", 7, "newsdesk.link"),  # named target JaVaScRiPt:alert(2)
    ("page.rst", 11, "newsdesk.html"),  # .. raw:: html
    ("week-40.md", 7, "newsdesk.html"),  # <span onclick=...>
    ("week-40.md", 7, "newsdesk.html"),  # </span>
    ("week-40.md", 9, "newsdesk.html"),  # <div onclick=...> block
    ("week-40.md", 13, "newsdesk.link"),  # [ftp link](ftp://...)
    ("week-40.md", 16, "newsdesk.link"),  # {eval-rst} javascript: link
    ("week-40.md", 18, "newsdesk.html"),  # {eval-rst} .. raw:: html <script>
    # Markdown links MyST drops as plain text: found with MyST's own parser.
    ("week-40.md", 27, "newsdesk.link"),  # [vbscript link](vbscript:msgbox) in a {news}
    ("week-40.md", 35, "newsdesk.link"),  # {eval-rst} .. image:: with :target: javascript:
    ("week-40.md", 38, "newsdesk.link"),  # [data link](data:text/html,hi)
    ("week-40.md", 38, "newsdesk.link"),  # <javascript:alert(9)>
    ("week-40.md", 39, "newsdesk.link"),  # second line of a paragraph
    ("week-40.md", 41, "newsdesk.link"),  # [reference link][bad], [bad]: javascript:...
    # Not links: [...](javascript:...) in a code block (46) and in inline code (49).
]


@pytest.fixture(scope="module")
def strict_build(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("linksafety")
    result = build(copy_root("linksafety", tmp / "src"), tmp / "out")
    return result, tmp / "out/html"


def test_each_unsafe_link_and_raw_html_is_a_warning_with_file_and_line(strict_build) -> None:
    result, _ = strict_build
    assert result.returncode != 0 and "Traceback" not in result.stderr
    found = [w for w in warnings_in(result.stderr) if w.kind.startswith("newsdesk.")]
    assert sorted((w.path, w.line, w.kind) for w in found) == sorted(EXPECTED)
    messages = "\n".join(w.message for w in found)
    assert "link to 'javascript:alert(1)' refused: only http, https, mailto links" in messages
    assert "link to 'JaVaScRiPt:alert(2)' refused" in messages
    assert 'raw HTML refused (\'<div class="x" onclick="alert(5)">' in messages
    assert "newsdesk_allow_raw_html = True" in messages
    assert (
        "link to 'data:text/html,hi' refused: Markdown never links javascript:, vbscript:, "
        "file: or data: addresses, so it shows as plain text"
    ) in messages
    assert not [w for w in warnings_in(result.stderr) if not w.kind.startswith("newsdesk.")]


def test_no_page_has_an_unsafe_link_or_raw_html(strict_build) -> None:
    _, out = strict_build
    pages = html_files(out)
    assert {"page.html", "posts/2024/week-40.html", "blog.html"} <= set(pages)
    for name in pages:
        page = parse(out / name)
        for element in page.find_all(href=True):
            assert ALLOWED_HREF.match(element["href"].strip()), (name, element["href"])
        for element in page.find_all(True):
            assert not [attr for attr in element.attrs if attr.startswith("on")], (name, element)
        for script in page.find_all("script"):
            if script.get("type") != "application/ld+json":  # data, not code
                assert "alert(" not in script.get_text(), name


def test_refused_links_keep_their_text_and_raw_html_is_shown_as_code(strict_build) -> None:
    _, out = strict_build
    page = parse(out / "page.html")
    refused = [span.get_text() for span in page.select("span.newsdesk-refused-link")]
    assert refused == ["script link", "data link", "bad target"]
    assert page.select_one('a[href="https://example.com/rst"]').get_text() == "safe one"
    code = page.select_one(".newsdesk-refused-html").get_text()
    assert '<div onclick="alert(3)">raw rst html</div>' in code
    post = parse(out / "posts/2024/week-40.html")
    shown = [element.get_text() for element in post.select(".newsdesk-refused-html")]
    assert '<span onclick="alert(4)">' in shown and "</span>" in shown
    assert any("<script>alert(7)</script>" in text for text in shown)
    assert post.select_one("span.newsdesk-refused-link").get_text() == "ftp link"
    # The image with a script target stays, without the link.
    image = post.find("img", alt="a picture")
    assert image.find_parent("a") is None and "newsdesk-refused-link" in image.parent["class"]
    # What MyST drops stays as the author wrote it, as text.
    text = " ".join(post.get_text(" ").split())
    assert "[script](javascript:alert(10))" in text and "[reference link][bad]" in text
    assert post.select_one('a[href*="alert("]') is None
    # Safe links are untouched.
    home = parse(out / "index.html")
    assert home.select_one('a[href="https://example.com/a"]') is not None
    assert home.select_one('a[href^="mailto:desk"]') is not None
    assert home.select_one('a[href="page.html"]') is not None


def test_raw_html_passes_when_the_site_allows_it(tmp_path: Path) -> None:
    src = copy_root("linksafety", tmp_path / "src")
    result = build(src, tmp_path / "out", "-D", "newsdesk_allow_raw_html=1")
    kinds = {w.kind for w in warnings_in(result.stderr)}
    assert kinds == {"newsdesk.link"}  # links are still refused
    post = parse(tmp_path / "out/html/posts/2024/week-40.html")
    assert post.find("div", onclick="alert(5)") is not None


@pytest.mark.parametrize(
    ("uri", "scheme"),
    [
        ("https://example.com", "https"),
        ("JAVASCRIPT:alert(1)", "javascript"),
        ("java\nscript:alert(1)", "javascript"),  # browsers drop tabs and newlines
        ("java\tscript:alert(1)", "javascript"),
        (" \x01javascript:alert(1)", "javascript"),  # and leading controls and spaces
        ("data:text/html,x", "data"),
        ("/relative/page.html", ""),
        ("#anchor", ""),
        ("//example.com/x", ""),
        ("page.html?a=b:c", ""),
    ],
)
def test_link_scheme_is_what_a_browser_would_see(uri: str, scheme: str) -> None:
    assert link_scheme(uri) == scheme
