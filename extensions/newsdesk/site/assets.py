"""newsdesk's static files: the stylesheet and the memo icon, under ``_static/newsdesk/``.

Our static folder goes first in ``html_static_path``: Sphinx copies the folders in order
and later files overwrite earlier ones, so a site's own ``_static/newsdesk/memo.svg`` (or
``newsdesk.css``) replaces ours. The stylesheet is added only for HTML builders.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.config import Config

from .. import PACKAGE_DIR

STATIC_DIR = PACKAGE_DIR / "static"
STYLESHEET = "newsdesk/newsdesk.css"


def add_static_dir(app: Sphinx, config: Config) -> None:
    """config-inited (before Sphinx checks html_static_path at priority 800)."""
    path = str(STATIC_DIR)
    if path not in config.html_static_path:
        config.html_static_path = [path, *config.html_static_path]


def add_stylesheet(app: Sphinx) -> None:
    """builder-inited: only HTML output has a use for the stylesheet."""
    if app.builder.format == "html":
        app.add_css_file(STYLESHEET)
