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
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path

import yaml

from .dates import DateError, parse_offset, parse_post_date
from .frontmatter import read_front_matter

DEFAULT_OFFSET = "+07:00"  # the newsletter's home timezone, when no post says otherwise
DEFAULT_WEEKDAY = "monday"
DEFAULT_TIME = "20:00"
DEFAULT_TAKE_BY = "jackson"
WEEKDAYS = [name.lower() for name in calendar.day_name]  # monday .. sunday

POST_TEMPLATE = """\
---
date: {date}
tags: []
author: []
---

# {title}

## {topic}

**TL;DR:** In two or three sentences: the idea, and why it matters this week.

% more

### Introduction

Set the scene: what happened, and why we are writing about it now.

### What it is

Explain the idea for a reader who has heard the name but not the details.

### Why it matters

What changes for the people who build, buy or use technology.

### Conclusion

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

    @property
    def week(self) -> int:
        return self.published.isocalendar().week


def next_publishing_day(today: date, weekday: int) -> date:
    """The first ``weekday`` (0 = Monday) strictly after ``today``: next week's issue."""
    return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens: "Foundational Models!" -> "foundational-models"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def issue_title(topic: str, day: date) -> str:
    iso = day.isocalendar()
    return f"Week #{iso.week} {iso.year} - {topic}"


def issue_path(dest: Path, topic: str, day: date) -> Path:
    """posts/<ISO year>/week-<ISO week>-<slug>.md: the folder matches the year in the title."""
    slug = slugify(topic)
    if not slug:
        raise ScaffoldError(
            f"the title {topic!r} has no letters or digits to make a file name from; "
            'give a title such as "Foundational Models"'
        )
    iso = day.isocalendar()
    return dest / str(iso.year) / f"week-{iso.week}-{slug}.md"


def _front_matter_date(path: Path) -> datetime | None:
    found = read_front_matter(path.read_text(encoding="utf-8"))
    try:
        # BaseLoader keeps every value a string: dates are parsed by our own rules.
        fields = yaml.load(found[0], Loader=yaml.BaseLoader) if found else None
        return parse_post_date(fields["date"]) if isinstance(fields, dict) else None
    except (yaml.YAMLError, KeyError, TypeError, DateError):
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
) -> Issue:
    """Where and when the issue goes; ``day`` overrides the next publishing day."""
    topic = " ".join(topic.split())
    if not topic:
        raise ScaffoldError('the title is empty; run: newsdesk new "Foundational Models"')
    if day is None:
        today = (now or datetime.now(UTC)).astimezone(offset).date()
        day = next_publishing_day(today, weekday)
    published = datetime.combine(day, at, tzinfo=offset)
    return Issue(published, issue_title(topic, day), issue_path(dest, topic, day))


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
    from .people import RegistryError, load_registry

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


def _offset(text: str) -> timezone:
    try:
        return parse_offset(text)
    except DateError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def run(args: argparse.Namespace) -> int:
    dest = Path(args.dest)
    offset = args.tz or latest_post_offset(dest) or parse_offset(DEFAULT_OFFSET)
    try:
        issue = plan_issue(
            args.title, dest=dest, offset=offset, weekday=args.weekday, at=args.time, day=args.date
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
    print(f"created {issue.path}: {issue.title} ({format_post_date(issue.published)})")
    return 0


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
