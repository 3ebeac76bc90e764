"""Unsafe file names: an apostrophe in a post's name ended Sphinx's inline
``DOCUMENTATION_OPTIONS.pagename = '...'`` script and ran the rest of the name. Such a
document is left out of the build with a ``newsdesk.filename`` warning at its line 1
(what is wrong, a safe name to use); the importer writes a safe name and says so."""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path
from urllib.parse import quote

import pytest
from browser import script_incidents
from helpers import Built, build, build_and_check, make_site, post, warnings_in
from newsdesk.tools.cli import main

SCRIPT = "x';window.__pwned=1;'"  # ends the script's string, then runs
UNSAFE = {  # file name in posts/2024/ -> (words of the reason, suggested name)
    f"{SCRIPT}.md": ("contains \"'\", ';', '='", "x-window.__pwned-1.md"),
    'quote"x.md': ("contains '\"'", "quote-x.md"),
    "tag<b>.md": ("contains '<', '>'", "tag-b.md"),
    "back\\slash.md": ("contains '\\\\'", "back-slash.md"),
    "bell\x07.md": ("contains U+0007", "bell.md"),
    "two words.md": ("contains a space", "two-words.md"),
    unicodedata.normalize("NFD", "café.md"): ("is not in Unicode NFC form", "café.md"),
    "glob[1].md": ("contains '[', ']'", "glob-1.md"),
}
SAFE = ["glob1.md", "café.md", "week-42.md"]  # built, though glob[1] and café's NFD are not


@pytest.fixture(scope="module", params=[True, False], ids=["strict", "lenient"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    tmp = tmp_path_factory.mktemp("names")
    files = {f"posts/2024/{name}": post(f"Post {i}") for i, name in enumerate([*UNSAFE, *SAFE])}
    return build_and_check(make_site(tmp, files), tmp / "out", strict=request.param)


def test_each_unsafe_name_is_a_warning_at_line_1_with_a_safe_name(built: Built) -> None:
    found = [w for w in built.warnings if w.kind == "newsdesk.filename"]
    assert len(found) == len(UNSAFE), found
    messages = "\n".join(w.message for w in found)
    for reason, suggestion in UNSAFE.values():
        assert reason in messages, (reason, messages)
        assert f"rename the file to 'posts/2024/{suggestion}'" in messages
    assert {w.line for w in found} == {1}
    assert all("left out of the build" in w.message for w in found)


def test_unsafe_documents_are_left_out_and_safe_ones_built(built: Built) -> None:
    pages = {p.name for p in (built.out / "posts" / "2024").glob("*.html")}
    assert pages == {"week-40.html", "week-41.html", "week-41-extra.html"} | {
        name.replace(".md", ".html") for name in SAFE
    }
    for page in built.out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "__pwned" not in text and 'quote"x' not in text, page


@pytest.mark.sitecheck
def test_no_page_runs_script(built: Built) -> None:
    # Quoted as the browser shows them (else café.html counts as navigating away).
    pages = ["index.html", "blog.html"] + [
        quote(p.relative_to(built.out).as_posix())
        for p in (built.out / "posts" / "2024").glob("*.html")
    ]
    assert script_incidents(built.out, pages, click_links=True) == []


# --- the importer ----------------------------------------------------------------------

JEKYLL_POST = """---
title: "It's here"
date: 2024-11-25 09:00:00 +0700
---

Text of the post.
"""


def test_importer_writes_a_safe_name_and_reports_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = Path(shutil.copytree(Path(__file__).parent / "roots" / "test-import", tmp_path / "s"))
    jekyll = tmp_path / "jekyll" / "_posts"
    jekyll.mkdir(parents=True)
    names = {
        '2024-11-25-it\'s-"here" <b>.md': "it-s-here-b.md",
        "2024-11-26-two words.md": "two-words.md",
        "2024-11-27-safe-one.md": "safe-one.md",
    }
    for name in names:
        (jekyll / name).write_text(JEKYLL_POST, encoding="utf-8")
    args = ["import-jekyll", str(jekyll), "--dest", str(site / "posts")]
    assert main([*args, "--people", str(site / "people.yaml"), "--site", str(site)]) == 0
    out = capsys.readouterr().out
    written = sorted(p.name for p in (site / "posts").rglob("*.md"))
    assert written == sorted(names.values())
    for old, new in names.items():
        said = f"{jekyll / old}:1: converted: file name"
        if old.endswith("safe-one.md"):
            assert said not in out
        else:
            assert said in out and f"the post is written as {new} instead" in out, out
    # Old URLs whose file names are unsafe get no redirect; the rest do.
    assert "gets no redirect page: its file name contains" in out
    # The imported posts build with no file name (or any other) warning.
    result = build(site, tmp_path / "out")
    assert not [w for w in warnings_in(result.stderr) if w.kind == "newsdesk.filename"]
    assert result.returncode == 0, result.stderr[-3000:]
