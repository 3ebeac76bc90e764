"""Digests of records, for deciding whether generated pages must be made again.

A record's digest covers the fields it is compared by (``dataclasses.fields`` with
``compare``): what the pages show, not where in a source file a value was written.
JSON with sorted keys, so the digest is the same in every process and on every run.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json


@functools.cache
def compared_fields(record_type: type) -> tuple[str, ...]:
    """The names of a record class's compared fields (a class's fields do not change:
    ``dataclasses.fields`` for each of the ~15,000 records a digest of the people pages
    encodes was 4% of a build that made them)."""
    return tuple(f.name for f in dataclasses.fields(record_type) if f.compare)


def record_fields(value: object) -> dict[str, object]:
    """A record's compared fields (json.dumps' ``default``: raises TypeError for others)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {name: getattr(value, name) for name in compared_fields(type(value))}
    raise TypeError(f"{type(value).__name__} is not a record, and not JSON")


def records_json(data: object) -> str:
    """``data`` (JSON values and records, nested) as deterministic JSON."""
    return json.dumps(data, sort_keys=True, default=record_fields)


def records_digest(data: object) -> str:
    return hashlib.sha256(records_json(data).encode()).hexdigest()
