"""newsdesk.site.redirects: a post's ``redirect_from`` paths become standalone redirect pages
(immediate refresh, canonical link, no-JS link, noindex); clashes are warnings."""

from __future__ import annotations

import os
import posixpath
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers import copy_root, parse, sphinx_command
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences

REDIRECTS = {  # file in the output -> the post it leads to
    "2024/01/01/one.html": "posts/2024/one",
    "old/two/index.html": "posts/2024/two",
    "two.html": "posts/2024/two",
    "old/four.htm": "posts/2024/four",
}


def refresh_url(page: BeautifulSoup) -> str:
    content = page.find("meta", attrs={"http-equiv": "refresh"})["content"]
    delay, _, url = content.partition("; url=")
    assert delay == "0"
    return url


def warnings(app: SphinxTestApp) -> str:
    return strip_escape_sequences(app.warning.getvalue())


@pytest.mark.sphinx("html", testroot="redirects")
def test_redirect_pages(app: SphinxTestApp) -> None:
    app.build()
    out = Path(app.outdir)
    for file, docname in REDIRECTS.items():
        raw = (out / file).read_text(encoding="utf-8")
        assert raw.startswith("<!DOCTYPE html>")
        page = parse(out / file)
        url = refresh_url(page)
        assert not url.startswith(("http", "/"))  # relative: works on any host
        target = posixpath.normpath(posixpath.join(posixpath.dirname(file), url))
        assert target == f"{docname}.html" and (out / target).is_file()
        assert page.find("link", rel="canonical")["href"] == (
            f"https://blog.example.org/{docname}.html"
        )
        assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
        link = page.select_one("body a")
        assert link["href"] == url  # for readers whose browser does not follow the refresh
    title = parse(out / "two.html").select_one("body a").get_text()
    heading = parse(out / "posts/2024/two.html").select_one("h1").get_text()
    assert title == heading.rstrip("#¶") == "Post “two” & more"  # Sphinx's smart quotes


@pytest.mark.sphinx("html", testroot="redirects")
def test_clashes_and_bad_paths_are_warnings(app: SphinxTestApp) -> None:
    app.build()
    out, text = Path(app.outdir), warnings(app)
    source = Path(app.srcdir, "posts", "2024", "three.md")
    where = f"{source}:3: WARNING: "  # the redirect_from line
    assert (
        f"{where}redirect_from '/2024/01/01/one.html' is also claimed by posts/2024/one "
        "(both would write 2024/01/01/one.html); keep it in one post [newsdesk.redirect]"
    ) in text
    assert f"{where}redirect_from '/about.html': the site has a page at about.html" in text
    assert f"{where}redirect_from '../escape.html' is not a site path" in text
    assert text.count("WARNING") == 3 + 6, text
    # The first claim wins, the real page stays, nothing is written outside the output.
    assert refresh_url(parse(out / "2024/01/01/one.html")) == "../../../posts/2024/one.html"
    assert parse(out / "about.html").find("meta", attrs={"http-equiv": "refresh"}) is None
    assert not (out.parent / "escape.html").exists()
    # A draft's old path is not published.
    assert not (out / "hidden.html").exists()


# Post four's redirect_from (line 3): files Sphinx, ablog or html_extra_path write.
NOT_A_PAGE = ["/searchindex.js", "/objects.inv", "/sitemap.xml", "/.buildinfo"]
WRITTEN_BY_THE_BUILD = {"/genindex.html": "the site has a page at genindex.html"}
WRITTEN_BY_THE_BUILD["/verify.html"] = "would replace verify.html, which this build wrote"


@pytest.mark.sphinx("html", testroot="redirects")
def test_no_redirect_replaces_a_file_the_build_writes(app: SphinxTestApp) -> None:
    app.build()
    out, text = Path(app.outdir), warnings(app)
    where = f"{Path(app.srcdir, 'posts', '2024', 'four.md')}:3: WARNING: redirect_from "
    for path in NOT_A_PAGE:
        assert f"{where}{path!r} is not the address of a page" in text, text
    assert "write a path ending in .html, .htm or /" in text
    for path, says in WRITTEN_BY_THE_BUILD.items():
        assert f"{where}{path!r}" in text and says in text, text
    assert text.count(f"{where}") == 6 and "[newsdesk.redirect]" in text
    # Sphinx's files are Sphinx's, not redirect pages.
    assert (out / "searchindex.js").read_text(encoding="utf-8").startswith("Search.setIndex(")
    assert (out / "objects.inv").read_bytes().startswith(b"# Sphinx inventory version 2")
    assert not (out / ".buildinfo.html").exists()
    for name in ["genindex.html", "verify.html"]:
        assert parse(out / name).find("meta", attrs={"http-equiv": "refresh"}) is None, name
    assert "verification token 1234" in (out / "verify.html").read_text(encoding="utf-8")


def test_a_redirect_may_replace_a_page_the_site_no_longer_has(tmp_path: Path) -> None:
    """An output the last build wrote and this one drops is stale, not the build's."""
    src = copy_root("redirects", tmp_path / "src")
    assert sphinx_command(src, tmp_path / "out", strict=False).returncode == 0
    about = tmp_path / "out/html/about.html"
    assert parse(about).find("meta", attrs={"http-equiv": "refresh"}) is None
    (src / "about.md").unlink()
    index = src / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("about\n", ""), "utf-8")
    one = src / "posts/2024/one.md"
    one.write_text(
        one.read_text(encoding="utf-8").replace(
            "redirect_from: /2024/01/01/one.html",
            "redirect_from: [/2024/01/01/one.html, /about.html]",
        ),
        "utf-8",
    )
    three = src / "posts/2024/three.md"  # its claim on /about.html would come first
    three.write_text(three.read_text(encoding="utf-8").replace("  - /about.html\n", ""), "utf-8")
    result = sphinx_command(src, tmp_path / "out", strict=False)
    assert result.returncode == 0, result.stderr
    assert "about.html" not in strip_escape_sequences(result.stderr)
    assert refresh_url(parse(about)) == "posts/2024/one.html"


@pytest.mark.sphinx(
    "html", testroot="redirects", confoverrides={"suppress_warnings": ["newsdesk.redirect"]}
)
def test_warnings_can_be_suppressed(app: SphinxTestApp) -> None:
    app.build()
    assert "redirect_from" not in warnings(app)


@pytest.mark.sphinx("dirhtml", testroot="redirects")
def test_dirhtml_redirects_to_the_folder(app: SphinxTestApp) -> None:
    app.build()
    out = Path(app.outdir)
    page = parse(out / "2024/01/01/one.html")
    assert refresh_url(page) == "../../../posts/2024/one/"
    assert page.find("link", rel="canonical")["href"] == "https://blog.example.org/posts/2024/one/"


def test_pages_are_rewritten_only_when_their_bytes_change(tmp_path: Path) -> None:
    src = copy_root("redirects", tmp_path / "src")
    assert sphinx_command(src, tmp_path / "out", strict=False).returncode == 0
    page = tmp_path / "out" / "html" / "two.html"
    os.utime(page, ns=(0, 0))
    one = src / "posts" / "2024" / "one.md"
    one.write_text(one.read_text(encoding="utf-8") + "\nAn edit.\n", encoding="utf-8")
    assert sphinx_command(src, tmp_path / "out", strict=False).returncode == 0
    assert page.stat().st_mtime_ns == 0  # unchanged bytes: not rewritten
    two = src / "posts" / "2024" / "two.md"
    two.write_text(two.read_text(encoding="utf-8").replace('"two" & more', "2"), "utf-8")
    assert sphinx_command(src, tmp_path / "out", strict=False).returncode == 0
    assert page.stat().st_mtime_ns != 0
    assert parse(page).select_one("body a").get_text() == "Post 2"


def test_parallel_build_writes_the_same_pages(tmp_path: Path) -> None:
    src = copy_root("redirects", tmp_path / "src")
    serial = sphinx_command(src, tmp_path / "j1", strict=False)
    parallel = sphinx_command(src, tmp_path / "j2", "-j", "2", strict=False)
    assert serial.returncode == parallel.returncode == 0
    for file in REDIRECTS:
        assert (tmp_path / "j1/html" / file).read_bytes() == (
            tmp_path / "j2/html" / file
        ).read_bytes()
