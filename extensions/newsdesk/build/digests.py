"""Digests of records, for deciding whether generated pages must be made again.

A record's digest covers the fields it is compared by (``dataclasses.fields`` with
``compare``): what the pages show, not where in a source file a value was written.
JSON with sorted keys, so the digest is the same in every process and on every run.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json


def record_fields(value: object) -> dict[str, object]:
    """A record's compared fields (json.dumps' ``default``: raises TypeError for others)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name) for f in dataclasses.fields(value) if f.compare}
    raise TypeError(f"{type(value).__name__} is not a record, and not JSON")


def records_json(data: object) -> str:
    """``data`` (JSON values and records, nested) as deterministic JSON."""
    return json.dumps(data, sort_keys=True, default=record_fields)


def records_digest(data: object) -> str:
    return hashlib.sha256(records_json(data).encode()).hexdigest()
