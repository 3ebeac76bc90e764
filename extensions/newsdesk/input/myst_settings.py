"""Which MyST settings a file's front matter may change: an allowlist of harmless keys.

MyST applies a ``myst:`` mapping in a file's front matter as that file's configuration
(and, for backward compatibility, top-level ``html_meta:`` and ``substitutions:`` keys).
A post could so turn on Jinja substitutions (``enable_extensions: [substitution]``), write
``<meta>`` tags (``html_meta``: a refresh to another site), allow ``javascript:`` links
(``url_schemes``), or turn code fences into directives (``fence_as_directive``). Only the
keys below, which change how this file's own Markdown looks and nothing else, are kept;
every other key is a ``newsdesk.myst`` warning at its line, and is not applied.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from .front_matter_reader import YAMLError, compose, find_front_matter

# Each changes only the rendering of the file's own text; none reads, fetches, runs or
# emits markup that the body could not already write.
ALLOWED_FILE_SETTINGS = frozenset(
    {
        "heading_anchors",
        "heading_anchors_html_ids",
        "number_code_blocks",
        "highlight_code_blocks",
        "footnote_sort",
        "footnote_transition",
        "title_to_header",
        "words_per_minute",
        "enable_checkboxes",
        "strikethrough_single_tilde",
        "colon_fence_exact_match",
        "linkify_fuzzy_links",
        "dmath_allow_labels",
        "dmath_allow_space",
        "dmath_allow_digits",
        "dmath_double_inline",
    }
)
# Read by MyST from the top level of the front matter as if they were under ``myst:``.
TOP_LEVEL_SETTINGS = ("html_meta", "substitutions")


@dataclass(frozen=True)
class RefusedSetting:
    key: str  # "myst.enable_extensions", "html_meta"
    line: int  # 1-based line in the file


def _key_lines(source: str) -> tuple[dict[str, int], dict[str, int], int]:
    """Lines of the top-level keys, of the keys under ``myst:``, and of the front matter."""
    found = find_front_matter(source)
    if found is None:
        return {}, {}, 1
    text, first_line, _ = found
    try:
        root = compose(text)
    except YAMLError:
        return {}, {}, first_line
    top: dict[str, int] = {}
    nested: dict[str, int] = {}
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            top[str(key.value)] = first_line + key.start_mark.line
            if key.value == "myst" and isinstance(value, yaml.MappingNode):
                for sub, _ in value.value:
                    nested[str(sub.value)] = first_line + sub.start_mark.line
    return top, nested, first_line


def allowed_settings(
    topmatter: dict[str, Any], source: str
) -> tuple[dict[str, Any], list[RefusedSetting]]:
    """The front matter MyST may merge (only allowed ``myst:`` keys), and what was refused."""
    kept = {key: value for key, value in topmatter.items() if key not in TOP_LEVEL_SETTINGS}
    refused_keys = [key for key in TOP_LEVEL_SETTINGS if key in topmatter]
    myst = topmatter.get("myst")
    if isinstance(myst, dict):  # anything else: MyST itself warns and ignores it
        kept["myst"] = {k: v for k, v in myst.items() if k in ALLOWED_FILE_SETTINGS}
        refused_keys += [f"myst.{k}" for k in myst if k not in ALLOWED_FILE_SETTINGS]
    if not refused_keys:
        return kept, []
    top, nested, first_line = _key_lines(source)
    refused = [
        RefusedSetting(
            key,
            nested.get(key[5:], top.get("myst", first_line))
            if key.startswith("myst.")
            else top.get(key, first_line),
        )
        for key in refused_keys
    ]
    return kept, refused


def refusal_message(setting: RefusedSetting) -> str:
    name = setting.key.removeprefix("myst.")
    return (
        f"front matter setting {setting.key!r} refused: a page cannot change the site's MyST "
        f"configuration, so it is not applied. Remove it (a site-wide setting belongs in "
        f"conf.py as 'myst_{name}'); a page's 'myst:' may set only "
        + ", ".join(sorted(ALLOWED_FILE_SETTINGS))
    )
