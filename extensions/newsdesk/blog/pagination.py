"""Listings in pages of ``newsdesk_page_size`` posts: ablog's collection pages (all posts,
tags, categories, years, authors) and the home page's link to older issues.

ablog writes each collection as one page: at 520 posts ``blog.html`` was 800 KB. Page 1
keeps the collection's address; page n is ``<collection>/page/<n>``. Each page links its
neighbours with ``rel="prev"``/``rel="next"`` (through Sphinx's ``prev``/``next``
context, which the theme also shows as its previous/next buttons) and has its number in
its title. ablog's empty drafts page is not published.
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

Page = tuple[str, dict[str, Any], str]
COLLECTION_TEMPLATE = "ablog/collection.html"


def page_name(first: str, number: int) -> str:
    return first if number == 1 else f"{first}/page/{number}"


def numbered_title(title: str, number: int) -> str:
    return (
        title
        if number == 1
        else _("%(title)s, page %(number)d")
        % {
            "title": title,
            "number": number,
        }
    )


def page_of(number: int, count: int) -> str:
    return _("Page %(number)d of %(count)d") % {"number": number, "count": count}


def neighbour(app: Sphinx, here: str, there: str, title: str) -> dict[str, str]:
    return {"link": app.builder.get_relative_uri(here, there), "title": title}


def split(items: list[Any], size: int) -> list[list[Any]]:
    return [items[start : start + size] for start in range(0, len(items), size)] or [[]]


def paged(
    app: Sphinx, first: str, context: dict[str, Any], items: list[Any], key: str
) -> Iterator[tuple[str, dict[str, Any]]]:
    """The pages of a listing: ``context`` with ``key`` set to each page's items."""
    chunks = split(items, app.config.newsdesk_page_size)
    title = str(context.get("title", ""))
    for number, chunk in enumerate(chunks, 1):
        name = page_name(first, number)
        page = {**context, key: chunk, "title": numbered_title(title, number)}
        page["newsdesk_page"] = {"number": number, "count": len(chunks)}
        if "pagetitle" in context:
            page["pagetitle"] = page["title"]
        if number > 1:
            # The label says which way ("newer"), the title where to: not "Newer / Newer".
            page["prev"] = neighbour(
                app, name, page_name(first, number - 1), page_of(number - 1, len(chunks))
            )
            page["prev_label"] = _("newer")
        if number < len(chunks):
            page["next"] = neighbour(
                app, name, page_name(first, number + 1), page_of(number + 1, len(chunks))
            )
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


def link_home_to_older_issues(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """html-page-context: the home page shows the newest issues; its "next" is the second
    page of all posts (not the next page of the site's contents, "About")."""
    if pagename != app.config.root_doc or not Blog(app):
        return
    blog = Blog(app)
    context["prev"] = None
    if len(blog.posts) > app.config.newsdesk_page_size:
        pages = len(split(list(blog.posts), app.config.newsdesk_page_size))
        context["next"] = neighbour(
            app, pagename, page_name(blog.posts.docname, 2), page_of(2, pages)
        )
        context["next_label"] = _("older issues")
    else:
        context["next"] = None


COLLECTION_FIELDS = ("author", "location", "language", "category", "tags")


def _collection(value: Collection) -> dict[str, object]:
    return {
        "name": str(value),
        "docname": value.docname,
        "href": value.href,
        "posts": len(value),
    }


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
            "collections": [_collection(c) for c in value],
        }
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not shown by a collection page")
