"""Every warning subtype newsdesk reports, declared once with what it means.

A newsdesk warning is ``logger.warning(message, location=..., type="newsdesk",
subtype=Subtype.X)``; Sphinx prints it with ``[newsdesk.x]`` and ``suppress_warnings =
["newsdesk.x"]`` silences it. authoring.md lists each subtype ("Mistakes, and what the
build says"); tests/test_registries.py checks that the source, this registry and the guide
name the same subtypes.
"""

from __future__ import annotations

from enum import StrEnum

# Sphinx's warning type of every newsdesk warning.
WARNING_TYPE = "newsdesk"


class Subtype(StrEnum):
    """A kind of newsdesk warning: a ``str``, so Sphinx formats and filters it as one."""

    meaning: str

    def __new__(cls, value: str, meaning: str) -> Subtype:
        member = str.__new__(cls, value)
        member._value_ = value
        member.meaning = meaning
        return member

    BUILDTIME = (
        "buildtime",
        "a directive that would fetch a URL or run another parser while building",
    )
    CONFIG = "config", "a newsdesk_* value in conf.py that cannot be used; a safe default is used"
    COVERED = "covered", "a note, not a mistake: a story already covered in an earlier post"
    DATE = "date", "a :date: option that is not a YYYY-MM-DD date"
    DUPLICATE = "duplicate", "the same story twice in one post, or a :label: used twice in a page"
    EMPTY = "empty", "a story without a headline, or a take or memo without text"
    ENCODING = "encoding", "a post that is not UTF-8: it is left out of the build"
    FILE = "file", "a file reference outside the site's folder, through a link out, or hidden"
    FILENAME = "filename", "a file name, or a page name made from front matter, that is not safe"
    FRONTMATTER = (
        "frontmatter",
        "front matter a post cannot use: missing, not YAML, a bad key or value",
    )
    HTML = "html", "raw HTML in a page (refused unless newsdesk_allow_raw_html is on)"
    ICON = "icon", "an :icon: that is not an emoji, a short text or an image"
    LABEL = "label", "a :label: that is not a label, or that another post already uses"
    LINK = "link", "a link with a refused scheme, or an rST meta tag outside the link policy"
    MYST = "myst", "a MyST setting in front matter outside the allowlist, or a reach into Python"
    NESTING = "nesting", "a {news} inside another {news}, or directives nested too deeply"
    OUTPUT = "output", "a file of the build that could not be written"
    PEOPLE = "people", "a bad entry in people.yaml, or a person page whose name a document has"
    PERSON = "person", "a person id that is not in people.yaml, or a missing :by:"
    PLACEHOLDER = "placeholder", "text left from the `newsdesk new` skeleton"
    REDIRECT = "redirect", "a redirect_from: path (or ablog redirect:) the build refuses"
    TAKE = "take", "a {take} outside a {news} block"
    TEXT = "text", "a control character in a file or a front matter escape: removed"
    URL = "url", "a URL the URL policy refuses, or a :url: that is missing or not absolute"
