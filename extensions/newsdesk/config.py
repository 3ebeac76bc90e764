"""Every ``newsdesk_*`` configuration value, declared once: its type, its default, what a
change rebuilds, and the config-inited handler that checks or fills it.

authoring.md documents each value ("Configuration"); tests/test_registries.py checks that
the guide and this table name the same values. The checks here run from
:mod:`newsdesk.pipeline` at config-inited, like every other handler.
"""

from __future__ import annotations

import copy
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from .blog.dates import DateError, site_timezone
from .content.news import DEFAULT_MEMO_ICON
from .diagnostics import Subtype
from .people.registry import read_registry
from .site import url_checks
from .site.url_policy import web_address_refusal

logger = logging.getLogger(__name__)


class PreviewDefault:
    """A default that is on when previewing (``NEWSDESK_PREVIEW=1``, as ``make serve`` sets),
    read when newsdesk is set up, not when this module is imported."""

    def value(self) -> bool:
        return os.environ.get("NEWSDESK_PREVIEW", "") not in ("", "0")


ON_IN_PREVIEW = PreviewDefault()


@dataclass(frozen=True)
class Setting:
    name: str
    default: object
    # What Sphinx rebuilds when the value changes: "env" re-reads every page, "html"
    # rewrites every page.
    rebuild: Literal["env", "html"]
    types: frozenset[type]
    meaning: str
    # The config-inited handler (in the pipeline) that checks or fills the value, if any.
    checked_by: str = ""

    def initial(self) -> object:
        """The default for one Sphinx application (a fresh list or dict each time)."""
        if isinstance(self.default, PreviewDefault):
            return self.default.value()
        return copy.deepcopy(self.default)


# In the order Sphinx has always registered them (its config keeps that order).
SETTINGS: tuple[Setting, ...] = (
    Setting(
        "newsdesk_people_file",
        "people.yaml",
        "env",
        frozenset({str}),
        "the people registry, relative to conf.py",
        checked_by="load_people",
    ),
    Setting(
        "newsdesk_people",
        {},
        "env",
        frozenset({dict}),
        "filled from newsdesk_people_file at config-inited; listed so a change re-reads pages",
        checked_by="load_people",
    ),
    Setting(
        "newsdesk_timezone",
        "UTC",
        "env",
        frozenset({str}),
        "the timezone of post dates written without an offset",
        checked_by="check_timezone",
    ),
    Setting(
        "newsdesk_show_drafts",
        ON_IN_PREVIEW,
        "env",
        frozenset({bool}),
        "build drafts and scheduled posts, with a banner",
    ),
    Setting(
        "newsdesk_link_schemes",
        ["http", "https", "mailto"],
        "env",
        frozenset({list, tuple}),
        "the link schemes allowed on any page",
    ),
    Setting(
        "newsdesk_allow_raw_html",
        False,
        "env",
        frozenset({bool}),
        "let raw HTML into pages",
    ),
    Setting(
        "newsdesk_people_path",
        "people",
        "env",
        frozenset({str}),
        "the folder of the person pages and the people index",
    ),
    Setting(
        "newsdesk_date_format",
        "%d %b %Y",
        "html",
        frozenset({str}),
        "how story, memo and people-page dates are shown",
    ),
    Setting(
        "newsdesk_memo_icon",
        DEFAULT_MEMO_ICON,
        "html",
        frozenset({str}),
        "the memo icon: a path under _static/, or an https:// image",
        checked_by="check_memo_icon",
    ),
    Setting(
        "newsdesk_page_size",
        10,
        "html",
        frozenset({int}),
        "posts per listing page, and takes per page of a person's page",
        checked_by="check_page_size",
    ),
    Setting(
        "newsdesk_tagline",
        "",
        "html",
        frozenset({str}),
        "the line under the site's title in the masthead",
    ),
    Setting(
        "newsdesk_signup_url",
        "",
        "html",
        frozenset({str}),
        "the https:// address of an email sign-up form, shown in the subscribe block",
        checked_by="check_signup_url",
    ),
    Setting(
        "newsdesk_about_page",
        "about",
        "html",
        frozenset({str}),
        # Checked once the documents are known (site.front.check_front_pages).
        "the docname of the page about the site, linked from the footer",
    ),
    Setting(
        "newsdesk_guide_page",
        "authoring",
        "html",
        frozenset({str}),
        "the docname of the authoring guide: linked from the footer, not the navigation",
    ),
    Setting(
        "newsdesk_warning_banners",
        ON_IN_PREVIEW,
        "env",
        frozenset({bool}),
        "show each page's build warnings in a banner on the page",
    ),
)


def declare(app: Sphinx) -> None:
    """Register every ``newsdesk_*`` value with Sphinx."""
    for setting in SETTINGS:
        app.add_config_value(setting.name, setting.initial(), setting.rebuild, types=setting.types)


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
            f"people registry: {exc.message}",
            location=location,
            type="newsdesk",
            subtype=Subtype.PEOPLE,
        )
    # id -> Person: frozen records, equal when their shown fields are (not their line
    # numbers), so Sphinx's comparison of the saved config re-reads pages as before.
    config.newsdesk_people = url_checks.refuse_avatars(path, people)


def conf_py_location(app: Sphinx, name: str) -> str:
    """'conf.py:<line>' of the line that sets ``name``, the last one (the value Python
    keeps), or line 1 if none does."""
    path = Path(app.confdir, "conf.py")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        lines = []
    line = max((n for n, text in enumerate(lines, 1) if text.startswith(name)), default=1)
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
            subtype=Subtype.CONFIG,
        )
        config.newsdesk_timezone = "UTC"


def check_page_size(app: Sphinx, config: Config) -> None:
    """config-inited: newsdesk_page_size is a whole number of at least 1; 10 otherwise."""
    size = config.newsdesk_page_size
    if isinstance(size, int) and not isinstance(size, bool) and size >= 1:
        return
    logger.warning(
        f"newsdesk_page_size {size!r} in conf.py is no number of posts a page; using 10. "
        "Set it to a whole number of at least 1",
        location=conf_py_location(app, "newsdesk_page_size"),
        type="newsdesk",
        subtype=Subtype.CONFIG,
    )
    config.newsdesk_page_size = 10


def enable_colon_fences(app: Sphinx, config: Config) -> None:
    """config-inited: news items are written as ':::{news}' blocks (MyST's colon fence)."""
    extensions = getattr(config, "myst_enable_extensions", None)
    if extensions is not None and "colon_fence" not in extensions:
        config.myst_enable_extensions = [*extensions, "colon_fence"]


def check_signup_url(app: Sphinx, config: Config) -> None:
    """config-inited: newsdesk_signup_url, when set, is an absolute http(s) address (the
    URL policy's); anything else is a warning and no sign-up link is shown."""
    url = config.newsdesk_signup_url
    if not url:
        return
    problem = web_address_refusal(url)
    if problem is None:
        return
    logger.warning(
        f"newsdesk_signup_url {url[:80]!r} in conf.py refused: it {problem}; the sign-up "
        "link is left out. Set it to your list service's sign-up form address "
        '(https://...), or to "" for no sign-up link',
        location=conf_py_location(app, "newsdesk_signup_url"),
        type="newsdesk",
        subtype=Subtype.URL,
    )
    config.newsdesk_signup_url = ""
