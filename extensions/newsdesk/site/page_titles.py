"""Page titles fed to the theme templates as HTML, made from text by escaping it once.

Sphinx's templates take ``title`` as HTML (a document's title rendered by the HTML
writer, so its text is escaped there): ``{{ title }}`` is printed as it is in
pydata-sphinx-theme's breadcrumbs and ``{{ title|striptags|e }}`` in ``<title>``. Pages
made at html-collect-pages pass text instead: ablog's collection pages
(``f"{header} {collection}"``, a tag or category as written in front matter) and the
people pages (a name from people.yaml). sphinx-book-theme sets ``pagetitle`` to the
title's plain text (``astext()``) and prints it unescaped in its print-only ``<h1>``;
ablog's ``page.html`` prints ``feed_title`` unescaped in an attribute.

This handler, after the theme's and before any template is rendered, turns each of
those texts into escaped HTML (:class:`markupsafe.Markup`, so a template's ``|e`` does not
escape it twice).
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape
from sphinx.application import Sphinx

TEXT_TITLES = ("pagetitle", "feed_title", "root_title")


def as_html(value: Any) -> Any:
    """Text becomes escaped HTML; HTML (Markup) and non-text values are left alone."""
    return escape(value) if isinstance(value, str) and not isinstance(value, Markup) else value


def escape_text_titles(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """html-page-context, after sphinx-book-theme (500) and ablog."""
    for key in TEXT_TITLES:
        if key in context:
            context[key] = as_html(context[key])
    # A document's title is HTML already (Sphinx rendered it); a generated page's is text.
    if pagename not in app.env.all_docs and "title" in context:
        context["title"] = as_html(context["title"])
