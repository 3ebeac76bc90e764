"""Render sidebar fragments that are the same on every page of a folder once per folder.

ablog's tag cloud and archives list every tag and year on every page, and
pydata-sphinx-theme renders each sidebar component twice (once to drop empty ones): at
520 posts that is about a tenth of a full build. Their only per-page part is relative
links, which depend on the page's folder alone.
"""

from __future__ import annotations

import posixpath
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup
from sphinx.application import Sphinx

from ..internals.sphinx import attached_or_new

CACHE_KEY = "_newsdesk_sidebar_fragments"


def add_fragment_renderer(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """html-page-context: templates call newsdesk_per_folder("template.html")."""
    cache: dict[tuple[str, str], Markup] = attached_or_new(app.builder, CACHE_KEY, dict)

    @pass_context
    def per_folder(jinja_context: Context, template: str) -> Markup:
        key = (template, posixpath.dirname(jinja_context["pagename"]))
        if key not in cache:
            source = jinja_context.environment.get_template(template)
            cache[key] = Markup(source.render(jinja_context.get_all()))
        return cache[key]

    context["newsdesk_per_folder"] = per_folder
