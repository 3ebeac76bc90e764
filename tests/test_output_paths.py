"""Output paths stay inside the output folder and never replace a file the build writes:
ablog's ``redirect:`` (absolute, ``../``, ``index``), ``redirect_from`` paths that are too
long, nested under a file, or unsafe, and tag/location slugs too long for a file name.
Each is a ``newsdesk`` warning at its front matter line; nothing is written for it."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import (
    Built,
    build_and_check,
    make_site,
    parse,
    post,
    sphinx_command,
    warnings_in,
)

LONG = "a" * 300
DEEP = "/".join(["folder"] * 150) + "/x.html"  # safe names, 1,000+ bytes in all
GENERATOR = {"name": "generator", "content": "newsdesk redirect"}


def files(tmp: Path) -> dict[str, str]:
    outside = tmp / "abs-ablog"  # ablog wrote /abs-ablog.html here, outside the output
    return {
        "posts/2024/ablog-redirect.md": post(
            "Ablog redirect",
            head=f"redirect: index, ../../escape-ablog, {outside}, blog, old/ablog-page\n",
        ),
        "posts/2024/redirect-from.md": post(
            "Redirect from",
            head=(
                "redirect_from:\n"
                "  - /n.html\n"
                "  - /n.html/deeper.html\n"
                f"  - /{LONG}.html\n"
                f"  - /{DEEP}\n"
                "  - /it's.html\n"
                "  - /a b.html\n"
                "  - /index.html/under-the-home-page.html\n"
            ),
        ),
        # ablog's {post} directive has the same option.
        "posts/2024/post-directive.md": post(
            "Post directive",
            "```{post} 2024-10-01\n:redirect: ../../escape-post, genindex, old/from-post\n```",
        ),
        "posts/2024/long-slugs.md": (
            f"---\ndate: 2024-10-01\ntags: [ai, {LONG}]\nlocation: {LONG}\n"
            f"category: [{LONG}]\n---\n\n# Long slugs\n\nText.\n"
        ),
    }


EXPECTED = {  # file -> [(line, words)]
    "ablog-redirect.md": [
        (4, "redirect 'index': the site has a page at index.html"),
        (4, "redirect '../../escape-ablog' is not a page of the site"),
        (4, "abs-ablog' is not a page of the site"),
        (4, "redirect 'blog': the site has a page at blog.html"),
    ],
    "redirect-from.md": [
        (4, "'/n.html/deeper.html' would need a folder n.html/, where the site has a file"),
        (4, "has a name longer than 200 bytes"),
        (4, "is longer than 1000 bytes"),
        (4, 'redirect_from "/it\'s.html": the file it would write contains "\'"'),
        (4, "redirect_from '/a b.html': the file it would write contains a space"),
        (4, "would need a folder index.html/, where the site has a file index.html"),
    ],
    "post-directive.md": [
        (9, "redirect '../../escape-post' is not a page of the site"),
        (9, "redirect 'genindex': the site has a page at genindex.html"),
    ],
    "long-slugs.md": [
        (3, "tags 'aaaa"),
        (4, "location 'aaaa"),
        (5, "category 'aaaa"),
    ],
}


@pytest.fixture(scope="module", params=[True, False], ids=["strict", "lenient"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    tmp = tmp_path_factory.mktemp("paths")
    src = make_site(tmp, files(tmp))
    return build_and_check(src, tmp / "out", strict=request.param)


def test_each_bad_path_is_a_warning_at_its_line(built: Built) -> None:
    for file, expected in EXPECTED.items():
        found = built.messages(file)
        for line, words in expected:
            assert any(n == line and words in m for n, m in found), (file, words, found)
        assert len(found) == len(expected), found
    kinds = {w.kind for w in built.warnings if w.path in EXPECTED}
    assert kinds == {"newsdesk.redirect", "newsdesk.filename"}


def test_nothing_is_replaced_and_nothing_escapes(built: Built) -> None:
    out = built.out
    tmp = out.parent.parent
    # The home page and ablog's blog page are the site's own, not redirects.
    for page in ["index.html", "blog.html"]:
        assert parse(out / page).find("meta", attrs={"http-equiv": "refresh"}) is None
    assert not (tmp / "abs-ablog.html").exists()
    assert not list(tmp.rglob("escape-ablog*")) and not list(tmp.rglob("escape-post*"))
    assert not (out / "n.html" / "deeper.html").exists()
    assert not (out / "index.html").is_dir()
    # No page for a slug too long for a file name.
    assert not [p for p in out.rglob("*") if len(p.name) > 200]


def test_good_redirects_are_still_written(built: Built) -> None:
    # ablog's page name old/ablog-page is /old/ablog-page.html, written by newsdesk
    # (an immediate redirect page), not by ablog (a themed page that waits 5 seconds).
    for file, target in [
        ("old/ablog-page.html", "../posts/2024/ablog-redirect.html"),
        ("n.html", "posts/2024/redirect-from.html"),
        ("old/from-post.html", "../posts/2024/post-directive.html"),
    ]:
        page = parse(built.out / file)
        assert page.find("meta", attrs=GENERATOR) is not None, file
        refresh = page.find("meta", attrs={"http-equiv": "refresh"})["content"]
        assert refresh == f"0; url={target}", file
    # The posts themselves are built.
    assert (built.out / "posts/2024/long-slugs.html").is_file()


def test_parallel_and_incremental_builds_refuse_the_same(tmp_path: Path) -> None:
    src = make_site(tmp_path, files(tmp_path))
    serial = build_and_check(src, tmp_path / "serial", strict=False, command_line=True)
    parallel = sphinx_command(src, tmp_path / "parallel", "-j", "2", strict=False)
    again = sphinx_command(src, tmp_path / "serial", strict=False)  # nothing changed
    for result in (parallel, again):
        assert result.returncode == 0, result.stderr[-3000:]
        refused = {w for w in warnings_in(result.stderr) if w.kind == "newsdesk.redirect"}
        assert refused == {w for w in serial.warnings if w.kind == "newsdesk.redirect"}
        assert len(refused) == 12
    names = {p.relative_to(serial.out).as_posix() for p in serial.out.rglob("*.html")}
    out = tmp_path / "parallel/html"
    assert names == {p.relative_to(out).as_posix() for p in out.rglob("*.html")}
    for file in ["n.html", "old/ablog-page.html", "old/from-post.html"]:
        assert (out / file).read_bytes() == (serial.out / file).read_bytes()
