"""An unedited ``newsdesk new`` skeleton must not publish.

While a post still holds the skeleton's placeholder headline, example URL or example text
("The take."), every build that includes it warns (``newsdesk.placeholder``) at the line:
the strict build (``make html``, Read the Docs) fails once the post is due, and the
preview (``make serve``) shows the warning, in the terminal and on the page.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from ..content.news import news_item
from ..diagnostics import Subtype
from ..tools.scaffold import PLACEHOLDER_HEADLINE, PLACEHOLDER_PARAGRAPHS, PLACEHOLDER_URL
from .ablog.internals import posts_read
from .lead_ins import strip_lead_in_text

logger = logging.getLogger(__name__)


def _warn(docname: str, line: int | None, what: str) -> None:
    logger.warning(
        f"{what} is still the placeholder from `newsdesk new`; replace it before the post "
        "is published",
        location=(docname, line),
        type="newsdesk",
        subtype=Subtype.PLACEHOLDER,
    )


def _option_line(source: Path, start: int | None, option: str) -> int | None:
    """The line of ``:option:`` in the directive that starts on line ``start``."""
    if not start:
        return start
    try:
        lines = source.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return start
    for number in range(start, min(start + 20, len(lines)) + 1):
        if lines[number - 1].strip().startswith(f":{option}:"):
            return number
    return start


def check_placeholders(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read: warn about every placeholder left in a post."""
    env = app.env
    if env.docname not in posts_read(env):
        return  # only posts are scaffolded (the authoring guide shows the skeleton)
    placeholders = {" ".join(text.split()) for text in PLACEHOLDER_PARAGRAPHS}
    found: list[tuple[int, str]] = []
    for item in doctree.findall(news_item):
        if item["headline"] == PLACEHOLDER_HEADLINE:
            found.append((item.line or 0, f"the headline {PLACEHOLDER_HEADLINE!r}"))
        if item["url"] == PLACEHOLDER_URL:
            line = _option_line(env.doc2path(env.docname), item.line, "url")
            found.append((line or 0, f"the story address {PLACEHOLDER_URL}"))
    for paragraph in doctree.findall(nodes.paragraph):
        text = " ".join(strip_lead_in_text(paragraph.astext()).split())
        if text in placeholders:
            found.append((paragraph.line or 0, f"the text {text!r}"))
    for line, what in sorted(found):
        _warn(env.docname, line or None, what)
