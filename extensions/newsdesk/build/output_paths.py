"""One rule for every path the build writes from input: documents' file names, redirect
pages (``redirect_from``, ablog's ``redirect``) and the importer's slugs.

A safe path is relative, in Unicode NFC, made of letters, digits and ``-_.~`` in parts
separated by ``/``, with no empty, ``.`` or ``..`` part, and short enough for every file
system (a part of at most :data:`NAME_MAX_BYTES` bytes leaves room for the temporary
names writes go through). Anything else can end a string in a page's inline script
(Sphinx writes ``DOCUMENTATION_OPTIONS.pagename = '...'``), an attribute, a URL, or the
output folder itself (``ENAMETOOLONG``).
"""

from __future__ import annotations

import re
import unicodedata

SAFE_PUNCTUATION = "-_.~"
NAME_MAX_BYTES = 200  # ext4 and most others allow 255; temporary names add ~15
PATH_MAX_BYTES = 1000  # the output folder's own path comes on top (PATH_MAX is 4096)


def _is_safe_char(char: str) -> bool:
    return char.isalnum() or char in SAFE_PUNCTUATION


def describe(char: str) -> str:
    """A character as an editor can find it: "'", 'a space', 'U+0007'."""
    if char == " ":
        return "a space"
    if char.isprintable():
        return repr(char)
    return f"U+{ord(char):04X}"


def unsafe_reason(path: str) -> str | None:
    """Why ``path`` (relative, ``/``-separated) is not a safe output path; None if it is."""
    if not unicodedata.is_normalized("NFC", path):
        return "is not in Unicode NFC form (a letter and its accent are separate characters)"
    bad = sorted({char for char in path if char != "/" and not _is_safe_char(char)})
    if bad:
        return "contains " + ", ".join(describe(char) for char in bad)
    parts = path.split("/")
    if any(part in ("", ".", "..") for part in parts):
        return "has an empty, '.' or '..' part"
    if any(len(part.encode("utf-8")) > NAME_MAX_BYTES for part in parts):
        return f"has a name longer than {NAME_MAX_BYTES} bytes"
    if len(path.encode("utf-8")) > PATH_MAX_BYTES:
        return f"is longer than {PATH_MAX_BYTES} bytes"
    return None


def safe_name(text: str, fallback: str = "post") -> str:
    """A safe single name for ``text``: unsafe runs become '-', trimmed to the limit."""
    text = unicodedata.normalize("NFC", text)
    name = re.sub(r"-+", "-", "".join(c if _is_safe_char(c) else "-" for c in text))
    name = re.sub(r"-+\.", ".", name).strip("-.")  # 'it's (1).md' -> 'it-s-1.md'
    while len(name.encode("utf-8")) > NAME_MAX_BYTES:
        name = name[:-1]
    name = name.rstrip("-.")
    return name or fallback


def safe_path(path: str, fallback: str = "post") -> str:
    """``safe_name`` for each part of a ``/``-separated path (a suggestion for editors)."""
    return "/".join(safe_name(part, fallback) for part in path.split("/") if part)
