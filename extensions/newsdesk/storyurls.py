"""Checks on a news item's ``:url:``: what is wrong with it and how to write it instead.

A story link is printed into ``href`` as written, so only absolute http(s) addresses are
accepted, and characters a browser would have to guess at (spaces, quotes, ``<``, non-ASCII,
a ``%`` not followed by two hex digits) must be percent-encoded by the author: we suggest the
encoded form rather than silently changing the address.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

# Characters RFC 3986 does not allow unencoded, plus a stray '%'.
NEEDS_ESCAPING = re.compile(r'[\x00-\x20\x7f"<>\\^`{|}]|[^\x00-\x7f]|%(?![0-9A-Fa-f]{2})')
# What quote() may leave as is when suggesting an encoded form.
URL_SAFE = ":/?#[]@!$&'()*+,;=~%"


def url_problem(url: str) -> str | None:
    """Why ``url`` cannot be a story link, or None when it can."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as exc:  # e.g. an unbalanced IPv6 bracket
        return f"is not a valid address ({exc})"
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return "is not an absolute http(s) address"
    bad = sorted(set(NEEDS_ESCAPING.findall(url)))
    if bad:
        shown = ", ".join(repr(ch) for ch in bad)
        # quote() keeps every '%'; encode the ones that do not start an escape.
        suggestion = quote(url, safe=URL_SAFE)
        suggestion = re.sub(r"%(?![0-9A-Fa-f]{2})", "%25", suggestion)
        return f"contains characters that must be percent-encoded ({shown}); write {suggestion}"
    return None


def source_from_url(url: str) -> str:
    """The publisher shown when ``:source:`` is absent: the host without 'www.'."""
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def story_key(url: str) -> str:
    """The same story under small spelling differences: scheme, 'www.', case of the host,
    trailing slash and #fragment do not make a different story."""
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    port = f":{parts.port}" if parts.port else ""
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{port}{path}{query}"
