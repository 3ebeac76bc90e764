"""The editor's week (issue 12, part 1): `make post`, what the build says about scheduled
and draft posts, issue numbers, unedited skeletons, TL;DR lead-ins, preview banners and
quiet builds. Real commands, real builds, parsed output."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import feedparser
import pytest
from helpers import REPO, build, parse, sphinx_command, tree_differences
from newsdesk.tools.cli import main

VENV = REPO / ".venv"
NOW = {"NEWSDESK_BUILD_TIME": "2026-12-01T12:00:00Z"}  # a Tuesday; next Monday: 7 Dec


def make(site: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`make ...` in a copy of the site, with the repository's .venv (no reinstall)."""
    shutil.copy(REPO / "Makefile", site / "Makefile")
    shutil.copy(REPO / "pyproject.toml", site / "pyproject.toml")
    stamp = VENV / ".installed"
    if not stamp.exists():
        pytest.fail("run `make test` (it installs .venv) before this test")
    old = stamp.stat().st_mtime - 60
    os.utime(site / "pyproject.toml", (old, old))  # .venv is current: don't reinstall
    return subprocess.run(
        ["make", f"VENV={VENV}", *args],
        cwd=site,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
    )


def new(dest: Path, *args: str) -> int:
    return main(["new", "--dest", str(dest), "--people", str(dest / "no.yaml"), *args])


def write_post(posts: Path, relpath: str, date: str, title: str, body: str = "Text.") -> Path:
    path = posts / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ndate: {date}\ntags: [ai]\n---\n\n# {title}\n\n{body}\n")
    return path


# --- 1. make post: what it says, and what make html says ------------------------------


@pytest.mark.slow  # the whole site, built several times
def test_make_post_says_where_when_and_how_to_preview(site: Path, tmp_path: Path) -> None:
    built = sphinx_command(site, tmp_path / "out", env=NOW)
    assert built.returncode == 0, built.stderr

    made = make(site, "post", "TITLE=Compilers", env=NOW)
    assert made.returncode == 0, made.stderr
    path = site / "posts/2026/week-48-compilers.md"
    assert path.is_file()
    out = made.stdout
    assert "created posts/2026/week-48-compilers.md" in out
    assert "title: Week #48 2026 - Compilers" in out
    assert "date:  2026-12-07 20:00:00 +0700 (Monday)" in out
    assert "it publishes on Monday 07 December 2026 at 20:00 +0700" in out
    assert "make serve" in out and "/posts/2026/week-48-compilers.html" in out

    # The next make html: no configuration change, nothing re-read, the post listed.
    again = sphinx_command(site, tmp_path / "out", env=NOW)
    assert again.returncode == 0, again.stderr
    assert "build succeeded" in again.stdout
    assert "onfiguration" not in again.stdout and "config changed" not in again.stdout
    assert "updating environment: 0 added, 0 changed, 0 removed" in again.stdout
    assert re.search(
        r"^\s+scheduled\s+posts/2026/week-48-compilers\.md "
        r"\(publishes on 2026-12-07 20:00 \+0700\)$",
        again.stdout,
        re.MULTILINE,
    ), again.stdout
    assert "WARNING" not in again.stderr
    assert not (tmp_path / "out/html/posts/2026/week-48-compilers.html").exists()
    # ... and the site is the one a clean build makes.
    clean = sphinx_command(site, tmp_path / "clean", env=NOW)
    assert clean.returncode == 0, clean.stderr
    assert tree_differences(tmp_path / "out/html", tmp_path / "clean/html") == []


def test_make_post_week_overrides_the_number(site: Path) -> None:
    made = make(site, "post", "TITLE=Chips", "WEEK=7", "DATE=2025-02-17", env=NOW)
    assert made.returncode == 0, made.stderr
    assert "title: Week #7 2025 - Chips" in made.stdout
    assert (site / "posts/2025/week-7-chips.md").is_file()


def test_drafts_and_scheduled_posts_are_listed_with_their_dates(site: Path, tmp_path: Path) -> None:
    posts = site / "posts"
    write_post(posts, "2026/future.md", "2027-01-04 20:00:00 +0700", "Future")
    draft = write_post(posts, "2024/idea.md", "2024-05-06", "Idea")
    draft.write_text(draft.read_text().replace("tags:", "draft: true\ntags:"))
    result = build(site, tmp_path / "out", env=NOW)
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith("  ")]
    assert "  scheduled  posts/2026/future.md (publishes on 2027-01-04 20:00 +0700)" in lines
    assert any(
        line.startswith("  draft      posts/2024/idea.md (dated 2024-05-06 00:00 +0700")
        for line in lines
    ), lines
    assert "newsdesk: 2 posts not published yet" in result.stdout
    assert "WARNING" not in result.stderr


@pytest.mark.slow  # the whole site, built several times
def test_quiet_build_no_myst_echo_no_matplotlib_notice(site: Path, tmp_path: Path) -> None:
    result = sphinx_command(site, tmp_path / "out", env=NOW)
    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    assert "build succeeded" in output
    assert "MdParserConfig" not in output and "myst v" not in output
    assert "matplotlib" not in output
    rebuild = sphinx_command(site, tmp_path / "out", env=NOW)
    assert "onfiguration" not in rebuild.stdout, rebuild.stdout
    # -v still shows MyST's configuration, for whoever asks.
    verbose = sphinx_command(site, tmp_path / "verbose", "-v", env=NOW)
    assert "MdParserConfig" in verbose.stdout


# --- 2. numbering ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("latest", "new_date", "expected"),
    [
        # the newsletter's own numbering: Week #40 2024 is dated 2024-10-14 (ISO week 42)
        (
            ("2024/week-40.md", "2024-10-14 20:00:00 +0700", "Week #40 2024 - A"),
            "2024-10-21",
            "Week #41 2024 - Next",
        ),
        # across the year boundary, two weeks behind: 13 Jan 2025 is ISO week 3 of 2025
        (
            ("2025/week-52.md", "2025-01-06 20:00:00 +0700", "Week #52 2024 - A"),
            "2025-01-13",
            "Week #1 2025 - Next",
        ),
        (
            ("2024/week-50.md", "2024-12-23 20:00:00 +0700", "Week #50 2024 - A"),
            "2024-12-30",
            "Week #51 2024 - Next",
        ),
        # numbered as the ISO week: stays the ISO week (30 Dec 2024 is week 1 of 2025)
        (
            ("2024/week-52.md", "2024-12-23 20:00:00 +0700", "Week #52 2024 - A"),
            "2024-12-30",
            "Week #1 2025 - Next",
        ),
        # a title far from its date is a typo, not a convention: ISO week
        (
            ("2024/x.md", "2024-10-14 20:00:00 +0700", "Week #3 2021 - A"),
            "2024-10-21",
            "Week #43 2024 - Next",
        ),
    ],
)
def test_numbering_is_learned_from_the_latest_post(
    tmp_path: Path, capsys, latest, new_date, expected
) -> None:
    posts = tmp_path / "posts"
    write_post(posts, "2023/old.md", "2023-01-02 20:00:00 +0700", "Week #1 2023 - Old")
    write_post(posts, *latest)
    assert new(posts, "Next", "--date", new_date) == 0
    out = capsys.readouterr().out
    assert f"title: {expected}" in out
    week, year = re.match(r"Week #(\d+) (\d+)", expected).groups()
    assert (posts / year / f"week-{week}-next.md").is_file()


def test_without_posts_the_number_is_the_iso_week(tmp_path: Path, capsys) -> None:
    assert new(tmp_path / "posts", "Next", "--date", "2024-10-21") == 0
    out = capsys.readouterr().out
    assert "title: Week #43 2024 - Next" in out
    assert "ISO week numbers" in out


@pytest.mark.parametrize(
    ("week", "expected"),
    [
        ("41", "Week #41 2024"),
        ("52", "Week #52 2024"),
        ("1", "Week #1 2025"),
        ("5 2023", "Week #5 2023"),
    ],
)
def test_week_option_overrides(tmp_path: Path, capsys, week, expected) -> None:
    # 30 Dec 2024 (ISO week 1 of 2025): "--week 52" means last year's week 52.
    assert new(tmp_path / "posts", "Next", "--date", "2024-12-30", "--week", week) == 0
    assert f"title: {expected} - Next" in capsys.readouterr().out


def test_a_bad_week_is_a_usage_error(tmp_path: Path, capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        new(tmp_path / "posts", "Next", "--week", "60")
    assert exit_info.value.code == 2
    assert "not a week number" in capsys.readouterr().err


# --- 3. placeholders; 5. the preview banner ----------------------------------------------


def placeholder_lines(path: Path) -> dict[int, str]:
    wanted = ("Headline of the story", "https://example.com/story", "The take.")
    return {
        number: line
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if any(text in line for text in wanted)
    }


@pytest.mark.slow  # the whole site, built several times
def test_an_unedited_skeleton_fails_the_strict_build_once_due(site: Path, tmp_path: Path) -> None:
    assert new(site / "posts", "Outlook", "--date", "2025-01-20") == 0
    path = site / "posts/2025/week-2-outlook.md"
    result = build(site, tmp_path / "out", env=NOW)
    assert result.returncode != 0
    warned = {
        int(match.group(1))
        for match in re.finditer(
            r"week-2-outlook\.md:(\d+): WARNING: .* placeholder .*\[newsdesk\.placeholder\]",
            result.stderr,
        )
    }
    assert set(placeholder_lines(path)) <= warned, result.stderr
    assert "Traceback" not in result.stderr

    # Edited: no placeholder warning is left.
    text = path.read_text()
    for old, edited in [
        ("Headline of the story", "Chips get smaller"),
        ("https://example.com/story", "https://news.example.org/chips"),
        ("The take.", "Smaller is cheaper."),
        ("In two or three sentences: the idea, and why it matters this week.", "Outlook."),
        ("Set the scene: what happened, and why we are writing about it now.", "Scene."),
        ("Explain the idea for a reader who has heard the name but not the details.", "Idea."),
        ("What changes for the people who build, buy or use technology.", "Change."),
        ("What to watch for next.", "Watch."),
    ]:
        text = text.replace(old, edited)
    path.write_text(text)
    edited_build = build(site, tmp_path / "out", env=NOW)
    assert edited_build.returncode == 0, edited_build.stderr


@pytest.mark.slow  # the whole site, built several times
def test_a_scheduled_skeleton_builds_and_the_preview_bannners_its_warnings(
    site: Path, tmp_path: Path
) -> None:
    assert new(site / "posts", "Outlook", "--date", "2026-12-07") == 0
    path = site / "posts/2026/week-48-outlook.md"
    published = build(site, tmp_path / "out", env=NOW)
    assert published.returncode == 0, published.stderr  # not due yet: left out, no warning

    preview_env = {**NOW, "NEWSDESK_PREVIEW": "1"}
    preview = build(site, tmp_path / "preview", env=preview_env, strict=False)
    assert preview.returncode == 0, preview.stderr
    assert "[newsdesk.placeholder]" in preview.stderr  # in the terminal
    page = parse(tmp_path / "preview/html/posts/2026/week-48-outlook.html")
    banner = page.select_one(".newsdesk-page-warnings")
    assert banner is not None
    items = [li.get_text() for li in banner.select("li")]
    for number in placeholder_lines(path):
        assert any(item.startswith(f"line {number}: ") for item in items), items
    assert all("[newsdesk.placeholder]" in item for item in items)
    other = parse(tmp_path / "preview/html/posts/2024/week-40-foundational-models.html")
    assert other.select_one(".newsdesk-page-warnings") is None

    # Rewritten without being re-read (an edit elsewhere changes every post list): the
    # banner stays.
    about = site / "about.md"
    about.write_text(about.read_text().replace("# ", "# Preview: ", 1))
    again = build(site, tmp_path / "preview", env=preview_env, strict=False)
    assert again.returncode == 0
    page = parse(tmp_path / "preview/html/posts/2026/week-48-outlook.html")
    assert page.select_one(".newsdesk-page-warnings") is not None


def test_no_banner_outside_the_preview(site: Path, tmp_path: Path) -> None:
    assert new(site / "posts", "Outlook", "--date", "2025-01-20") == 0
    result = build(site, tmp_path / "out", env=NOW, strict=False)
    assert "[newsdesk.placeholder]" in result.stderr
    html = (tmp_path / "out/html/posts/2025/week-2-outlook.html").read_text()
    assert "newsdesk-page-warnings" not in html


def test_a_banner_escapes_what_the_post_wrote(site: Path, tmp_path: Path) -> None:
    post = write_post(
        site / "posts",
        "2024/bad.md",
        "2024-10-21",
        "Bad",
        "::::{news} <img src=x onerror=alert(1)>\nNo address.\n::::\n",
    )
    assert post.exists()
    env = {**NOW, "NEWSDESK_PREVIEW": "1"}
    result = build(site, tmp_path / "out", env=env, strict=False)
    assert result.returncode == 0
    page = parse(tmp_path / "out/html/posts/2024/bad.html")
    banner = page.select_one(".newsdesk-page-warnings")
    assert banner is not None and banner.find("img") is None
    assert "<img src=x onerror=alert(1)>" in banner.get_text()


# --- 4. TL;DR lead-ins -----------------------------------------------------------------

LEAD_INS = {
    "bold-colon": "**TL;DR:** Bold colon summary.",
    "underscore": "__TL;DR:__ Underscore summary.",
    "bold-outside": "**TL;DR**: Outside colon summary.",
    "plain": "TL;DR: Plain summary.",
    "dash": "TL;DR - Dash summary.",
    "lower": "tl;dr: Lower case summary.",
    "next-paragraph": "**TL;DR:**\n\nNext paragraph summary.",
    "dash-next": "TL;DR -\n\nDash next summary.",
    "same-paragraph-next-line": "**TL;DR:**\nNext line summary.",
}
SUMMARIES = {
    "bold-colon": "Bold colon summary.",
    "underscore": "Underscore summary.",
    "bold-outside": "Outside colon summary.",
    "plain": "Plain summary.",
    "dash": "Dash summary.",
    "lower": "Lower case summary.",
    "next-paragraph": "Next paragraph summary.",
    "dash-next": "Dash next summary.",
    "same-paragraph-next-line": "Next line summary.",
}


def test_lead_ins_leave_excerpts_feeds_and_descriptions(site: Path, tmp_path: Path) -> None:
    for index, (name, body) in enumerate(LEAD_INS.items()):
        write_post(
            site / "posts",
            f"2024/lead-{name}.md",
            f"2024-11-{index + 1:02d} 20:00:00 +0700",
            f"Lead {name}",
            f"{body}\n\n% more\n\n## More\n\nRest.",
        )
    result = build(site, tmp_path / "out", env=NOW)
    assert result.returncode == 0, result.stderr
    html = tmp_path / "out/html"
    expected = {f"Lead {name}": summary for name, summary in SUMMARIES.items()}
    home = parse(html / "index.html")
    excerpts = {
        li.select_one(".ablog-post-title a").get_text(strip=True): li.select_one(
            ".ablog-post-excerpt"
        ).get_text(" ", strip=True)
        for li in home.select("li.ablog-post")
    }
    feed = feedparser.parse((html / "blog/atom.xml").read_bytes())
    summaries = {entry.title: entry.summary for entry in feed.entries}
    for title, summary in expected.items():
        assert title in excerpts, sorted(excerpts)
        assert excerpts[title] == summary, (title, excerpts[title])
        assert summaries[title].strip() == summary
        name = title.removeprefix("Lead ")
        page = parse(html / f"posts/2024/lead-{name}.html")
        for selector in (
            'meta[property="og:description"]',
            'meta[name="description"]',
            'meta[name="twitter:description"]',
        ):
            tag = page.select_one(selector)
            assert tag is not None and tag["content"] == summary, (title, selector)
        assert "TL;DR" not in page.select_one('script[type="application/ld+json"]').string


def test_a_front_matter_excerpt_loses_its_lead_in_too(site: Path, tmp_path: Path) -> None:
    post = write_post(site / "posts", "2024/front.md", "2024-11-20", "Front", "Body text here.")
    post.write_text(post.read_text().replace("tags:", 'excerpt: "TL;DR: Given summary."\ntags:'))
    result = build(site, tmp_path / "out", env=NOW)
    assert result.returncode == 0, result.stderr
    page = parse(tmp_path / "out/html/posts/2024/front.html")
    assert page.select_one('meta[property="og:description"]')["content"] == "Given summary."
