"""Lead-ins such as "TL;DR:" that introduce a summary but are not part of it.

An excerpt (home page, listings, feeds, ``og:description``) shows the summary without its
lead-in, in any of the forms editors write: ``**TL;DR:** text``, ``__TL;DR:__``,
``**TL;DR**: text``, ``TL;DR: text``, ``TL;DR - text``, ``tl;dr``, ``TLDR``, with the text
on the same line or in the next paragraph.
"""

from __future__ import annotations

import re

from docutils import nodes

# The words, then any separator (":", "-", dashes, "."), then spaces.
LEAD_IN = re.compile(r"^\s*(?:tl\s*;\s*dr|tldr)\b\s*[:.\-\u2013\u2014]*\s*", re.IGNORECASE)


def strip_lead_in_text(text: str) -> str:
    return LEAD_IN.sub("", text, count=1)


def is_only_lead_in(text: str) -> bool:
    match = LEAD_IN.match(text)
    return match is not None and not text[match.end() :].strip()


def strip_lead_in(children: list[nodes.Node]) -> list[nodes.Node]:
    """``children`` (inline nodes of a paragraph) without a leading lead-in; the nodes it
    spans (``**TL;DR:**``) are dropped, a text node it starts is cut."""
    match = LEAD_IN.match("".join(child.astext() for child in children))
    if match is None:
        return children
    return _drop_chars(children, match.end())


def _drop_chars(children: list[nodes.Node], count: int) -> list[nodes.Node]:
    kept = list(children)
    while kept and count > 0:
        first = kept[0]
        length = len(first.astext())
        if length <= count:
            kept.pop(0)
            count -= length
        elif isinstance(first, nodes.Text):
            kept[0] = nodes.Text(str(first)[count:])
            count = 0
        elif isinstance(first, nodes.Element):
            inner = list(first.children)
            first.children = []
            first.extend(_drop_chars(inner, count))
            count = 0
        else:
            break
    return kept
