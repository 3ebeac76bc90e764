"""The people registry: one YAML file, the single source for takes, memos and post authors.

Format (``people.yaml`` at the site root, see ``newsdesk_people_file``)::

    jackson:
      name: Jackson Cates
      url: https://www.linkedin.com/in/jackson-cates-315a0b1ab/
      avatar: _static/people/jackson.png   # optional
      role: ML engineer                    # optional
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FIELDS = {"name", "url", "avatar", "role"}


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    url: str
    avatar: str = ""
    role: str = ""
    # field -> line in the registry file, for warnings about a field's value
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)


class RegistryError(Exception):
    """A problem in the registry file, with the line it is on (1-based, 0 when unknown)."""

    def __init__(self, path: Path, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}" if line else f"{path}: {message}")
        self.path = path
        self.line = line
        self.message = message


def person_id_for(name: str) -> str:
    """The id a display name gets: lower case, hyphenated ("Jackson Cates" -> "jackson-cates")."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def closest_ids(wanted: str, known: list[str] | dict[str, Any], limit: int = 3) -> list[str]:
    return difflib.get_close_matches(wanted, list(known), n=limit, cutoff=0.5)


def load_registry(path: Path) -> dict[str, Person]:
    """Read and check the registry; every problem is a RegistryError naming the line."""
    if not path.is_file():
        return {}
    text = path.read_text(encoding="utf-8")
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        raise RegistryError(
            path, line, f"not valid YAML ({getattr(exc, 'problem', exc)})"
        ) from None
    if root is None:
        return {}
    if not isinstance(root, yaml.MappingNode):
        raise RegistryError(path, 1, "expected a mapping of person id to fields, e.g. 'jackson:'")
    people: dict[str, Person] = {}
    for key_node, value_node in root.value:
        line = key_node.start_mark.line + 1
        pid = str(key_node.value)
        if not ID_PATTERN.match(pid):
            raise RegistryError(
                path,
                line,
                f"id {pid!r} must be lower case words joined by hyphens, "
                f"e.g. {person_id_for(pid) or 'jane-doe'!r}",
            )
        if pid in people:
            raise RegistryError(path, line, f"id {pid!r} is listed twice; keep one entry")
        if not isinstance(value_node, yaml.MappingNode):
            raise RegistryError(path, line, f"{pid}: expected fields 'name' and 'url' under the id")
        fields: dict[str, str] = {}
        lines: dict[str, int] = {}
        for fkey, fvalue in value_node.value:
            fline = lines[str(fkey.value)] = fkey.start_mark.line + 1
            if fkey.value not in FIELDS:
                raise RegistryError(
                    path,
                    fline,
                    f"{pid}: unknown field {fkey.value!r} (known: {', '.join(sorted(FIELDS))})",
                )
            if not isinstance(fvalue, yaml.ScalarNode) or not str(fvalue.value).strip():
                raise RegistryError(path, fline, f"{pid}.{fkey.value}: expected a non-empty text")
            fields[fkey.value] = str(fvalue.value).strip()
        for required in ("name", "url"):
            if required not in fields:
                raise RegistryError(path, line, f"{pid}: missing '{required}:'")
        if not re.match(r"^https?://[^\s\"'<>]+$", fields["url"]):
            raise RegistryError(
                path, line, f"{pid}.url: {fields['url']!r} is not an absolute http(s) URL"
            )
        people[pid] = Person(id=pid, lines=lines, **fields)
    return people
