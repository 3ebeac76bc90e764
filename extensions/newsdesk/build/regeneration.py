"""Regenerate generated pages and files only when what they show has changed.

ablog's collection pages, the people pages and the feeds are made on every build, even
when nothing changed: at 520 posts that is most of a no-change rebuild (ablog renders each
post's excerpt once per collection). Each group of generated outputs here has a digest of
its inputs; a build skips the group when the digest, the configuration, the templates and
the site's own pages are unchanged and its files are all still there. When the group must
be made again, a group with a digest per page (``page_digest``) renders only the pages
whose digest changed: a new post changes the pages listing it, not every tag's.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import CONFIG_OK, BuildEnvironment

from ..blog.posts import get_posts_domain
from ..blog.sidebars import other_pages
from ..internals.sphinx import attach, attached
from .outputs import note_generated_page_name, note_output, written_outputs
from .parallel_pages import Mine, in_shares

STATE_FILE = ".newsdesk-generated.json"
CHANGES_KEY = "_newsdesk_doc_changes"
STATE_KEY = "_newsdesk_generated_state"

Page = tuple[str, dict[str, Any], str]
# What one generated page shows (a digest), or None: it cannot tell, so the page is made.
PageDigest = Callable[[Sphinx, str, dict[str, Any], str], str | None]


def note_doc_changes(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """env-get-outdated: remember which documents this build reads or drops."""
    attach(app.builder, CHANGES_KEY, (set(added), set(changed), set(removed)))
    return []


def site_pages_changed(app: Sphinx) -> bool:
    """Whether anything every generated page shows may have changed: the configuration,
    or a page that is not a post (their titles are in every page's navigation)."""
    if app.env.config_status != CONFIG_OK:
        return True
    changes = attached(app.builder, CHANGES_KEY, None)
    if changes is None:
        return True
    added, changed, removed = changes
    posts = set(get_posts_domain(app.env).posts)
    return bool(added - posts or removed or changed - posts)


def _state(app: Sphinx) -> dict[str, Any]:
    state: dict[str, Any] | None = attached(app.builder, STATE_KEY, None)
    if state is None:
        try:
            saved = json.loads((Path(app.builder.outdir) / STATE_FILE).read_text("utf-8"))
        except (OSError, ValueError):
            saved = {}
        state = {"saved": saved, "new": {}}
        attach(app.builder, STATE_KEY, state)
    return state


def _templates_mtime(app: Sphinx) -> float:
    templates = getattr(app.builder, "templates", None)
    return float(templates.newest_template_mtime()) if templates is not None else 0.0


def up_to_date(app: Sphinx, group: str, digest: str) -> bool:
    """Whether the group's outputs from the last build are still what this one would make."""
    saved = _state(app)["saved"].get(group)
    if saved is None or saved["digest"] != digest or not _pages_reusable(app, saved):
        return False
    outdir = Path(app.builder.outdir)
    return all((outdir / name).is_file() for name in saved["files"])


def _pages_reusable(app: Sphinx, saved: dict[str, Any]) -> bool:
    """Whether the last build's pages of a group can be kept when what they show is the
    same: the configuration, the site's pages and the templates are unchanged."""
    return not site_pages_changed(app) and saved["templates_mtime"] >= _templates_mtime(app)


def keep(app: Sphinx, group: str) -> None:
    """Carry the group's outputs over: they stay published, in the manifest and sitemap."""
    saved = _state(app)["saved"][group]
    _state(app)["new"][group] = saved
    for name in saved["files"]:
        note_output(app, name)
    for pagename in saved.get("pages", []):
        note_generated_page_name(app, pagename)


def remember(
    app: Sphinx,
    group: str,
    digest: str,
    files: Iterable[str],
    pages: Iterable[str] = (),
    page_digests: dict[str, str] | None = None,
) -> None:
    _state(app)["new"][group] = {
        "digest": digest,
        "templates_mtime": _templates_mtime(app),
        "files": sorted(files),
        "pages": sorted(pages),
        "page_digests": page_digests or {},
    }


def save_state(app: Sphinx, exception: Exception | None) -> None:
    """build-finished: record what was generated (an interrupted build records nothing)."""
    if exception is not None or app.builder.format != "html":
        return
    state = _state(app)
    path = Path(app.builder.outdir) / STATE_FILE
    path.write_text(json.dumps(state["new"], indent=1, sort_keys=True), encoding="utf-8")
    note_output(app, STATE_FILE)


def cached_pages(
    group: str,
    digest: Callable[[Sphinx], str],
    generate: Callable[[Sphinx, Mine], Iterable[Page]],
    page_digest: PageDigest | None = None,
) -> Callable[[Sphinx], list[Page]]:
    """An html-collect-pages handler that makes the group's pages (in parallel with -j,
    newsdesk.build.parallel_pages) only when needed, and with ``page_digest`` only the
    pages whose digest changed. ``generate(app, mine)`` may leave out what is not
    ``mine`` (a page or file by name), so that costly pages are made once."""

    def handler(app: Sphinx) -> list[Page]:
        value = digest(app)
        if up_to_date(app, group, value):
            keep(app, group)
            return []
        saved = _state(app)["saved"].get(group)
        kept: dict[str, str] = {}
        if page_digest is not None and saved is not None and _pages_reusable(app, saved):
            kept = saved.get("page_digests", {})
        outdir = Path(app.builder.outdir)
        suffix = app.builder.out_suffix  # type: ignore[attr-defined]

        def make(mine: Mine) -> tuple[list[str], dict[str, str], set[str]]:
            pages = []
            digests: dict[str, str] = {}
            before = written_outputs(app)
            for pagename, context, template in generate(app, mine):
                if not mine(pagename):
                    continue
                pages.append(pagename)
                shown = page_digest(app, pagename, context, template) if page_digest else None
                if shown is not None:
                    digests[pagename] = shown
                    if kept.get(pagename) == shown and (outdir / (pagename + suffix)).is_file():
                        note_generated_page_name(app, pagename)  # published as it is
                        continue
                app.builder.handle_page(pagename, context, template)  # type: ignore[attr-defined]
            # Files the generator wrote besides its pages (people's feeds) belong to it too.
            return pages, digests, written_outputs(app) - before

        pages: list[str] = []
        digests: dict[str, str] = {}
        files: set[str] = set()
        for share_pages, share_digests, share_files in in_shares(app, make):
            pages += share_pages
            digests.update(share_digests)
            files |= share_files
        remember(app, group, value, {p + suffix for p in pages} | files, pages, digests)
        return []  # made here, not by Sphinx

    handler.__name__ = f"cached_{group}_pages"
    return handler


def page_digest_of(shown: Callable[[object], object]) -> PageDigest:
    """A PageDigest from ``shown``, which gives JSON for what a context's values show (and
    raises TypeError for a value it cannot tell): the page's name, template and context,
    and what its sidebars show (newsdesk.blog.sidebars)."""

    def page_digest(
        app: Sphinx, pagename: str, context: dict[str, Any], template: str
    ) -> str | None:
        try:
            data = json.dumps([pagename, template, context], sort_keys=True, default=shown)
        except TypeError:
            return None
        return other_pages(app).digest(pagename, data)

    return page_digest
