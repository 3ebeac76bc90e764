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
from dataclasses import astuple, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..input.control_characters import UNSAFE, strip_unsafe, unsafe_lines
from ..input.front_matter_reader import YAMLError, compose

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FIELDS = {"name", "url", "avatar", "role"}
ID_MAX_LENGTH = 64  # ids name pages (people/<id>.html) and labels


@dataclass(frozen=True, slots=True)
class Person:
    """A person of the registry; ``newsdesk_people`` maps ids to these (a config value:
    picklable, and equal when the shown fields are, so the saved config compares right)."""

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


def _decode(data: bytes) -> tuple[str, dict[int, str]]:
    """The file's text, and {line: problem} for bytes that are not UTF-8 and characters
    YAML (or XML) refuses: each is replaced so the rest of the file can still be read."""
    text = data.decode("utf-8-sig", errors="replace")
    bad: dict[int, str] = {}
    if "\ufffd" in text:
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError:
            for number, line in enumerate(data.split(b"\n"), 1):
                try:
                    line.decode("utf-8")
                except UnicodeDecodeError as exc:
                    bad[number] = (
                        f"byte 0x{line[exc.start]:02x} is not UTF-8; save the file as UTF-8"
                    )
    for number, chars in unsafe_lines(text):
        bad.setdefault(number, f"control character {', '.join(chars)}; delete it")
    return strip_unsafe(text), bad


def read_registry(path: Path) -> tuple[dict[str, Person], list[RegistryError]]:
    """Read and check the registry: the good entries, and a RegistryError naming the line
    for each bad one (a bad entry is left out; the others stay)."""
    if not path.is_file():
        return {}, []
    text, bad_lines = _decode(path.read_bytes())
    problems: list[RegistryError] = []
    try:
        root = compose(text)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        problem = getattr(exc, "problem", None) or exc
        problems = [RegistryError(path, n, p) for n, p in sorted(bad_lines.items())]
        return {}, [*problems, RegistryError(path, line, f"not valid YAML ({problem})")]
    if root is None:
        return {}, [RegistryError(path, n, p) for n, p in sorted(bad_lines.items())]
    if not isinstance(root, yaml.MappingNode):
        error = RegistryError(path, 1, "expected a mapping of person id to fields, e.g. 'jackson:'")
        return {}, [error]
    people: dict[str, Person] = {}
    for key_node, value_node in root.value:
        first, last = key_node.start_mark.line + 1, value_node.end_mark.line + 1
        inside = sorted(line for line in bad_lines if first <= line <= last)
        try:
            person = _person(path, key_node, value_node, people)
            if inside:
                raise RegistryError(path, inside[0], bad_lines.pop(inside[0]))
            if any(isinstance(v, str) and UNSAFE.search(v) for v in astuple(person)):
                raise RegistryError(path, first, "a control character (a YAML escape); delete it")
        except RegistryError as exc:
            who = str(key_node.value)[:80]
            problems.append(RegistryError(path, exc.line, f"entry {who!r} left out: {exc.message}"))
            continue
        people[person.id] = person
    # Bad bytes or characters outside any entry (comments): nothing is left out.
    problems += [RegistryError(path, n, p) for n, p in sorted(bad_lines.items())]
    return people, sorted(problems, key=lambda exc: exc.line)


def load_registry(path: Path) -> dict[str, Person]:
    """The registry, for tools that must not work from part of it (the importer adds
    people to it): the first problem is raised as a RegistryError naming its line."""
    people, problems = read_registry(path)
    if problems:
        raise problems[0]
    return people


def _person(
    path: Path, key_node: yaml.Node, value_node: yaml.Node, people: dict[str, Person]
) -> Person:
    """One entry, checked; a RegistryError naming the line if it is bad."""
    line = key_node.start_mark.line + 1
    pid = str(key_node.value)
    if not ID_PATTERN.match(pid) or len(pid) > ID_MAX_LENGTH:
        suggestion = person_id_for(pid)[:ID_MAX_LENGTH].strip("-") or "jane-doe"
        raise RegistryError(
            path,
            line,
            f"id {pid[:80]!r} must be lower case words joined by hyphens, at most "
            f"{ID_MAX_LENGTH} characters, e.g. {suggestion!r}",
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
                f"{pid}: unknown field {str(fkey.value)[:80]!r} "
                f"(known: {', '.join(sorted(FIELDS))})",
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
    return Person(id=pid, lines=lines, **fields)
