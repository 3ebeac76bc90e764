"""Make sphinx-sitemap's sitemap.xml complete and ordered on incremental builds.

sphinx-sitemap collects a link for each page *written in this build* (in the order the
workers wrote them), so a rebuild after a one-post edit publishes a sitemap of one page
plus the generated ones. Before it writes, add every document of the site and sort.

This module is also the quarantine of sphinx-sitemap's private parts (checked with 2.9.0):
``app.sitemap_links``, the queue its ``add_html_link`` fills and ``create_sitemap`` drains
(no API to add to it), and ``is_excluded``, its own matcher of ``sitemap_excludes``.
"""

from __future__ import annotations

import queue

from sphinx.application import Sphinx

from ..build.outputs import generated_pages


def complete_sitemap_links(app: Sphinx, exception: Exception | None) -> None:
    """build-finished, before sphinx-sitemap's create_sitemap (default priority 500)."""
    links = getattr(app, "sitemap_links", None)
    if exception is not None or links is None or app.builder.format != "html":
        return
    from sphinx_sitemap import is_excluded

    collected: dict[str, str | None] = {}
    while True:
        try:
            link, last_updated = links.get_nowait()
        except queue.Empty:
            break
        collected[link] = last_updated
    excludes = app.config.sitemap_excludes
    # Generated pages skipped by newsdesk.build.regeneration (unchanged) were not collected either.
    for docname in sorted(app.env.found_docs | generated_pages(app)):
        link = app.builder.get_target_uri(docname)
        if not is_excluded(link, excludes):
            collected.setdefault(link, None)
    # ablog always writes a drafts page; drafts are not published, so neither is it.
    collected.pop(f"{app.config.blog_path}/drafts{app.builder.out_suffix}", None)  # type: ignore[attr-defined]
    # The writing processes are done: the rest is read in this process. A local queue,
    # not the multiprocessing Manager's (one round trip to its server per link and call).
    ordered: queue.Queue[tuple[str, str | None]] = queue.Queue()
    for link in sorted(collected):
        ordered.put((link, collected[link]))
    app.sitemap_links = ordered  # type: ignore[attr-defined]
