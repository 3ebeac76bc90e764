"""Lighthouse (npm ``lighthouse``, pinned in the Makefile) in Debian's Chromium, mobile
preset, on the home page, a post, a tag page and a person page, with budgets that fail
the check. The site is served on 127.0.0.1 with gzip, as a host serves it to readers
(Python's own server sends CSS uncompressed, which no reader ever gets)."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from .accessibility import CHROMIUM, CHROMIUM_FLAGS, QuietHandler, serve
from .pages import sample_pages
from .report import CheckResult

BUDGETS = {"performance": 0.90, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}
COMPRESSED = (".html", ".css", ".js", ".svg", ".xml", ".json", ".txt")
RUN_TIMEOUT_S = 240


class GzipHandler(QuietHandler):
    """Static files, gzipped for clients that accept it (as a reader's host serves them)."""

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not path.is_file() or not accepts or path.suffix not in COMPRESSED:
            super().do_GET()
            return
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def failing_audits(report: dict[str, Any], category: str) -> list[str]:
    """The weighted audits of a category that did not pass, for the message."""
    found = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
            shown = audit.get("displayValue") or ""
            found.append(f"{audit['id']} {shown}".strip())
    return found


def run_lighthouse(cli: Path, url: str, chromium: str) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "report.json"
        command = [
            "node",
            str(cli),
            url,
            "--output=json",
            f"--output-path={output}",
            "--quiet",
            f"--chrome-flags={' '.join(CHROMIUM_FLAGS)}",
            f"--only-categories={','.join(BUDGETS)}",
        ]
        env = {**os.environ, "CHROME_PATH": chromium}
        done = subprocess.run(
            command, capture_output=True, text=True, env=env, timeout=RUN_TIMEOUT_S, check=False
        )
        if done.returncode != 0 or not output.is_file():
            raise RuntimeError((done.stderr or done.stdout).strip().splitlines()[-1:] or "failed")
        report: dict[str, Any] = json.loads(output.read_text(encoding="utf-8"))
        return report


def check_lighthouse(root: Path, cli: Path, chromium: str = CHROMIUM) -> CheckResult:
    pages, missing = sample_pages(root)
    budgets = ", ".join(f"{name} >= {int(score * 100)}" for name, score in BUDGETS.items())
    result = CheckResult("lighthouse", f"mobile preset, budgets {budgets}")
    result.notes += missing
    if not cli.is_file():
        result.problems.append(f"{cli} is missing: npm install --prefix .check lighthouse")
    if not Path(chromium).is_file():
        result.problems.append(f"{chromium} is missing: apt-get install -y chromium")
    if result.problems:
        return result
    with serve(root, GzipHandler) as base:
        for kind, path in pages.items():
            relative = path.relative_to(root).as_posix()
            label = f"{kind} page ({relative})"
            try:
                report = run_lighthouse(cli, base + relative, chromium)
                scores = {name: report["categories"][name]["score"] for name in BUDGETS}
                if (scores["performance"] or 0) < BUDGETS["performance"]:
                    # Performance varies from run to run on a shared machine: as
                    # Lighthouse advises, take the median of three runs.
                    runs = [report] + [run_lighthouse(cli, base + relative, chromium) for _ in "ab"]
                    runs.sort(key=lambda run: run["categories"]["performance"]["score"] or 0)
                    report = runs[1]
                    scores["performance"] = report["categories"]["performance"]["score"]
                    result.notes.append(f"{label}: performance is the median of 3 runs")
            except (RuntimeError, subprocess.TimeoutExpired) as exc:
                result.problems.append(f"{label}: lighthouse failed: {exc}")
                continue
            shown = ", ".join(f"{name} {round((s or 0) * 100)}" for name, s in scores.items())
            result.notes.append(f"{label}: {shown}")
            for name, floor in BUDGETS.items():
                if (scores[name] or 0) < floor:
                    audits = "; ".join(failing_audits(report, name))
                    result.problems.append(
                        f"{label}: {name} {round((scores[name] or 0) * 100)} "
                        f"< {int(floor * 100)} ({audits})"
                    )
    return result
