"""The one renderer of doctree fragments: nodes of one document shown as HTML in another
page (a post's excerpt on ablog's listings, a take or memo on a person's page).

The base document is an explicit argument: references resolve as if the nodes were in it,
and when it is not the page being written, every link made there is moved over (a
relative link or an ``#anchor`` of ``base`` leads to the same place from ``page``); ids
are dropped then, as they belong to ``base``. Our own nodes (a ``{person}`` name) and
images are rendered for ``page`` directly, by the builder's HTML translator.

- :mod:`newsdesk.blog.excerpts` renders an excerpt with ``base`` = the listing page (as
  ablog's ``Post.to_html`` does), so its references resolve against the listing;
- :mod:`newsdesk.content.stored_bodies` renders a take with ``base`` = its post, and
  ``stored=True``: the body was kept aside when the post was read; a person's page shows
  it in its story's card, as the post does (the wrapper is the take inside the card).
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from typing import Any

from docutils import nodes
from markupsafe import Markup
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import new_document
from sphinx.util.osutil import relative_uri

from ..internals.sphinx import writing_page
from ..site.url_policy import link_scheme


def rebase_links(document: nodes.document, base_uri: str, page_uri: str) -> None:
    """Links made in the page at ``base_uri`` as seen from ``page_uri``; ids dropped."""
    to_base = relative_uri(page_uri, base_uri)
    for ref in document.findall(nodes.reference):
        uri = ref.get("refuri")
        if uri is None and ref.get("refid"):
            ref["refuri"] = f"{to_base}#{ref['refid']}"
            del ref["refid"]
        elif uri is not None and uri.startswith("#"):
            ref["refuri"] = to_base + uri
        elif uri and not link_scheme(uri) and not uri.startswith("/"):
            target = posixpath.normpath(posixpath.join(posixpath.dirname(base_uri), uri))
            ref["refuri"] = relative_uri(page_uri, target + ("/" if uri.endswith("/") else ""))
    for element in document.findall(nodes.Element):
        for key in ("ids", "backrefs"):
            if element.get(key):
                element[key] = []


def render_fragment(
    app: Sphinx,
    content: Iterable[nodes.Node],
    *,
    base: str,
    page: str,
    wrapper: nodes.Element | None = None,
    stored: bool = False,
) -> Markup:
    """Copies of ``content`` (nodes of the document ``base``), in ``wrapper`` if given, as
    HTML in the page ``page``. ``wrapper`` may sit inside other new elements (a take in
    its story's card, on a person's page): the outermost one is rendered.

    ``stored``: the content was kept aside when ``base`` was read (a take's body). Then
    Sphinx's post-transforms run only when it has references (they are the only ones a
    take needs, and this is the people pages' hot path), quietly (a broken reference was
    reported for ``base`` already), and its images are registered with the builder
    (``base`` may not be written in this build)."""
    builder: Any = app.builder
    document = new_document("", builder.docsettings)
    # Copies: the content stays as it is for the next page.
    copies = [node.deepcopy() for node in content]
    if wrapper is not None:
        wrapper.extend(copies)
        root = wrapper
        while root.parent is not None:  # a wrapper inside others: a take inside its story
            root = root.parent
        document += root
    else:
        document.extend(copies)
    page_uri = builder.get_target_uri(page)
    if not stored:
        for xref in document.findall(addnodes.pending_xref):
            xref["refdoc"] = base
        app.env.resolve_references(document, base, builder)
    elif next(document.findall(addnodes.pending_xref), None) is not None:
        with logging.suppress_logging():
            app.env.resolve_references(document, base, builder)
    if base != page:
        rebase_links(document, builder.get_target_uri(base), page_uri)
    with writing_page(builder, page, relative_uri(page_uri, "_images")):
        if stored and next(document.findall(nodes.image), None) is not None:
            builder.post_process_images(document)
        translator = builder.create_translator(document, builder)
        document.walkabout(translator)
    return Markup("".join(translator.fragment))
