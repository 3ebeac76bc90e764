"""``newsdesk new``: where next week's issue goes, what it holds, and that nothing is lost."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest
import yaml
from helpers import build, copy_site, parse
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser
from newsdesk.blog.dates import parse_post_date
from newsdesk.tools.cli import main
from newsdesk.tools.scaffold import (
    PLACEHOLDER_HEADLINE,
    PLACEHOLDER_PARAGRAPHS,
    PLACEHOLDER_URL,
    next_publishing_day,
    plan_issue,
)

PLUS7 = timezone(timedelta(hours=7))
MONDAY = 0


def new(tmp_path: Path, *args: str) -> int:
    # No people registry there: the example take falls back to "jackson".
    return main(
        ["new", "--dest", str(tmp_path / "posts"), "--people", str(tmp_path / "no.yaml"), *args]
    )


def front_matter_and_body(path: Path) -> tuple[dict, str]:
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(front), body


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 11, 27), date(2026, 11, 30)),  # Friday -> the coming Monday
        (date(2026, 11, 29), date(2026, 11, 30)),  # Sunday -> tomorrow
        (date(2026, 11, 30), date(2026, 12, 7)),  # Monday -> next week's Monday
    ],
)
def test_next_publishing_day_is_the_next_weekday_after_today(today, expected) -> None:
    assert next_publishing_day(today, MONDAY) == expected


@pytest.mark.parametrize(
    ("day", "title", "relpath"),
    [
        # ISO weeks: 30 Dec 2024 is in week 1 of 2025, so the issue files under 2025.
        (date(2024, 12, 30), "Week #1 2025 - AI", "2025/week-1-ai.md"),
        (date(2026, 12, 28), "Week #53 2026 - AI", "2026/week-53-ai.md"),
        # ... and 4 Jan 2021 starts week 1 while 3 Jan 2021 still ends week 53 of 2020.
        (date(2021, 1, 3), "Week #53 2020 - AI", "2020/week-53-ai.md"),
        (date(2021, 1, 4), "Week #1 2021 - AI", "2021/week-1-ai.md"),
        (date(2024, 9, 30), "Week #40 2024 - AI", "2024/week-40-ai.md"),
    ],
)
def test_week_number_and_folder_use_the_iso_week_and_year(day, title, relpath) -> None:
    issue = plan_issue("AI", dest=Path("posts"), offset=PLUS7, weekday=MONDAY, at=time(20), day=day)
    assert issue.title == title
    assert issue.path == Path("posts", relpath)


def test_next_weeks_issue_across_the_year_boundary() -> None:
    # Christmas Day 2024, 23:00 UTC is already the 26th in +07:00; the next Monday is
    # 30 Dec 2024, which is in ISO week 1 of 2025.
    now = datetime(2024, 12, 25, 23, 0, tzinfo=UTC)
    issue = plan_issue(
        "Outlook", dest=Path("posts"), offset=PLUS7, weekday=MONDAY, at=time(20), now=now
    )
    assert issue.published == datetime(2024, 12, 30, 20, 0, tzinfo=PLUS7)
    assert issue.title == "Week #1 2025 - Outlook"


def test_new_writes_front_matter_skeleton_and_one_news_item(tmp_path, capsys) -> None:
    assert new(tmp_path, "Foundational Models", "--date", "2024-09-30", "--tz", "+07:00") == 0
    path = tmp_path / "posts/2024/week-40-foundational-models.md"
    assert f"created {path}" in capsys.readouterr().out

    front, body = front_matter_and_body(path)
    assert front["tags"] == [] and front["author"] == []
    published = parse_post_date(front["date"])
    assert published == datetime(2024, 9, 30, 20, 0, tzinfo=PLUS7)
    assert published.utcoffset() == timedelta(hours=7)

    # Parse the body with MyST's own markdown-it configuration, as the build does.
    config = MdParserConfig(enable_extensions={"colon_fence"})
    tokens = create_md_parser(config, RendererHTML).parse(body)
    headings = [
        (tok.tag, tokens[i + 1].content)
        for i, tok in enumerate(tokens)
        if tok.type == "heading_open"
    ]
    assert headings[0] == ("h1", "Week #40 2024 - Foundational Models")
    # The title is not repeated as an H2: the essay's sections are the H2s.
    assert ("h2", "Foundational Models") not in headings
    assert headings[1] == ("h2", "Introduction")
    assert [tag for tag, _ in headings].count("h1") == 1
    assert ("h2", "Tech News") in headings
    assert ("h3", "Current Tech Pulse: Our Team's Take") in headings
    inline = [tok.content for tok in tokens if tok.type == "inline"]
    assert any(text.startswith("**TL;DR:**") for text in inline)
    # Every placeholder newsdesk.blog.placeholders looks for is in the skeleton.
    text = path.read_text(encoding="utf-8")
    for placeholder in (PLACEHOLDER_HEADLINE, PLACEHOLDER_URL, *PLACEHOLDER_PARAGRAPHS):
        assert placeholder in text
    # "% more" is a MyST comment (the excerpt break), not a paragraph of text.
    assert [tok.content.strip() for tok in tokens if tok.type == "myst_line_comment"] == ["more"]

    fences = [tok for tok in tokens if tok.type == "colon_fence"]
    assert [tok.info for tok in fences] == ["{news} Headline of the story"]
    news = fences[0].content
    assert ":url: https://example.com/story" in news
    assert ":::{take} jackson" in news


def test_take_names_the_first_person_in_the_registry(tmp_path, monkeypatch) -> None:
    (tmp_path / "people.yaml").write_text("ada:\n  name: Ada\n  url: https://example.org/ada\n")
    monkeypatch.chdir(tmp_path)
    assert main(["new", "Compilers", "--date", "2025-03-03"]) == 0
    assert ":::{take} ada\n" in Path("posts/2025/week-10-compilers.md").read_text()


def test_offset_defaults_to_the_newest_posts_offset(tmp_path) -> None:
    older = tmp_path / "posts/2024/old.md"
    older.parent.mkdir(parents=True)
    older.write_text("---\ndate: 2024-01-01 20:00:00 -0500\n---\n# Old\n")
    newer = tmp_path / "posts/2024/new.md"
    newer.write_text("---\ndate: 2024-06-03 20:00:00 +0200\n---\n# New\n")
    assert new(tmp_path, "Chips", "--date", "2024-06-10") == 0
    front, _ = front_matter_and_body(tmp_path / "posts/2024/week-24-chips.md")
    assert parse_post_date(front["date"]).utcoffset() == timedelta(hours=2)


def test_offset_defaults_to_plus_seven_without_posts(tmp_path) -> None:
    assert new(tmp_path, "Chips", "--date", "2024-06-10", "--time", "09:30") == 0
    front, _ = front_matter_and_body(tmp_path / "posts/2024/week-24-chips.md")
    assert front["date"] == "2024-06-10 09:30:00 +0700"


def test_refuses_to_overwrite_an_existing_post(tmp_path, capsys) -> None:
    path = tmp_path / "posts/2025/week-1-outlook.md"
    path.parent.mkdir(parents=True)
    path.write_text("my half-written issue\n")
    assert new(tmp_path, "Outlook", "--date", "2024-12-30") == 1
    err = capsys.readouterr().err
    assert str(path) in err and "already exists" in err
    assert "Traceback" not in err
    assert path.read_text() == "my half-written issue\n"
    assert sorted(p.name for p in path.parent.iterdir()) == ["week-1-outlook.md"]  # no temp files


def test_a_title_without_letters_is_refused_clearly(tmp_path, capsys) -> None:
    assert new(tmp_path, "?!", "--date", "2024-12-30") == 1
    assert "no letters or digits" in capsys.readouterr().err
    assert not (tmp_path / "posts").exists()


def test_a_bad_date_option_is_a_usage_error(tmp_path, capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        new(tmp_path, "Outlook", "--date", "30/12/2024")
    assert exit_info.value.code == 2
    assert "write it as YYYY-MM-DD" in capsys.readouterr().err


def test_a_scaffolded_post_builds_strictly(tmp_path) -> None:
    site = copy_site(tmp_path / "site")
    assert main(["new", "Outlook", "--date", "2024-12-30", "--dest", str(site / "posts")]) == 0
    # Its placeholders are warnings by design (tests/test_editor_week.py); nothing else is.
    result = build(site, tmp_path / "out", "-D", "suppress_warnings=newsdesk.placeholder")
    assert result.returncode == 0, result.stderr
    # Numbered like the site's newest post (Week #40 2024 is dated in ISO week 42).
    page = parse(tmp_path / "out/html/posts/2024/week-51-outlook.html")
    assert "Week #51 2024 - Outlook" in page.select_one("h1").get_text()
