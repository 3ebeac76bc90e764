"""Atomic, idempotent file writes: readers never see half a file, and a file whose bytes
would not change is not touched (its time stamp stays, so builds stay incremental)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def same_bytes(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() == data
    except OSError:
        return False


def write_atomically(path: Path, data: bytes) -> bool:
    """Replace ``path`` with ``data`` through a temporary file; False if already equal."""
    if same_bytes(path, data):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.chmod(tmp_name, mode)  # mkstemp makes it private; keep the file's usual mode
        os.replace(tmp_name, path)
    except BaseException:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)
        raise
    return True
