"""What a reader's browser loads at start (issue 11): a post and the home page at most
150 KB gzipped in all, not growing with the archive; no Font Awesome, no requests to
other hosts, and the search index only on the search page. Computed from the built
files of generated sites (bench/generate.py) of 52 and 156 posts."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from helpers import REPO, parse, sphinx_command
from newsdesk.tools.sitecheck.pages import site_pages
from newsdesk.tools.sitecheck.weight import BUDGET_BYTES, listing_pages, page_weight, start_urls

sys.path.insert(0, str(REPO / "bench"))
from generate import generate

pytestmark = pytest.mark.slow  # two generated sites of 52 and 156 posts

SIZES = (52, 156)
# The sidebar lists one archive link per year: a few hundred bytes as the archive grows.
GROWTH_ALLOWED = 1024


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    built = {}
    for count in SIZES:
        src = generate(tmp_path_factory.mktemp(f"weight{count}") / "site", count)
        out = src.parent / "out"
        result = sphinx_command(src, out, "-j", "2")
        assert result.returncode == 0, result.stderr
        assert "WARNING" not in result.stderr, result.stderr
        built[count] = out / "html"
    return built


def start_pages(root: Path) -> dict[str, Path]:
    newest_post = max(root.glob("posts/*/*.html"), key=lambda p: (p.parent.name, p.name))
    return {"home": root / "index.html", "post": newest_post}


def test_home_and_post_within_budget(sites: dict[int, Path]) -> None:
    for count, root in sites.items():
        for kind, page in start_pages(root).items():
            weight = page_weight(root, page)
            assert weight.missing == [], (count, kind, weight.missing)
            assert weight.external == [], (count, kind, weight.external)
            assert weight.total <= BUDGET_BYTES, (count, kind, weight.total, weight.files)
            loaded = " ".join(weight.files)
            assert "fontawesome" not in loaded and "webfonts" not in loaded, weight.files
            assert "searchindex.js" not in loaded, weight.files


def test_weight_does_not_grow_with_the_archive(sites: dict[int, Path]) -> None:
    small, large = (sites[count] for count in SIZES)
    for kind in ("home", "post"):
        before = page_weight(small, start_pages(small)[kind]).total
        after = page_weight(large, start_pages(large)[kind]).total
        assert after - before <= GROWTH_ALLOWED, (kind, before, after)


def test_every_listing_page_within_budget(sites: dict[int, Path]) -> None:
    root = sites[SIZES[-1]]
    pages = listing_pages(root)
    assert len(pages) > 60
    over = {p.relative_to(root).as_posix(): p.stat().st_size for p in pages}
    assert {name: size for name, size in over.items() if size > BUDGET_BYTES} == {}


def test_only_the_search_page_loads_the_search_index(sites: dict[int, Path]) -> None:
    root = sites[SIZES[0]]
    pages = site_pages(root)
    assert len(pages) > 52
    loading = []
    for page in pages:
        urls = start_urls(page.read_text(encoding="utf-8"))
        if any(url.split("?")[0].endswith(("searchindex.js", "searchtools.js")) for url in urls):
            loading.append(page.relative_to(root).as_posix())
    assert loading == ["search.html"]


def test_scripts_are_deferred_and_no_font_awesome(sites: dict[int, Path]) -> None:
    root = sites[SIZES[0]]
    for kind, page in start_pages(root).items():
        soup = parse(page)
        blocking = [
            script["src"]
            for script in soup.find_all("script", src=True)
            if not script.has_attr("defer") and not script.has_attr("async")
        ]
        # The theme's inline scripts set fields of the object it defines: it runs first.
        assert [str(src).split("?")[0].rsplit("/", 1)[-1] for src in blocking] == [
            "documentation_options.js"
        ], (kind, blocking)
        icon_font = [str(tag)[:80] for tag in soup.select('[class^="fa"], [class*=" fa"]')]
        assert icon_font == [], (kind, icon_font)
        assert soup.select("svg.newsdesk-icon"), kind  # the icons are inline SVG


def test_weight_counts_what_a_page_loads(tmp_path: Path) -> None:
    """The measure itself: stylesheets and their fonts count, lazy images do not, other
    hosts are reported."""
    (tmp_path / "a.css").write_text(
        "@font-face{font-family:X;src:url(f.woff2)}body{color:red}", encoding="utf-8"
    )
    (tmp_path / "f.woff2").write_bytes(random.Random(1).randbytes(4000))  # fonts barely gzip
    (tmp_path / "lazy.png").write_bytes(b"x" * 5000)
    page = tmp_path / "index.html"
    page.write_text(
        '<link rel="stylesheet" href="a.css"><script src="https://cdn.example/x.js"></script>'
        '<img src="lazy.png" loading="lazy" alt="">',
        encoding="utf-8",
    )
    weight = page_weight(tmp_path, page)
    assert set(weight.files) == {"index.html", "a.css", "f.woff2"}
    assert weight.files["f.woff2"] > 1000
    assert weight.external == ["https://cdn.example/x.js"]
