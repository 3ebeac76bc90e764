"""The one URL policy: what may go into an attribute that carries a URL (``href``,
``src``, ``og:``/canonical ``content``, JSON-LD and feed links), and how names become
parts of URLs (the slugs) and URLs become files.

Allowed: an ``http``/``https``/``mailto`` URL (``newsdesk_link_schemes``), or a path inside
the site. A scheme is judged as a browser's URL parser reads the attribute value, not as
it is written: character references are decoded (``&#106;avascript:``), leading and
trailing spaces and control characters are dropped, tabs and newlines anywhere are
removed (``java\\tscript:``), and case does not matter (``JavaScript:``). ``//host`` (also
``\\\\host`` and ``/\\host``, which browsers read the same way) is another site, never a
path inside this one.

Pure functions only: the modules that read URLs (front matter, people.yaml, page
metadata, links) call :func:`refusal` and warn with their own file and line. No Sphinx
import (``newsdesk new`` and the importer use it).

Slugs: four, because four things name pages and anchors and each must keep its exact
result (published URLs and anchors do not change):

- :func:`ablog_slug`: the name ablog gives a tag, category or author page
  (``blog/tag/<slug>``), so our checks and spellings agree with the pages ablog writes;
- :func:`anchor_slug`: a news item's, take's or memo's anchor and label (docutils' ids);
- :func:`jekyll_slug` and :func:`jekyll_pretty_slug`: Jekyll's ``slugify``, default and
  "pretty" modes, for the old URLs of imported posts (and Liquid's ``slugify`` filter);
- :func:`file_slug`: the file name ``newsdesk new`` gives an issue (ASCII only);
- :func:`heading_slug`: the anchor MyST gives a heading (GitHub's), which the importer
  links to.
"""

from __future__ import annotations

import html
import posixpath
import re
import unicodedata
from collections.abc import Iterable
from enum import Enum
from urllib.parse import urlsplit

LINK_SCHEMES = ("http", "https", "mailto")  # newsdesk_link_schemes' default
WEB_SCHEMES = ("http", "https")  # images, canonical links, story links, icons

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


def web_address_refusal(url: str) -> str | None:
    """Why ``url`` cannot be the address of a page on another site, such as an email
    sign-up form (an absolute ``http``/``https`` URL with a host name), or None."""
    scheme = link_scheme(url)
    if scheme and scheme not in WEB_SCHEMES:
        return (
            f"uses the scheme {scheme + ':'!r}, which is not allowed here; use an https:// address"
        )
    problem = refusal(url, WEB_SCHEMES)
    if problem is not None:
        return problem
    view = browser_view(url)
    if link_scheme(view) not in WEB_SCHEMES or not urlsplit(view).netloc.strip("/\\"):
        return (
            "is not an absolute address; write it whole, with https:// and the host name "
            "(https://lists.example.org/subscribe)"
        )
    if any(ch.isspace() or ch in '"<>`' for ch in view):
        return "contains spaces, quotes or angle brackets; percent-encode them (%20, %22)"
    return None


def foreign_scheme(url: str, schemes: Iterable[str] = WEB_SCHEMES) -> str:
    """The scheme ``url`` is written with when it is not one of ``schemes``; else ""."""
    match = SCHEME.match(url)
    scheme = match.group(1).lower() if match else ""
    return scheme if scheme and scheme not in {s.lower() for s in schemes} else ""


# --- Slugs --------------------------------------------------------------------------

MAX_ANCHOR_SLUG = 60  # keeps labels readable; the rest of a long headline adds nothing
_ABLOG_DROPPED = re.compile(r"[^\w\s-]")
_ABLOG_RUNS = re.compile(r"[-\s]+")
# Jekyll's "pretty" slugify mode keeps these besides letters and digits.
_PRETTY_KEEP = "._~!$&'()+,;=@"


def ablog_slug(text: str) -> str:
    """``ablog.blog.slugify`` (ablog 0.11.13), which names ablog's collection pages; the
    same steps, so the editors' commands need not import ablog (and Sphinx).
    tests/test_url_policy_slugs.py compares the two."""
    text = unicodedata.normalize("NFKD", str(text))
    text = _ABLOG_DROPPED.sub("", text).strip().lower()
    return _ABLOG_RUNS.sub("-", text)


def anchor_slug(text: str) -> str:
    """Lower-case ASCII words joined by hyphens (docutils' ``make_id``), cut at a word
    boundary: a news item's, take's or memo's anchor."""
    from docutils.nodes import make_id  # here: the editors' commands do not load docutils

    made = make_id(text)
    if len(made) > MAX_ANCHOR_SLUG:
        made = made[:MAX_ANCHOR_SLUG].rsplit("-", 1)[0]
    return made


def jekyll_pretty_slug(text: str) -> str:
    """Jekyll's ``Utils.slugify(text, mode: "pretty", cased: true)``."""
    out = [char if char.isalnum() or char in _PRETTY_KEEP else "-" for char in text]
    return re.sub(r"-+", "-", "".join(out)).strip("-")


def jekyll_slug(text: str) -> str:
    """Jekyll's ``Utils.slugify(text)``: lower case, runs of other characters become '-'."""
    out = [char if char.isalnum() else "-" for char in text.lower()]
    return re.sub(r"-+", "-", "".join(out)).strip("-")


def file_slug(text: str) -> str:
    """Lower-case ASCII words joined by hyphens: "Foundational Models!" -> "foundational-models"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def heading_slug(text: str) -> str:
    """The anchor MyST gives a heading (its default, GitHub's slugs)."""
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")


# --- Files ----------------------------------------------------------------------------

PAGE_SUFFIX = ".html"


def page_file(url: str) -> str:
    """The file a static site serves for a URL path, as Jekyll writes it
    (``Document#destination``): /a/ -> a/index.html, /a -> a.html, /a.xml -> a.xml. The
    importer computes old posts' files with it, and redirects are written there."""
    path = url.lstrip("/")
    if not path or url.endswith("/"):
        return posixpath.join(path, "index.html")
    if posixpath.splitext(path)[1]:
        return path
    return path + PAGE_SUFFIX
