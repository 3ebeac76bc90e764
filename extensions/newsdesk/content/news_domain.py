"""Every news item, take and memo of the site, kept in a Domain keyed by docname.

Modelled on ``sphinx.ext.todo``: a page's records are replaced when the page is read
again (``clear_doc``), and a parallel worker's records are merged by copying only the
pages that worker read (``merge_domaindata``), so ``-j 2`` ends with the same data as
``-j 1``. The records (:mod:`newsdesk.content.records`) are plain data; each take's and
memo's content (docutils nodes) is kept beside the doctrees (see save_bodies), which
people pages and feeds render with the HTML writer (:mod:`newsdesk.content.stored_bodies`),
lists, code and links kept; the record holds its digest.
People pages are regenerated when this data changes (a JSON digest of the records).

Collected at ``doctree-read`` priority 700, after :func:`newsdesk.blog.posts.record_post`
(priority 600) has recorded the post's date and title.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urljoin

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.logging import get_node_location

from ..blog.feeds import site_base_url
from ..blog.posts import get_posts_domain
from ..build.digests import records_digest
from ..diagnostics import Subtype
from ..internals.sphinx import detach_from_document, give_label, read_again_every_build
from ..people.registry import Person
from .memo import news_memo
from .news import news_item, own_takes
from .records import LabelClaim, NewsItemRecord, NoteKind, NoteRecord
from .stored_bodies import renders_alone
from .story_urls import story_key

logger = logging.getLogger(__name__)


PER_DOC_KEYS = ("items", "notes", "labels", "digests")
# What a page's digest (``digests``) stands for in NewsDomain.records_digest.
PAGE_RECORD_KEYS = ("items", "notes", "digests")


def page_records_digest(items: list[NewsItemRecord], notes: list[NoteRecord]) -> str:
    return records_digest({"items": items, "notes": notes})


class NewsDomain(Domain):
    name = "newsdesk"
    label = "Tech Pulse news items"
    # items: docname -> the page's stories; notes: docname -> its takes and memos;
    # labels: docname -> the std:labels its stories and memos claim (see claim_label);
    # digests: docname -> the digest of its items and notes (records_digest), taken when
    # the page is read: the people pages' digest is made of them, not of every record
    initial_data: ClassVar[dict[str, Any]] = {"items": {}, "notes": {}, "labels": {}, "digests": {}}
    # 1: labels, and each note's body. A saved environment with other data is read anew.
    # 2: note bodies kept beside the doctrees; 3: digests of each page's items and notes
    data_version: ClassVar[int] = 3

    @property
    def items(self) -> dict[str, list[NewsItemRecord]]:
        return self.data.setdefault("items", {})

    @property
    def notes(self) -> dict[str, list[NoteRecord]]:
        return self.data.setdefault("notes", {})

    @property
    def labels(self) -> dict[str, list[LabelClaim]]:
        return self.data.setdefault("labels", {})

    @property
    def page_digests(self) -> dict[str, str]:
        """docname -> the digest of its items and notes, taken when it was read."""
        return self.data.setdefault("digests", {})

    def record_page(
        self, docname: str, items: list[NewsItemRecord], notes: list[NoteRecord]
    ) -> None:
        """A page's stories and notes as it was read, and their digest (the records are
        frozen: it holds until the page is read again)."""
        self.items[docname] = items
        self.notes[docname] = notes
        self.page_digests[docname] = page_records_digest(items, notes)

    def records_digest(self) -> str:
        """A digest of every page's items and notes (their digests, taken with them by
        record_page) and of the rest of the domain's data (labels, whose claims a later
        page can settle, are encoded whole)."""
        rest = {key: value for key, value in self.data.items() if key not in PAGE_RECORD_KEYS}
        return records_digest([sorted(self.page_digests.items()), rest])

    def clear_doc(self, docname: str) -> None:
        for key in PER_DOC_KEYS:
            self.data.setdefault(key, {}).pop(docname, None)

    def data_for(self, docnames: Iterable[str]) -> dict[str, Any]:
        """What :meth:`merge_domaindata` takes for ``docnames``: all a reading worker
        sends back (``internals.sphinx.send_back_only_documents_read``)."""
        data = {key: value for key, value in self.data.items() if key not in PER_DOC_KEYS}
        for key in PER_DOC_KEYS:
            per_doc = self.data.get(key, {})
            data[key] = {docname: per_doc[docname] for docname in docnames if docname in per_doc}
        return data

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            for key in PER_DOC_KEYS:
                if docname in otherdata.get(key, {}):
                    self.data.setdefault(key, {})[docname] = otherdata[key][docname]

    def claims_by_label(self) -> dict[str, list[tuple[str, LabelClaim]]]:
        """Every page's claims, by label, pages in name order (for many lookups)."""
        index: dict[str, list[tuple[str, LabelClaim]]] = {}
        for docname, claims in sorted(self.labels.items()):
            for claim in claims:
                index.setdefault(claim.label, []).append((docname, claim))
        return index

    def label_holder(
        self,
        label: str,
        besides: str,
        index: dict[str, list[tuple[str, LabelClaim]]] | None = None,
    ) -> tuple[str, LabelClaim] | None:
        """The page (other than ``besides``) whose story or memo holds ``label``; with
        ``index`` (claims_by_label, whose claims say whether they were lost since), without
        looking at every page."""
        candidates = (
            index.get(label, [])
            if index is not None
            else (
                (docname, claim)
                for docname, claims in sorted(self.labels.items())
                for claim in claims
                if claim.label == label
            )
        )
        for docname, claim in candidates:
            if docname != besides and not claim.lost_to:
                return docname, claim
        return None

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[Any]:
        """Nothing to resolve: items are std:labels. Defined because MyST asks every
        domain about a Markdown link it cannot place, and warns when one cannot answer."""
        return []

    def notes_by_person(self) -> dict[str, list[NoteRecord]]:
        """Each person's takes and memos from published pages, newest post first, then in
        page order. Pages that are not dated posts come last, by name."""
        by_person: dict[str, list[NoteRecord]] = {}
        for docname in sorted(self.notes):
            for note in self.notes[docname]:
                if not note.draft:
                    by_person.setdefault(note.person, []).append(note)
        for notes in by_person.values():
            notes.sort(key=note_order)
        return by_person


def note_order(note: NoteRecord) -> tuple[int, float, str, int]:
    """Sort key: dated first, newest instant first (offsets compared as instants)."""
    if note.date:
        return (0, -datetime.fromisoformat(note.date).timestamp(), note.docname, note.order)
    return (1, 0.0, note.docname, note.order)


def get_news_domain(env: BuildEnvironment) -> NewsDomain:
    domain = env.domains[NewsDomain.name]
    assert isinstance(domain, NewsDomain)
    return domain


def news_label(docname: str, anchor: str) -> str:
    """The std:label of an item: ``news-<page>-<headline slug>``, where ``<page>`` is the
    docname without ``posts/`` and with ``/`` as ``-`` (posts/2024/week-40 ->
    news-2024-week-40-openai-releases-o1)."""
    page = docname.removeprefix("posts/").replace("/", "-").lower()
    return f"news-{page}-{anchor.removeprefix('news-')}"


def body_texts(node: nodes.Element) -> list[str]:
    """A take's or memo's text, one string per block (paragraph, list...): for JSON-LD."""
    blocks = (block.strip() for child in node.children for block in child.astext().split("\n\n"))
    return [block for block in blocks if block]


def stored_body(node: nodes.Element) -> nodes.container:
    """A take's or memo's content, to render later on other pages. A story wrongly nested
    inside is left out (it is shown, and its takes credited, on its own). The copy is
    detached from the page's document (docutils' copies keep a reference to it), so the
    environment does not pickle the whole page along with it."""
    body = nodes.container(classes=["newsdesk-note-body"])
    body.extend(child.deepcopy() for child in node.children)
    for nested in list(body.findall(news_item)):
        nested.parent.remove(nested)
    detach_from_document(body)
    return body


def note_body_digest(bodies: dict[str, nodes.container], anchor: str, node: nodes.Element) -> str:
    """Keep the note's content aside (see save_bodies); its digest goes in the domain, so
    the people pages are made again when a take changes, in any way."""
    body = bodies[anchor] = stored_body(node)
    return hashlib.sha256(body.pformat().encode("utf-8")).hexdigest()


def bodies_path(app: Sphinx, docname: str) -> Path:
    return Path(app.doctreedir, "newsdesk-bodies", docname + ".pickle")


def save_bodies(app: Sphinx, docname: str, bodies: dict[str, nodes.container]) -> None:
    """The notes' contents, one file per page beside the doctrees (written by whichever
    process reads the page). Kept in the environment they made it ~6x larger, and every
    build, and every parallel worker, loads and saves the environment whole."""
    path = bodies_path(app, docname)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(bodies, pickle.HIGHEST_PROTOCOL))


def load_bodies(app: Sphinx, docname: str) -> dict[str, nodes.container]:
    """The saved contents of a page's notes ({} if the file is gone: nothing to show)."""
    try:
        return pickle.loads(bodies_path(app, docname).read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError):
        return {}


def warn_label_clash(env: BuildEnvironment, claim: LabelClaim, holder: str) -> None:
    """The story or memo of ``claim`` does not get its label: ``holder`` has it."""
    claim.lost_to = holder
    logger.warning(
        f"':label: {claim.label}' is already the label of a story or target in "
        f"{env.doc2path(holder, False)}; a label names one place in the site: choose "
        "another ':label:' here (or remove it to get one from the headline). "
        "References to it lead to the other page",
        location=claim.location,
        type="newsdesk",
        subtype=Subtype.LABEL,
    )


def claim_label(
    env: BuildEnvironment, docname: str, label: str, anchor: str, title: str, location: str
) -> LabelClaim:
    """Register ``label`` for a story or memo of ``docname`` unless another page holds it.

    Sphinx itself only says "duplicate label" (no file, line or type) and moves the label.
    Pages are read in name order, so in a clean build the first page by name keeps the
    label and the later one gets the warning; an incremental build that reads only the
    earlier page gives it the label back, so both builds agree. The page that lost a
    label is read again on every build (``reread_always``) until the clash is fixed, so
    the warning is not lost and the label follows the fix."""
    std = env.domains.standard_domain
    claim = LabelClaim(label=label, anchor=anchor, title=title, location=location)
    held = std.anonlabels.get(label)
    holder = held[0] if held else docname
    if holder != docname:
        theirs = get_news_domain(env).label_holder(label, docname)
        if theirs is None or theirs[0] != holder or holder < docname:
            warn_label_clash(env, claim, holder)
            env.note_reread()
            return claim
        warn_label_clash(env, theirs[1], docname)  # this page comes first by name
        read_again_every_build(env, holder)
        claim.taken_from = holder
    std.note_hyperlink_target(label, docname, anchor, title)
    return claim


def settle_merged_labels(
    app: Sphinx, env: BuildEnvironment, docnames: Iterable[str], other: BuildEnvironment
) -> None:
    """env-merge-info: a parallel worker saw only its own pages, and Sphinx's merge lets
    the last worker's label win silently. Settle clashes between pages read by different
    workers as a serial build would: the first page by name keeps the label."""
    domain = get_news_domain(env)
    index = domain.claims_by_label()  # one pass over the pages, not one per claim
    for docname in sorted(docnames):
        for claim in domain.labels.get(docname, []):
            theirs = None if claim.lost_to else domain.label_holder(claim.label, docname, index)
            if theirs is None:
                continue
            holder, held = theirs
            if claim.taken_from == holder:  # the worker warned already
                held.lost_to = docname
                read_again_every_build(env, holder)
            elif docname < holder:
                warn_label_clash(env, held, docname)
                read_again_every_build(env, holder)
            else:
                warn_label_clash(env, claim, holder)
                read_again_every_build(env, docname)
                give_label(env, claim.label, holder, held.anchor, held.title)


@dataclass(frozen=True, slots=True)
class _Page:
    """What every take and memo of a page records about the page."""

    docname: str
    date: str
    post_title: str
    draft: bool

    def note(
        self,
        kind: NoteKind,
        node: nodes.Element,
        item: nodes.Element,
        bodies: dict[str, nodes.container],
        order: int,
    ) -> NoteRecord:
        """The record of a take (``node``, inside the story ``item``) or of a memo
        (``node`` is ``item``); its content goes into ``bodies``."""
        anchor = node["ids"][0]
        memo = kind == "memo"
        return NoteRecord(
            docname=self.docname,
            date=self.date,
            post_title=self.post_title,
            draft=self.draft,
            kind=kind,
            person=node["person"],
            headline=item["title"] if memo else item["headline"],
            url="" if memo else item["url"],
            source="" if memo else item["source"],
            anchor=anchor,
            item_anchor=item["ids"][0],
            story_date=item["date"],
            tags=() if memo else tuple(item["tags"]),
            icon="" if memo else item["icon"],
            icon_kind="" if memo else item["icon_kind"],
            text=tuple(body_texts(node)),
            body_digest=note_body_digest(bodies, anchor, node),
            order=order,
            self_contained=renders_alone(bodies[anchor]),
        )


def collect_news(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read: record the page's items, takes and memos; register labels; warn about
    a story that is in the page twice."""
    env = app.env
    docname = env.docname
    post = get_posts_domain(env).posts.get(docname)
    title = env.titles[docname].astext() if docname in env.titles else docname
    page = _Page(
        docname=docname,
        date=post.date if post else "",
        post_title=post.title if post else title,
        draft=bool(post and post.draft),
    )
    items: list[NewsItemRecord] = []
    notes: list[NoteRecord] = []
    bodies: dict[str, nodes.container] = {}
    labels: list[LabelClaim] = []
    first_seen: dict[str, NewsItemRecord] = {}
    for node in doctree.findall(nodes.Element):  # in page order, items and memos alike
        if not isinstance(node, (news_item, news_memo)):
            continue
        anchor = node["ids"][0]
        location = get_node_location(node) or docname
        if isinstance(node, news_memo):
            if node["label"]:
                title = node["title"] or f"Memo by {node['person']}"
                labels.append(claim_label(env, docname, node["label"], anchor, title, location))
            if node["known"]:
                notes.append(page.note("memo", node, node, bodies, len(notes)))
            continue
        label = node["label"] or news_label(docname, anchor)
        labels.append(claim_label(env, docname, label, anchor, node["headline"], location))
        item = NewsItemRecord(
            headline=node["headline"],
            url=node["url"],
            source=node["source"],
            anchor=anchor,
            label=label,
            location=location,
            key=story_key(node["url"]) if node["url"] else "",
            line=node.line or 0,
        )
        earlier = first_seen.get(item.key) if item.key else None
        if earlier is not None:
            logger.warning(
                f"the story {node['url']} is already in this page (line {earlier.line}); "
                "keep one {news} block and put every take inside it as a nested {take}",
                location=node,
                type="newsdesk",
                subtype=Subtype.DUPLICATE,
            )
        elif item.key:
            first_seen[item.key] = item
        items.append(item)
        for take in own_takes(node):
            if take["known"] and not take["orphan"]:
                notes.append(page.note("take", take, node, bodies, len(notes)))
    domain = get_news_domain(env)
    domain.record_page(docname, items, notes)
    domain.labels[docname] = labels
    save_bodies(app, docname, bodies)


def note_covered_stories(app: Sphinx, env: BuildEnvironment) -> None:
    """env-updated: a story already covered in an earlier post gets a note (not a
    warning: a follow-up is fine). ``suppress_warnings = ["newsdesk.covered"]`` hides it."""
    if logging.is_suppressed_warning("newsdesk", Subtype.COVERED, app.config.suppress_warnings):
        return
    posts = get_posts_domain(env).posts
    moments = {
        docname: datetime.fromisoformat(post.date) for docname, post in posts.items() if post.date
    }
    dated = [
        (moments[docname], docname, item)
        for docname, items in get_news_domain(env).items.items()
        if docname in moments
        for item in items
        if item.key
    ]
    dated.sort(key=lambda entry: (entry[0], entry[1]))
    first: dict[str, tuple[datetime, str]] = {}
    for moment, docname, item in dated:
        earlier = first.setdefault(item.key, (moment, docname))
        if earlier[1] == docname or earlier[0] == moment:
            continue
        post = posts[earlier[1]]
        logger.info(
            f"note: the story {item.url} was already covered in {post.title!r} "
            f"({earlier[1]}); fine for a follow-up, otherwise drop it "
            "(hide these notes with suppress_warnings = ['newsdesk.covered'])",
            location=item.location,
        )


def news_jsonld(app: Sphinx, docname: str) -> dict[str, Any]:
    """newsdesk-post-jsonld: the stories a post discusses, each with the team's takes."""
    domain = get_news_domain(app.env)
    people: dict[str, Person] = app.config.newsdesk_people
    page_url = urljoin(site_base_url(app), app.builder.get_target_uri(docname))
    takes: dict[str, list[NoteRecord]] = {}
    for note in domain.notes.get(docname, []):
        if note.kind != "memo":
            takes.setdefault(note.item_anchor, []).append(note)
    mentions = []
    for item in domain.items.get(docname, []):
        story: dict[str, Any] = {
            "@type": "NewsArticle",
            "headline": item.headline,
            "url": item.url,
            "@id": f"{page_url}#{item.anchor}",
        }
        if item.source:
            story["publisher"] = {"@type": "Organization", "name": item.source}
        comments = []
        for note in takes.get(item.anchor, []):
            person = people.get(note.person)
            author = {"@type": "Person", "name": person.name if person else note.person}
            if person:
                author["url"] = person.url
            text = "\n\n".join(note.text)
            comments.append({"@type": "Comment", "author": author, "text": text})
        if comments:
            story["comment"] = comments
        mentions.append(story)
    return {"mentions": mentions} if mentions else {}


def setup(app: Sphinx) -> None:
    app.add_domain(NewsDomain)
