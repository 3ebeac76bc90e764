"""Options shared by the ``{news}`` and ``{memo}`` directives, checked one way everywhere.

Each ``check_*`` returns the value to use (or an empty one) and warns, with the file and
line, about what is wrong and what to write instead. Nothing raises: a bad option loses
only that option, the item still renders.
"""

from __future__ import annotations

import re
from datetime import date

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from ..diagnostics import Subtype
from ..site.url_policy import WEB_SCHEMES, foreign_scheme

logger = logging.getLogger(__name__)

IMAGE_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif")
MAX_TEXT_ICON = 8  # an emoji (possibly with modifiers) or a short symbol


def option_location(directive: SphinxDirective, option: str = "") -> str:
    """ "file:line" of the directive, or of its ``:option:`` line when there is one."""
    source, line = directive.get_source_info()
    if option and line:
        for offset, text in enumerate(directive.block_text.splitlines()):
            if text.lstrip().startswith(f":{option}:"):
                return f"{source}:{line + offset}"
    return directive.get_location()


def warn(directive: SphinxDirective, message: str, subtype: Subtype, option: str = "") -> None:
    """A newsdesk warning at the directive's line, or at the line of ``:option:``."""
    logger.warning(
        message, location=option_location(directive, option), type="newsdesk", subtype=subtype
    )


def unique_id(document: nodes.document, base: str) -> str:
    """``base``, or ``base-2``, ``base-3``... whichever the page does not use yet."""
    candidate, number = base, 1
    while candidate in document.ids:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def claim_id(document: nodes.document, node: nodes.Element, anchor: str) -> None:
    node["ids"].append(anchor)
    document.ids[anchor] = node


def check_label(directive: SphinxDirective, what: str) -> str:
    """``:label:``: the item's own anchor and cross-reference name."""
    value = directive.options.get("label")
    if value is None:
        return ""
    label = nodes.make_id(value)
    if not label:
        warn(
            directive,
            f"{what}: ':label:' is empty; write e.g. ':label: openai-o1', "
            "or remove the option to get a label from the headline",
            Subtype.LABEL,
            "label",
        )
    elif label != value.strip():
        warn(
            directive,
            f"{what}: ':label: {value}' is not a valid label (lower case letters, "
            f"digits and hyphens); write ':label: {label}'",
            Subtype.LABEL,
            "label",
        )
    if label and label in directive.state.document.ids:
        warn(
            directive,
            f"{what}: ':label: {label}' is already used in this page; choose another name",
            Subtype.DUPLICATE,
            "label",
        )
        return unique_id(directive.state.document, label)
    return label


def check_date(directive: SphinxDirective, what: str) -> str:
    """``:date:``: a calendar date, YYYY-MM-DD."""
    value = directive.options.get("date")
    if value is None:
        return ""
    value = value.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    warn(
        directive,
        f"{what}: ':date: {value}' is not a date; write it as YYYY-MM-DD, e.g. ':date: 2024-10-14'",
        Subtype.DATE,
        "date",
    )
    return ""


def check_tags(directive: SphinxDirective) -> list[str]:
    """``:tags:``: words separated by commas (or spaces when there is no comma)."""
    value = (directive.options.get("tags") or "").strip()
    parts = value.split(",") if "," in value else value.split()
    return [part.strip() for part in parts if part.strip()]


def check_icon(directive: SphinxDirective, what: str) -> tuple[str, str]:
    """``:icon:``: ("text", emoji) or ("image", path or http(s) URL), or ("", "")."""
    value = (directive.options.get("icon") or "").strip()
    if not value:
        if "icon" in directive.options:
            warn(
                directive,
                f"{what}: ':icon:' is empty; give an emoji (':icon: 🔥') or an "
                "image path (':icon: _static/icons/ai.svg'), or remove the option",
                Subtype.ICON,
                "icon",
            )
        return "", ""
    if value.lower().endswith(IMAGE_SUFFIXES):
        if foreign_scheme(value, WEB_SCHEMES) or re.search(r"[\s\"'<>\\]", value):
            warn(
                directive,
                f"{what}: ':icon: {value}' must be an image path in the built "
                "site (e.g. _static/icons/ai.svg) or an https:// address",
                Subtype.ICON,
                "icon",
            )
            return "", ""
        return "image", value
    if len(value) > MAX_TEXT_ICON:
        warn(
            directive,
            f"{what}: ':icon: {value}' is too long for an icon; use an emoji or "
            f"up to {MAX_TEXT_ICON} characters, or an image path ending in .svg/.png",
            Subtype.ICON,
            "icon",
        )
        return "", ""
    return "text", value
