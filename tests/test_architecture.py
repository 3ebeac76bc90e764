"""ARCHITECTURE.md stays true: its pipeline table is the one in the code, and its tree
names every module of the package (and no module that does not exist)."""

from __future__ import annotations

import re

from helpers import REPO
from newsdesk import pipeline

ARCHITECTURE = (REPO / "ARCHITECTURE.md").read_text(encoding="utf-8")
PACKAGE = REPO / "extensions/newsdesk"


def section(start: str, end: str) -> str:
    return ARCHITECTURE[ARCHITECTURE.index(start) + len(start) : ARCHITECTURE.index(end)]


def test_the_pipeline_table_is_the_code_s() -> None:
    table = section("tests/test_architecture.py -->\n", "<!-- end of pipeline table -->")
    assert table == pipeline.describe(), "regenerate it with: python -m newsdesk.pipeline"


def test_the_tree_names_every_module_and_only_modules_that_exist() -> None:
    tree = section("## The tree\n\n```\n", "```\n\nRules the tree keeps")
    named = set(re.findall(r"\b([a-z_]+)\.py\b", tree)) - {"__init__"}
    modules = {p.stem for p in PACKAGE.rglob("*.py") if p.stem not in {"__init__", "__main__"}}
    # the importer and sitecheck are listed as packages; their modules are theirs to list
    tools = {
        p.stem
        for folder in ("tools/importer", "tools/sitecheck")
        for p in (PACKAGE / folder).glob("*.py")
    }
    assert sorted(modules - tools - named) == [], "modules ARCHITECTURE.md does not name"
    assert sorted(named - modules) == [], "ARCHITECTURE.md names modules that do not exist"
