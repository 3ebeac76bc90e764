"""One builder per kind of output: Atom feeds (newsdesk.site.atom) and fragments of
doctrees rendered on another page (newsdesk.build.fragments)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "extensions" / "newsdesk"


def uses(name: str) -> list[str]:
    """Modules of the package that mention ``name`` (an attribute or a name)."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Name) and node.id == name) or (
                isinstance(node, ast.Attribute) and node.attr == name
            ):
                found.append(path.relative_to(PACKAGE).as_posix())
                break
    return found


def test_one_feed_builder() -> None:
    assert uses("FeedGenerator") == ["site/atom.py"]
    assert sorted(uses("atom_feed")) == ["blog/feeds.py", "people/pages.py"]


def test_one_fragment_renderer() -> None:
    assert uses("create_translator") == ["build/fragments.py"]
    assert sorted(uses("render_fragment")) == ["blog/excerpts.py", "content/stored_bodies.py"]
