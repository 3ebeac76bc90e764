"""Listings in pages of ``newsdesk_page_size`` posts: ablog's collection pages (all posts,
tags, categories, years, authors), a person's takes, and the home page's link to them.

ablog writes each collection as one page: at 520 posts ``blog.html`` was 800 KB. Pages
are numbered from the oldest and keep what they hold as new posts come: page n
(``<collection>/page/<n>``) holds the n-th ``newsdesk_page_size`` of the oldest posts, and
the collection's own address (the front page) the newest rest, between one and two
pages' worth. A new post changes the front page only (and, once every
``newsdesk_page_size`` posts, adds a page and changes its older neighbour's link), so an
incremental build rewrites a listing's first page, not all of them; and a link to page n
shows the same posts next year. Each page links its neighbours with ``rel="prev"`` (newer)
and ``rel="next"`` (older), through Sphinx's ``prev``/``next`` context, which the theme
also shows as its previous/next buttons, and has its number in its title. ablog's empty
drafts page is not published.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import Any

from ablog.blog import Blog, Catalog, Collection, Post
from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.locale import get_translation

_ = get_translation("newsdesk")
# ablog's own texts (its listings' titles) are in Sphinx's catalog (ablog/post.py).
ablog_text = get_translation("sphinx")

Page = tuple[str, dict[str, Any], str]
COLLECTION_TEMPLATE = "ablog/collection.html"


FRONT = 0  # the number of a listing's front page: its own address, the newest items


def page_name(first: str, number: int) -> str:
    return first if number == FRONT else f"{first}/page/{number}"


def numbered_title(title: str, number: int) -> str:
    return (
        title
        if number == FRONT
        else _("%(title)s, page %(number)d")
        % {
            "title": title,
            "number": number,
        }
    )


def page_label(number: int) -> str:
    return _("Page %(number)d") % {"number": number}


def neighbour(app: Sphinx, here: str, there: str, title: str) -> dict[str, str]:
    return {"link": app.builder.get_relative_uri(here, there), "title": title}


def stable_split(items: list[Any], size: int) -> list[tuple[int, list[Any]]]:
    """``items`` (newest first) as ``(number, items)`` pages, newest page first: the
    oldest items in pages of ``size`` numbered from the oldest (1), and the front page
    (FRONT) with the rest, ``size`` to ``2 * size - 1`` of them (all, when fewer)."""
    size = max(size, 1)
    numbered = max(len(items) // size - 1, 0)
    front = len(items) - numbered * size
    pages = [(FRONT, items[:front])]
    for number in range(numbered, 0, -1):
        start = front + (numbered - number) * size
        pages.append((number, items[start : start + size]))
    return pages


def page_numbers(count: int, size: int) -> list[int]:
    """The number of the page (as stable_split places them) of each of ``count`` items."""
    return [number for number, chunk in stable_split(list(range(count)), size) for _item in chunk]


def paged(
    app: Sphinx, first: str, context: dict[str, Any], items: list[Any], key: str
) -> Iterator[tuple[str, dict[str, Any]]]:
    """The pages of a listing (``items`` newest first), newest page first: ``context``
    with ``key`` set to each page's items. What a page shows depends on its own items and
    neighbours only (no page count), so that pages a new item does not reach stay as
    they are."""
    pages = stable_split(items, app.config.newsdesk_page_size)
    title = str(context.get("title", ""))
    names = [page_name(first, number) for number, _chunk in pages]
    labels = [title if number == FRONT else page_label(number) for number, _chunk in pages]
    for index, (number, chunk) in enumerate(pages):
        name = names[index]
        page = {**context, key: chunk, "title": numbered_title(title, number)}
        page["newsdesk_page"] = {"number": number}
        if "pagetitle" in context:
            page["pagetitle"] = page["title"]
        if index > 0:
            # The label says which way ("newer"), the title where to: not "Newer / Newer".
            page["prev"] = neighbour(app, name, names[index - 1], labels[index - 1])
            page["prev_label"] = _("newer")
        if index + 1 < len(pages):
            page["next"] = neighbour(app, name, names[index + 1], labels[index + 1])
            page["next_label"] = _("older")
        yield name, page


def paginated(generate: Callable[[Sphinx], Iterable[Page]]) -> Callable[[Sphinx], Iterator[Page]]:
    """Wrap ablog's html-collect-pages handler: its collection pages come out paged."""

    def handler(app: Sphinx) -> Iterator[Page]:
        for pagename, context, template in generate(app):
            drafts = Blog(app).drafts.docname  # known once ablog registered its posts
            collection = context.get("collection")
            if template != COLLECTION_TEMPLATE or collection is None:
                yield pagename, context, template
                continue
            posts = list(collection)
            if pagename == drafts and not posts:
                continue  # nothing to show: don't publish an empty drafts page
            for name, page in paged(app, pagename, context, posts, "newsdesk_page_posts"):
                yield name, page, template

    handler.__name__ = getattr(generate, "__name__", "generate")
    return handler


def link_home_to_all_issues(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """html-page-context: the home page shows the newest issues; its "next" is the
    listing of all posts (not the next page of the site's contents, "About"), from its
    newest: its numbered pages are counted from the oldest."""
    if pagename != app.config.root_doc or not Blog(app):
        return
    blog = Blog(app)
    context["prev"] = None
    if len(blog.posts) > app.config.newsdesk_page_size:
        context["next"] = neighbour(app, pagename, blog.posts.docname, ablog_text("All Posts"))
        context["next_label"] = _("all issues")
    else:
        context["next"] = None


COLLECTION_FIELDS = ("author", "location", "language", "category", "tags")


def _collection(value: Collection) -> dict[str, object]:
    """A collection as its pages show it: not how many posts it has (a page shows its
    own), so that a new post leaves the numbered pages of its collections as they are."""
    return {"name": str(value), "docname": value.docname, "href": value.href}


def _counted(value: Collection) -> dict[str, object]:
    """A collection as a catalog page lists it: with its number of posts."""
    return {**_collection(value), "posts": len(value)}


def _linked(value: object) -> object:
    """A post's tag (author, category...) as postcard2.html shows it: a link when its
    collection has posts (not how many)."""
    if isinstance(value, Collection):
        return {"name": str(value), "docname": value.docname, "listed": len(value) > 0}
    return str(value)


def shown(value: object) -> object:
    """What ablog's collection, catalog and redirect pages show of a value in their
    context, as JSON (json.dumps' ``default``: newsdesk.build.regeneration digests each
    page). A TypeError for anything else, and for an excerpt with a cross-reference (it
    shows another page's title): that page is made on every regeneration."""
    if isinstance(value, Post):
        excerpt: list[nodes.Node] = list(value.excerpt or [])
        if any(True for node in excerpt for _ in node.findall(pending_xref)):
            raise TypeError("an excerpt with a cross-reference")
        return {
            "docname": value.docname,
            "section": value.section,
            "title": value.title,
            "date": value.date,
            "update": value.update,
            "published": bool(value.published),
            "external_link": value.external_link,
            "excerpt": [node.pformat() for node in excerpt],
            **{
                name: [_linked(c) for c in getattr(value, name, None) or []]
                for name in COLLECTION_FIELDS
            },
        }
    if isinstance(value, Collection):
        return _collection(value)
    if isinstance(value, Catalog):
        return {
            "name": str(value),
            "docname": value.docname,
            "collections": [_counted(c) for c in value],
        }
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not shown by a collection page")
