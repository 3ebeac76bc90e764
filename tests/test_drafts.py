"""Drafts and scheduled posts stay out of the published site; the preview shows them."""

from __future__ import annotations

from pathlib import Path

import feedparser
from helpers import DRAFT_POST, build, copy_root, parse, sphinx_command, tree_differences
from sphinx.util.inventory import InventoryFile

SCHEDULED = (
    "---\ndate: 2030-06-01 09:00:00 +0200\ntags: [secret-future]\n---\n\n# Future post\n\nSoon.\n"
)


def make_site(tmp_path: Path) -> Path:
    src = copy_root("blog", tmp_path / "src")
    (src / "posts/2024/draft.md").write_text(DRAFT_POST)
    (src / "posts/2024/scheduled.md").write_text(SCHEDULED)
    return src


def visible_text(html: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in html.rglob("*.html"))


def test_unpublished_posts_are_absent_everywhere(tmp_path: Path) -> None:
    src = make_site(tmp_path)
    result = build(src, tmp_path / "out", env={"NEWSDESK_BUILD_TIME": "2026-01-01"})
    assert result.returncode == 0, result.stderr
    html = tmp_path / "out/html"
    assert not (html / "posts/2024/draft.html").exists()
    assert not (html / "posts/2024/scheduled.html").exists()
    text = visible_text(html)
    for marker in ("Secret draft", "Future post", "secret-draft", "secret-future"):
        assert marker not in text
    assert not list(html.rglob("*secret*"))
    for feed_path in html.rglob("atom.xml"):
        feed = feedparser.parse(feed_path.read_bytes())
        assert not feed.bozo
        assert {e.title for e in feed.entries}.isdisjoint({"Secret draft", "Future post"})
    with open(html / "objects.inv", "rb") as stream:
        inventory = InventoryFile.load(stream, "", lambda b, u: u)
    assert not any("draft" in name or "scheduled" in name for name in inventory["std:doc"])
    assert "Secret draft" not in (html / "searchindex.js").read_text()


def test_preview_shows_drafts_marked(tmp_path: Path) -> None:
    src = make_site(tmp_path)
    env = {"NEWSDESK_PREVIEW": "1", "NEWSDESK_BUILD_TIME": "2026-01-01"}
    result = build(src, tmp_path / "out", env=env)
    assert result.returncode == 0, result.stderr
    for name, words in [("draft", "not published"), ("scheduled", "published on 2030-06-01")]:
        page = parse(tmp_path / f"out/html/posts/2024/{name}.html")
        banner = page.select_one(".newsdesk-draft")
        assert banner is not None and words in banner.get_text()
    published = parse(tmp_path / "out/html/posts/2023/index.html")
    assert published.select_one(".newsdesk-draft") is None


def test_scheduled_post_publishes_on_the_next_build_after_its_date(tmp_path: Path) -> None:
    src = make_site(tmp_path)
    before = sphinx_command(
        src, tmp_path / "out", env={"NEWSDESK_BUILD_TIME": "2030-06-01T06:59:00Z"}
    )
    assert before.returncode == 0, before.stderr
    assert not (tmp_path / "out/html/posts/2024/scheduled.html").exists()
    after = sphinx_command(
        src, tmp_path / "out", env={"NEWSDESK_BUILD_TIME": "2030-06-01T07:00:00Z"}
    )
    assert after.returncode == 0, after.stderr
    assert (tmp_path / "out/html/posts/2024/scheduled.html").exists()
    feed = feedparser.parse((tmp_path / "out/html/blog/atom.xml").read_bytes())
    assert "Future post" in {e.title for e in feed.entries}
    # Listed as published too: ablog's own "after tomorrow is a draft" (by the machine's
    # clock and the naive wall time) does not decide.
    assert "Future post" in (tmp_path / "out/html/blog.html").read_text(encoding="utf-8")
    # Nor as a draft: ablog's drafts page lists nothing, so it is not published at all.
    assert not (tmp_path / "out/html/blog/drafts.html").exists()
    clean = sphinx_command(
        src, tmp_path / "clean", env={"NEWSDESK_BUILD_TIME": "2030-06-01T07:00:00Z"}
    )
    assert clean.returncode == 0
    assert tree_differences(tmp_path / "out/html", tmp_path / "clean/html") == []


def test_a_post_made_a_draft_between_builds_is_unpublished_and_back(tmp_path: Path) -> None:
    """The scan of what decides publishing is kept between builds; a changed post is
    read again, whatever the saved scan says."""
    src = make_site(tmp_path)
    env = {"NEWSDESK_BUILD_TIME": "2026-01-01"}
    post = src / "posts/2023/index.md"
    original = post.read_text(encoding="utf-8")
    assert build(src, tmp_path / "out", env=env).returncode == 0
    assert (tmp_path / "out/doctrees/newsdesk-publishing.json").is_file()
    assert (tmp_path / "out/html/posts/2023/index.html").is_file()
    post.write_text(original.replace("---\n", "---\ndraft: true\n", 1), encoding="utf-8")
    assert build(src, tmp_path / "out", env=env).returncode == 0
    assert not (tmp_path / "out/html/posts/2023/index.html").exists()
    post.write_text(original, encoding="utf-8")
    (tmp_path / "out/doctrees/newsdesk-publishing.json").write_text("{not json", "utf-8")
    again = build(src, tmp_path / "out", env=env)
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "out/html/posts/2023/index.html").is_file()
    clean = build(src, tmp_path / "clean", env=env)
    assert clean.returncode == 0
    assert tree_differences(tmp_path / "out/html", tmp_path / "clean/html") == []
