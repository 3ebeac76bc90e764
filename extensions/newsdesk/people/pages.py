"""A page per person (``people/<id>.html``), a people index (``people/index.html``) and an
Atom feed of each person's takes (``people/<id>/atom.xml``).

The pages are made at ``html-collect-pages`` from :class:`newsdesk.content.news_domain.NewsDomain`
and :class:`newsdesk.blog.posts.PostsDomain`, so they are made again on every build and stay
right after an incremental build. Each person and the index get a ``std:label``
(``person-<id>``, ``people-index``) so any project can ``{ref}`` them through
``objects.inv``. Only the html and dirhtml builders write the pages; elsewhere a person's
name links to their profile (see :mod:`newsdesk.content.attribution`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from html import escape
from pathlib import Path
from typing import Any, overload
from urllib.parse import urljoin

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.locale import get_translation
from sphinx.util import logging
from sphinx.util.i18n import format_date

from .. import PACKAGE_DIR
from ..blog.feeds import last_commit, site_base_url
from ..blog.pagination import page_name, page_numbers, paged
from ..blog.posts import get_posts_domain, listing_digest
from ..build.digests import record_fields
from ..build.outputs import note_output
from ..build.parallel_pages import Mine, everything, share_number
from ..build.regeneration import cached_pages, page_digest_of
from ..build.writing import write_atomically
from ..content.attribution import (
    PERSON_PAGE_BUILDERS,
    initials,
    people_of,
    people_path,
    person_docname,
)
from ..content.news_domain import get_news_domain, load_bodies
from ..content.records import NoteRecord
from ..content.stored_bodies import absolute_links, card_body, render_card
from ..diagnostics import Subtype
from ..internals.sphinx import drop_label
from ..site.atom import Feed, FeedEntry, atom_feed
from ..site.url_policy import UrlKind, url_kind
from .kept_cards import KeptCards

_ = get_translation("newsdesk")
logger = logging.getLogger(__name__)

TEMPLATES_DIR = PACKAGE_DIR / "templates"
INDEX_LABEL = "people-index"
# A person's page: h1 the name, h2 "Takes and memos", h3 each story's headline.
CARD_HEADING_LEVEL = 3


def person_label(pid: str) -> str:
    return f"person-{pid}"


@dataclass(frozen=True, slots=True)
class ShownNote(NoteRecord):
    """A take or memo as a person's page and feed show it (templates read its fields)."""

    date_shown: str  # the post's date as the site writes dates
    page: str  # the page of the person's pages that shows it (people/<id>[/page/<n>])
    card_html: str  # its card (story and take, or memo) rendered for that page: safe HTML

    @classmethod
    def of(cls, note: NoteRecord, date_shown: str, page: str, card_html: str) -> ShownNote:
        shared: dict[str, Any] = {f.name: getattr(note, f.name) for f in fields(NoteRecord)}
        return cls(**shared, date_shown=date_shown, page=page, card_html=card_html)


def register_person_labels(app: Sphinx, env: BuildEnvironment) -> None:
    """env-updated: a std:label per person and one for the index, pointing at pages that
    are not documents. The previous build's labels are dropped first (people may have left
    the registry); the names are kept in the newsdesk domain's data."""
    std = env.domains.standard_domain
    data = get_news_domain(env).data
    for name, docname in data.get("person_labels", {}).items():
        drop_label(env, name, docname)
    registered: dict[str, str] = {}
    index = f"{people_path(app.config)}/index"
    std.note_hyperlink_target(INDEX_LABEL, index, "", _("People"))
    registered[INDEX_LABEL] = index
    for pid, person in sorted(people_of(app.config).items()):
        docname = person_docname(app.config, pid)
        std.note_hyperlink_target(person_label(pid), docname, "", person.name)
        registered[person_label(pid)] = docname
    data["person_labels"] = registered


def shown_date(config: Config, iso: str) -> str:
    """A post date in its own offset, as the site shows dates."""
    return (
        format_date(
            config.newsdesk_date_format, date=datetime.fromisoformat(iso), language=config.language
        )
        if iso
        else ""
    )


class DatesShown:
    """shown_date, once per date: Babel's formatting is most of a person page's cost when
    a post's date is shown on every one of its takes."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.known: dict[str, str] = {}

    def shown(self, iso: str) -> str:
        if iso not in self.known:
            self.known[iso] = shown_date(self.config, iso)
        return self.known[iso]


def person_context(config: Config, pid: str) -> dict[str, Any]:
    person = people_of(config)[pid]
    avatar = person.avatar
    return {
        "id": pid,
        "name": person.name,
        "url": person.url,
        "role": person.role,
        "avatar": avatar,
        "avatar_is_url": url_kind(avatar) is UrlKind.EXTERNAL,
        "initials": initials(person.name),  # shown instead of an avatar, as on the cards
        "page": person_docname(config, pid),
    }


def take_updates(app: Sphinx, notes: list[ShownNote]) -> dict[str, str]:
    """Each take's or memo's `updated`, keyed by entry id: the later of its date and the
    last commit that changed its post (as feeds.updated_instants for posts)."""
    base = site_base_url(app)
    updates = {}
    for note in notes:
        url = f"{urljoin(base, app.builder.get_target_uri(note.docname))}#{note.anchor}"
        dated = datetime.fromisoformat(note.date)
        committed = last_commit(app, note.docname)
        updates[url] = max(dated, committed or dated).isoformat()
    return updates


def person_feed(app: Sphinx, pid: str, notes: list[ShownNote], feed_path: str) -> bytes:
    """Atom feed of a person's dated takes and memos; ``updated`` is the newest one, so
    the bytes change only when the content does."""
    config = app.config
    person = people_of(config)[pid]
    base = site_base_url(app)
    builder = app.builder
    author = {"name": person.name, "uri": person.url}
    dated = [note for note in notes if note.date]
    updates = take_updates(app, dated)
    page_url = urljoin(base, builder.get_target_uri(person_docname(config, pid)))
    entries = []
    for note in dated:
        item_url = f"{urljoin(base, builder.get_target_uri(note.docname))}#{note.anchor}"
        title = (
            note.headline
            if note.kind == "take"
            else (f"{_('Memo')}: {note.headline}" if note.headline else _("Memo"))
        )
        entries.append(
            FeedEntry(
                id=item_url,
                title=title,
                published=datetime.fromisoformat(note.date),
                updated=datetime.fromisoformat(updates[item_url]),
                authors=[author],
                tags=list(note.tags),
                content_html=note_content_html(
                    note, urljoin(base, builder.get_target_uri(note.page))
                ),
            )
        )
    site = getattr(config, "blog_title", "") or config.project
    feed = Feed(
        url=urljoin(base, feed_path),
        title=f"{site} - {_('Takes by')} {person.name}",
        page=page_url,
        author=author,
        language=config.language or "en",
        entries=entries,
    )
    return atom_feed(feed)


def note_content_html(note: ShownNote, page_url: str) -> str:
    """The take as the person's page (at ``page_url``) shows it, with absolute links,
    then the story it is about (with its link)."""
    parts = [absolute_links(card_body(note.card_html), page_url)]
    if note.url:
        source = f" ({escape(note.source)})" if note.source else ""
        parts.append(
            f'<p>{escape(_("Story"))}: <a href="{escape(note.url)}">'
            f"{escape(note.headline)}</a>{source}</p>"
        )
    return "\n".join(parts)


class PersonNotes:
    """A person's takes and memos, each on the page of the person's pages that shows it
    (as paged() splits them); a card is rendered once, when a page or feed needs it."""

    def __init__(
        self,
        app: Sphinx,
        docname: str,
        notes: list[NoteRecord],
        bodies: dict[str, dict[str, nodes.container]],
        dates: DatesShown,
        kept: KeptCards,
    ) -> None:
        numbers = page_numbers(len(notes), app.config.newsdesk_page_size)
        self.app = app
        self.placed = [
            (note, page_name(docname, number)) for note, number in zip(notes, numbers, strict=True)
        ]
        self.bodies = bodies  # docname -> its notes' contents, shared by the people
        self.dates = dates
        self.kept = kept  # cards of earlier builds, and where this process keeps its own
        self.rendered: dict[int, ShownNote] = {}

    def __len__(self) -> int:
        return len(self.placed)

    def dated(self) -> bool:
        return any(note.date for note, _page in self.placed)

    def shown(self, position: int) -> ShownNote:
        if position not in self.rendered:
            note, shown_on = self.placed[position]
            html = self.kept.card(note, shown_on)
            if html is None:
                if note.docname not in self.bodies:  # loaded once per post
                    self.bodies[note.docname] = load_bodies(self.app, note.docname)
                # Its content (none if the bodies file is gone: the card is still shown).
                body = self.bodies[note.docname].get(note.anchor, nodes.container())
                html = render_card(self.app, note, body, shown_on, CARD_HEADING_LEVEL)
                self.kept.keep(note, shown_on, html)
            self.rendered[position] = ShownNote.of(
                note, self.dates.shown(note.date), shown_on, html
            )
        return self.rendered[position]


class PageCards(Sequence[ShownNote]):
    """The cards of one person page, rendered when the template reads them: a page whose
    digest is unchanged is not made again, and its cards are never rendered. Its digest
    comes from the notes' records (their content's digest among them) and where each is
    shown; a card that depends on other pages (NoteRecord.self_contained) makes the page
    tell no digest, so that it is always made."""

    def __init__(self, notes: PersonNotes, positions: list[int]) -> None:
        self.notes = notes
        self.positions = positions

    def __len__(self) -> int:
        return len(self.positions)

    @overload
    def __getitem__(self, index: int) -> ShownNote: ...
    @overload
    def __getitem__(self, index: slice) -> list[ShownNote]: ...
    def __getitem__(self, index: int | slice) -> ShownNote | list[ShownNote]:
        if isinstance(index, slice):
            return [self.notes.shown(position) for position in self.positions[index]]
        return self.notes.shown(self.positions[index])

    def digest_data(self) -> list[object]:
        """What the cards show, as JSON values (TypeError: a card cannot tell). A note
        stands for its post's digest of items and notes (NewsDomain.record_page, taken
        when the post was read): it changes when any record of the post does."""
        digests = get_news_domain(self.notes.app.env).page_digests
        data: list[object] = []
        for position in self.positions:
            note, shown_on = self.notes.placed[position]
            if not note.self_contained:
                raise TypeError("a card whose content depends on other pages")
            shown = self.notes.dates.shown(note.date)
            data.append([note.docname, note.order, digests[note.docname], shown, shown_on])
        return data


def person_page_shown(value: object) -> object:
    """What a person page's context values show, for its digest (json.dumps' default)."""
    if isinstance(value, PageCards):
        return value.digest_data()
    return record_fields(value)


def collect_people_pages(
    app: Sphinx, mine: Mine = everything
) -> Iterator[tuple[str, dict[str, Any], str]]:
    """html-collect-pages: one page per person in the registry, and the index. Only the
    pages and feeds that are ``mine`` are made (their cards rendered, feeds written): the
    others are another process's (newsdesk.build.parallel_pages)."""
    if app.builder.name not in PERSON_PAGE_BUILDERS:
        return
    config = app.config
    env = app.env
    notes_by_person = get_news_domain(env).notes_by_person()
    posts = get_posts_domain(env)
    base = site_base_url(app) if config.html_baseurl else ""
    labels = {
        "profile": _("Profile"),
        "feed": _("Atom feed of takes"),
        "people": _("People"),
        "all_people": _("All people"),
        "takes": _("Takes and memos"),
        "no_takes": _("No takes or memos yet."),
        "posts": _("Posts"),
        "no_posts": _("No posts yet."),
        "posts_elsewhere": _("Their posts are listed on the first page."),
        # As the listings say it (ablog/collection.html): numbered from the oldest.
        "page_number": _("Page %(number)d (page 1 has the oldest takes)"),
        "memo": _("Memo"),
        "in": _("In"),
        "takes_count": _("Takes and memos:"),
        "posts_count": _("Posts:"),
    }
    people = []
    bodies: dict[str, dict[str, nodes.container]] = {}  # docname -> its notes' contents
    dates = DatesShown(config)
    kept = KeptCards(app, share_number(mine))
    registry = people_of(config)
    try:
        for pid in sorted(registry, key=lambda p: (registry[p].name, p)):
            docname = person_docname(config, pid)
            if docname in env.all_docs:
                if mine(docname):  # said once, by the process the page would be made by
                    logger.warning(
                        f"no page for person {pid!r}: the document {docname!r} has that name; "
                        "rename it or set newsdesk_people_path to another folder",
                        type="newsdesk",
                        subtype=Subtype.PEOPLE,
                    )
                continue
            person = person_context(config, pid)
            notes = PersonNotes(app, docname, notes_by_person.get(pid, []), bodies, dates, kept)
            authored = [
                {
                    "docname": post_doc,
                    "title": post.title,
                    "date": post.date,
                    "date_shown": dates.shown(post.date),
                }
                for post_doc, post in sorted(posts.posts.items())
                if pid in post.author and not post.draft and post.date
            ]
            authored.sort(
                key=lambda p: (-datetime.fromisoformat(p["date"]).timestamp(), p["docname"])
            )
            feed_path = ""
            if base and notes.dated():
                feed_path = f"{docname}/atom.xml"
                if mine(feed_path):
                    # Capped like the site feed (ablog's blog_feed_length; None: all).
                    cap = getattr(config, "blog_feed_length", None) or None
                    shown = [notes.shown(position) for position in range(len(notes))[:cap]]
                    write_atomically(
                        Path(app.builder.outdir, feed_path), person_feed(app, pid, shown, feed_path)
                    )
                    note_output(
                        app, feed_path
                    )  # so newsdesk.build.outputs keeps it, drops it later
            # The counts are the index's: on the person's pages they would change them all.
            people.append({**person, "notes": len(notes), "posts": len(authored)})
            context = {
                "title": person["name"],
                "pagetitle": person["name"],  # the book theme's print header
                "newsdesk_person": person,
                "newsdesk_posts": authored,
                "newsdesk_feed": feed_path,
                "newsdesk_feed_title": f"{_('Takes by')} {person['name']}",
                "newsdesk_index": f"{people_path(config)}/index",
                "newsdesk_labels": labels,
            }
            # In pages of newsdesk_page_size takes (a person's page held every take: 1.6 MB).
            positions = list(range(len(notes)))
            for pagename, page in paged(app, docname, context, positions, "newsdesk_notes"):
                if mine(pagename):
                    page["newsdesk_notes"] = PageCards(notes, page["newsdesk_notes"])
                    if pagename != docname and authored:
                        # The posts are on the front page: a new post leaves the others as
                        # they are (newsdesk.blog.pagination).
                        page["newsdesk_posts"] = []
                        page["newsdesk_posts_elsewhere"] = True
                    yield pagename, page, "newsdesk/person.html"
    finally:
        kept.save()  # this process's pages (and their cards) are made by now
    index = f"{people_path(config)}/index"
    if index in env.all_docs:
        if mine(index):
            logger.warning(
                f"no people index: the document {index!r} has that name; rename it or set "
                "newsdesk_people_path to another folder",
                type="newsdesk",
                subtype=Subtype.PEOPLE,
            )
        return
    yield (
        index,
        {
            "title": labels["people"],
            "pagetitle": labels["people"],
            "newsdesk_people": people,
            "newsdesk_labels": labels,
        },
        "newsdesk/people.html",
    )


def people_digest(app: Sphinx) -> str:
    """What the people pages show: every take and memo, posts' listing data, the people."""
    domain = get_news_domain(app.env)
    news = domain.records_digest()
    # The feeds' `updated` follows the commits of the posts holding notes.
    holders = sorted({n.docname for notes in domain.notes_by_person().values() for n in notes})
    commits = json.dumps([str(last_commit(app, docname)) for docname in holders])
    data = news + listing_digest(app) + commits
    return hashlib.sha256(data.encode()).hexdigest()


# html-collect-pages: the person pages, the index and the feeds, made only when they change.
cached_people_pages = cached_pages(
    "people", people_digest, collect_people_pages, page_digest_of(person_page_shown)
)


def add_templates(app: Sphinx, config: Config) -> None:
    """config-inited: our templates come after the site's, so a site can override them."""
    path = str(TEMPLATES_DIR)
    if path not in config.templates_path:
        config.templates_path = [*config.templates_path, path]
