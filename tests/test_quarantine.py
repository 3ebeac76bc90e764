"""Other packages' private parts are touched only in the quarantine modules.

Ruff's SLF001 (pyproject.toml) catches ``obj._private``. It does not see a module global
of another package changed for the whole process (``ablog.blog.TOMORROW = ...``), public
names that are internals all the same (``env.reread_always``, ``app.events.listeners``),
``setattr``/``__dict__`` on Sphinx's objects, or an import from a private module. This
test reads every module of the package (ast, no import) and names each such place.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "extensions" / "newsdesk"
QUARANTINES = {
    "internals/sphinx.py",  # Sphinx, docutils, Python's open
    "blog/ablog/internals.py",  # ablog
    "input/myst_guard.py",  # MyST
    "site/sitemap.py",  # sphinx-sitemap
    "site/theme.py",  # pydata-sphinx-theme
}
# Names that are other packages' internals, public spelling or not.
INTERNAL_NAMES = {
    "_raw_config",  # sphinx.config.Config
    "_dict",  # ablog.blog.Blog
    "TOMORROW",  # ablog.blog
    "FUTURE",  # ablog.blog
    "reread_always",  # sphinx.environment.BuildEnvironment
    "listeners",  # sphinx.events.EventManager
    "_mapping",  # sphinx.search.IndexBuilder
    "_title_mapping",
    "_document",  # docutils.nodes.Node
    "myst_config",  # myst_parser: env.myst_config
    "sitemap_links",  # sphinx_sitemap: app.sitemap_links
    "ablog_posts",  # ablog: env.ablog_posts
}
# The HTML builder's state for the page being written: read by translators, set only
# by internals.sphinx.writing_page.
BUILDER_PAGE_STATE = {"current_docname", "imgpath"}
# Objects of Sphinx (by the names the code gives them) that newsdesk must not set
# attributes on with setattr or through __dict__ outside the quarantines.
SPHINX_OBJECTS = {"app", "builder", "env", "config", "other", "record", "extension"}
LABEL_TABLES = {"labels", "anonlabels"}


def _root(node: ast.expr) -> ast.expr:
    while isinstance(node, ast.Attribute | ast.Subscript | ast.Call):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node


def imported_names(tree: ast.Module) -> dict[str, str]:
    """Names bound by absolute imports (modules and what is taken from them)."""
    names: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                names[(alias.asname or alias.name).split(".")[0]] = alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            for alias in node.names:
                names[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return names


def violations(source: str) -> Iterator[tuple[int, str]]:
    """(line, what) for each touch of another package's internals in ``source``."""
    tree = ast.parse(source)
    imported = imported_names(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            private = [p for p in node.module.split(".") if p.startswith("_") and p != "__future__"]
            private += [a.name for a in node.names if a.name.startswith("_")]
            if private:
                yield node.lineno, f"import from a private module or name: {private}"
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign | ast.Delete):
            targets = list(node.targets)
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            if isinstance(target, ast.Attribute) and target.attr in BUILDER_PAGE_STATE:
                yield node.lineno, f"sets the builder's {target.attr}"
            if isinstance(target, ast.Tuple):
                targets.extend(target.elts)
            if isinstance(target, ast.Attribute | ast.Subscript):
                root = _root(target)
                if isinstance(root, ast.Name) and root.id in imported:
                    yield node.lineno, f"sets {ast.unparse(target)} of {imported[root.id]}"
            if (
                isinstance(target, ast.Subscript)
                and isinstance(target.value, ast.Attribute)
                and target.value.attr in LABEL_TABLES
                and ("std" in ast.unparse(target.value.value) or target.value.attr == "anonlabels")
            ):
                yield node.lineno, f"changes the std domain's {target.value.attr}"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            # A method that changes another package's module-level state in place.
            root = _root(node.func.value)
            if (
                node.func.attr in {"clear", "update", "pop", "add", "append", "remove"}
                and isinstance(root, ast.Name)
                and root.id in imported
                and not imported[root.id].startswith(("newsdesk", "typing", "collections"))
                and isinstance(node.func.value, ast.Attribute)
            ):
                yield node.lineno, f"changes {ast.unparse(node.func.value)} in place"
        if isinstance(node, ast.Attribute):
            if node.attr in INTERNAL_NAMES:
                yield node.lineno, f"reads .{node.attr}"
            if node.attr == "__dict__":
                root = _root(node.value)
                if isinstance(root, ast.Name) and root.id in SPHINX_OBJECTS:
                    yield node.lineno, f"uses {ast.unparse(node)}"
            if node.attr == "source_suffix" and ast.unparse(node.value).endswith("registry"):
                yield node.lineno, "reads the component registry"
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in {"getattr", "setattr", "hasattr", "delattr"}
            and node.args
        ):
            name = node.args[1] if len(node.args) > 1 else None
            if isinstance(name, ast.Constant) and name.value in INTERNAL_NAMES:
                yield node.lineno, f"{node.func.id}(..., {name.value!r})"
            root = _root(node.args[0])
            if (
                node.func.id in {"setattr", "delattr"}
                and isinstance(root, ast.Name)
                and root.id in SPHINX_OBJECTS | set(imported)
            ):
                yield node.lineno, f"{node.func.id} on {ast.unparse(node.args[0])}"


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_only_the_quarantines_touch_internals() -> None:
    found = []
    for path in modules():
        relative = path.relative_to(PACKAGE).as_posix()
        if relative in QUARANTINES:
            continue
        for line, what in violations(path.read_text(encoding="utf-8")):
            found.append(f"{relative}:{line}: {what}")
    assert found == [], "move these into a quarantine module:\n" + "\n".join(found)


def test_the_quarantines_exist_and_say_what_they_touch() -> None:
    for relative in QUARANTINES:
        source = (PACKAGE / relative).read_text(encoding="utf-8")
        assert ast.get_docstring(ast.parse(source)), relative


@pytest.mark.parametrize(
    "snippet",
    [
        "import ablog.blog\nablog.blog.TOMORROW = ablog.blog.FUTURE",
        "from ablog.blog import Blog\nBlog._dict.clear()",
        "import builtins\nbuiltins.open = print",
        "def f(config):\n    return 'x' in config._raw_config",
        "def f(env):\n    env.reread_always.add('a')",
        "def f(app):\n    return app.events.listeners",
        "def f(indexer):\n    return indexer._mapping",
        "def f(env, name):\n    std = env.domains.standard_domain\n    del std.labels[name]",
        "def f(std, name):\n    std.anonlabels[name] = ('a', 'b')",
        "def f(app):\n    setattr(app.builder, 'x', 1)",
        "def f(app):\n    app.builder.__dict__['x'] = 1",
        "def f(env):\n    return getattr(env, 'myst_config', None)",
        "def f(builder):\n    builder.current_docname = 'a'",
        "def f(builder):\n    builder.current_docname, builder.imgpath = 'a', 'b'",
        "def f(app):\n    return app.registry.source_suffix",
        "from sphinx.builders.html._assets import _JavaScript",
        "from docutils import nodes\nnodes.Element.tagname = 'x'",
    ],
)
def test_the_check_sees(snippet: str) -> None:
    assert list(violations(snippet)), snippet


@pytest.mark.parametrize(
    "snippet",
    [
        "def f(domain, docname, labels):\n    domain.labels[docname] = labels",
        "def f(meta, name, value):\n    setattr(meta, name, value)",
        "def f(env):\n    return env.domains.standard_domain.labels.get('a')",
        "import json\nx = json.loads('1')",
    ],
)
def test_the_check_leaves_our_own_objects(snippet: str) -> None:
    assert not list(violations(snippet)), snippet
