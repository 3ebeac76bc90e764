"""Addresses on the old Jekyll site: what a link there meant, and where it lives on.

A link to a page of the old site that this import does not bring over (``/docs/setup/``,
``{% link about.md %}``) would be a dead link in the new site: it points at the old
site's absolute address instead (``url`` + ``baseurl`` + path).
"""

from __future__ import annotations

import posixpath
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ...input.front_matter_reader import read_values
from .metadata import split_file_name
from .permalink import post_url
from .sources import JekyllSite

PAGE_SUFFIXES = (".md", ".markdown", ".html", ".htm")


def site_path(site: JekyllSite, href: str, base: str) -> str | None:
    """The old site's path (without baseurl) a link goes to, or None when it goes
    elsewhere (another host, ``mailto:``, only a ``#fragment``). ``base`` is the old URL of
    the page the link is on, for relative links."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        old = urlsplit(site.url) if site.url else None
        if parts.scheme not in ("http", "https", "") or old is None:
            return None
        if parts.netloc.lower() != old.netloc.lower():
            return None
    if not parts.path:
        return None
    path = unquote(parts.path)
    if not path.startswith("/"):
        path = posixpath.normpath(posixpath.join(posixpath.dirname(base), path))
        path += "/" if parts.path.endswith("/") and path != "/" else ""
    elif site.baseurl and (path == site.baseurl or path.startswith(site.baseurl + "/")):
        path = path[len(site.baseurl) :] or "/"
    return path


def absolute(site: JekyllSite, path: str, href: str) -> str:
    """The old site's absolute address of ``path``, with the link's query and fragment."""
    parts = urlsplit(href)
    tail = (f"?{parts.query}" if parts.query else "") + (
        f"#{parts.fragment}" if parts.fragment else ""
    )
    return site.old_site + path + tail


def guess_url(site: JekyllSite, tag: str, key: str) -> str | None:
    """The old URL of a post (``post_url``) or file (``link``) that is not imported."""
    name = posixpath.basename(key)
    if tag == "post_url" or "_posts/" in key:
        day, slug = split_file_name(Path(name))
        if day is None:
            return None
        moment = datetime.combine(day, datetime.min.time())
        return post_url(
            site.permalink, date=moment, title=slug, categories=[], basename=Path(name).stem
        )
    path = (site.root / key.lstrip("/")).resolve()
    if not path.is_relative_to(site.root.resolve()) or path.suffix.lower() not in PAGE_SUFFIXES:
        return None
    permalink = _front_permalink(path) if path.is_file() else None
    if permalink:
        return "/" + permalink.lstrip("/")
    stem = posixpath.splitext(key.lstrip("/"))[0]
    if posixpath.basename(stem) == "index":
        return "/" + posixpath.dirname(stem) + ("/" if posixpath.dirname(stem) else "")
    return f"/{stem}/" if site.permalink == "pretty" else f"/{stem}.html"


def _front_permalink(path: Path) -> str | None:
    try:
        data = read_values(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError):
        return None
    value = data.get("permalink") if isinstance(data, dict) else None
    return str(value) if isinstance(value, str) and value.strip() else None
