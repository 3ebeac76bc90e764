"""newsdesk: the Sphinx extension behind the Tech Pulse newsletter.

Usable by any Sphinx project with ``extensions = ["myst_parser", "ablog", "newsdesk"]``.
Each component lives in its own module with its own ``setup``; this one only wires them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from . import (
    ablog_compat,
    assets,
    atomic_build,
    attribution,
    byline,
    configstate,
    depthguard,
    drafts,
    excerpts,
    feeds,
    filenames,
    filerefs,
    frontmatter,
    htmlblock,
    icons,
    lightpages,
    linksafety,
    memo,
    myst_guard,
    news,
    newsdata,
    outputs,
    pagetitles,
    pagewarnings,
    pagination,
    people_pages,
    placeholders,
    post_authors,
    posts,
    quiet,
    redirects,
    references,
    regenerate,
    sidebars,
    sitemap,
    social,
    textsafety,
    urlchecks,
)
from .dates import DateError, site_timezone
from .people import read_registry

__version__ = "0.1.0"
# Bump when the data newsdesk stores in the environment changes shape.
ENV_VERSION = 5  # 2: news items domain; 3: post records, no ablog doctrees; 4: redirect;
# 5: ablog post dates aware, in the post's own offset (newsdesk.ablog_compat)
PACKAGE_DIR = Path(__file__).parent
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
    people = urlchecks.refuse_avatars(path, people)
    config.newsdesk_people = {
        pid: {"name": p.name, "url": p.url, "avatar": p.avatar, "role": p.role}
        for pid, p in people.items()
    }


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
    filerefs.setup(app)
    ablog_compat.setup(app)
    filenames.setup(app)
    depthguard.setup(app)
    textsafety.setup(app)
    app.add_transform(frontmatter.CheckPostFrontMatter)
    posts.setup(app)
    references.setup(app)
    drafts.setup(app)
    configstate.setup(app)
    byline.setup(app)
    social.setup(app)
    sitemap.setup(app)
    feeds.setup(app)
    redirects.setup(app)
    outputs.setup(app)
    atomic_build.setup(app)  # temporary files and renames; a marker of a finished build
    regenerate.setup(app)
    excerpts.setup(app)
    sidebars.setup(app)
    # News items, takes, memos, people pages and link safety (one module each).
    linksafety.setup(app)
    htmlblock.setup(app)
    urlchecks.setup(app)
    pagetitles.setup(app)
    assets.setup(app)
    attribution.setup(app)
    news.setup(app)
    memo.setup(app)
    newsdata.setup(app)
    people_pages.setup(app)
    post_authors.setup(app)
    # What pages load, and how listings read (no icon font, paged listings).
    icons.setup(app)
    lightpages.setup(app)
    pagination.setup(app)
    placeholders.setup(app)
    pagewarnings.setup(app)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
