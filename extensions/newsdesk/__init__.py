"""newsdesk: the Sphinx extension behind the Tech Pulse newsletter.

Usable by any Sphinx project with ``extensions = ["myst_parser", "ablog", "newsdesk"]``.
This module stays light: the editors' commands (``newsdesk new``) import it without
loading Sphinx; :func:`setup` loads the extension only when Sphinx asks for it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "0.1.0"
# The package's own data: static files, templates and message catalogs.
PACKAGE_DIR = Path(__file__).parent


def setup(app: Sphinx) -> dict[str, Any]:
    from .extension import setup as setup_extension

    return setup_extension(app)
