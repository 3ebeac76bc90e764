"""A Jekyll post's front matter and file name, turned into what the new post needs: its
title, date, tags, categories, authors, old URLs and new path."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from pathlib import Path, PurePosixPath
from typing import Any

from ...blog.dates import DateError, parse_post_date
from ...build.output_paths import safe_name, unsafe_reason
from .parsing import FrontMatter, ParseError
from .permalink import output_file, post_url, slugify_default
from .report import FileReport
from .sources import SourcePost

# Keys this importer turns into something of the new site's; the rest go under "jekyll:".
HANDLED_KEYS = {
    "title",
    "date",
    "tags",
    "tag",
    "categories",
    "category",
    "author",
    "authors",
    "layout",
    "permalink",
    "redirect_from",
    "slug",
    "excerpt_separator",
    "published",
    "excerpt",
    "description",
}


@dataclass
class PostMeta:
    source: SourcePost
    title: str
    date_text: str  # as the new front matter writes it
    moment: datetime
    slug: str
    tags: list[str]
    categories: list[str]
    authors: list[str]  # names as written; ids are looked up by the converter
    author_info: dict[str, dict[str, Any]]  # an author given as {name:, url:...}: its fields
    old_url: str  # the post's own URL on the Jekyll site (without baseurl)
    redirect_from: list[str]  # old site paths (with baseurl) that must lead to the post
    target: PurePosixPath  # the new post, relative to --dest: 2024/<slug>.md
    draft: bool = False
    texts: dict[str, str] = field(default_factory=dict)  # excerpt, description
    extra: dict[str, Any] = field(default_factory=dict)  # kept under "jekyll:"
    excerpt_separator: str = "<!--more-->"
    key_lines: dict[str, int] = field(default_factory=dict)  # front matter key -> file line

    def source_line(self, key: str) -> int:
        return self.key_lines.get(key, 1)

    @property
    def post_key(self) -> str:
        """What ``{% post_url %}`` names this post by: the file name without extension."""
        return self.source.path.stem


def split_file_name(path: Path) -> tuple[date | None, str]:
    """``2024-10-14-week-40.md`` -> (2024-10-14, "week-40"), as Jekyll reads post names."""
    stem = path.stem
    if len(stem) > 11 and stem[10] == "-":
        try:
            return date.fromisoformat(stem[:10]), stem[11:]
        except ValueError:
            pass
    return None, stem


def list_value(value: Any) -> list[str] | None:
    """tags/categories: a list, or one text with commas ("a, b") or spaces ("a b")."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        items = [str(item).strip() for item in value if item is not None]
    elif isinstance(value, (str, int, float)):
        text = str(value)
        items = [part.strip() for part in (text.split(",") if "," in text else text.split())]
    else:
        return None
    unique: list[str] = []
    for item in items:
        if item and item not in unique:
            unique.append(item)
    return unique


def author_names(value: Any, info: dict[str, dict[str, Any]]) -> list[str] | None:
    """``author: Billy Rick`` is one person (not two, as "a b" tags are); ``authors:`` a
    list; an author may be a mapping with ``name`` (jekyll-seo-tag), kept in ``info``."""
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        if isinstance(item, dict) and item.get("name"):
            name = str(item["name"]).strip()
            info[name] = item
        elif isinstance(item, (str, int, float)):
            name = str(item).strip()
        elif item is None:
            continue
        else:
            return None
        if name and name not in names:
            names.append(name)
    return names


def format_date(moment: datetime, text: str) -> str:
    """The date as the site writes it: 2024-10-14 20:00:00 +0700 (date only if so given)."""
    if len(text.strip()) == 10:
        return moment.strftime("%Y-%m-%d")
    formatted = moment.strftime("%Y-%m-%d %H:%M:%S")
    return f"{formatted} {moment.strftime('%z')}" if moment.tzinfo is not None else formatted


# Ruby's Time.parse, which Jekyll uses, skips a repeated year: "2023-01-29 18:30:22 2023 -0800".
_REPEATED_YEAR = re.compile(
    r"^(\d{4})(-\d{1,2}-\d{1,2}[T ]+\d{1,2}:\d{2}(?::\d{2})?)\s+\1(\s+\S+)?$"
)


def jekyll_date(text: str, line: int) -> tuple[datetime, str]:
    """A front matter date as Jekyll reads it, and how it was read when not as written."""
    try:
        return parse_post_date(text), ""
    except DateError as exc:
        error = exc
    match = _REPEATED_YEAR.match(text.strip())
    if match:
        cleaned = match[1] + match[2] + (match[3] or "")
        try:
            moment = parse_post_date(cleaned)
        except DateError:
            pass
        else:
            return moment, format_date(moment, cleaned)
    raise ParseError(line, f"date {error}")


def titleize(slug: str) -> str:
    """Jekyll's title for a post without one: ``Utils.titleize_slug``."""
    return " ".join(word.capitalize() for word in slug.split("-") if word)


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [str(item) for item in value if isinstance(item, (str, int, float))]
    return []


def read_meta(
    source: SourcePost, front: FrontMatter, report: FileReport, url_tz: tzinfo | None
) -> PostMeta:
    values, lines = front.values, front.lines

    def line(key: str) -> int:
        return lines.get(key, 1)

    file_date, file_slug = split_file_name(source.path)
    raw_date = values.get("date")
    if raw_date not in (None, ""):
        text = str(raw_date)
        moment, read_as = jekyll_date(text, line("date"))
        if read_as:
            report.converted(line("date"), f"date {text!r} read as {read_as}, as Jekyll reads it")
    elif file_date is not None:
        text = file_date.isoformat()
        moment = datetime.combine(file_date, datetime.min.time())
        report.converted(1, f"date taken from the file name: {text}")
    else:
        raise ParseError(
            front.end_line,
            "no date: add 'date: 2024-10-14 20:00:00 +0700' to the front "
            "matter or name the file YYYY-MM-DD-title.md (Jekyll skips it too)",
        )
    if moment.tzinfo is None and url_tz is not None:
        # Jekyll reads a date without an offset in the site's `timezone`: say which.
        moment = moment.replace(tzinfo=url_tz)
        text = "full"
        report.converted(
            line("date") if raw_date else 1,
            f"date in _config.yml's timezone {url_tz}: {format_date(moment, text)}",
        )
    elif url_tz is not None and moment.utcoffset() != moment.astimezone(url_tz).utcoffset():
        # Jekyll shows every date in its `timezone` (Utils.parse_date: Time.parse().localtime),
        # so 22:30 -0800 was the next day on a Bangkok site: keep that day, and the instant.
        moment = moment.astimezone(url_tz)
        text = "full"
        report.converted(
            line("date"),
            f"date {str(raw_date)!r} as the old site showed it, in _config.yml's timezone "
            f"{url_tz}: {format_date(moment, text)} (the same instant)",
        )
    slug_source = values.get("slug")
    slug = file_slug or slugify_default(str(values.get("title") or "")) or "post"
    # The new file's name becomes a page name (newsdesk.build.output_paths): never carry over an
    # apostrophe, a quote, a space, a control character... from the Jekyll file name.
    reason = unsafe_reason(f"{slug}.md")
    if reason is not None:
        safe = safe_name(slug)
        report.converted(
            1, f"file name {slug!r} {reason}: the post is written as {safe}.md instead"
        )
        slug = safe
    title = values.get("title")
    if title in (None, ""):
        title = titleize(file_slug)
        report.notice(1, f"no title: named {title!r} from the file name, as Jekyll does")
    else:
        report.converted(line("title"), f"title -> the page's H1 heading {str(title)!r}")
    if values.get("layout") is not None:
        report.converted(
            line("layout"), f"layout {values['layout']!r} dropped (the theme lays out posts)"
        )

    lists: dict[str, list[str]] = {}
    author_info: dict[str, dict[str, Any]] = {}
    for keys in (("tags", "tag"), ("categories", "category"), ("authors", "author")):
        found: list[str] = []
        for key in keys:
            if key not in values:
                continue
            items = (
                author_names(values[key], author_info)
                if keys[0] == "authors"
                else list_value(values[key])
            )
            if items is None:
                raise ParseError(
                    line(key), f"{key} must be a text or a list of texts, e.g. {key}: [ai]"
                )
            found += [item for item in items if item not in found]
        lists[keys[0]] = found
    categories = [*source.folder_categories, *lists["categories"]]

    # Jekyll computes URL dates in the site's time zone (its `timezone`, else the machine's).
    url_moment = moment.astimezone(url_tz) if (url_tz and moment.tzinfo) else moment
    template = str(values.get("permalink") or source.site.permalink)
    old_url = post_url(
        template,
        date=url_moment,
        title=str(slug_source or file_slug or slug),
        categories=categories,
        basename=source.path.stem,
    )
    base = source.site.baseurl
    redirect_from: list[str] = []
    aliases = [
        base + "/" + alias.strip().lstrip("/") for alias in _strings(values.get("redirect_from"))
    ]
    for path in [base + old_url, *aliases]:
        reason = unsafe_reason(output_file(path))
        if reason is not None:
            report.notice(
                line("redirect_from") if path in aliases else 1,
                f"old URL {path[:120]!r} gets no redirect page: its file name {reason}",
            )
        elif path not in redirect_from:
            redirect_from.append(path)

    texts = {k: str(values[k]) for k in ("excerpt", "description") if values.get(k)}
    extra = {k: v for k, v in values.items() if k not in HANDLED_KEYS}
    for key in extra:
        report.kept(line(key), f"front matter {key!r} has no use here: kept under 'jekyll:'")
    return PostMeta(
        source=source,
        title=str(title),
        date_text=format_date(moment, text),
        moment=moment,
        slug=slug,
        tags=lists["tags"],
        categories=categories,
        authors=lists["authors"],
        author_info=author_info,
        old_url=old_url,
        redirect_from=redirect_from,
        target=PurePosixPath(f"{moment.year:04d}", f"{slug}.md"),
        draft=values.get("published") is False,
        texts=texts,
        extra=extra,
        excerpt_separator=str(values.get("excerpt_separator") or source.site.excerpt_separator),
        key_lines=dict(lines),
    )
