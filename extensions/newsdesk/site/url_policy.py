"""The one URL policy: what may go into an attribute that carries a URL (``href``,
``src``, ``og:``/canonical ``content``, JSON-LD and feed links).

Allowed: an ``http``/``https``/``mailto`` URL (``newsdesk_link_schemes``), or a path inside
the site. A scheme is judged as a browser's URL parser reads the attribute value, not as
it is written: character references are decoded (``&#106;avascript:``), leading and
trailing spaces and control characters are dropped, tabs and newlines anywhere are
removed (``java\\tscript:``), and case does not matter (``JavaScript:``). ``//host`` (also
``\\\\host`` and ``/\\host``, which browsers read the same way) is another site, never a
path inside this one.

Pure functions only: the modules that read URLs (front matter, people.yaml, page
metadata, links) call :func:`refusal` and warn with their own file and line.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from enum import Enum

LINK_SCHEMES = ("http", "https", "mailto")
WEB_SCHEMES = ("http", "https")

SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
# A browser removes these wherever they are ("java\nscript:" is javascript:).
TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
# ... and strips these (C0 controls and space) from both ends.
C0_OR_SPACE = "".join(chr(c) for c in range(0x21))


class UrlKind(Enum):
    SITE = "a path inside the site"
    EXTERNAL = "another site"
    REFUSED = "refused"


def browser_view(url: str) -> str:
    """``url`` as a browser's URL parser gets it from an attribute value."""
    return TAB_OR_NEWLINE.sub("", html.unescape(url)).strip(C0_OR_SPACE)


def link_scheme(url: str) -> str:
    """The scheme a browser would see in ``url``, lower case; "" when it has none."""
    match = SCHEME.match(browser_view(url))
    return match.group(1).lower() if match else ""


def is_network_path(url: str) -> bool:
    """``//host/...``: another site with the page's scheme (backslashes count as slashes)."""
    return browser_view(url).replace("\\", "/").startswith("//")


def url_kind(url: str, schemes: Iterable[str] = LINK_SCHEMES) -> UrlKind:
    scheme = link_scheme(url)
    if scheme:
        allowed = {s.lower() for s in schemes}
        return UrlKind.EXTERNAL if scheme in allowed else UrlKind.REFUSED
    return UrlKind.EXTERNAL if is_network_path(url) else UrlKind.SITE


def is_allowed_link(url: str, schemes: Iterable[str] = LINK_SCHEMES) -> bool:
    return url_kind(url, schemes) is not UrlKind.REFUSED


def refusal(url: str, schemes: Iterable[str] = LINK_SCHEMES) -> str | None:
    """Why ``url`` may not be published (a sentence to put after the value), or None."""
    names = [f"{s}:" for s in schemes]
    allowed = " or ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)
    if url_kind(url, schemes) is UrlKind.REFUSED:
        return (
            f"uses the scheme {link_scheme(url) + ':'!r}, which is not allowed: use an "
            f"{allowed} address, or a path inside the site"
        )
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in url):
        return "contains control characters (a tab or a line break?); write it on one line"
    return None
