"""What the environment keeps about news items, takes, memos and labels: lists of these
records per docname, in :class:`newsdesk.content.news_domain.NewsDomain`.

News items and notes are frozen. A :class:`LabelClaim` is not: settling a clash (during
the read or when parallel workers' data are merged) marks the claim that lost it.

Where in the file a story or claim was written (``location``, ``line``: for messages) is
not compared, so not in digests (``newsdesk.build.digests``): editing the text above a
story moves it down the file and changes no page that shows it (the people pages).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

NoteKind = Literal["take", "memo"]


@dataclass(frozen=True, slots=True)
class NewsItemRecord:
    """A ``{news}`` story of a page."""

    headline: str
    url: str
    source: str
    anchor: str  # the item's id in the page
    label: str  # its std:label (``:label:``, else news-<page>-<headline slug>)
    location: str = field(compare=False)  # "file:line", for messages about the story
    key: str  # the story's URL normalised (newsdesk.content.story_urls); "" without a URL
    line: int = field(compare=False)


@dataclass(frozen=True, slots=True)
class NoteRecord:
    """A take (on a story) or a memo, with the page it is in, for people pages, their feeds
    and JSON-LD. The content itself is kept beside the doctrees (its digest is here)."""

    docname: str
    date: str  # the post's date ("" on a page that is not a dated post)
    post_title: str
    draft: bool
    kind: NoteKind
    person: str  # person id
    headline: str  # the story's headline, or the memo's title ("" for none)
    url: str  # the story's URL ("" for a memo)
    source: str
    anchor: str  # the take's or memo's id in the page
    item_anchor: str  # the story's id (a memo's own)
    story_date: str
    tags: tuple[str, ...]
    icon: str  # the story's icon as its card shows it (``news_item``'s ``icon``), "" for a memo
    icon_kind: str  # "image", "text" or "" (the memo icon)
    text: tuple[str, ...]  # one string per block: JSON-LD's comment text
    body_digest: str
    order: int  # position among the page's notes
    # Its card's HTML follows from this record and its content alone (no reference to
    # resolve, no image to copy): a person page of such cards is kept by its digest.
    self_contained: bool


@dataclass(slots=True)
class LabelClaim:
    """A std:label a page's story or memo asked for, and how a clash over it was settled."""

    label: str
    anchor: str
    title: str
    location: str = field(compare=False)
    lost_to: str = ""  # the page that holds the label instead
    taken_from: str = ""  # the later page this one took it from while being read
