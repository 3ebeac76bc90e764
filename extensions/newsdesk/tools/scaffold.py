"""``newsdesk new TITLE``: start next week's issue as a post skeleton to fill in.

The post is dated on the next publishing day (a weekday, 20:00 by default) in the site's
offset, titled "Week #NN YYYY - TITLE" with the ISO week and ISO year of that date, and
written to ``posts/<ISO year>/week-<NN>-<title slug>.md``. An existing file is never
overwritten: the post is written to a temporary file and hard-linked into place, which
fails if the name was taken in the meantime.
"""

from __future__ import annotations

import argparse
import calendar
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path

from ..blog.dates import DateError, parse_offset, parse_post_date
from ..input.front_matter_reader import (
    YAMLError,
    as_text,
    compose,
    find_front_matter,
    read_text_fields,
)
from ..site.url_policy import file_slug

DEFAULT_OFFSET = "+07:00"  # the newsletter's home timezone, when no post says otherwise
DEFAULT_WEEKDAY = "monday"
DEFAULT_TIME = "20:00"
DEFAULT_TAKE_BY = "jackson"
WEEKDAYS = [name.lower() for name in calendar.day_name]  # monday .. sunday

# Placeholder text of the skeleton: newsdesk.blog.placeholders warns while any of it is left.
PLACEHOLDER_HEADLINE = "Headline of the story"
PLACEHOLDER_URL = "https://example.com/story"
PLACEHOLDER_PARAGRAPHS = (
    "In two or three sentences: the idea, and why it matters this week.",
    "Set the scene: what happened, and why we are writing about it now.",
    "Explain the idea for a reader who has heard the name but not the details.",
    "What changes for the people who build, buy or use technology.",
    "What to watch for next.",
    "The take.",
)

# The title is the page's only H1; the essay's sections are H2, as is "Tech News".
# Every placeholder above appears here (tests/test_scaffold.py checks it).
POST_TEMPLATE = """\
---
date: {date}
tags: []
author: []
---

# {title}

**TL;DR:** In two or three sentences: the idea, and why it matters this week.

% more

## Introduction

Set the scene: what happened, and why we are writing about it now.

## What it is

Explain the idea for a reader who has heard the name but not the details.

## Why it matters

What changes for the people who build, buy or use technology.

## Conclusion

What to watch for next.

## Tech News

### Current Tech Pulse: Our Team's Take

::::{{news}} Headline of the story
:url: https://example.com/story

:::{{take}} {take_by}
The take.
:::
::::
"""


class ScaffoldError(Exception):
    """Something the editor asked for that cannot be done; the message says what to do."""


@dataclass(frozen=True)
class Issue:
    published: datetime  # aware, in the site's offset
    title: str
    path: Path
    week: int  # the number in the title, "Week #<week> <year>"
    year: int


@dataclass(frozen=True)
class Numbering:
    """How the newsletter numbers its issues: "Week #N YYYY" names the ISO week that is
    ``lag_weeks`` weeks before the issue's date (0: the ISO week of the date itself)."""

    lag_weeks: int = 0
    learned_from: str = ""  # "Week #40 2024 (posts/2024/week-40-x.md, dated 2024-10-14)"
    note: str = ""  # why the convention could not be learned, when it could not

    def label(self, day: date) -> tuple[int, int]:
        """(week, year) of the issue published on ``day``."""
        iso = (day - timedelta(weeks=self.lag_weeks)).isocalendar()
        return iso.week, iso.year


def next_publishing_day(today: date, weekday: int) -> date:
    """The first ``weekday`` (0 = Monday) strictly after ``today``: next week's issue."""
    return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)


def issue_title(topic: str, week: int, year: int) -> str:
    return f"Week #{week} {year} - {topic}"


def issue_path(dest: Path, topic: str, week: int, year: int) -> Path:
    """posts/<year>/week-<week>-<slug>.md: the folder matches the year in the title."""
    slug = file_slug(topic)
    if not slug:
        raise ScaffoldError(
            f"the title {topic!r} has no letters or digits to make a file name from; "
            'give a title such as "Foundational Models"'
        )
    return dest / str(year) / f"week-{week}-{slug}.md"


# "Week #40 2024 - ..." (also "Week 40, 2024"): the number and year an issue's title gives.
TITLE_WEEK = re.compile(r"\bweek\s*#?\s*(\d{1,2}),?\s+(\d{4})\b", re.IGNORECASE)
HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$")
MAX_LAG_WEEKS = 8  # a title further from its date than this is a mistake, not a convention


def _post_title(text: str) -> str:
    """The post's title: front matter ``title:``, else its first ``# `` heading."""
    found = find_front_matter(text)
    body_start = 0
    if found:
        try:
            fields = as_text(compose(found.text))
        except YAMLError:
            fields = None
        if isinstance(fields, dict) and isinstance(fields.get("title"), str):
            return str(fields["title"])
        body_start = found.end_line - 1
    for line in text.splitlines()[body_start:]:
        if match := HEADING.match(line):
            return match.group(1)
    return ""


def week_monday(week: int, year: int) -> date | None:
    """The Monday of ISO week ``week`` of ``year``; None when that week does not exist."""
    try:
        return date.fromisocalendar(year, week, 1)
    except ValueError:
        return None


def learn_numbering(dest: Path, offset: timezone) -> Numbering:
    """The convention of the newest post under ``dest`` whose title has a week number:
    how many weeks its "Week #N YYYY" is before the ISO week of its date."""
    numbered = []
    for path in dest.glob("*/*.md"):
        moment = _front_matter_date(path)
        match = TITLE_WEEK.search(_post_title(path.read_text(encoding="utf-8", errors="replace")))
        if moment is not None and match:
            aware = moment if moment.tzinfo else moment.replace(tzinfo=offset)
            numbered.append((aware, path, int(match.group(1)), int(match.group(2))))
    if not numbered:
        return Numbering(note="no post with a week number in its title: ISO week numbers")
    moment, path, week, year = max(numbered, key=lambda item: (item[0], str(item[1])))
    day = moment.astimezone(offset).date()
    example = f"Week #{week} {year} ({path}, dated {day.isoformat()})"
    monday = week_monday(week, year)
    if monday is None:
        return Numbering(note=f"{example}: {year} has no week {week}; ISO week numbers")
    lag = (day - timedelta(days=day.weekday()) - monday).days // 7
    if abs(lag) > MAX_LAG_WEEKS:
        return Numbering(
            note=f"{example} is {abs(lag)} weeks from its date, taken for a mistake; "
            "ISO week numbers"
        )
    return Numbering(lag_weeks=lag, learned_from=example)


def week_override(week: int, year: int | None, near: tuple[int, int]) -> tuple[int, int]:
    """``--week N [YYYY]``: without a year, the year that puts week N nearest the issue's
    own label (week 52 asked for in early January is last year's)."""
    if year is not None:
        return week, year
    near_monday = week_monday(*near) or date.fromisocalendar(near[1], 1, 1)
    candidates = [
        (abs((monday - near_monday).days), candidate)
        for candidate in (near[1] - 1, near[1], near[1] + 1)
        if (monday := week_monday(week, candidate)) is not None
    ]
    return week, min(candidates)[1] if candidates else near[1]


def _front_matter_date(path: Path) -> datetime | None:
    # Every value a text: dates are parsed by our own rules. Fast: every post is scanned.
    fields = read_text_fields(path.read_text(encoding="utf-8"), fast=True)
    try:
        return parse_post_date(fields["date"]) if fields is not None else None
    except (KeyError, TypeError, DateError):
        return None  # the build reports bad front matter; here it just does not count


def latest_post_offset(dest: Path) -> timezone | None:
    """The offset of the newest post under ``dest`` (``posts/*/*.md``) that has one."""
    dated = [moment for path in dest.glob("*/*.md") if (moment := _front_matter_date(path))]
    aware = [moment for moment in dated if isinstance(moment.tzinfo, timezone)]
    newest = max(aware, default=None)
    return newest.tzinfo if newest is not None and isinstance(newest.tzinfo, timezone) else None


def format_post_date(moment: datetime) -> str:
    """The front matter form the site's posts use: 2024-10-14 20:00:00 +0700."""
    return moment.strftime("%Y-%m-%d %H:%M:%S %z")


def plan_issue(
    topic: str,
    *,
    dest: Path,
    offset: timezone,
    weekday: int,
    at: time,
    day: date | None = None,
    now: datetime | None = None,
    numbering: Numbering | None = None,
    week: tuple[int, int | None] | None = None,
) -> Issue:
    """Where and when the issue goes; ``day`` overrides the next publishing day, ``week``
    (number, optional year) the number the ``numbering`` convention gives."""
    topic = " ".join(topic.split())
    if not topic:
        raise ScaffoldError('the title is empty; run: newsdesk new "Foundational Models"')
    if day is None:
        today = (now or datetime.now(UTC)).astimezone(offset).date()
        day = next_publishing_day(today, weekday)
    published = datetime.combine(day, at, tzinfo=offset)
    number, year = (numbering or Numbering()).label(day)
    if week is not None:
        number, year = week_override(week[0], week[1], (number, year))
    return Issue(
        published,
        issue_title(topic, number, year),
        issue_path(dest, topic, number, year),
        number,
        year,
    )


def render_issue(issue: Issue, topic: str, take_by: str = DEFAULT_TAKE_BY) -> str:
    return POST_TEMPLATE.format(
        date=format_post_date(issue.published),
        title=issue.title,
        topic=" ".join(topic.split()),
        take_by=take_by,
    )


def write_new_file(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically; never replace an existing file."""
    if path.exists():
        raise FileExistsError(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as tmp:
            tmp.write(text)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.chmod(tmp_name, 0o644)  # mkstemp makes it private; posts are ordinary files
        os.link(tmp_name, path)  # fails with FileExistsError instead of replacing
    finally:
        os.unlink(tmp_name)


def first_person_id(people_file: Path) -> str:
    """The first id in the people registry, so the example take names a real person."""
    from ..people.registry import RegistryError, load_registry

    try:
        people = load_registry(people_file)
    except (RegistryError, OSError):
        return DEFAULT_TAKE_BY
    return next(iter(people), DEFAULT_TAKE_BY)


def _weekday(text: str) -> int:
    name = text.strip().lower()
    for index, day in enumerate(WEEKDAYS):
        if name in (day, day[:3]):
            return index
    raise argparse.ArgumentTypeError(f"{text!r} is not a weekday; write e.g. monday or mon")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date; write it as YYYY-MM-DD, e.g. 2025-01-06"
        ) from None


def _clock(text: str) -> time:
    try:
        return time.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a time; write it as HH:MM") from None


WEEK_OPTION = re.compile(r"^\s*#?(\d{1,2})(?:[\s/,]+(\d{4}))?\s*$")


def _week(text: str) -> tuple[int, int | None]:
    match = WEEK_OPTION.match(text)
    if match and 1 <= int(match.group(1)) <= 53:
        return int(match.group(1)), int(match.group(2)) if match.group(2) else None
    raise argparse.ArgumentTypeError(
        f"{text!r} is not a week number; write 1 to 53, optionally with the year: 41 or '41 2024'"
    )


def _offset(text: str) -> timezone:
    try:
        return parse_offset(text)
    except DateError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def run(args: argparse.Namespace) -> int:
    dest = Path(args.dest)
    offset = args.tz or latest_post_offset(dest) or parse_offset(DEFAULT_OFFSET)
    numbering = learn_numbering(dest, offset)
    try:
        issue = plan_issue(
            args.title,
            dest=dest,
            offset=offset,
            weekday=args.weekday,
            at=args.time,
            day=args.date,
            numbering=numbering,
            week=args.week,
            now=build_now(),
        )
        text = render_issue(issue, args.title, first_person_id(Path(args.people)))
        write_new_file(issue.path, text)
    except ScaffoldError as exc:
        print(f"newsdesk new: {exc}", file=sys.stderr)
        return 1
    except FileExistsError:
        print(
            f"newsdesk new: {issue.path} already exists; it was left untouched. "
            "Edit it, or choose another title or --date.",
            file=sys.stderr,
        )
        return 1
    except OSError as exc:
        print(f"newsdesk new: cannot write {issue.path}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print("\n".join(describe_issue(issue, numbering, args.week is not None, now=build_now())))
    return 0


def build_now() -> datetime:
    """Now, or the instant NEWSDESK_BUILD_TIME names (as the build sees it)."""
    from ..blog.drafts import build_time

    return build_time()


def describe_issue(
    issue: Issue, numbering: Numbering, week_given: bool, *, now: datetime
) -> list[str]:
    """What the editor needs to know: where the issue is, its title and date, how it was
    numbered, and when it is published and how to see it before then."""
    when = issue.published
    lines = [
        f"created {issue.path}",
        f"  title: {issue.title}",
        f"  date:  {format_post_date(when)} ({when:%A})",
    ]
    iso = when.date().isocalendar()
    if week_given:
        lines.append(f"  week:  #{issue.week} {issue.year}, as --week gave")
    elif numbering.learned_from:
        lag = numbering.lag_weeks
        rule = f"ISO week {iso.week} {iso.year}" + (
            f" {'minus' if lag > 0 else 'plus'} {abs(lag)}" if lag else ""
        )
        lines.append(f"  week:  {rule}, numbered like {numbering.learned_from}; --week overrides")
    else:
        lines.append(f"  week:  {numbering.note}; --week overrides")
    page = issue.path.relative_to(issue.path.parent.parent.parent).with_suffix(".html")
    if when > now:
        lines += [
            f"  scheduled: it publishes on {when:%A %d %B %Y} at {when:%H:%M %z}; until then "
            "`make html` leaves it out (and lists it as scheduled)",
            f"  preview it now: make serve, then open http://127.0.0.1:8000/{page.as_posix()}",
        ]
    else:
        lines.append(
            f"  its date has passed: the next `make html` publishes it ({page.as_posix()})"
        )
    return lines


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "new",
        help="start next week's issue",
        description=(
            "Create next week's issue as posts/<ISO year>/week-<NN>-<slug>.md, dated on the "
            "next publishing day. Never overwrites a file."
        ),
    )
    parser.add_argument("title", help='the essay\'s topic, e.g. "Foundational Models"')
    parser.add_argument(
        "--date", type=_day, help="publishing day YYYY-MM-DD (default: the next --weekday)"
    )
    parser.add_argument(
        "--week",
        type=_week,
        help="the issue's number, e.g. 41 or '41 2024' (default: learned from the newest "
        "post's title against its date, else the ISO week)",
    )
    parser.add_argument(
        "--weekday",
        type=_weekday,
        default=_weekday(DEFAULT_WEEKDAY),
        help=f"the publishing weekday (default: {DEFAULT_WEEKDAY})",
    )
    parser.add_argument(
        "--time",
        type=_clock,
        default=_clock(DEFAULT_TIME),
        help=f"the publishing time of day (default: {DEFAULT_TIME})",
    )
    parser.add_argument(
        "--tz",
        type=_offset,
        help=f"the offset, e.g. +07:00 (default: the newest post's, else {DEFAULT_OFFSET})",
    )
    parser.add_argument("--dest", default="posts", help="the posts folder (default: posts)")
    parser.add_argument(
        "--people",
        default="people.yaml",
        help="the people registry, for the example take (default: people.yaml)",
    )
    parser.set_defaults(func=run)
