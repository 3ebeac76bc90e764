"""`make bench`: build-speed and memory of the site at 52, 260 and 520 posts.

For each size it generates a corpus (bench/generate.py), then measures with the exact
command `make html` runs (same Makefile, same flags):
  full       clean build (output and doctrees removed first)
  no-change  rebuild with nothing changed
  edit       rebuild after one post's text is edited
  add        rebuild after one post is added (removed again, unmeasured, after each run)
and, as a reference, a clean build of the same corpus as a plain Sphinx + MyST +
book-theme site, without ablog or newsdesk. Wall seconds are the median of 3 runs; memory
is the peak resident size of the build (the largest of its processes). Prints a table and
writes bench/results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from generate import generate

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
WORK = BENCH / "work"
RUNS = 3


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of a command and the processes it waited for."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = process.stdout.read() if process.stdout else b""
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.stderr.write(output.decode(errors="replace")[-5000:])
        raise SystemExit(f"benchmark build failed: {' '.join(command)}")
    return elapsed, usage.ru_maxrss / 1024


def make_html(src: Path, out: Path) -> list[str]:
    return ["make", "--no-print-directory", "-s", "html", f"SOURCEDIR={src}", f"OUT={out}"]


def plain_build(src: Path, out: Path) -> list[str]:
    python = str(REPO / ".venv/bin/python")
    return [
        python,
        "-m",
        "sphinx",
        "-q",
        "-b",
        "html",
        "-d",
        str(out / "doctrees"),
        str(src),
        str(out / "html"),
    ]


def measure(label: str, runs: list[tuple[float, float]]) -> dict[str, float]:
    seconds = statistics.median(r[0] for r in runs)
    memory = max(r[1] for r in runs)
    print(f"    {label:<10} {seconds:7.2f} s  {memory:6.0f} MiB", flush=True)
    return {
        "seconds": round(seconds, 3),
        "peak_mib": round(memory, 1),
        "runs": [round(r[0], 3) for r in runs],
    }


def clean_runs(command: list[str], out: Path) -> list[tuple[float, float]]:
    """RUNS clean builds: the output (and doctrees) removed before each."""
    runs = []
    for _ in range(RUNS):
        shutil.rmtree(out, ignore_errors=True)
        runs.append(timed(command, REPO))
    return runs


def bench_size(count: int) -> dict[str, dict[str, float]]:
    src = generate(WORK / f"site-{count}", count)
    out = WORK / f"out-{count}"
    plain_src = generate(WORK / f"plain-{count}", count, plain=True)
    plain_out = WORK / f"plain-out-{count}"
    print(f"  {count} posts", flush=True)
    results: dict[str, dict[str, float]] = {}

    results["full"] = measure("full", clean_runs(make_html(src, out), out))

    results["no-change"] = measure(
        "no-change", [timed(make_html(src, out), REPO) for _ in range(RUNS)]
    )

    post = sorted((src / "posts").rglob("*.md"))[count // 2]
    original = post.read_text(encoding="utf-8")
    runs = []
    for run in range(RUNS):
        post.write_text(
            original.replace("### Introduction", f"### Introduction\n\nEdit {run}.", 1),
            encoding="utf-8",
        )
        runs.append(timed(make_html(src, out), REPO))
    results["edit"] = measure("edit", runs)
    post.write_text(original, encoding="utf-8")
    timed(make_html(src, out), REPO)

    runs = []
    for run in range(RUNS):
        added = post.parent / f"bench-added-{run}.md"
        added.write_text(
            original.replace("# Week #", f"# Added {run}: Week #", 1), encoding="utf-8"
        )
        runs.append(timed(make_html(src, out), REPO))
        added.unlink()
        timed(make_html(src, out), REPO)
    results["add"] = measure("add", runs)

    results["plain-full"] = measure(
        "plain full", clean_runs(plain_build(plain_src, plain_out), plain_out)
    )
    results["plain-no-change"] = measure(
        "plain none", [timed(plain_build(plain_src, plain_out), REPO) for _ in range(RUNS)]
    )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[52, 260, 520])
    parser.add_argument("--output", type=Path, default=BENCH / "results.json")
    args = parser.parse_args()
    WORK.mkdir(exist_ok=True)
    print(f"Tech Pulse benchmark on {os.cpu_count()} cores, Python {platform.python_version()}")
    results = {str(n): bench_size(n) for n in args.sizes}
    per_post = {n: results[n]["full"]["seconds"] / int(n) for n in results}
    print("\n| posts | full | no-change | edit | add | peak MiB | plain full | plain no-change |")
    print("|---|---|---|---|---|---|---|---|")
    for n, r in results.items():
        peak = max(r[k]["peak_mib"] for k in ("full", "no-change", "edit", "add"))
        print(
            f"| {n} | {r['full']['seconds']:.1f} | {r['no-change']['seconds']:.1f} | "
            f"{r['edit']['seconds']:.1f} | {r['add']['seconds']:.1f} | {peak:.0f} | "
            f"{r['plain-full']['seconds']:.1f} | {r['plain-no-change']['seconds']:.1f} |"
        )
    if len(per_post) > 1:
        small, large = min(per_post, key=int), max(per_post, key=int)
        ratio = per_post[large] / per_post[small]
        print(f"\nper-post cost at {large} / at {small}: {ratio:.2f}x")
    args.output.write_text(
        json.dumps(
            {
                "machine": {"cores": os.cpu_count(), "python": platform.python_version()},
                "results": results,
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
