"""Shared fixtures: Sphinx's testing roots, a copy of the real site, and output parsers."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

pytest_plugins = ["sphinx.testing.fixtures"]

# Sphinx colours its output when CI=true (as on CI): the tests read its messages as text.
os.environ["NO_COLOR"] = "1"

REPO = Path(__file__).resolve().parent.parent
ROOTS = Path(__file__).resolve().parent / "roots"
SITE_FILES = ["conf.py", "index.md", "about.md", "authoring.md", "people.yaml"]
SITE_DIRS = ["posts", "_static", "_templates"]


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Sphinx's testing fixtures look for ``test-<name>`` folders here."""
    return ROOTS


def copy_site(dest: Path) -> Path:
    """A copy of the real site's sources (not .venv, _build, tests) to build elsewhere."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in SITE_FILES:
        if (REPO / name).exists():
            shutil.copy2(REPO / name, dest / name)
    for name in SITE_DIRS:
        if (REPO / name).exists():
            shutil.copytree(REPO / name, dest / name, dirs_exist_ok=True)
    return dest


def sphinx_build(
    src: Path,
    out: Path,
    *extra: str,
    builder: str = "html",
    env: dict[str, str] | None = None,
    strict: bool = True,
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m sphinx`` in a fresh process, as ``make html`` and Read the Docs do."""
    args = [sys.executable, "-m", "sphinx", "-b", builder, "-d", str(out / "doctrees")]
    if strict:
        args += ["-n", "-W", "--keep-going"]
    args += [*extra, str(src), str(out / builder)]
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(args, capture_output=True, text=True, env=full_env, check=False)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A fresh copy of the real site to build (or modify) in a temporary folder."""
    return copy_site(tmp_path / "site")


@pytest.fixture
def parse_html() -> Callable[[Path], BeautifulSoup]:
    def parse(path: Path) -> BeautifulSoup:
        return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")

    return parse
