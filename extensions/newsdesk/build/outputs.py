"""Keep the output folder equal to what a clean build would write.

Sphinx never deletes output: after a post is removed, its page, and the tag pages and
feeds only it had, stay published; and its search index keeps empty entries for the words
only it had. This module records what each build writes in a manifest and deletes what
the previous build wrote that this one no longer does.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

from ..internals.sphinx import attached, attached_or_new, drop_empty_index_words

logger = logging.getLogger(__name__)

MANIFEST = ".newsdesk-outputs.json"
WRITTEN_KEY = "_newsdesk_extra_outputs"
GENERATED_KEY = "_newsdesk_generated_pages"


def note_output(app: Sphinx, relative_path: str) -> None:
    """Record a file written outside Sphinx's pages (feeds, redirects) for this build."""
    outputs: set[str] = attached_or_new(app.builder, WRITTEN_KEY, set)
    outputs.add(relative_path)


def written_outputs(app: Sphinx) -> set[str]:
    return set(attached(app.builder, WRITTEN_KEY, set()))


def note_generated_page_name(app: Sphinx, pagename: str) -> None:
    """Record a page this build publishes without a source document."""
    pages: set[str] = attached_or_new(app.builder, GENERATED_KEY, set)
    pages.add(pagename)
    note_output(app, pagename + app.builder.out_suffix)  # type: ignore[attr-defined]


def generated_pages(app: Sphinx) -> set[str]:
    return set(attached(app.builder, GENERATED_KEY, set()))


def note_generated_page(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """html-page-context: pages without a doctree are generated (ablog's, people pages)."""
    if doctree is None:
        note_generated_page_name(app, pagename)


def drop_empty_search_terms(app: Sphinx) -> list[Any]:
    """html-collect-pages (runs before the index is dumped): Sphinx's IndexBuilder.prune
    empties the word sets of removed or re-read documents but keeps the words, so an
    incremental searchindex.js differs from a clean one. Prune now, and drop the empties."""
    indexer = getattr(app.builder, "indexer", None)
    if indexer is not None:
        indexer.prune(app.env.all_docs)
        drop_empty_index_words(indexer)
    return []


def prune_stale_outputs(app: Sphinx, exception: Exception | None) -> None:
    """build-finished: delete what the last build wrote and this one did not."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.builder.outdir)
    current = set(attached(app.builder, WRITTEN_KEY, set()))
    current |= {app.builder.get_target_uri(doc) for doc in app.env.found_docs}
    manifest = outdir / MANIFEST
    try:
        previous = set(json.loads(manifest.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        previous = set()
    for relative in sorted(previous - current):
        stale = (outdir / relative).resolve()
        if stale.is_relative_to(outdir.resolve()) and stale.is_file():
            stale.unlink()
            logger.info("removed stale output %s", relative)
            parent = stale.parent
            while parent != outdir.resolve() and parent.is_dir() and not any(parent.iterdir()):
                parent.rmdir()
                parent = parent.parent
    manifest.write_text(json.dumps(sorted(current), indent=0), encoding="utf-8")
    # Sphinx makes _sources/ even when html_copy_source is off: an empty folder that
    # only says "sources here" to whoever lists the site (issue 11).
    sources = outdir / "_sources"
    if not app.config.html_copy_source and sources.is_dir() and not any(sources.iterdir()):
        sources.rmdir()
