"""An incremental build gives the same site as a clean build (stock ablog does not)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from helpers import REPO, SITE_DIRS, SITE_FILES, parse, sphinx_command, tree, tree_differences

pytestmark = pytest.mark.slow  # each test builds the whole site two to four times

EXTRA_POST = REPO / "tests/data/posts/week-41-small-models.md"


def build(src: Path, out: Path, *extra: str) -> str:
    result = sphinx_command(src, out, *extra)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return result.stdout


def assert_same_as_clean(src: Path, incremental_out: Path, tmp_path: Path) -> None:
    clean_out = tmp_path / "clean"
    shutil.rmtree(clean_out, ignore_errors=True)
    build(src, clean_out)
    assert tree_differences(incremental_out / "html", clean_out / "html") == []


@pytest.fixture
def built(site: Path, tmp_path: Path) -> tuple[Path, Path]:
    out = tmp_path / "incremental"
    build(site, out)
    return site, out


def test_no_change_rebuild_reads_and_writes_nothing(built: tuple[Path, Path]) -> None:
    site, out = built
    stdout = build(site, out)
    assert "0 added, 0 changed, 0 removed" in stdout
    assert "reading sources... [" not in stdout
    assert "writing output... [" not in stdout
    assert "config changed" not in stdout.lower()


def test_adding_a_post(built: tuple[Path, Path], tmp_path: Path) -> None:
    site, out = built
    shutil.copy(EXTRA_POST, site / "posts/2024" / EXTRA_POST.name)
    stdout = build(site, out)
    assert "1 added, 0 changed, 0 removed" in stdout
    assert_same_as_clean(site, out, tmp_path)


def test_editing_a_post_title(built: tuple[Path, Path], tmp_path: Path) -> None:
    site, out = built
    post = sorted((site / "posts").glob("*/*.md"))[0]
    text = post.read_text(encoding="utf-8")
    post.write_text(text.replace("# Week #", "# Edited: Week #", 1), encoding="utf-8")
    stdout = build(site, out)
    assert "0 added, 1 changed, 0 removed" in stdout
    assert_same_as_clean(site, out, tmp_path)


def test_editing_a_post_body(built: tuple[Path, Path], tmp_path: Path) -> None:
    site, out = built
    post = sorted((site / "posts").glob("*/*.md"))[0]
    post.write_text(post.read_text(encoding="utf-8") + "\nA new closing line.\n", "utf-8")
    stdout = build(site, out)
    assert "0 added, 1 changed, 0 removed" in stdout
    # Nothing that other pages show changed: only the post itself is written again.
    assert "writing output... [100%] " + post.relative_to(site).with_suffix("").as_posix() in stdout
    assert_same_as_clean(site, out, tmp_path)


def test_editing_a_post_excerpt(built: tuple[Path, Path], tmp_path: Path) -> None:
    site, out = built
    post = sorted((site / "posts").glob("*/*.md"))[0]
    text = post.read_text(encoding="utf-8")
    # The excerpt shows on the home page; its old words must leave the search index too.
    text = text.replace("**TL;DR:**", "**TL;DR:** Zebras quibble.", 1)
    post.write_text(text, "utf-8")
    stdout = build(site, out)
    assert "0 added, 1 changed, 0 removed" in stdout
    assert_same_as_clean(site, out, tmp_path)


def test_deleting_a_post(site: Path, tmp_path: Path) -> None:
    shutil.copy(EXTRA_POST, site / "posts/2024" / EXTRA_POST.name)
    out = tmp_path / "incremental"
    build(site, out)
    (site / "posts/2024" / EXTRA_POST.name).unlink()
    stdout = build(site, out)
    assert "0 added, 0 changed, 1 removed" in stdout
    # Stock Sphinx leaves the removed page, its tag page and feeds published.
    assert_same_as_clean(site, out, tmp_path)


def add_weekly_posts(site: Path, count: int) -> None:
    """Posts shaped like EXTRA_POST, one a week, so -j 2 has enough pages to split."""
    template = EXTRA_POST.read_text(encoding="utf-8")
    for week in range(count):
        day = 1 + week * 7
        text = template.replace("2024-10-21", f"2025-01-{day:02d}").replace(
            "Week #41 2024 - The Case for Small Models", f"Week #{week + 1} 2025 - Topic {week}"
        )
        (site / "posts/2025").mkdir(parents=True, exist_ok=True)
        (site / f"posts/2025/week-{week + 1}.md").write_text(text, encoding="utf-8")


def test_parallel_build_equals_serial(site: Path, tmp_path: Path) -> None:
    add_weekly_posts(site, 4)
    serial = build(site, tmp_path / "serial")
    parallel = build(site, tmp_path / "parallel", "-j", "2")
    # Parallel reads report chunks ("a .. b"); make sure the second build really split.
    assert re.search(r"reading sources\.\.\. \[ *\d+%\] \S+ \.\. ", parallel)
    assert not re.search(r"reading sources\.\.\. \[ *\d+%\] \S+ \.\. ", serial)
    assert tree_differences(tmp_path / "serial/html", tmp_path / "parallel/html") == []


RECORD_MERGES = """

import json as _json
import os as _os


def setup(app):
    def record(app, env, docnames, other):
        with open(_os.environ["MERGE_LOG"], "a", encoding="utf-8") as log:
            sent = {
                "tocs": sorted(other.tocs),
                "titles": sorted(other.titles),
                "news notes": sorted(other.domaindata["newsdesk"]["notes"]),
                "news items": sorted(other.domaindata["newsdesk"]["items"]),
                "post records": sorted(other.domaindata["newsdesk-posts"]["posts"]),
                "ablog posts": sorted(getattr(other, "ablog_posts", {})),
            }
            inputs = sorted(other.domaindata["newsdesk-posts"].get("page_inputs", {}))
            line = {"read": sorted(docnames), "sent": sent, "page inputs": inputs}
            log.write(_json.dumps(line) + "\\n")

    app.connect("env-merge-info", record)
"""


def test_parallel_readers_send_back_only_what_they_read(site: Path, tmp_path: Path) -> None:
    """A -j reader pickles its environment back to the main process: with every other
    document in it, that was the whole environment (6 MB at 520 posts) for each chunk.
    It holds only the chunk's documents now, and the site equals a clean serial build."""
    add_weekly_posts(site, 5)
    with (site / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(RECORD_MERGES)
    out = tmp_path / "incremental"
    log = tmp_path / "merges.jsonl"
    result = sphinx_command(site, out, "-j", "2", env={"MERGE_LOG": str(log)})
    assert result.returncode == 0, result.stderr
    edited = sorted((site / "posts/2025").glob("*.md"))[:4]
    for post in edited:
        post.write_text(post.read_text(encoding="utf-8") + "\nA new closing line.\n", "utf-8")
    log.unlink()
    result = sphinx_command(site, out, "-j", "2", env={"MERGE_LOG": str(log)})
    assert result.returncode == 0, result.stderr
    merges = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert sorted(name for merge in merges for name in merge["read"]) == [
        f"posts/2025/{post.stem}" for post in edited
    ]
    assert len(merges) == 2  # two workers, while the environment holds the site's other posts
    for merge in merges:
        for what, sent in merge["sent"].items():
            assert sent == merge["read"], what
        assert merge["page inputs"] == []  # the main process's own, not sent back
    assert_same_as_clean(site, out, tmp_path)


def test_copy_site_is_the_real_site(site: Path) -> None:
    """The ``site`` fixture (helpers.copy_site) copies the real site's sources, every one
    of them byte for byte, and nothing built or local."""
    for name in SITE_FILES:
        assert (site / name).read_bytes() == (REPO / name).read_bytes(), name
    for folder in SITE_DIRS:
        assert tree(site / folder) == tree(REPO / folder), folder
        for name in tree(REPO / folder):
            assert (site / folder / name).read_bytes() == (REPO / folder / name).read_bytes()
    assert tree(site) == {
        *SITE_FILES,
        *(f"{folder}/{name}" for folder in SITE_DIRS for name in tree(REPO / folder)),
    }
    assert not {".venv", "_build", "tests", ".git"} & {p.name for p in site.iterdir()}


def test_editing_a_site_page_title(built: tuple[Path, Path], tmp_path: Path) -> None:
    """Site page titles are in every page's navigation, generated pages included."""
    site, out = built
    about = site / "about.md"
    about.write_text(about.read_text(encoding="utf-8").replace("# About", "# All about", 1))
    stdout = build(site, out)
    assert "0 added, 1 changed, 0 removed" in stdout
    assert_same_as_clean(site, out, tmp_path)


def test_no_change_rebuild_keeps_generated_pages(built: tuple[Path, Path], tmp_path: Path) -> None:
    """Skipped (unchanged) collection pages, feeds and people pages stay published, in the
    sitemap and in the manifest, build after build."""
    site, out = built
    build(site, out)
    build(site, out)
    assert_same_as_clean(site, out, tmp_path)


IMAGE_POST = """---
date: 2024-10-22
tags: [ai]
---

# Excerpt with an image

See the card ![card](card.png) and the [notes](#notes).

## Notes

More.
"""


def test_excerpt_images_resolve_on_every_listing_page(site: Path, tmp_path: Path) -> None:
    """ablog renders an excerpt's image path for whichever page was written last."""
    shutil.copy(site / "_static/tech-pulse-card.png", site / "posts/2024/card.png")
    (site / "posts/2024/image.md").write_text(IMAGE_POST, encoding="utf-8")
    out = tmp_path / "incremental"
    build(site, out)
    html = out / "html"
    listing_pages = [html / "blog.html", html / "blog/2024.html", html / "blog/tag/ai.html"]
    for page in listing_pages:
        images = [img for img in parse(page).find_all("img") if "card" in img["src"]]
        assert images, page
        for img in images:
            assert (page.parent / img["src"]).resolve().is_file(), (page, img["src"])
        # The excerpt's link to an anchor of the post keeps only its text there.
        assert not [a for a in parse(page).find_all("a") if a.get("href") == "#notes"]
    about = site / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    build(site, out)
    assert_same_as_clean(site, out, tmp_path)


NEWS_POST = """---
date: 2024-10-23
---

# Week with a story

:::{{news}} {headline}
:url: https://news.example.com/story
:label: {label}
:by: jason

A take on it.
:::
"""


def write_news_post(site: Path, headline: str, label: str) -> None:
    text = NEWS_POST.format(headline=headline, label=label)
    (site / "posts/2024/story.md").write_text(text, encoding="utf-8")


def test_pages_referencing_a_changed_story_are_rewritten(site: Path, tmp_path: Path) -> None:
    """Sphinx re-resolves references only in pages it writes: about.html kept the old
    headline as link text after the story's headline changed."""
    write_news_post(site, "Original headline", "the-story")
    about = site / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nSee {ref}`the-story`.\n", "utf-8")
    out = tmp_path / "incremental"
    build(site, out)
    write_news_post(site, "Renamed headline", "the-story")
    build(site, out)
    assert "Renamed headline" in (out / "html/about.html").read_text(encoding="utf-8")
    assert_same_as_clean(site, out, tmp_path)


def test_a_reference_to_a_removed_story_fails_the_incremental_build(
    site: Path, tmp_path: Path
) -> None:
    write_news_post(site, "Original headline", "the-story")
    about = site / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nSee {ref}`the-story`.\n", "utf-8")
    out = tmp_path / "incremental"
    build(site, out)
    write_news_post(site, "Original headline", "another-label")
    result = sphinx_command(site, out)
    assert result.returncode != 0  # as a clean build: the label is gone
    assert "about.md" in result.stderr and "the-story" in result.stderr


# --- a new post rewrites the pages it changes, and only those (issue 13) ------------------


def written_documents(stdout: str) -> set[str]:
    """The documents Sphinx wrote (a serial build names each as it writes it)."""
    return set(re.findall(r"writing output\.\.\. \[ *\d+%\] (\S+)", stdout))


def page_times(html: Path) -> dict[str, int]:
    """Each HTML page's modification time (ns): a page written again has a new one."""
    return {p.relative_to(html).as_posix(): p.stat().st_mtime_ns for p in html.rglob("*.html")}


def weekly_post(day: str, title: str, tags: str = "[ai, small-models]") -> str:
    """A post shaped like EXTRA_POST, on ``day`` (YYYY-MM-DD), with ``title``."""
    text = EXTRA_POST.read_text(encoding="utf-8")
    text = text.replace("2024-10-21", day).replace(
        "Week #41 2024 - The Case for Small Models", title
    )
    return text.replace("tags: [ai, small-models]", f"tags: {tags}")


@pytest.fixture
def weekly(site: Path, tmp_path: Path) -> tuple[Path, Path]:
    """The site with four more weekly posts (2025-01-01 to 01-22), built once."""
    add_weekly_posts(site, 4)
    out = tmp_path / "incremental"
    build(site, out)
    return site, out


def test_adding_the_newest_post_rewrites_only_the_pages_it_changes(
    weekly: tuple[Path, Path], tmp_path: Path
) -> None:
    """Existing tags, the current year: the new post, its neighbour (its "next" link), the
    home page (post list, newest posts) and the site's pages (newest posts); no other
    post, whose sidebars show tags and years without counts, and no newest posts."""
    site, out = weekly
    html = out / "html"
    before = page_times(html)
    (site / "posts/2025/week-5.md").write_text(
        weekly_post("2025-01-29", "Week #5 2025 - Topic 4"), encoding="utf-8"
    )
    stdout = build(site, out)
    assert "1 added, 0 changed, 0 removed" in stdout
    # Generated pages too: the listings showing the post are made again, no other.
    rewritten = {page for page, mtime in page_times(html).items() if before.get(page) != mtime}
    assert {
        "blog.html",
        "blog/2025.html",
        "blog/tag/ai.html",
        "blog/tag/small-models.html",
    } <= rewritten
    assert not {"blog/2024.html", "blog/tag/foundational-models.html"} & rewritten
    assert not {p for p in rewritten if p.startswith("posts/2024/")}
    assert written_documents(stdout) == {
        "posts/2025/week-5",
        "posts/2025/week-4",
        "index",
        "about",
        "authoring",
    }
    assert_same_as_clean(site, out, tmp_path)
    # What readers still find on every page: tags, years and the way to the newest posts.
    for page in ("posts/2025/week-1.html", "posts/2025/week-5.html", "blog/tag/small-models.html"):
        sidebar = parse(html / page)
        assert sidebar.select(".ablog__tagcloud a[href$='ai.html']"), page
        assert sidebar.select(".ablog__archives a[href$='2025.html']"), page
        assert sidebar.select(".ablog__recentposts h3 a[href$='blog.html']"), page
        if page.startswith("posts/"):  # not an empty heading: the way to the newest
            link = sidebar.select_one(".ablog__recentposts .newsdesk-all-posts a")
            assert link and link["href"].endswith("blog.html"), page
    recent = [
        a.get_text(" ", strip=True)
        for a in parse(html / "about.html").select(".ablog__recentposts li a")
    ]
    assert recent and "Topic 4" in recent[0]
    assert (
        "Topic 4" in parse(html / "posts/2025/week-4.html").select_one(".newsdesk-next").get_text()
    )


def test_adding_a_post_in_the_middle_of_the_archive(
    weekly: tuple[Path, Path], tmp_path: Path
) -> None:
    site, out = weekly
    (site / "posts/2025/mid.md").write_text(
        weekly_post("2025-01-10", "Between weeks 2 and 3"), encoding="utf-8"
    )
    stdout = build(site, out)
    written = written_documents(stdout)
    assert {"posts/2025/mid", "posts/2025/week-2", "posts/2025/week-3", "index"} <= written
    assert not {"posts/2025/week-1", "posts/2025/week-4"} & written
    assert_same_as_clean(site, out, tmp_path)


def test_adding_a_post_with_a_new_tag(weekly: tuple[Path, Path], tmp_path: Path) -> None:
    """Every page's tag cloud gains the tag: every page is written again."""
    site, out = weekly
    (site / "posts/2025/week-5.md").write_text(
        weekly_post("2025-01-29", "Week #5 2025 - Topic 4", "[ai, quantum]"), encoding="utf-8"
    )
    stdout = build(site, out)
    assert "posts/2025/week-1" in written_documents(stdout)
    assert_same_as_clean(site, out, tmp_path)
    assert parse(out / "html/posts/2025/week-1.html").select(
        ".ablog__tagcloud a[href$='quantum.html']"
    )


def test_adding_a_post_in_a_new_year(weekly: tuple[Path, Path], tmp_path: Path) -> None:
    site, out = weekly
    (site / "posts/2026").mkdir()
    (site / "posts/2026/week-1.md").write_text(
        weekly_post("2026-01-07", "Week #1 2026 - A new year"), encoding="utf-8"
    )
    stdout = build(site, out)
    assert "posts/2025/week-1" in written_documents(stdout)
    assert_same_as_clean(site, out, tmp_path)
    assert parse(out / "html/posts/2025/week-1.html").select(
        ".ablog__archives a[href$='2026.html']"
    )


def test_deleting_a_post_between_two_others(weekly: tuple[Path, Path], tmp_path: Path) -> None:
    site, out = weekly
    (site / "posts/2025/week-2.md").unlink()
    stdout = build(site, out)
    assert "0 added, 0 changed, 1 removed" in stdout
    assert {"posts/2025/week-1", "posts/2025/week-3"} <= written_documents(stdout)
    assert_same_as_clean(site, out, tmp_path)


def test_editing_a_title_rewrites_its_neighbours_and_listings(
    weekly: tuple[Path, Path], tmp_path: Path
) -> None:
    """The title is in its neighbours' previous and next links and in the listings."""
    site, out = weekly
    post = site / "posts/2025/week-2.md"
    post.write_text(post.read_text(encoding="utf-8").replace("Topic 1", "Renamed topic"), "utf-8")
    stdout = build(site, out)
    assert "0 added, 1 changed, 0 removed" in stdout
    written = written_documents(stdout)
    assert {"posts/2025/week-1", "posts/2025/week-2", "posts/2025/week-3", "index"} <= written
    assert "posts/2025/week-4" not in written
    assert_same_as_clean(site, out, tmp_path)
    html = out / "html"
    assert (
        "Renamed topic"
        in parse(html / "posts/2025/week-1.html").select_one(".newsdesk-next").get_text()
    )
    assert (
        "Renamed topic"
        in parse(html / "posts/2025/week-3.html").select_one(".newsdesk-prev").get_text()
    )
