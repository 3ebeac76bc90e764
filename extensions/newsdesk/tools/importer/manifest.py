"""What the import wrote, by digest, so ``--update`` can tell an untouched post from an
edited one: a post whose bytes still have the digest recorded when it was written may be
rewritten; any other is an editor's work and is left as it is.

The manifest is ``.jekyll-import.json`` in the posts folder (``--dest``): a hidden file
Sphinx never reads, ``{"path": "sha256"}`` with paths relative to that folder.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from ...build.writing import write_atomically

MANIFEST_NAME = ".jekyll-import.json"


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Manifest:
    def __init__(self, dest: Path) -> None:
        self.dest = dest
        self.path = dest / MANIFEST_NAME
        self.entries: dict[str, str] = {}
        try:
            loaded = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            loaded = {}  # none yet (or unreadable): every existing post counts as edited
        if isinstance(loaded, dict):
            self.entries = {str(k): str(v) for k, v in loaded.items()}
        self.saved = dict(self.entries)

    def key(self, path: Path) -> str:
        return Path(os.path.relpath(path.resolve(), self.dest.resolve())).as_posix()

    def unedited(self, path: Path) -> bool:
        """True when ``path`` holds exactly what the import last wrote there."""
        try:
            data = path.read_bytes()
        except OSError:
            return not path.exists()
        return self.entries.get(self.key(path)) == digest(data)

    def record(self, path: Path, data: bytes) -> None:
        self.entries[self.key(path)] = digest(data)

    def save(self) -> None:
        if self.entries != self.saved:
            text = json.dumps(dict(sorted(self.entries.items())), indent=1) + "\n"
            write_atomically(self.path, text.encode("utf-8"))
            self.saved = dict(self.entries)
