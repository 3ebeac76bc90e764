"""What ``{html}`` content may keep (:mod:`newsdesk.content.html_block`): nh3's (Ammonia's)
allowlist of tags and attributes, and what it drops, for the importer's report. No Sphinx
or docutils import: the Jekyll importer uses it.
"""

from __future__ import annotations

from html.parser import HTMLParser

import nh3

TAGS = frozenset(
    [
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "caption",
        "cite",
        "code",
        "col",
        "colgroup",
        "dd",
        "del",
        "details",
        "dfn",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "ins",
        "kbd",
        "li",
        "mark",
        "ol",
        "p",
        "pre",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "time",
        "tr",
        "u",
        "ul",
        "var",
        "wbr",
    ]
)
ATTRIBUTES = {
    "*": {"class", "title", "lang", "dir"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "col": {"span"},
    "time": {"datetime"},
    "ol": {"start", "reversed"},
    "details": {"open"},
}
# Content browsers never show as text: dropped with the tags.
DROPPED_WITH_CONTENT = {"script", "style", "template", "iframe", "object", "noscript"}


def clean(html: str, schemes: list[str] | tuple[str, ...]) -> str:
    return nh3.clean(
        html,
        tags=set(TAGS),
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        url_schemes={scheme.lower() for scheme in schemes},
        strip_comments=True,
        link_rel="noopener noreferrer",
    )


class _Removed(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.removed: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in TAGS:
            self.removed.append(f"<{tag}>")
            return
        allowed = ATTRIBUTES["*"] | ATTRIBUTES.get(tag, set())
        self.removed += [f"{tag} {name}=" for name, _ in attrs if name not in allowed]


def removed_parts(html: str) -> list[str]:
    """What :func:`clean` drops of ``html``'s tags and attributes (for the import report;
    dangerous link addresses are dropped too, and reported by the build)."""
    parser = _Removed()
    parser.feed(html)
    parser.close()
    return list(dict.fromkeys(parser.removed))
