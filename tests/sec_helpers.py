"""Helpers for the payload tests of issue 9 (output paths, file names, crashes): a small
site in a temporary folder, built strictly and leniently in fresh processes, and the
checks every such build must pass (no traceback, every newsdesk warning with file:line,
nothing written outside the output folder)."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from news_helpers import Warning_, build, copy_root, warnings_in

CRASH_SIGNS = ("Traceback", "Exception occurred", "Recursion error", "crash report")
NEWSDESK_WARNING = re.compile(r"\[newsdesk\.[\w-]+\]$")


@dataclass
class Built:
    result: subprocess.CompletedProcess[str]
    out: Path  # the HTML output folder
    warnings: list[Warning_]

    def messages(self, file: str, kind: str = "") -> list[tuple[int, str]]:
        return [
            (w.line, w.message)
            for w in self.warnings
            if w.path == file and (not kind or w.kind == kind)
        ]


def post(title: str, body: str = "Text.", date: str = "2024-10-01", head: str = "") -> str:
    """A post's text: front matter (``head`` adds lines), an H1 and a body."""
    return f"---\ndate: {date}\ntags: [ai]\n{head}---\n\n# {title}\n\n{body}\n"


def make_site(tmp: Path, files: dict[str, str | bytes]) -> Path:
    """A copy of tests/roots/test-news in ``tmp/src`` with ``files`` added or replaced."""
    src = copy_root("news", tmp / "src")
    for name, content in files.items():
        path = src / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return src


def tree(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def build_and_check(src: Path, out: Path, *, strict: bool) -> Built:
    """Build; assert no crash, every newsdesk warning placed, nothing written outside."""
    tmp = src.parent
    before = tree(tmp)
    result = build(src, out, strict=strict)
    output = result.stdout + result.stderr
    for sign in CRASH_SIGNS:
        assert sign not in output, output[-3000:]
    # A warning printed without a file:line location would not match WARNING_LINE.
    for line in result.stderr.splitlines():
        if NEWSDESK_WARNING.search(line.strip()):
            assert re.match(r"^\S[^:]*:\d+: WARNING: ", line.strip()), line
    stray = {
        name
        for name in tree(tmp) - before
        if not name.startswith(out.relative_to(tmp).as_posix() + "/")
    }
    assert not stray, f"written outside the output folder: {sorted(stray)}"
    if strict:
        assert result.returncode != 0, "the strict build must fail on bad input"
    else:
        assert result.returncode == 0, result.stderr[-3000:]
    return Built(result, out / "html", warnings_in(result.stderr))
