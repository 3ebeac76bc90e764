"""One URL and slug module (newsdesk.site.url_policy): the slugs are the ones the pages
were named with before, and no other module makes slugs or reads URL schemes."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from ablog.blog import slugify as ablog_slugify
from docutils.nodes import make_id
from hypothesis import given, settings
from hypothesis import strategies as st
from newsdesk.site import url_policy

PACKAGE = Path(__file__).resolve().parent.parent / "extensions" / "newsdesk"
TEXT = st.text(
    st.characters(codec="utf-8", categories=["L", "M", "N", "P", "S", "Z", "Cc"]), max_size=80
)


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_ablog_slug_is_ablogs(text: str) -> None:
    """Tag and category pages are named by ablog: our slug must be its slug."""
    assert url_policy.ablog_slug(text) == ablog_slugify(text)


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_anchor_slug_is_a_cut_docutils_id(text: str) -> None:
    made = make_id(text)
    expected = made if len(made) <= 60 else made[:60].rsplit("-", 1)[0]
    assert url_policy.anchor_slug(text) == expected


def test_known_slugs() -> None:
    title = "Week #40 2024 - The Importance of Foundational Models"
    assert url_policy.ablog_slug("Machine Learning") == "machine-learning"
    assert url_policy.ablog_slug("C++ & Rust") == "c-rust"
    assert url_policy.anchor_slug(title) == "week-40-2024-the-importance-of-foundational-models"
    assert url_policy.jekyll_slug("Hello, World!") == "hello-world"
    assert url_policy.jekyll_pretty_slug("Hello, World!") == "Hello,-World!"
    assert url_policy.file_slug("Foundational Models!") == "foundational-models"
    assert url_policy.heading_slug("What's new in 3.13?") == "whats-new-in-313"
    assert url_policy.page_file("/2024/10/week/") == "2024/10/week/index.html"
    assert url_policy.page_file("/2024/10/week") == "2024/10/week.html"
    assert url_policy.page_file("/feed.xml") == "feed.xml"
    assert url_policy.foreign_scheme("JavaScript:alert(1)") == "javascript"
    assert url_policy.foreign_scheme("HTTPS://example.com/a.png") == ""


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            found.add("." * node.level + (node.module or ""))
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_redirects_do_not_import_the_importer() -> None:
    imports = _imports(PACKAGE / "site" / "redirects.py")
    assert not [name for name in imports if "importer" in name or "tools" in name]


def test_url_policy_loads_neither_sphinx_nor_docutils() -> None:
    tree = ast.parse((PACKAGE / "site" / "url_policy.py").read_text(encoding="utf-8"))
    top_level = [node for node in tree.body if isinstance(node, ast.Import | ast.ImportFrom)]
    names = {getattr(node, "module", None) or node.names[0].name for node in top_level}
    assert not {name for name in names if name.split(".")[0] in {"sphinx", "docutils"}}


def test_no_other_module_makes_slugs_or_reads_schemes() -> None:
    scheme_pattern = re.compile(r"A-Za-z0-9\+\.-")
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative == "site/url_policy.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.name.endswith(("slug", "slugify")):
                found.append(f"{relative}:{node.lineno}: def {node.name}")
            if (
                isinstance(node, ast.ImportFrom)
                and node.module == "ablog.blog"
                and any(alias.name == "slugify" for alias in node.names)
            ):
                found.append(f"{relative}:{node.lineno}: ablog's slugify")
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and scheme_pattern.search(node.value)
            ):
                found.append(f"{relative}:{node.lineno}: a URL scheme pattern")
    assert found == []
