"""Internal links and anchors: LinkChecker over the built file tree."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .report import CheckResult

# LinkChecker's configuration: internal links only, and every #fragment must exist.
LINKCHECKER_RC = """\
[filtering]
checkextern=0

[AnchorCheck]
"""
TIMEOUT_S = 600


def readable_copy(root: Path, workdir: Path) -> Path:
    """A copy of the site that the user ``nobody`` can read.

    Started as root, LinkChecker switches to ``nobody`` before reading anything, and the
    build output (or a folder above it, such as pytest's private temporary folders) may not
    be readable by others. A world-readable copy in a fresh temporary folder always is.
    """
    site = workdir / "site"
    shutil.copytree(root, site)
    for folder, dirs, files in os.walk(workdir):
        for name in dirs:
            os.chmod(Path(folder, name), 0o755)
        for name in files:
            os.chmod(Path(folder, name), 0o644)
    os.chmod(workdir, 0o755)
    return site


def run_linkchecker(site: Path, pages: list[Path], workdir: Path) -> tuple[int, str, str]:
    config = workdir / "linkcheckerrc"
    config.write_text(LINKCHECKER_RC, encoding="utf-8")
    config.chmod(0o644)
    urls = [path.resolve().as_uri() for path in pages]
    command = [sys.executable, "-m", "linkcheck", "--config", str(config), "--output", "csv"]
    command += ["--no-status", "--threads", "4", *urls]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=TIMEOUT_S, cwd=workdir, check=False
    )
    return done.returncode, done.stdout, done.stderr


def check_links(root: Path, pages: list[Path]) -> CheckResult:
    result = CheckResult("links", f"internal links and anchors of {len(pages)} pages")
    with tempfile.TemporaryDirectory(prefix="newsdesk-links-") as tmp:
        workdir = Path(tmp)
        site = root.resolve()
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            site = readable_copy(site, workdir)
            result.notes.append("run as root: LinkChecker reads a world-readable copy as nobody")
        copied = [site / page.resolve().relative_to(root.resolve()) for page in pages]
        try:
            code, out, err = run_linkchecker(site, copied, workdir)
        except subprocess.TimeoutExpired:
            result.problems.append(f"LinkChecker did not finish in {TIMEOUT_S} s")
            return result
        base = site.as_uri() + "/"
        if code not in (0, 1):  # 1 means "found problems"; anything else is LinkChecker failing
            result.problems.append(f"LinkChecker failed (exit {code}): {err.strip()[-800:]}")
            return result
        result.problems += link_problems(out, base)
        if code == 1 and not result.problems:
            result.problems.append(
                f"LinkChecker reported a problem it did not list: {err.strip()[-800:]}"
            )
    return result


def link_problems(report: str, base: str) -> list[str]:
    """One line per broken link or missing anchor in LinkChecker's CSV report."""
    rows = csv.DictReader(
        (line for line in report.splitlines() if line and not line.startswith("#")), delimiter=";"
    )
    problems = []
    for row in rows:
        broken = row.get("valid") == "False"
        warning = (row.get("warningstring") or "").strip()
        if not broken and not warning:
            continue
        parent = (row.get("parentname") or "").removeprefix(base) or "(start)"
        where = f"{parent}:{row.get('line')}" if row.get("line") else parent
        what = (row.get("result") if broken else warning) or "broken"
        problems.append(f"{where}: {row.get('urlname')}: {_short(what)}")
    return problems


def _short(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
