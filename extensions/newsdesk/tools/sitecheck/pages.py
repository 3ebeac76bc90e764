"""Which files of the built site are pages, and which pages stand for each kind."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

# Sphinx's asset folders, not pages: the book theme copies its Jinja macro files
# (webpack-macros.html) into _static/, and _sources/ holds the Markdown sources.
ASSET_DIRS = {"_static", "_sources", "_images", "_downloads"}


def site_pages(root: Path) -> list[Path]:
    """Every HTML page of the site, sorted."""
    return sorted(
        path
        for path in root.rglob("*.html")
        if not ASSET_DIRS.intersection(path.relative_to(root).parts[:-1])
    )


# The kinds readers land on (Lighthouse and the weight check sample these), and the
# listings a reader browses to as well (axe and screenshots cover all of SCREENSHOT_KINDS).
LANDING_KINDS = ("home", "post", "tag", "person")
SCREENSHOT_KINDS = (*LANDING_KINDS, "people", "year")
YEAR_PAGE = re.compile(r"\d{4}\.html")


def sample_pages(
    root: Path, kinds: Sequence[str] = LANDING_KINDS
) -> tuple[dict[str, Path], list[str]]:
    """One page of each of ``kinds`` (default: the kinds readers land on: home, post, tag,
    person), and notices for the kinds the site does not have."""
    candidates = {
        "home": [root / "index.html"],
        "post": sorted(root.glob("posts/*/*.html"), reverse=True),  # newest year first
        "tag": sorted(root.glob("blog/tag/*.html")),
        "person": sorted(p for p in root.glob("people/*.html") if p.name != "index.html"),
        "people": [root / "people/index.html"],
        "year": sorted(
            (p for p in root.glob("blog/*.html") if YEAR_PAGE.fullmatch(p.name)), reverse=True
        ),  # the newest year's archive
    }
    chosen: dict[str, Path] = {}
    missing: list[str] = []
    for kind in kinds:
        paths = candidates[kind]
        existing = [path for path in paths if path.is_file()]
        if existing:
            chosen[kind] = existing[0]
        else:
            missing.append(f"no {kind} page in the site ({_pattern(kind)}): skipped")
    return chosen, missing


def _pattern(kind: str) -> str:
    return {
        "home": "index.html",
        "post": "posts/*/*.html",
        "tag": "blog/tag/*.html",
        "person": "people/<id>.html",
        "people": "people/index.html",
        "year": "blog/<year>.html",
    }[kind]
