"""The Sphinx side of newsdesk: ``setup()`` wires each component's own ``setup``.

Kept apart from ``newsdesk/__init__.py`` so the editors' commands (``newsdesk new``)
import neither Sphinx nor ablog.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from . import PACKAGE_DIR, __version__
from .blog import (
    byline,
    drafts,
    excerpts,
    feeds,
    front_matter,
    pagination,
    placeholders,
    posts,
    sidebars,
)
from .blog.ablog import workarounds as ablog_workarounds
from .blog.dates import DateError, site_timezone
from .build import atomic, config_state, outputs, page_warnings, quiet, references, regeneration
from .content import attribution, html_block, memo, news, news_domain
from .input import control_characters, file_names, file_references, myst_guard, nesting
from .people import pages as people_pages
from .people import post_authors
from .people.registry import read_registry
from .site import (
    assets,
    icons,
    light_pages,
    link_safety,
    page_titles,
    redirects,
    sitemap,
    social,
    url_checks,
)

# Bump when the data newsdesk stores in the environment changes shape.
# 2: news items domain; 3: post records, no ablog doctrees; 4: redirect;
# 5: typed records (dataclasses, not dicts): posts, news items, notes, label claims, people
ENV_VERSION = 5
logger = logging.getLogger(__name__)


def load_people(app: Sphinx, config: Config) -> None:
    """config-inited: read the people registry into ``newsdesk_people``."""
    path = Path(app.confdir, config.newsdesk_people_file)
    people, problems = read_registry(path)
    for exc in problems:
        # A warning, not a ConfigError: Sphinx 9 prints a crash report with a traceback
        # for errors raised here. The strict build still fails, naming the line; a bad
        # entry is left out and the others stay.
        # A location without ":line" would be taken for a docname (no env exists yet).
        location = f"{exc.path}:{exc.line or 1}"
        logger.warning(
            f"people registry: {exc.message}", location=location, type="newsdesk", subtype="people"
        )
    # id -> Person: frozen records, equal when their shown fields are (not their line
    # numbers), so Sphinx's comparison of the saved config re-reads pages as before.
    config.newsdesk_people = url_checks.refuse_avatars(path, people)


def conf_py_location(app: Sphinx, name: str) -> str:
    """'conf.py:<line>' of the line that sets ``name`` (line 1 if none does)."""
    path = Path(app.confdir, "conf.py")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        lines = []
    line = next((n for n, text in enumerate(lines, 1) if text.startswith(name)), 1)
    return f"{path}:{line}"


def check_timezone(app: Sphinx, config: Config) -> None:
    """config-inited: newsdesk_timezone must be an offset; fall back to UTC, saying so."""
    try:
        site_timezone(config.newsdesk_timezone)
    except DateError as exc:
        logger.warning(
            f"newsdesk_timezone: {exc}; using UTC",
            location=conf_py_location(app, "newsdesk_timezone"),
            type="newsdesk",
            subtype="config",
        )
        config.newsdesk_timezone = "UTC"


def enable_colon_fences(app: Sphinx, config: Config) -> None:
    """config-inited: news items are written as ':::{news}' blocks (MyST's colon fence)."""
    extensions = getattr(config, "myst_enable_extensions", None)
    if extensions is not None and "colon_fence" not in extensions:
        config.myst_enable_extensions = [*extensions, "colon_fence"]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("newsdesk_people_file", "people.yaml", "env", types=frozenset({str}))
    # Filled from newsdesk_people_file at config-inited; listed so a change re-reads pages.
    app.add_config_value("newsdesk_people", {}, "env", types=frozenset({dict}))
    app.add_config_value("newsdesk_timezone", "UTC", "env", types=frozenset({str}))
    app.add_message_catalog("newsdesk", str(PACKAGE_DIR / "locale"))
    app.connect("config-inited", load_people, priority=300)
    app.connect("config-inited", enable_colon_fences, priority=300)
    app.connect("config-inited", check_timezone, priority=300)
    quiet.setup(app)
    # Security (issue 9): per-file MyST settings and file references.
    myst_guard.setup(app)
    file_references.setup(app)
    ablog_workarounds.setup(app)
    file_names.setup(app)
    nesting.setup(app)
    control_characters.setup(app)
    app.add_transform(front_matter.CheckPostFrontMatter)
    posts.setup(app)
    references.setup(app)
    drafts.setup(app)
    config_state.setup(app)
    byline.setup(app)
    social.setup(app)
    sitemap.setup(app)
    feeds.setup(app)
    redirects.setup(app)
    outputs.setup(app)
    atomic.setup(app)  # temporary files and renames; a marker of a finished build
    regeneration.setup(app)
    excerpts.setup(app)
    sidebars.setup(app)
    # News items, takes, memos, people pages and link safety (one module each).
    link_safety.setup(app)
    html_block.setup(app)
    url_checks.setup(app)
    page_titles.setup(app)
    assets.setup(app)
    attribution.setup(app)
    news.setup(app)
    memo.setup(app)
    news_domain.setup(app)
    people_pages.setup(app)
    post_authors.setup(app)
    # What pages load, and how listings read (no icon font, paged listings).
    icons.setup(app)
    light_pages.setup(app)
    pagination.setup(app)
    placeholders.setup(app)
    page_warnings.setup(app)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
