"""The URL policy (:mod:`newsdesk.site.url_policy`) applied where URLs enter the site besides
links and post front matter (:mod:`newsdesk.blog.front_matter`):

- ``og:`` URL fields in any page's metadata (front matter), which sphinxext-opengraph
  copies into ``<meta property="og:..." content="...">`` without looking at them;
- people.yaml ``avatar`` (an image ``src`` on every take, memo and person page).

A refused URL is a ``newsdesk.url`` warning with file and line, and is not published.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from ..diagnostics import Subtype
from ..people.registry import Person
from .url_policy import WEB_SCHEMES, refusal

logger = logging.getLogger(__name__)

# sphinxext-opengraph publishes every "og:*" metadata field; these carry URLs.
OG_URL_SUFFIXES = (":url", ":secure_url", ":image", ":video", ":audio", ":see_also")


def is_og_url_field(name: str) -> bool:
    return name.startswith("og:") and (name == "og:url" or name.endswith(OG_URL_SUFFIXES))


def front_matter_line(source: str, key: str) -> int:
    """The line of ``key:`` in the file's front matter (1 when not found)."""
    try:
        lines = Path(source).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return 1
    wanted = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*:")
    return next((n for n, text in enumerate(lines[:300], 1) if wanted.match(text)), 1)


def refuse_og_urls(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read, after Sphinx's metadata collector: og: URL fields must pass."""
    docname = app.env.docname
    metadata = app.env.metadata.get(docname, {})
    for name in [n for n in metadata if is_og_url_field(n)]:
        url = str(metadata[name])
        problem = refusal(url, WEB_SCHEMES)
        if problem is None:
            continue
        logger.warning(
            f"{name} {url[:80]!r} refused: it {problem}; the page is published without it",
            location=(docname, front_matter_line(str(app.env.doc2path(docname)), name)),
            type="newsdesk",
            subtype=Subtype.URL,
        )
        del metadata[name]


def refuse_avatars(path: Path, people: dict[str, Person]) -> dict[str, Person]:
    """people.yaml: an avatar that fails the policy is dropped, the person kept."""
    checked = {}
    for pid, person in people.items():
        problem = refusal(person.avatar, WEB_SCHEMES) if person.avatar else None
        if problem:
            logger.warning(
                f"people registry: {pid}.avatar {person.avatar[:80]!r} refused: it {problem} "
                "(an image under _static/, or an https:// image); shown without an avatar",
                location=f"{path}:{person.lines.get('avatar', 1)}",
                type="newsdesk",
                subtype=Subtype.URL,
            )
            person = replace(person, avatar="")
        checked[pid] = person
    return checked
