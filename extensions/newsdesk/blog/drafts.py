"""Drafts and scheduled posts: kept out of the published site, shown in the preview.

A post is unpublished when its front matter says ``draft: true`` or its date is still in
the future. Stock ablog builds such posts (into blog/drafts.html) and publishes a
scheduled post only after a full rebuild. Here an unpublished post is excluded from the
build altogether, so no page, listing, tag, person page, feed or sitemap entry shows it.
The excluded files are added to ``exclude_patterns`` only after Sphinx has compared the
configuration with the last build's, and the environment is saved with the configuration
as it was before (:mod:`newsdesk.build.config_state`): a new scheduled post (``make post``) is
then no "configuration change" that re-reads every page, and the first build after a
post's date has passed simply finds a new document and publishes it, with no ``-E``
needed. Every build lists the posts it leaves out, one note (not a warning) each, with
the date they publish.
``make serve`` (``newsdesk_show_drafts``, on when NEWSDESK_PREVIEW=1) builds them all,
each with a banner saying it is not published.

What decides it (``draft`` and ``date``) is kept per file beside the doctrees, with the
file's size and modification time: a build reads again only the posts that changed
(reading all 520 was a tenth of a one-post rebuild).
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from glob import glob
from pathlib import Path, PurePath
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.locale import get_translation
from sphinx.util import logging

from ..build.writing import write_atomically
from ..diagnostics import Subtype
from ..input.front_matter_reader import read_text_fields
from ..internals.sphinx import registered_source_suffixes
from .dates import DateError, as_aware, parse_post_date, site_timezone
from .front_matter import META_KEY

_ = get_translation("newsdesk")
logger = logging.getLogger(__name__)

BUILD_TIME_VARIABLE = "NEWSDESK_BUILD_TIME"  # build "as of" another instant (ISO 8601)
SCAN_FILE = "newsdesk-publishing.json"  # in the doctree folder: see PublishingScan
DECIDING_FIELDS = ("draft", "date")


def build_time() -> datetime:
    text = os.environ.get(BUILD_TIME_VARIABLE)
    if text:
        return as_aware(parse_post_date(text), UTC)
    return datetime.now(UTC)


def unpublished_reason(front: dict[str, Any], site_tz: Any, now: datetime) -> str | None:
    """Why a post with this front matter is not published yet, or None if it is."""
    if front.get("draft") is True:
        return "draft"
    try:
        moment = as_aware(parse_post_date(front["date"]), site_tz) if "date" in front else None
    except DateError:
        return None  # reported by newsdesk.blog.front_matter with its line
    if moment is not None and moment > now:
        return "scheduled"
    return None


def read_post_source(path: Path) -> str | None:
    """The post's text; None (after a warning naming the line) when it is not UTF-8,
    which would otherwise stop Sphinx with a crash report."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        logger.warning(
            f"not UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8. "
            "It is left out of the build until then",
            location=f"{path}:{line}",
            type="newsdesk",
            subtype=Subtype.ENCODING,
        )
        return None


def post_front_matter(text: str) -> dict[str, Any]:
    # Dates as text: parse_post_date reads them, offsets included. Fast: every post is
    # scanned on every build.
    data = read_text_fields(text, fast=True)
    if data is None:
        return {}
    if "draft" in data:
        data["draft"] = str(data["draft"]).lower() in ("true", "yes", "on", "")
    return data


class PublishingScan:
    """Each post's ``draft`` and ``date`` (as post_front_matter gives them), kept with
    the file's size and modification time; a file that changed, or is not UTF-8, is read
    again (so its warning is given on every build)."""

    def __init__(self, doctreedir: str | os.PathLike[str]) -> None:
        self.path = Path(doctreedir, SCAN_FILE)
        try:
            saved = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            saved = {}
        self.saved: dict[str, Any] = saved if isinstance(saved, dict) else {}
        self.now: dict[str, Any] = {}

    def front_matter(self, path: Path, relative: str) -> dict[str, Any] | None:
        """The deciding fields of the post at ``path``; None when it is not UTF-8."""
        stat = path.stat()
        stamp = [stat.st_mtime_ns, stat.st_size]
        entry = self.saved.get(relative)
        if isinstance(entry, dict) and entry.get("stamp") == stamp:
            fields = entry.get("fields")
            if isinstance(fields, dict):
                self.now[relative] = entry
                return dict(fields)
        text = read_post_source(path)
        if text is None:
            return None
        front = post_front_matter(text)
        fields = {key: front[key] for key in DECIDING_FIELDS if key in front}
        self.now[relative] = {"stamp": stamp, "fields": fields}
        return fields

    def save(self) -> None:
        if self.now != self.saved:
            data = json.dumps(self.now, sort_keys=True, indent=0, default=str)
            write_atomically(self.path, data.encode("utf-8"))


def exclude_unpublished(app: Sphinx) -> None:
    """builder-inited: leave unpublished posts (and undecodable ones) out of the build,
    unless previewing, and say which."""
    config = app.config
    site_tz = site_timezone(config.newsdesk_timezone)
    now = build_time()
    patterns = config.blog_post_pattern
    if isinstance(patterns, str):
        patterns = [patterns]
    excluded: list[str] = []
    unpublished: list[tuple[str, str, str]] = []
    # Source suffixes from conf.py (str, list or dict) and from extensions (MyST's .md).
    configured = config.source_suffix
    suffixes = {configured} if isinstance(configured, str) else set(configured)
    suffixes |= set(registered_source_suffixes(app))
    scan = PublishingScan(app.doctreedir)
    for pattern in patterns:
        for name in sorted(glob(os.path.join(app.srcdir, pattern), recursive=True)):
            path = Path(name)
            if not path.is_file() or path.suffix not in suffixes:
                continue  # a pattern such as posts/*/* also matches images and folders
            relative = PurePath(path.relative_to(app.srcdir)).as_posix()
            front = scan.front_matter(path, relative)
            if front is None:
                excluded.append(relative)
                continue
            reason = unpublished_reason(front, site_tz, now)
            if reason:
                unpublished.append((relative, reason, str(front.get("date", ""))))
                if not config.newsdesk_show_drafts:
                    excluded.append(relative)
    scan.save()
    config.exclude_patterns = [*config.exclude_patterns, *excluded]
    list_unpublished(app, unpublished, site_tz)


def list_unpublished(app: Sphinx, unpublished: list[tuple[str, str, str]], site_tz: Any) -> None:
    """One line per post not published yet, with its publishing date: ablog and Sphinx
    would say "build succeeded" with the post silently absent."""
    if not unpublished:
        return
    shown = (
        _("shown in this preview")
        if app.config.newsdesk_show_drafts
        else _("left out; make serve previews them")
    )
    logger.info(_("newsdesk: %d posts not published yet (%s):"), len(unpublished), shown)
    for relative, reason, date_text in sorted(unpublished, key=lambda item: item[0]):
        try:
            moment = as_aware(parse_post_date(date_text), site_tz) if date_text else None
        except DateError:
            moment = None
        when = moment.strftime("%Y-%m-%d %H:%M %z") if moment else _("no date")
        if reason == "draft":
            line = _("  draft      %s (dated %s; publishes once 'draft: true' is removed)")
        else:
            line = _("  scheduled  %s (publishes on %s)")
        logger.info(line, relative, when)


def mark_draft(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read: in the preview, put a banner on a post that is not published."""
    meta = doctree.get(META_KEY)
    if not meta or not app.config.newsdesk_show_drafts:
        return
    front = {"draft": meta.get("draft", False), "date": meta.get("date", "")}
    reason = unpublished_reason(front, site_timezone(app.config.newsdesk_timezone), build_time())
    if reason is None:
        return
    text = (
        _("Draft: this post is not published.")
        if reason == "draft"
        else _("Scheduled: this post is published on %s.") % meta["date"][:10]
    )
    banner = nodes.admonition(classes=["newsdesk-draft", "warning"])
    banner += nodes.title("", _("Not published"))
    banner += nodes.paragraph("", text)
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None:
        section.insert(1, banner)
