"""A Jekyll post's URL, computed as Jekyll 4 does (``Jekyll::URL`` and ``Drops::UrlDrop``).

The template is the post's own ``permalink``, else the site's ``permalink`` setting (a
built-in style name or a template), else Jekyll's default style ``date``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from urllib.parse import unquote

from ...site.url_policy import PAGE_SUFFIX
from ...site.url_policy import jekyll_pretty_slug as slugify_pretty
from ...site.url_policy import jekyll_slug as slugify_default
from ...site.url_policy import page_file as output_file

__all__ = ["output_file", "post_url", "slugify_default", "slugify_pretty"]

STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
OUTPUT_EXT = PAGE_SUFFIX


def placeholders(
    date: datetime, title: str, categories: Sequence[str], basename: str
) -> dict[str, str]:
    iso = date.isocalendar()
    unique: list[str] = []
    for category in categories:
        if category.lower() not in unique:
            unique.append(category.lower())
    return {
        "year": f"{date.year:04d}",
        "month": f"{date.month:02d}",
        "i_month": str(date.month),
        "day": f"{date.day:02d}",
        "i_day": str(date.day),
        "short_year": f"{date.year % 100:02d}",
        "hour": f"{date.hour:02d}",
        "minute": f"{date.minute:02d}",
        "second": f"{date.second:02d}",
        "y_day": f"{date.timetuple().tm_yday:03d}",
        "short_month": date.strftime("%b"),
        "long_month": date.strftime("%B"),
        "short_day": date.strftime("%a"),
        "long_day": date.strftime("%A"),
        "week": f"{iso.week:02d}",
        "w_year": str(iso.year),
        "title": slugify_pretty(title),
        "slug": slugify_default(title),
        "name": basename,
        "basename": basename,
        "categories": "/".join(unique),
        "slugified_categories": "/".join(slugify_default(c) for c in unique),
        "output_ext": OUTPUT_EXT,
        "collection": "posts",
    }


def expand(template: str, values: dict[str, str]) -> str:
    """Replace each ``:name`` with its value (longest name first, as a word)."""
    out: list[str] = []
    index = 0
    while index < len(template):
        char = template[index]
        if char == ":":
            end = index + 1
            while end < len(template) and (template[end].isalnum() or template[end] == "_"):
                end += 1
            # ":title:output_ext" has two names back to back: try shorter prefixes too.
            while end > index + 1 and template[index + 1 : end] not in values:
                end -= 1
            name = template[index + 1 : end]
            if name in values:
                out.append(values[name])
                index = end
                continue
        out.append(char)
        index += 1
    return "".join(out)


def sanitize(url: str) -> str:
    """Jekyll's ``URL#sanitize_url``: no empty or dot segments, one leading slash."""
    trailing = url.endswith("/")
    parts = [part for part in url.split("/") if part and part != "." and part != ".."]
    path = "/" + "/".join(parts)
    return path + "/" if trailing and path != "/" else path


def post_url(
    template: str, *, date: datetime, title: str, categories: Sequence[str], basename: str
) -> str:
    """The post's URL path (unescaped, as on disk), e.g. /2024/10/14/week-40.html."""
    template = STYLES.get(template, template)
    values = placeholders(date, title, categories, basename)
    return sanitize(unquote(expand(template, values)))
