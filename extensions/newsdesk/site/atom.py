"""The one Atom feed builder (feedgen): the site's post feeds (:mod:`newsdesk.blog.feeds`)
and each person's feed of takes and memos (:mod:`newsdesk.people.pages`) describe their
feed as a :class:`Feed`; this module writes it, so both feeds are set up alike.

A feed's ``updated`` is its newest entry's (the first of equal instants), never the build
time, so a feed's bytes change only when its content does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from feedgen.feed import FeedGenerator

GENERATOR = "Tech Pulse newsdesk"
# A feed without entries: RFC 4287 needs an `updated`; a fixed one keeps the bytes stable.
EPOCH = datetime.fromisoformat("1970-01-01T00:00:00+00:00")


@dataclass
class FeedEntry:
    id: str  # the entry's absolute URL
    title: str
    published: datetime
    updated: datetime
    authors: list[dict[str, str]]  # feedgen's author dicts: name, and uri when known
    tags: list[str] = field(default_factory=list)
    summary: str | None = None  # plain text
    content_html: str | None = None  # HTML with absolute links


@dataclass
class Feed:
    url: str  # the feed's absolute URL: its id and its rel="self" link
    title: str
    page: str  # the page the feed follows (rel="alternate")
    author: dict[str, str]  # RFC 4287 4.1.1: needed when an entry may have none
    language: str
    entries: list[FeedEntry]
    subtitle: str = ""


def newest_update(entries: list[FeedEntry]) -> datetime:
    if not entries:
        return EPOCH
    return max((entry.updated for entry in entries), key=lambda moment: moment.timestamp())


def atom_feed(feed: Feed) -> bytes:
    """The feed as Atom XML."""
    generator = FeedGenerator()
    generator.id(feed.url)
    generator.title(feed.title)
    generator.link(href=feed.page, rel="alternate")
    generator.link(href=feed.url, rel="self")
    generator.author(feed.author)
    generator.language(feed.language)
    generator.generator(GENERATOR)
    if feed.subtitle:
        generator.subtitle(feed.subtitle)
    for item in feed.entries:
        entry = generator.add_entry(order="append")
        entry.id(item.id)
        entry.title(item.title)
        # One link only: feedgen 1.0 drops the rel of entry links, so a second (related)
        # link would be a second "alternate"; a take's story link goes in its content.
        entry.link(href=item.id, rel="alternate")
        entry.published(item.published)
        entry.updated(item.updated)
        for author in item.authors:
            entry.author(author)
        for tag in item.tags:
            entry.category(term=tag, label=tag)
        if item.summary is not None:
            entry.summary(item.summary)
        if item.content_html is not None:
            entry.content(item.content_html, type="html")
    generator.updated(newest_update(feed.entries))
    feed_xml: bytes = generator.atom_str(pretty=True)
    return feed_xml
