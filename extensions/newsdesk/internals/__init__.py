"""Quarantine of other packages' private parts: the one place newsdesk reaches past a
public API. ``sphinx.py`` holds Sphinx's and docutils' (and Python's own ``open``); ablog's
are in :mod:`newsdesk.blog.ablog.internals`, MyST's in :mod:`newsdesk.input.myst_guard`,
sphinx-sitemap's in :mod:`newsdesk.site.sitemap`. Ruff's SLF001 and
``tests/test_quarantine.py`` keep them out of every other module."""
