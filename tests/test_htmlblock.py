"""``{html}`` (newsdesk.content.html_block): raw HTML cleaned by nh3 when the site is built, so an
imported post, or one edited by anyone afterwards, cannot put script into a page."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from browser import script_incidents
from helpers import build, parse
from newsdesk.content.html_block import clean, removed_parts
from newsdesk.tools.importer.command import MANIFEST_NAME

SITE_TEMPLATE = Path(__file__).parent / "roots" / "test-import"
PAYLOADS = [
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">js link</a>',
    '<a href=" JaVaScRiPt:window.__pwned=1">mixed case</a>',
    "<script>alert(1)</script>",
    "<svg onload=alert(1)><circle r=5></circle></svg>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<div style="background:url(javascript:alert(1))" onmouseover="alert(1)">hover</div>',
    '<form action="javascript:alert(1)"><button formaction="javascript:1">go</button></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<object data="javascript:alert(1)"></object><embed src="javascript:alert(1)">',
    '<a href="data:text/html,<script>alert(1)</script>">data link</a>',
    "<details open ontoggle=alert(1)><summary>s</summary></details>",
]
JEKYLL_POST = """---
title: Payloads
date: 2024-11-04 20:00:00 +0700
---

<figure>
{html}
</figure>

Inline: <kbd onclick="alert(1)">K</kbd> and <a href="javascript:alert(1)">x</a> end.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Jekyll post full of payloads, imported; then an editor adds more by hand."""
    from newsdesk.tools.cli import main

    root = tmp_path_factory.mktemp("html-payloads")
    site = Path(shutil.copytree(SITE_TEMPLATE, root / "site"))
    posts = root / "jekyll" / "_posts"
    posts.mkdir(parents=True)
    (posts / "2024-11-04-payloads.md").write_text(
        JEKYLL_POST.replace("{html}", "\n".join(PAYLOADS)), encoding="utf-8"
    )
    status = main(
        ["import-jekyll", str(root / "jekyll"), "--dest", str(site / "posts"),
         "--people", str(site / "people.yaml"), "--site", str(site)]
    )  # fmt: skip
    assert status == 0
    post = site / "posts" / "2024" / "payloads.md"
    text = post.read_text(encoding="utf-8")
    assert ":::{html}" in text and "{html}`<kbd" in text
    # Edited after the import: the build must clean this too.
    post.write_text(
        text + "\n:::{html}\n" + "\n".join(PAYLOADS) + "\n:::\n\n"
        'Role: {html}`<b onclick="alert(1)">b</b><script>alert(1)</script>`\n',
        encoding="utf-8",
    )
    assert (site / "posts" / MANIFEST_NAME).is_file()
    result = build(site, root / "out", strict=False)
    assert result.returncode == 0, result.stderr
    assert "raw HTML refused" not in result.stderr  # {html} is not refused: it is cleaned
    return root / "out" / "html"


def test_built_page_has_no_script_handler_or_dangerous_link(built: Path) -> None:
    page = parse(built / "posts/2024/payloads.html")
    article = page.select_one("article")
    assert article is not None
    assert article.find(["script", "iframe", "object", "embed", "svg", "form", "meta"]) is None
    for tag in article.find_all(True):
        assert not [name for name in tag.attrs if name.lower().startswith("on")], tag
        assert "style" not in tag.attrs, tag
        for name in ("href", "src", "action", "formaction", "data"):
            value = str(tag.get(name, "")).strip().lower()
            assert not value.startswith(("javascript", "data", "vbscript")), tag
    # What is safe is kept: the text, the summary, the kbd.
    assert article.select_one("kbd").get_text() == "K"
    assert "hover" in article.get_text() and "js link" in article.get_text()


@pytest.mark.sitecheck
def test_no_payload_runs_in_chromium(built: Path) -> None:
    assert script_incidents(built, ["posts/2024/payloads.html"], click_links=True) == []


def test_clean_uses_the_sites_link_schemes() -> None:
    html = '<a href="mailto:a@example.org">m</a> <a href="https://example.org/">h</a>'
    assert "mailto:" in clean(html, ["http", "https", "mailto"])
    assert "mailto:" not in clean(html, ["http", "https"])
    assert 'href="https://example.org/"' in clean(html, ["http", "https"])


def test_the_import_report_names_what_the_build_removes() -> None:
    assert removed_parts('<img src=x onerror=alert(1)><script></script><p style="">') == [
        "img onerror=",
        "<script>",
        "p style=",
    ]
