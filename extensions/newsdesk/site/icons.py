"""Inline SVG icons for the few icons the site shows (search, colour modes, menu, feed,
arrows), so pages need no icon font and no Font Awesome script (526 KB gzipped).

Templates call ``newsdesk_icon("search")``; each icon is decorative (``aria-hidden``):
the control around it carries the accessible name.
"""

from __future__ import annotations

from html import escape
from typing import Any

from markupsafe import Markup
from sphinx.application import Sphinx

# 24x24 outline paths, drawn with the text colour (stroke="currentColor").
PATHS = {
    "search": '<circle cx="10.5" cy="10.5" r="6.5"/><path d="m15.5 15.5 5 5"/>',
    "sun": '<circle cx="12" cy="12" r="4"/><path d="M12 2v2M12 20v2M4.9 4.9l1.4 1.4'
    'M17.7 17.7l1.4 1.4M2 12h2M20 12h2M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4"/>',
    "moon": '<path d="M20 14.5A8 8 0 0 1 9.5 4a8 8 0 1 0 10.5 10.5z"/>',
    "auto": '<circle cx="12" cy="12" r="9"/><path d="M12 3a9 9 0 0 1 0 18z" fill="currentColor"/>',
    "menu": '<path d="M4 6h16M4 12h16M4 18h16"/>',
    "contents": '<path d="M8 6h12M8 12h12M8 18h12M4 6h.01M4 12h.01M4 18h.01"/>',
    "feed": '<path d="M5 11a8 8 0 0 1 8 8M5 5a14 14 0 0 1 14 14"/><circle cx="6" cy="18" r="1.5"/>',
    "mail": '<rect x="3" y="5" width="18" height="14" rx="2"/><path d="m3 7 9 6 9-6"/>',
    "left": '<path d="m15 5-7 7 7 7"/>',
    "right": '<path d="m9 5 7 7-7 7"/>',
    "up": '<path d="M12 19V5M5 12l7-7 7 7"/>',
}


def icon(name: str, classes: str = "", **attributes: Any) -> Markup:
    """The inline SVG of icon ``name`` (a KeyError names an unknown one)."""
    extra = "".join(
        f' {key.replace("_", "-")}="{escape(str(value))}"' for key, value in attributes.items()
    )
    return Markup(
        f'<svg class="newsdesk-icon{" " + escape(classes) if classes else ""}" width="1em" '
        'height="1em" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" '
        f'stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false"'
        f"{extra}>{PATHS[name]}</svg>"
    )


def add_icon_function(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    context["newsdesk_icon"] = icon
    # ablog's templates show Font Awesome glyphs instead of their labels when "fa" is
    # true; with no icon font the labels ("Tags:") must show.
    context["fa"] = False
