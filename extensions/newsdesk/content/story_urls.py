"""Checks on a news item's ``:url:``: what is wrong with it and how to write it instead.

A story link is printed into ``href`` as written, so only absolute http(s) addresses are
accepted, and characters a browser would have to guess at (spaces, quotes, ``<``, non-ASCII,
a ``%`` not followed by two hex digits) must be percent-encoded by the author: we suggest the
encoded form rather than silently changing the address. A host name is never
percent-encoded: a non-ASCII one (``bücher.example``) is written in its IDNA form
(``xn--bcher-kva.example``), computed with the ``idna`` library (UTS 46, as browsers do).
"""

from __future__ import annotations

import re
from urllib.parse import SplitResult, quote, urlsplit, urlunsplit

import idna

from ..site.url_policy import WEB_SCHEMES

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
    if parts.scheme.lower() not in WEB_SCHEMES or not parts.netloc:
        return "is not an absolute http(s) address"
    userinfo, host, port = split_netloc(parts.netloc)
    problems = []
    if NEEDS_ESCAPING.search(host.encode("ascii", "ignore").decode()):
        return f"has a host name that is not a valid domain name ({host!r})"
    if not host.isascii():
        try:
            ascii_host = idna.encode(host, uts46=True).decode("ascii")
        except idna.IDNAError as exc:
            return f"has a host name that is not a valid domain name ({exc})"
        problems.append(f"has a non-ASCII host name ({host!r}, written {ascii_host!r} in URLs)")
        parts = parts._replace(netloc=f"{userinfo}{ascii_host}{port}")
    rest = urlunsplit(parts)
    bad = sorted(set(NEEDS_ESCAPING.findall(rest)))
    if bad:
        shown = ", ".join(repr(ch) for ch in bad)
        problems.append(f"contains characters that must be percent-encoded ({shown})")
    if not problems:
        return None
    return f"{' and '.join(problems)}; write {encoded(parts)}"


def split_netloc(netloc: str) -> tuple[str, str, str]:
    """("user@", "host", ":port") of a network location, each part possibly empty."""
    userinfo, at, hostport = netloc.rpartition("@")
    if hostport.startswith("["):  # an IPv6 address: the port follows the bracket
        end = hostport.find("]") + 1
        host, port = hostport[:end], hostport[end:]
    else:
        host, colon, port = hostport.partition(":")
        port = colon + port
    return userinfo + at, host, port


def encoded(parts: SplitResult) -> str:
    """The address with every character that needs it percent-encoded."""
    # quote() keeps every '%'; encode the ones that do not start an escape.
    suggestion = quote(urlunsplit(parts), safe=URL_SAFE)
    return re.sub(r"%(?![0-9A-Fa-f]{2})", "%25", suggestion)


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
