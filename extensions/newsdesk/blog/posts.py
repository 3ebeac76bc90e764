"""What the site knows about each post, kept in a Domain keyed by docname.

ablog keeps its posts in class-level state and in ``env.ablog_posts``; it does not merge
parallel reads, gives every post a label named after its file's basename, and takes
"TL;DR:" as the excerpt. This module records each post once (title, instant, tags,
authors, excerpt, label) so feeds, people pages and rebuild decisions use one source.
"""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any, ClassVar

from ablog.post import PostList
from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from ..build.digests import records_digest, records_json
from ..diagnostics import Subtype
from ..internals.sphinx import drop_label
from ..site.url_policy import ablog_slug
from .ablog import internals as ablog_internals
from .front_matter import META_KEY
from .lead_ins import is_only_lead_in, strip_lead_in, strip_lead_in_text
from .records import PostRecord
from .sidebars import page_input_digests

logger = logging.getLogger(__name__)

EXCERPT_BREAK = "more"  # a "% more" comment line ends the excerpt
LABEL_ONLY_MAX = 60  # "TL;DR:" and similar lead-ins are not an excerpt


class PostsDomain(Domain):
    name = "newsdesk-posts"
    label = "Tech Pulse posts"
    initial_data: ClassVar[dict[str, Any]] = {"posts": {}, "postlists": set(), "page_inputs": {}}

    @property
    def posts(self) -> dict[str, PostRecord]:
        return self.data.setdefault("posts", {})

    @property
    def postlists(self) -> set[str]:
        """Documents holding an ablog ``{postlist}`` (they show every post's listing)."""
        return self.data.setdefault("postlists", set())

    def clear_doc(self, docname: str) -> None:
        self.posts.pop(docname, None)
        self.postlists.discard(docname)

    def data_for(self, docnames: Iterable[str]) -> dict[str, Any]:
        """What :meth:`merge_domaindata` takes for ``docnames``: all a reading worker
        sends back (``internals.sphinx.send_back_only_documents_read``)."""
        names = set(docnames)
        # Not page_inputs: the main process's, taken after reading (merge reads none).
        shared = {key: value for key, value in self.data.items() if key != "page_inputs"}
        return {
            **shared,
            "posts": {docname: post for docname, post in self.posts.items() if docname in names},
            "postlists": self.postlists & names,
        }

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["posts"]:
                self.posts[docname] = otherdata["posts"][docname]
            if docname in otherdata.get("postlists", ()):
                self.postlists.add(docname)

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[Any]:
        """Posts are std:labels; MyST asks every domain about links it cannot place."""
        return []

    def listing_digest(self) -> str:
        """A digest of everything that shows on pages other than the post itself (a
        record's compared fields: not the front matter's line numbers)."""
        return records_digest(sorted(self.posts.items()))


def instant(iso_date: str) -> datetime:
    """A post's date (ISO 8601 with its offset) as a comparable instant."""
    return datetime.fromisoformat(iso_date)


def get_posts_domain(env: BuildEnvironment) -> PostsDomain:
    domain = env.domains[PostsDomain.name]
    assert isinstance(domain, PostsDomain)
    return domain


def listing_digest(app: Sphinx) -> str:
    """What pages listing posts show (collections, feeds): posts' data and the authors."""
    people = records_json(app.config.newsdesk_people).encode()
    posts_digest = get_posts_domain(app.env).listing_digest()
    return hashlib.sha256(posts_digest.encode() + people).hexdigest()


def post_label(docname: str) -> str:
    """A stable, unique cross-reference label: posts/2024/week-40 -> post-2024-week-40."""
    return "post-" + docname.removeprefix("posts/").replace("/", "-").lower()


def _ablog_label(docname: str) -> str:
    """The label ablog.post.process_posts gives a single-post document."""
    folder, label = posixpath.split(docname)
    if label == "index":
        label = posixpath.basename(folder)
    return label


def _top_section(doctree: nodes.document) -> nodes.section | None:
    return next(iter(doctree.findall(nodes.section)), None)


def _is_lead_in(paragraph: nodes.paragraph) -> bool:
    text = paragraph.astext().strip()
    return not text or (len(text) <= LABEL_ONLY_MAX and text.endswith(":")) or is_only_lead_in(text)


def _excerpt_paragraphs(section: nodes.section) -> list[nodes.paragraph]:
    """Paragraphs before a '% more' comment, else the first paragraph with content."""
    before_break: list[nodes.paragraph] = []
    for node in section.findall(lambda n: isinstance(n, (nodes.paragraph, nodes.comment))):
        if isinstance(node, nodes.comment):
            if node.astext().strip() == EXCERPT_BREAK:
                return [p for p in before_break if not _is_lead_in(p)]
            continue
        in_body = isinstance(node.parent, (nodes.section, nodes.list_item, nodes.block_quote))
        if isinstance(node, nodes.paragraph) and in_body:
            before_break.append(node)
    return next(([p] for p in before_break if not _is_lead_in(p)), [])


def _excerpt_nodes(paragraphs: list[nodes.paragraph], text: str | None) -> list[nodes.Node]:
    """Inline content, so ablog can wrap it in its own paragraph without nesting <p>."""
    span = nodes.inline(classes=["newsdesk-excerpt"])
    if text is not None:
        span += nodes.Text(strip_lead_in_text(text))
        return [span]
    for index, paragraph in enumerate(paragraphs):
        if index:
            span += nodes.Text(" ")
        # "**TL;DR:** The point." shows as "The point." (newsdesk.blog.lead_ins).
        span.extend(strip_lead_in([child.deepcopy() for child in paragraph.children]))
    for xref in span.findall(pending_xref):
        xref["refdoc"] = ""  # resolved again for each page that shows the excerpt
    # Shown on other pages: ids would repeat there, and links to anchors or footnotes of
    # the post would point into the listing page. Keep their text only.
    for node in list(span.findall(nodes.Element)):
        node["ids"] = []
        if isinstance(node, nodes.footnote_reference | nodes.citation_reference):
            node.parent.remove(node)
        elif isinstance(node, nodes.reference) and node.get("refid"):
            node.replace_self(node.children)
    return [span]


def record_post(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read, after ablog: fix its label and excerpt and record the post (and
    whether the page holds a post list)."""
    env = app.env
    docname = env.docname
    if any(doctree.findall(PostList)):
        get_posts_domain(env).postlists.add(docname)
    infos = ablog_internals.posts_read(env).get(docname)
    if not infos:
        return
    info = infos[0]
    meta: dict[str, Any] = doctree.get(META_KEY, {})
    std = env.domains.standard_domain
    # ablog registers a label per file basename (the folder's for index.md): two posts
    # with one basename collide and the anchor does not exist in the page. Drop it; ours
    # is unique and real.
    ablog_label = _ablog_label(docname)
    if std.labels.get(ablog_label, (None, None))[:2] == (docname, ablog_label):
        drop_label(env, ablog_label, docname)
    section = _top_section(doctree)
    # An empty title (CheckPostFrontMatter warned) would leave feeds and listings
    # without one: the file name stands in.
    title = str(meta.get("title") or info["title"] or "").strip() or docname.rsplit("/", 1)[-1]
    info["title"] = title
    label = post_label(docname)
    if section is not None and section["ids"]:
        std.note_hyperlink_target(label, docname, section["ids"][0], title)
    paragraphs = _excerpt_paragraphs(section) if section is not None else []
    explicit = meta.get("excerpt") or meta.get("description")
    excerpt = _excerpt_nodes(paragraphs, explicit)
    info["excerpt"] = excerpt
    # ablog keeps a copy of the whole post for full-text feeds, which newsdesk.blog.feeds
    # writes instead: the copy only made the pickled environment ~30x larger.
    info["doctree"] = None
    get_posts_domain(env).posts[docname] = PostRecord(
        title=title,
        date=meta.get("date") or "",
        tags=tuple(meta.get("tags", [])),
        category=tuple(meta.get("category", [])),
        author=tuple(meta.get("author", [])),
        label=label,
        anchor=section["ids"][0] if section is not None and section["ids"] else "",
        excerpt=excerpt[0].astext(),
        redirect_from=meta.get("redirect_from", []),
        draft=bool(meta.get("draft")),
        image=meta.get("image", ""),
        lines=meta.get("lines", {}),
    )


def warn_about_label_clashes(app: Sphinx, env: BuildEnvironment) -> None:
    """env-updated: two spellings of a tag ("AI", "ai") share one page and feed in ablog,
    and the last post read wins it; say which posts disagree."""
    domain = get_posts_domain(env)
    for key, folder in (("tags", "tag"), ("category", "category")):
        spellings: dict[str, dict[str, str]] = {}
        for docname in sorted(domain.posts):
            post = domain.posts[docname]
            for value in post.tags if key == "tags" else post.category:
                spellings.setdefault(ablog_slug(value), {}).setdefault(value, docname)
        for slug, found in sorted(spellings.items()):
            if len(found) < 2:
                continue
            (first, first_doc), *others = sorted(found.items(), key=lambda item: item[1])
            for value, docname in others:
                line = domain.posts[docname].lines.get(key, 1)
                logger.warning(
                    f"{key} {value!r} and {first!r} (in {first_doc}) would share the page "
                    f"{app.config.blog_path}/{folder}/{slug}: write them the same way",
                    location=(docname, line),
                    type="newsdesk",
                    subtype=Subtype.FRONTMATTER,
                )


def rewrite_listing_pages(app: Sphinx, env: BuildEnvironment) -> Iterator[str]:
    """env-updated: the pages whose content changed with other pages are written again:
    Sphinx writes only the pages it read, and ablog rewrites none of the pages showing its
    listings, leaving them stale (ablog issue 316, sphinx issue 9706). Each page keeps a
    digest of what it shows from other pages (newsdesk.blog.sidebars: navigation, tags,
    years, the newest posts where listed, its neighbours, post lists), so a new post
    rewrites its neighbours and the pages listing it, not every page."""
    domain = get_posts_domain(env)
    listing = domain.listing_digest() + excerpts_digest(env)
    postlists = {doc for doc in domain.postlists if doc in env.found_docs}
    digests = page_input_digests(app, sorted(env.found_docs), listing, postlists)
    saved: dict[str, str] = domain.data.get("page_inputs", {})
    domain.data["page_inputs"] = digests
    domain.data.pop("listing_digest", None)  # the one digest for all pages it replaces
    yield from (doc for doc, digest in digests.items() if saved.get(doc) != digest)


def excerpts_digest(env: BuildEnvironment) -> str:
    """The excerpts as post lists render them (their nodes, not only their text: a word
    made bold changes the listing, not the record's excerpt text)."""
    shown = [
        [doc, [node.pformat() for info in infos for node in info.get("excerpt") or []]]
        for doc, infos in sorted(ablog_internals.posts_read(env).items())
    ]
    return records_digest(shown)


def setup(app: Sphinx) -> None:
    app.add_domain(PostsDomain)
