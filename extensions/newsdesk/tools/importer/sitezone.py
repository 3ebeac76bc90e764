"""The import report's one note on time zones: when the Jekyll site's ``timezone`` is not
the new site's ``newsdesk_timezone``, say what the import did with the dates.

The new site's setting is read from its ``conf.py`` as text (``ast``): the importer runs
on untrusted blogs and never executes the site's configuration to learn one value.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from datetime import tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

from ...blog.dates import DateError, site_timezone
from .metadata import PostMeta

SETTING = "newsdesk_timezone"
DEFAULT = "UTC"  # newsdesk's default for the setting


def conf_timezone(conf: Path) -> str | None:
    """The text ``conf.py`` assigns to ``newsdesk_timezone`` (its default when it sets
    none); None when conf.py cannot be read or sets it to something not a literal text."""
    try:
        tree = ast.parse(conf.read_text(encoding="utf-8-sig"), str(conf))
    except (OSError, UnicodeDecodeError, SyntaxError, ValueError):
        return None
    found: str | None = DEFAULT
    for statement in tree.body:
        if isinstance(statement, ast.Assign):
            targets, value = statement.targets, statement.value
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            targets, value = [statement.target], statement.value
        else:
            continue
        if any(isinstance(t, ast.Name) and t.id == SETTING for t in targets):
            literal = value.value if isinstance(value, ast.Constant) else None
            found = literal if isinstance(literal, str) else None
    return found


def timezone_notes(metas: Iterable[PostMeta], site_root: Path, from_option: bool) -> list[str]:
    """One line per Jekyll site whose zone gives any imported date another offset than
    the new site's zone would."""
    conf = site_root / "conf.py"
    text = conf_timezone(conf)
    if text is None:
        return []
    try:
        site_tz: tzinfo = site_timezone(text)
    except DateError:
        return []  # the build says so (newsdesk.config), naming conf.py
    by_site: dict[Path, list[PostMeta]] = {}
    for meta in metas:
        by_site.setdefault(meta.source.site.root, []).append(meta)
    notes = []
    for root, posts in sorted(by_site.items()):
        jekyll_tz = posts[0].source.site.timezone()
        if not isinstance(jekyll_tz, ZoneInfo):
            continue
        differing = [
            m
            for m in posts
            if m.moment.tzinfo is not None
            and m.moment.astimezone(jekyll_tz).utcoffset()
            != m.moment.astimezone(site_tz).utcoffset()
        ]
        if not differing:
            continue
        other_day = sum(
            m.moment.astimezone(jekyll_tz).date() != m.moment.astimezone(site_tz).date()
            for m in differing
        )
        where = "--timezone" if from_option else f"{root / '_config.yml'}: timezone"
        notes.append(
            f"{where} {jekyll_tz.key} is not this site's {SETTING} ({text}, {conf}): "
            f"dates were written with their offset in {jekyll_tz.key}, where Jekyll showed "
            f"them (e.g. {differing[0].date_text}), so each post shows the day the old site "
            f"showed ({other_day} of {len(posts)} would show another day in {text}); feeds "
            "and metadata keep the instant"
        )
    return notes
