"""Render a take's or memo's stored content (:func:`newsdesk.content.news_domain.stored_body`) as
HTML on another page (a person's page), and for a feed (absolute links).

On a person's page a take is shown as the post shows it: in its story's card (icon,
linked headline, source, date, tags), under the person's attribution; a memo as the
post's memo block. The card is made of the same nodes as in the post (``news_item``
holding one ``news_take``; ``news_memo``), from the note's record, and rendered by
:func:`newsdesk.build.fragments.render_fragment` with the post as its base: Sphinx
resolves the content's references as in the post (so ``{doc}`` paths relative to the
post still work), then every link is moved over to the other page. Ids are dropped:
they belong to the post, and two takes may share one.
"""

from __future__ import annotations

import lxml.html
from docutils import nodes
from markupsafe import Markup
from sphinx.application import Sphinx

from ..build.fragments import render_fragment
from .memo import news_memo
from .news import news_item, news_take
from .records import NoteRecord

# The card's own parts, not the take: a feed entry carries the take's content only.
BODY_CLASSES = ("newsdesk-take-body", "newsdesk-memo-body")

# Nodes whose HTML follows from the node alone (with the page it is on): no reference to
# resolve against other pages, no image for the builder to copy, no extension's node.
SELF_CONTAINED_NODES = (
    nodes.Text,
    nodes.container,
    nodes.paragraph,
    nodes.emphasis,
    nodes.strong,
    nodes.literal,
    nodes.inline,
    nodes.reference,  # resolved when read: a link elsewhere, or to an anchor in the post
    nodes.target,
    nodes.bullet_list,
    nodes.enumerated_list,
    nodes.list_item,
    nodes.definition_list,
    nodes.definition_list_item,
    nodes.term,
    nodes.definition,
    nodes.block_quote,
    nodes.line_block,
    nodes.line,
    nodes.literal_block,
    nodes.subscript,
    nodes.superscript,
    nodes.abbreviation,
    nodes.title_reference,
    nodes.comment,
)


def card_nodes(note: NoteRecord, heading_level: int) -> tuple[nodes.Element, nodes.Element]:
    """The card of ``note`` as the post has it, and the element its content goes in: a
    story holding the one take, or the memo. ``heading_level``: the headline's level on
    the page that shows it."""
    if note.kind == "memo":
        memo = news_memo(
            person=note.person, known=True, title=note.headline, date=note.story_date, label=""
        )
        return memo, memo
    item = news_item(
        headline=note.headline,
        url=note.url,
        source=note.source,
        date=note.story_date,
        tags=list(note.tags),
        icon=note.icon,
        icon_kind=note.icon_kind,
        label="",
        heading_level=heading_level,
    )
    take = news_take(person=note.person, known=True, orphan=False)
    item += take
    return item, take


def render_card(
    app: Sphinx, note: NoteRecord, body: nodes.Element, page: str, heading_level: int
) -> Markup:
    """``note``'s card with its content ``body`` (kept aside when its post was read), as
    HTML in the page ``page``."""
    _card, wrapper = card_nodes(note, heading_level)
    return render_fragment(
        app, body.children, base=note.docname, page=page, wrapper=wrapper, stored=True
    )


def card_body(html: str) -> str:
    """The take's or memo's own content in a card's HTML (for a feed entry)."""
    if not html.strip():
        return ""
    fragment = lxml.html.fragment_fromstring(html, create_parent="div")
    for element in fragment.iter():
        if set(element.get("class", "").split()) & set(BODY_CLASSES):
            parts = [lxml.html.tostring(child, encoding="unicode") for child in element]
            return (element.text or "") + "".join(parts)
    return ""


def absolute_links(html: str, base: str) -> str:
    """``html`` rendered for the page at the absolute URL ``base``, with absolute links
    and image addresses, as a feed entry needs (readers do not know the page's URL)."""
    if not html.strip():
        return ""
    fragment = lxml.html.fragment_fromstring(html, create_parent="div")
    fragment.make_links_absolute(base, resolve_base_href=False, handle_failures="ignore")
    parts = [lxml.html.tostring(child, encoding="unicode") for child in fragment]
    return (fragment.text or "") + "".join(parts)


def renders_alone(body: nodes.Element) -> bool:
    """Whether ``body``'s card is the same HTML whatever the rest of the site says: only
    SELF_CONTAINED_NODES (a cross-reference, an image or an {html} block make the card
    depend on other pages or on what the builder copies: such a card is always rendered)."""
    return all(type(node) in SELF_CONTAINED_NODES for node in body.findall())
