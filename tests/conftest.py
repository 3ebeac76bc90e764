"""Fixtures only (shared functions live in tests/helpers.py): Sphinx's testing fixtures on
our roots, each test building its own copy; a copy of the real site; and a guard that no
in-process build leaves its process-wide state behind for the next test."""

from __future__ import annotations

import builtins
import io
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import helpers
import pytest

pytest_plugins = ["sphinx.testing.fixtures"]

# Sphinx colours its output when CI=true (as on CI): the tests read its messages as text.
os.environ["NO_COLOR"] = "1"

REAL_OPEN = builtins.open


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Sphinx's testing fixtures look for ``test-<name>`` folders here."""
    return helpers.ROOTS


@pytest.fixture
def app_params(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[list[Any], dict[str, Any]]:
    """``@pytest.mark.sphinx(buildername, testroot=..., confoverrides=...)``, as Sphinx's own
    fixture reads it, but every test builds a fresh copy of its root in its own folder:
    Sphinx's fixture builds the root in place and shares one output folder between all
    the tests of a root, so a test would see the build of the one before."""
    positional: dict[int, Any] = {}
    kwargs: dict[str, Any] = {}
    for marker in reversed(list(request.node.iter_markers("sphinx"))):
        positional |= dict(enumerate(marker.args))
        kwargs.update(marker.kwargs)
    root = kwargs.pop("testroot", "root")
    kwargs["srcdir"] = helpers.copy_root(root, tmp_path / "src")
    kwargs.setdefault("builddir", tmp_path / "out")
    return [positional[i] for i in sorted(positional)], kwargs


@pytest.fixture
def make_app() -> Iterator[Callable[..., helpers.CommandLineApp]]:
    """Sphinx's ``make_app``, making a :class:`helpers.CommandLineApp` (the theme conf.py
    names, not SphinxTestApp's swap of alabaster for basic)."""
    apps: list[helpers.CommandLineApp] = []

    def make(*args: Any, **kwargs: Any) -> helpers.CommandLineApp:
        kwargs.setdefault("status", io.StringIO())
        kwargs.setdefault("warning", io.StringIO())
        app = helpers.CommandLineApp(*args, **kwargs)
        apps.append(app)
        return app

    yield make
    for app in reversed(apps):
        app.cleanup()


@pytest.fixture(autouse=True)
def no_build_state_left_behind() -> Iterator[None]:
    """newsdesk replaces ``open`` while an HTML build runs (build/atomic.py) and must put
    it back however the build ends; a test after a leak would write through the guard."""
    yield
    leaked = builtins.open is not REAL_OPEN or io.open is not REAL_OPEN
    builtins.open = io.open = REAL_OPEN
    assert not leaked, "a build left builtins.open replaced"


@pytest.fixture
def apps_never_built() -> Iterator[None]:
    """For tests that inspect an application set up but never built (its listeners, its
    config): newsdesk guards writes from builder-inited until build-finished, which such
    an app never reaches; end the guard as the end of a build would. Builds that run are
    still checked by ``no_build_state_left_behind``."""
    yield
    from newsdesk.build.atomic import stop_guarding

    stop_guarding()


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A fresh copy of the real site's sources in a temporary folder, to build or edit."""
    return helpers.copy_site(tmp_path / "site")
