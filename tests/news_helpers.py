"""Helpers for the newsdesk news/memo/people tests: copy a testing root, build it in a fresh
process, and read what the build said and wrote."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup
from conftest import ROOTS, sphinx_build

WARNING_LINE = re.compile(
    r"^(?P<path>[^\s:][^:]*):(?P<line>\d+): WARNING: (?P<message>.*?)(?: \[(?P<kind>[\w.-]+)\])?$"
)
SNAPSHOTS = Path(__file__).parent / "data" / "newsdesk"


@dataclass(frozen=True)
class Warning_:
    path: str
    line: int
    message: str
    kind: str  # "newsdesk.url", ...


def copy_root(name: str, dest: Path) -> Path:
    """A copy of ``tests/roots/test-<name>`` to build (or edit) without touching the root."""
    shutil.copytree(ROOTS / f"test-{name}", dest)
    return dest


def build(
    src: Path, out: Path, *extra: str, builder: str = "html", strict: bool = True
) -> subprocess.CompletedProcess[str]:
    return sphinx_build(src, out, *extra, builder=builder, strict=strict)


def warnings_in(stderr: str) -> list[Warning_]:
    found = []
    for line in stderr.splitlines():
        match = WARNING_LINE.match(line.strip())
        if match:
            found.append(
                Warning_(
                    Path(match["path"]).name,
                    int(match["line"]),
                    match["message"],
                    match["kind"] or "",
                )
            )
    return found


def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def html_files(outdir: Path) -> dict[str, str]:
    """Every HTML page of an output folder, by path relative to it."""
    return {
        str(path.relative_to(outdir)): path.read_text(encoding="utf-8")
        for path in sorted(outdir.rglob("*.html"))
        if "_sources" not in path.parts
    }
