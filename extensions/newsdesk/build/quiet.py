"""Quiet builds: no lines that tell the editor nothing on every build.

- myst-parser logs its whole configuration (``myst v5.2.0: MdParserConfig(...)``) at
  ``builder-inited``, once per build: kept only with ``-v``.
- sphinxext-opengraph prints "matplotlib is not installed, social cards will not be
  generated" when it is imported, even with ``ogp_social_cards = {"enable": False}``
  (a ``print``, so no Sphinx setting silences it). :func:`import_opengraph_quietly`,
  called from ``conf.py`` before Sphinx loads the extension, imports it without that line
  when social cards are off.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import logging
from collections.abc import Mapping
from typing import Any

from sphinx.application import Sphinx

MYST_LOGGER = "sphinx.myst_parser.sphinx_ext.main"


class DropMystConfigEcho(logging.Filter):
    def __init__(self, app: Sphinx) -> None:
        super().__init__()
        self.verbose = app.verbosity > 0  # not the app: the filter outlives its build

    def filter(self, record: logging.LogRecord) -> bool:
        echo = record.levelno == logging.INFO and "myst v%s:" in str(record.msg)
        return not echo or self.verbose


def import_opengraph_quietly(social_cards: Mapping[str, Any] | None) -> None:
    """Import sphinxext.opengraph now, without its matplotlib notice when cards are off."""
    if social_cards is None or social_cards.get("enable", True):
        return  # cards wanted: the notice says why there are none
    with contextlib.redirect_stdout(io.StringIO()):
        importlib.import_module("sphinxext.opengraph")


def setup(app: Sphinx) -> None:
    logger = logging.getLogger(MYST_LOGGER)
    for old in [f for f in logger.filters if isinstance(f, DropMystConfigEcho)]:
        logger.removeFilter(old)  # one per process, also when Sphinx runs more than once
    logger.addFilter(DropMystConfigEcho(app))
