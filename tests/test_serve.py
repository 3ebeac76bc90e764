"""`make serve`: the live preview rebuilds on save and does not loop on its own output."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import (
    REPO,
    html_files,
    sphinx_command,
    tree_differences,
    wait_until,
    wait_until_quiet,
)

pytestmark = pytest.mark.slow  # make serve builds the whole site, then again on each save

VENV = REPO / ".venv"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (OSError, http.client.HTTPException):  # not up yet, or cut by a rewrite
        return None


@pytest.fixture
def preview(site: Path) -> Iterator[tuple[Path, str, Path]]:
    shutil.copy(REPO / "Makefile", site / "Makefile")
    shutil.copy(REPO / "pyproject.toml", site / "pyproject.toml")
    stamp = VENV / ".installed"
    if not stamp.exists():
        pytest.fail("run `make test` (it installs .venv) before this test")
    old = stamp.stat().st_mtime - 60
    os.utime(site / "pyproject.toml", (old, old))  # .venv is current: don't reinstall
    port = free_port()
    log = site.parent / "serve.log"  # outside the watched folder
    with open(log, "w") as stream:
        process = subprocess.Popen(
            ["make", "serve", f"VENV={VENV}", f"PORT={port}"],
            cwd=site,
            stdout=stream,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield site, f"http://127.0.0.1:{port}/", log
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def test_preview_rebuilds_on_save_and_settles(preview: tuple[Path, str, Path]) -> None:
    site, url, log = preview
    wait_until(
        lambda: fetch(url) is not None, timeout=180, what=f"the preview at {url}: {log.read_text()}"
    )
    post = sorted((site / "posts").glob("*/*.md"))[0]
    page = url + post.relative_to(site).with_suffix(".html").as_posix()
    assert "Preview edit" not in (fetch(page) or "")
    text = post.read_text(encoding="utf-8")
    post.write_text(text.replace("# Week #", "# Preview edit: Week #", 1), encoding="utf-8")
    wait_until(lambda: "Preview edit" in (fetch(page) or ""), timeout=120, what="the edited post")
    # The home page's post list follows too (stock ablog leaves it stale).
    wait_until(lambda: "Preview edit" in (fetch(url) or ""), timeout=30, what="the post list")
    # No loop: once settled, the preview does not rebuild by itself. A build that wrote
    # into a watched folder would start the next within sphinx-autobuild's debounce
    # (watchfiles: 1.6 s) of the last write, so the log would never stay quiet for 5 s.
    runs = log.read_text().count("Running Sphinx")
    wait_until_quiet(log, quiet=5, timeout=120, what="the preview to stop rebuilding")
    assert log.read_text().count("Running Sphinx") == runs, log.read_text()[-3000:]
    assert not (site / "_build/html").exists()  # the preview has its own output folder


def test_preview_shows_a_pages_warnings_on_the_page(preview: tuple[Path, str, Path]) -> None:
    """`make serve` banners an unedited skeleton's placeholder warnings on its page."""
    site, url, log = preview
    wait_until(
        lambda: fetch(url) is not None, timeout=180, what=f"the preview at {url}: {log.read_text()}"
    )
    post = site / "posts/2030/skeleton.md"
    post.parent.mkdir(parents=True)
    post.write_text(
        "---\ndate: 2030-01-07 20:00:00 +0700\n---\n\n# Skeleton\n\nThe take.\n",
        encoding="utf-8",
    )
    page = url + "posts/2030/skeleton.html"
    wait_until(
        lambda: "newsdesk-page-warnings" in (fetch(page) or ""), timeout=120, what="the banner"
    )
    assert "line 7: the text &#x27;The take.&#x27;" in (fetch(page) or "")
    assert "[newsdesk.placeholder]" in log.read_text()  # and in the terminal


def test_preview_writes_only_the_pages_a_new_post_changes(preview: tuple[Path, str, Path]) -> None:
    """A post added while previewing is served, listed on the home page, and the rebuild
    writes the pages it changes (itself, its neighbour, the home and site pages), not
    every post: what keeps a save quick at hundreds of posts (issue 13)."""
    site, url, log = preview
    wait_until(
        lambda: fetch(url) is not None, timeout=180, what=f"the preview at {url}: {log.read_text()}"
    )
    wait_until_quiet(log, quiet=3, timeout=120, what="the first build to finish")
    start = len(log.read_text())
    post = site / "posts/2024/preview-added.md"
    text = (REPO / "tests/data/posts/week-41-small-models.md").read_text(encoding="utf-8")
    post.write_text(text.replace("The Case for Small Models", "Preview addition", 1), "utf-8")
    wait_until(
        lambda: "Preview addition" in (fetch(url + "posts/2024/preview-added.html") or ""),
        timeout=120,
        what="the added post",
    )
    wait_until(lambda: "Preview addition" in (fetch(url) or ""), timeout=30, what="the home page")
    wait_until_quiet(log, quiet=3, timeout=120, what="the rebuild to finish")
    written = set(re.findall(r"writing output\.\.\. \[ *\d+%\] (\S+)", log.read_text()[start:]))
    assert "posts/2024/preview-added" in written
    assert written <= {
        "posts/2024/preview-added",
        "posts/2024/week-40-foundational-models",
        "index",
        "about",
        "authoring",
    }


def test_preview_edits_equal_a_clean_build(preview: tuple[Path, str, Path], tmp_path: Path) -> None:
    """`make serve` builds in one long-lived process (`newsdesk serve`): each of three
    saves of a post is served, the pages written equal a clean build's, and a post with
    bad input gives its warning while the preview goes on serving and rebuilding."""
    site, url, log = preview
    wait_until(
        lambda: fetch(url) is not None, timeout=180, what=f"the preview at {url}: {log.read_text()}"
    )
    post = sorted((site / "posts").glob("*/*.md"))[-1]
    name = post.relative_to(site).with_suffix(".html").as_posix()
    text = post.read_text(encoding="utf-8")
    for edit in ("First", "Second", "Third"):
        post.write_text(text.replace("# Week #", f"# {edit} preview edit: Week #", 1), "utf-8")
        wait_until(
            lambda edit=edit: f"{edit} preview edit" in (fetch(url + name) or ""),  # type: ignore[misc]
            timeout=120,
            what=f"the {edit.lower()} edit",
        )
    wait_until(lambda: "Third preview edit" in (fetch(url) or ""), timeout=60, what="home page")
    wait_until_quiet(log, quiet=5, timeout=120, what="the preview to settle")
    served = fetch(url + name) or ""
    assert "First preview edit" not in served
    # Whole (read at once, not sized by an earlier stat) and with the reload script.
    assert "</html>" in served and "/websocket-reload" in served

    bad = site / "posts/2024/preview-bad.md"
    bad.write_text(
        "---\ndate: 2024-10-28 20:00:00 +0700\ntags: [ai]\n---\n\n# Bad input\n\n"
        "Said by {person}`nobody-here`.\n",
        encoding="utf-8",
    )
    wait_until(
        lambda: "unknown person 'nobody-here'" in log.read_text(), timeout=120, what="warning"
    )
    wait_until(
        lambda: "Bad input" in (fetch(url + "posts/2024/preview-bad.html") or ""),
        timeout=60,
        what="the post with bad input, served",
    )
    assert "Traceback" not in log.read_text()
    # The server lives on: a fourth save is served too.
    post.write_text(text.replace("# Week #", "# Fourth preview edit: Week #", 1), "utf-8")
    wait_until(
        lambda: "Fourth preview edit" in (fetch(url + name) or ""), timeout=120, what="4th edit"
    )
    wait_until_quiet(log, quiet=5, timeout=120, what="the preview to settle again")

    # What the preview wrote equals a clean build of the same sources (drafts shown, as in
    # the preview), page for page.
    clean = sphinx_command(site, tmp_path / "clean", env={"NEWSDESK_PREVIEW": "1"}, strict=False)
    assert clean.returncode == 0, clean.stderr
    served, built = html_files(site / "_build/preview"), html_files(tmp_path / "clean/html")
    assert sorted(served) == sorted(built)
    assert [page for page in built if served[page] != built[page]] == []
    # and so does every other file it published (feeds, search index, sitemap, ...)
    assert tree_differences(site / "_build/preview", tmp_path / "clean/html") == []


def test_preview_survives_a_failed_build(preview: tuple[Path, str, Path]) -> None:
    """A build that fails before it ends (conf.py broken) leaves the preview serving the
    last output; once conf.py is fixed, the next save is built and served."""
    site, url, log = preview
    wait_until(
        lambda: fetch(url) is not None, timeout=180, what=f"the preview at {url}: {log.read_text()}"
    )
    wait_until_quiet(log, quiet=3, timeout=120, what="the first build to finish")
    conf = site / "conf.py"
    good = conf.read_text(encoding="utf-8")
    conf.write_text(good + "\nthis is not python\n", encoding="utf-8")
    wait_until(lambda: "keeps serving the last output" in log.read_text(), timeout=120, what="fail")
    assert fetch(url) is not None
    conf.write_text(good, encoding="utf-8")
    wait_until_quiet(log, quiet=3, timeout=120, what="the rebuild after the fix")
    post = sorted((site / "posts").glob("*/*.md"))[0]
    text = post.read_text(encoding="utf-8")
    post.write_text(text.replace("# Week #", "# After the fix: Week #", 1), encoding="utf-8")
    page = url + post.relative_to(site).with_suffix(".html").as_posix()
    wait_until(lambda: "After the fix" in (fetch(page) or ""), timeout=120, what="the edit")
