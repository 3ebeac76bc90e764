"""The one reader of front matter (and of the people registry's YAML).

Finding the block is markdown-it-py's front matter plugin (as MyST finds it); reading it is
PyYAML's SafeLoader, composed into nodes so every key keeps its line for warnings. What a
caller needs is then a view of the same nodes:

- :func:`as_text`: every value as the text written (``date`` with its offset, ``draft``
  as ``"true"``), for code that parses values by its own rules (drafts, ``newsdesk new``);
- :func:`as_values`: PyYAML's safe values (numbers, booleans, lists), optionally with
  dates kept as text (the Jekyll importer: ``2024-13-45`` is no date, and Jekyll dates
  carry offsets YAML timestamps do not read).

``fast=True`` composes with the same loader over libyaml's parser (``CSafeLoader``, when
PyYAML has it): about 15 times faster, for the scans of every post on every build, where no
message is shown (libyaml's messages are terser and it accepts a few inputs PyYAML's own
parser refuses, such as a tab after ``key:``).

A post's front matter is read by MyST (its values) and then by newsdesk's check (its
nodes, for lines): :func:`safe_load_sharing` composes once with PyYAML's own loader and
keeps the nodes for the next :func:`compose_shared` of the same text, so each post's YAML
is parsed once, not twice, with the same results.

No Sphinx import: ``newsdesk new`` uses this module.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import yaml
from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

YAMLError = yaml.YAMLError
LOADER = yaml.SafeLoader
FAST_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
TEXT_TAG = "tag:yaml.org,2002:str"


class FrontMatterBlock(NamedTuple):
    text: str  # the YAML between the fences
    first_line: int  # 1-based file line of the YAML's first line
    end_line: int  # 1-based file line just after the closing fence


def _indent_width(line: str) -> int:
    width = 0
    for char in line:
        if char == " ":
            width += 1
        elif char == "\t":
            width += 4 - width % 4
        else:
            break
    return width


def _head(source: str) -> str:
    """The text up to the first line the front matter plugin accepts as the closing
    fence (``---`` or longer, or ``...``): all it needs to see, so files are not parsed
    whole just to read their first lines (drafts scans every post on every build)."""
    if not source.startswith("---"):
        return source[:200]  # no front matter; the plugin needs nothing more to say so
    lines = source.split("\n")
    opening = len(lines[0]) - len(lines[0].lstrip("-"))
    offset = len(lines[0]) + 1
    for line in lines[1:]:
        offset += len(line) + 1
        text = line.removesuffix("\r")
        if text.startswith("...") and not text[3:].strip(" \t"):
            return source[:offset]
        if _indent_width(text) >= 4:
            continue  # code, for markdown-it
        bare = text.lstrip(" \t")
        dashes = len(bare) - len(bare.lstrip("-"))
        if dashes and dashes >= opening and not bare[dashes:].strip(" \t"):
            return source[:offset]
    return source


_FINDER: list[MarkdownIt] = []  # one parser for the process: making one is 4 ms


def _finder() -> MarkdownIt:
    if not _FINDER:
        _FINDER.append(MarkdownIt("zero").use(front_matter_plugin))
    return _FINDER[0]


def find_front_matter(source: str) -> FrontMatterBlock | None:
    """The front matter block of a Markdown file's text, or None when it has none."""
    tokens = _finder().parse(_head(source))
    if not tokens or tokens[0].type != "front_matter" or tokens[0].map is None:
        return None
    start, end = tokens[0].map
    return FrontMatterBlock(tokens[0].content, start + 2, end + 1)


def compose(text: str, *, fast: bool = False) -> yaml.Node | None:
    """The YAML's node tree (None when empty); raises :data:`YAMLError`."""
    return yaml.compose(text, Loader=FAST_LOADER if fast else LOADER)


# Composed front matter kept for the next reader of the same text (one document's: MyST
# reads it, then newsdesk's check), taken once.
_COMPOSED: dict[str, yaml.Node | None] = {}
_MAY_CHANGE_NODES = ("<<", "=", "!")  # merge and value keys, explicit tags


def safe_load_sharing(text: str) -> Any:
    """``yaml.safe_load(text)`` (PyYAML's own loader; raises what it raises), keeping
    the composed nodes for the next :func:`compose_shared` of ``text``. Constructing
    values changes nodes only for merge (``<<``) and value (``=``) keys: when the text
    may hold one, nothing is kept."""
    if any(mark in text for mark in _MAY_CHANGE_NODES):
        return yaml.load(text, Loader=LOADER)  # SafeLoader: yaml.safe_load itself
    root = compose(text)
    if len(_COMPOSED) >= 8:
        _COMPOSED.clear()
    _COMPOSED[text] = root
    return as_values(root)


def compose_shared(text: str) -> yaml.Node | None:
    """:func:`compose` (PyYAML's own loader), taking the nodes :func:`safe_load_sharing`
    composed from the same text when there are any (the caller may change them)."""
    if text in _COMPOSED:
        return _COMPOSED.pop(text)
    return compose(text)


def problem_and_line(exc: yaml.YAMLError, first_line: int) -> tuple[str, int]:
    """What PyYAML found wrong, and the file line, for a warning."""
    mark = getattr(exc, "problem_mark", None)
    line = first_line + (mark.line if mark is not None else 0)
    return str(getattr(exc, "problem", None) or exc), line


def key_lines(root: yaml.Node | None, first_line: int) -> dict[str, int]:
    """The file line of each top-level key."""
    if not isinstance(root, yaml.MappingNode):
        return {}
    return {str(key.value): first_line + key.start_mark.line for key, _value in root.value}


def as_text(node: yaml.Node | None) -> Any:
    """Mappings, lists and every scalar as the text written (PyYAML's BaseLoader view)."""
    if node is None:
        return None
    return yaml.constructor.BaseConstructor().construct_document(node)


def _dates_as_text(node: yaml.Node, seen: set[int]) -> None:
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, yaml.ScalarNode) and node.tag == TIMESTAMP_TAG:
        node.tag = TEXT_TAG
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _dates_as_text(item, seen)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            _dates_as_text(key, seen)
            _dates_as_text(value, seen)


def as_values(node: yaml.Node | None, *, dates_as_text: bool = False) -> Any:
    """PyYAML's safe values (``yaml.safe_load``). Changes ``node`` (merge keys are
    flattened): read its lines first."""
    if node is None:
        return None
    if dates_as_text:
        _dates_as_text(node, set())
    return yaml.constructor.SafeConstructor().construct_document(node)


def read_text_fields(source: str, *, fast: bool = False) -> dict[str, Any] | None:
    """The front matter of ``source`` as texts (:func:`as_text`); None when it has none,
    is not valid YAML or is not a mapping."""
    found = find_front_matter(source)
    if found is None:
        return None
    try:
        fields = as_text(compose(found.text, fast=fast))
    except YAMLError:
        return None
    return fields if isinstance(fields, dict) else None


def read_values(source: str) -> dict[str, Any] | None:
    """The front matter of ``source`` as PyYAML's safe values (:func:`as_values`); None
    when it has none, is not valid YAML or is not a mapping."""
    found = find_front_matter(source)
    if found is None:
        return None
    try:
        values = as_values(compose(found.text))
    except YAMLError:
        return None
    return values if isinstance(values, dict) else None
