"""Builds in one process (helpers.build, the sphinx.testing ``app`` fixture) do not reach
each other: ablog keeps its posts in a class attribute (``Blog._dict``, emptied at each
build by newsdesk.blog.ablog.workarounds.reset_ablog_state) and newsdesk replaces ``open``
while an HTML build runs (newsdesk.build.atomic). conftest's ``no_build_state_left_behind``
checks ``open`` after every test."""

from __future__ import annotations

import builtins
import contextlib
import gc
import io
from pathlib import Path

import pytest
from helpers import build, copy_root, html_files, tree_differences
from newsdesk.build import writing
from newsdesk.content.records import NoteRecord
from newsdesk.tools.serve import InProcessBuilder
from sphinx.testing.util import SphinxTestApp


def test_a_build_after_another_sites_build_is_the_same_as_the_first(tmp_path: Path) -> None:
    first = build(copy_root("blog", tmp_path / "blog-1"), tmp_path / "out-1")
    other = build(copy_root("news", tmp_path / "news"), tmp_path / "out-news")
    again = build(copy_root("blog", tmp_path / "blog-2"), tmp_path / "out-2")
    for result in (first, other, again):
        assert result.returncode == 0, result.stderr
        assert builtins.open is writing.real_open  # put back after each build
    assert tree_differences(tmp_path / "out-1/html", tmp_path / "out-2/html") == []
    # ... and the news root's pages name its own blog, not the one built before it.
    news_pages = html_files(tmp_path / "out-news/html")
    assert any("News root" in text for text in news_pages.values())
    for name, text in news_pages.items():
        assert "Blog root" not in text and "blog.example.org" not in text, name
    for name, text in html_files(tmp_path / "out-2/html").items():
        assert "News root" not in text and "posts/2024/week-40" not in text, name


def test_a_failed_build_puts_open_back(tmp_path: Path) -> None:
    src = copy_root("blog", tmp_path / "src")
    (src / "posts/2024/bad.md").write_text("---\ndate: 2024-13-45\n---\n\n# Bad\n\nText.\n")
    result = build(src, tmp_path / "out")
    assert result.returncode != 0 and "is not a real date" in result.stderr
    assert builtins.open is writing.real_open


@pytest.mark.parametrize("step", ["edit", "plain"])
@pytest.mark.sphinx("html", testroot="blog")
def test_each_app_builds_its_own_copy_of_the_root(app: SphinxTestApp, step: str) -> None:
    """Sphinx's own fixture would build tests/roots/test-blog in place, into one output
    folder shared by every test of the root: the post added by "edit" would be published
    by "plain" too (and written into the repository)."""
    assert Path(app.srcdir).name == "src" and "roots" not in Path(app.srcdir).parts
    if step == "edit":
        (Path(app.srcdir) / "posts/2024/leaky.md").write_text(
            "---\ndate: 2024-03-01\n---\n\n# Leaky post\n\nText.\n", encoding="utf-8"
        )
    app.build()
    assert app.statuscode == 0, app.warning.getvalue()
    published = (Path(app.outdir) / "posts/2024/leaky.html").exists()
    assert published == (step == "edit")


def test_the_preview_keeps_no_old_environment_alive(tmp_path: Path) -> None:
    """`make serve` builds again and again in one process: the docutils settings kept
    between builds (newsdesk.internals.sphinx) held each build's environment (Sphinx puts
    it in the settings' defaults), so the preview grew by an environment a build, up to
    four more (about 25 MiB each at 520 posts). Alive after any number of edits: the
    last build's environment and the next one's, preloaded."""
    src = copy_root("news", tmp_path / "src")
    post = src / "posts/2024/week-40.md"
    # What earlier tests' in-process builds (sphinx.testing apps) left alive is not the
    # preview's: count from here (a finished build froze its objects, which hides them
    # from gc.get_objects until the next build unfreezes them).
    gc.unfreeze()
    gc.collect()
    before = sum(1 for obj in gc.get_objects() if isinstance(obj, NoteRecord))
    preview = InProcessBuilder(src, tmp_path / "out/html", tmp_path / "out/doctrees", "")
    with contextlib.redirect_stdout(io.StringIO()):
        preview()
        for number in range(3):
            post.write_text(post.read_text("utf-8") + f"\nEdit {number}.\n", "utf-8")
            preview([post], lambda: None)
    preview.preloaded.wait()
    gc.collect()
    per_environment = 7  # the takes and memos of the news root
    alive = sum(1 for obj in gc.get_objects() if isinstance(obj, NoteRecord)) - before
    assert alive <= 2 * per_environment
