"""The one front matter reader (newsdesk.input.front_matter_reader) reads as the three
loaders it replaced did, and nothing else in the package parses YAML."""

from __future__ import annotations

import ast
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin
from newsdesk.input import front_matter_reader as reader

PACKAGE = Path(__file__).resolve().parent.parent / "extensions" / "newsdesk"

FRONT = """\
title: "Week #40 2024 - Models"
date: 2024-10-14 20:00:00 +0700
published: 2024-10-14
tags: [ai, research]
draft: true
nocomments:
count: 3
ratio: 0.5
base: &base {a: 1}
merged:
  <<: *base
  b: 2
"""


def whole_file(source: str) -> tuple[str, int, int] | None:
    """What markdown-it's plugin finds reading the whole file (the importer's old way)."""
    tokens = MarkdownIt("zero").use(front_matter_plugin).parse(source)
    if not tokens or tokens[0].type != "front_matter" or tokens[0].map is None:
        return None
    start, end = tokens[0].map
    return tokens[0].content, start + 2, end + 1


class OldTextLoader(yaml.SafeLoader):
    """The importer's former loader: SafeLoader without timestamps."""


OldTextLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != reader.TIMESTAMP_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def test_views_equal_the_loaders_they_replace() -> None:
    assert reader.as_text(reader.compose(FRONT)) == yaml.load(FRONT, Loader=yaml.BaseLoader)
    assert reader.as_text(reader.compose(FRONT, fast=True)) == yaml.load(
        FRONT, Loader=yaml.BaseLoader
    )
    assert reader.as_values(reader.compose(FRONT)) == yaml.safe_load(FRONT)
    assert reader.as_values(reader.compose(FRONT), dates_as_text=True) == yaml.load(
        FRONT, Loader=OldTextLoader
    )
    text = reader.as_values(reader.compose(FRONT), dates_as_text=True)
    assert text["published"] == "2024-10-14" and text["count"] == 3


def test_block_and_lines() -> None:
    source = f"---\n{FRONT}---\n# Title\n"
    found = reader.find_front_matter(source)
    assert found == (FRONT.rstrip("\n"), 2, FRONT.count("\n") + 3)
    lines = reader.key_lines(reader.compose(found.text), found.first_line)
    assert lines["title"] == 2 and lines["tags"] == 5
    assert reader.read_text_fields(source) == yaml.load(FRONT, Loader=yaml.BaseLoader)
    assert reader.read_values("no front matter\n") is None
    assert reader.read_values("---\n- a list\n---\n") is None
    assert reader.read_values("---\ntags: [a\n---\n") is None


def test_problem_names_the_line() -> None:
    try:
        reader.compose("date: 2024-10-14\ntags: [ai\n")
    except reader.YAMLError as exc:
        problem, line = reader.problem_and_line(exc, 2)
    assert "expected ',' or ']'" in problem and line == 4


LINE = st.sampled_from(
    [
        "---",
        "----",
        "--- ",
        "  ---",
        "    ---",
        "\t---",
        "...",
        "... x",
        "---x",
        "-- -",
        "a: 1",
        "b: [1, 2]",
        "",
        "# t",
        "text",
        "---\r",
        "x: '---'",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(LINE, max_size=12), st.sampled_from(["---", "----", "---x", "--", "a"]))
def test_reading_the_head_finds_what_the_whole_file_gives(lines: list[str], first: str) -> None:
    """The reader parses only up to the closing fence (drafts scans every post): it must
    find exactly what reading the whole file finds."""
    source = "\n".join([first, *lines, "body text", "---", "more"])
    assert reader.find_front_matter(source) == whole_file(source)


def test_no_other_module_parses_yaml() -> None:
    parsers = {"load", "safe_load", "compose", "full_load", "unsafe_load", "load_all"}
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "front_matter_reader.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "yaml"
                and (node.attr in parsers or node.attr.endswith("Loader"))
            ):
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: yaml.{node.attr}")
            if isinstance(node, ast.ImportFrom) and node.module == "mdit_py_plugins.front_matter":
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: front_matter_plugin")
    assert found == []
