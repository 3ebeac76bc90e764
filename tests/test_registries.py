"""The configuration values and the warning subtypes are each declared once
(newsdesk.config, newsdesk.diagnostics), used as declared, and documented in authoring.md:
checked both ways against the source (read with ast), Sphinx and the guide."""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import newsdesk
import pytest
from newsdesk.config import ON_IN_PREVIEW, SETTINGS
from newsdesk.diagnostics import WARNING_TYPE, Subtype
from newsdesk.pipeline import PIPELINE
from sphinx.testing.util import SphinxTestApp

REPO = Path(__file__).resolve().parent.parent
GUIDE = (REPO / "authoring.md").read_text(encoding="utf-8")
SOURCES = sorted(newsdesk.PACKAGE_DIR.rglob("*.py"))


def section(title: str) -> str:
    """The text of the guide's section ``### title`` (up to the next heading)."""
    match = re.search(rf"^### {re.escape(title)}\n(.*?)^#", GUIDE, re.M | re.S)
    assert match, title
    return match.group(1)


def first_column(table: str) -> set[str]:
    """The `code` names in the first column of a Markdown table's rows."""
    names = set()
    for row in re.findall(r"^\| (.+?) \|", table, re.M):
        names |= set(re.findall(r"`([^`]+)`", row))
    return names


# --- configuration values --------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="pipeline")
@pytest.mark.usefixtures("apps_never_built")
def test_sphinx_has_every_value_as_declared(app: SphinxTestApp) -> None:
    options = app.config.values
    assert [n for n in options if n.startswith("newsdesk_")] == [s.name for s in SETTINGS]
    for setting in SETTINGS:
        option = options[setting.name]
        assert option.rebuild == setting.rebuild, setting.name
        assert option.valid_types == setting.types, setting.name
        if setting.default is not ON_IN_PREVIEW:
            assert option.default == setting.default, setting.name
            assert isinstance(option.default, tuple(setting.types)), setting.name


@pytest.mark.usefixtures("apps_never_built")
def test_preview_defaults_follow_the_environment(
    monkeypatch: pytest.MonkeyPatch, make_app: type[SphinxTestApp], rootdir: Path, tmp_path: Path
) -> None:
    previewed = [s.name for s in SETTINGS if s.default is ON_IN_PREVIEW]
    assert previewed == ["newsdesk_show_drafts", "newsdesk_warning_banners"]
    srcdir = shutil.copytree(rootdir / "test-pipeline", tmp_path / "src")
    for value, expected in (("1", True), ("0", False)):
        monkeypatch.setenv("NEWSDESK_PREVIEW", value)
        app = make_app("html", srcdir=srcdir, builddir=tmp_path / value)
        assert [app.config.values[name].default for name in previewed] == [expected] * 2


def test_each_check_runs_from_the_pipeline() -> None:
    at_config = {h.callback.__name__ for h in PIPELINE if h.event == "config-inited"}
    checks = {s.checked_by for s in SETTINGS if s.checked_by}
    assert checks == {
        "load_people",
        "check_timezone",
        "check_memo_icon",
        "check_page_size",
        "check_signup_url",
    }
    assert checks <= at_config


def test_the_guide_documents_every_value_and_no_other() -> None:
    declared = {s.name for s in SETTINGS}
    table = first_column(section("Configuration"))
    assert {n for n in table if n.startswith("newsdesk_")} == declared
    # Anywhere in the guide: a newsdesk_* name is a declared value (or a template
    # function, written with its parentheses: newsdesk_icon()).
    named = set(re.findall(r"\b(newsdesk_[a-z_]+)\b(?!\()", GUIDE))
    assert named == declared


def test_no_value_is_declared_outside_the_table() -> None:
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "add_config_value":
                assert path.name == "config.py", f"{path}:{node.lineno}"


# --- warning subtypes ------------------------------------------------------------------


def subtype_uses() -> tuple[set[str], list[str]]:
    """The Subtype members the package names, and every place a subtype is a literal."""
    used: set[str] = set()
    literals: list[str] = []
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = path.relative_to(newsdesk.PACKAGE_DIR)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "Subtype"
            ):
                used.add(node.attr)
            if isinstance(node, ast.Call):
                keywords = {kw.arg: kw.value for kw in node.keywords}
                subtype = keywords.get("subtype")
                if isinstance(subtype, ast.Constant):
                    literals.append(f"{where}:{node.lineno}: subtype={subtype.value!r}")
                kind = keywords.get("type")
                if isinstance(kind, ast.Constant) and kind.value == WARNING_TYPE and not subtype:
                    literals.append(f"{where}:{node.lineno}: a newsdesk warning without subtype")
                name = ast.unparse(node.func)
                suppressed = name.endswith("is_suppressed_warning") and len(node.args) > 1
                if suppressed and isinstance(node.args[1], ast.Constant):
                    literals.append(f"{where}:{node.lineno}: {node.args[1].value!r}")
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                args = node.args.args + node.args.kwonlyargs
                for arg in args:
                    typed = arg.annotation is not None and ast.unparse(arg.annotation) == "Subtype"
                    if arg.arg == "subtype" and not typed:
                        literals.append(f"{where}:{node.lineno}: subtype is not typed Subtype")
    return used, literals


def test_every_subtype_in_the_source_is_from_the_registry() -> None:
    used, literals = subtype_uses()
    assert literals == []
    assert used == {member.name for member in Subtype}, "registered but unused, or unknown"


def test_every_subtype_has_a_meaning_and_is_its_lowercase_name() -> None:
    for member in Subtype:
        assert member.value == member.name.lower()
        assert member.meaning.strip(), member
        assert f"{member}" == member.value  # Sphinx prints [newsdesk.<value>]


def test_the_guide_lists_every_subtype_and_no_other() -> None:
    registered = {member.value for member in Subtype}
    assert first_column(section("Mistakes, and what the build says")) == registered
    # Anywhere in the guide: newsdesk.<x> (not a module path such as newsdesk.tools.x).
    named = set(re.findall(r"\bnewsdesk\.([a-z]+)\b(?![./\w])", GUIDE))
    assert named, "the guide names subtypes as newsdesk.<subtype>"
    assert named <= registered
