"""`make bench`: build speed and memory of the site beside Jekyll, Hugo and plain Sphinx.

For each size (52, 260, 520 posts) it generates one corpus in four flavours
(bench/generate.py: the same posts, words, tags and takes) and measures in rounds, so
that a drift of the machine's load falls on every tool alike. One round:
  newsdesk full       clean build with the exact command `make html` runs (same flags)
  Jekyll full         clean `jekyll build` (Debian's jekyll, jekyll-feed, jekyll-archives)
  newsdesk no-change  rebuild with nothing changed
  Hugo full           clean `hugo` build (Debian's hugo, the layouts in bench/hugo)
  newsdesk edit       rebuild after one post's text is edited (restored, unmeasured)
  plain full          clean build of the posts as a plain Sphinx + MyST + book theme site
  newsdesk add, mid-archive  rebuild after a copy of a post in the middle of the archive
                      is added (removed, unmeasured rebuild): `make bench` before issue 13
  newsdesk add        rebuild after the next week's post is added (removed after the
                      round): the newest post, in the recent posts of the pages listing them
  plain no-change     rebuild of the plain site with nothing changed
  Jekyll, no sidebars clean build of the Jekyll blog with its sidebars left out (minima's
                      pages have none): what the same sidebars as ours cost Jekyll
After the rounds, `make serve`'s process (`newsdesk serve`, as the Makefile starts it) on
the corpus: seconds from saving an edit of one post to the edited page on disk, once a
round (its CPU seconds from /proc; its peak memory from VmHWM).
Wall seconds are the median of the rounds (3); memory is the peak resident size of a
build (the largest of its processes). A peer that is not installed is skipped with a
message. Prints the tables and the ratios of issue 13 with their targets, and writes
bench/results.json. A missed target is a measurement, not a failure: the exit status is
non-zero only when a build fails.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import queue
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generate import generate, newsdesk_post, posts

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
WORK = BENCH / "work"
ROUNDS = 3
SIZES = [52, 260, 520]


class BuildFailed(Exception):
    """A measured build exited non-zero; the message ends with its output's tail."""


@dataclass
class Run:
    seconds: float
    cpu_seconds: float
    peak_mib: float


def timed(command: list[str], cwd: Path = REPO) -> Run:
    """Wall and CPU seconds and peak RSS (MiB) of a command and the processes it waited for."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = process.stdout.read() if process.stdout else b""
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        tail = output.decode(errors="replace")[-3000:]
        raise BuildFailed(f"{' '.join(command)} failed:\n{tail}")
    return Run(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


@dataclass
class Series:
    """The runs of one measurement (a tool and a kind of build) over the rounds."""

    runs: list[Run] = field(default_factory=list)
    pages: int | None = None  # HTML pages a clean build wrote

    @property
    def seconds(self) -> float:
        return statistics.median(run.seconds for run in self.runs)

    @property
    def cpu_seconds(self) -> float:
        return statistics.median(run.cpu_seconds for run in self.runs)

    @property
    def peak_mib(self) -> float:
        return max(run.peak_mib for run in self.runs)

    def as_json(self) -> dict[str, object]:
        return {
            "seconds": round(self.seconds, 3),
            "cpu_seconds": round(self.cpu_seconds, 3),
            "peak_mib": round(self.peak_mib, 1),
            "runs": [round(run.seconds, 3) for run in self.runs],
            **({"html_pages": self.pages} if self.pages is not None else {}),
        }


# --- the tools ------------------------------------------------------------------------


def make_html(src: Path, out: Path) -> list[str]:
    return ["make", "--no-print-directory", "-s", "html", f"SOURCEDIR={src}", f"OUT={out}"]


def plain_sphinx(src: Path, out: Path) -> list[str]:
    python = str(REPO / ".venv/bin/python")
    return [python, "-m", "sphinx", "-q", "-b", "html", "-d", str(out / "doctrees"),
            str(src), str(out / "html")]  # fmt: skip


def jekyll_build(src: Path, out: Path) -> list[str]:
    # No Gemfile in the site: Jekyll loads Debian's gems and bundler fetches nothing.
    return ["jekyll", "build", "--quiet", "--source", str(src), "--destination", str(out)]


def hugo_build(src: Path, out: Path) -> list[str]:
    return ["hugo", "--quiet", "--source", str(src), "--destination", str(out)]


def jekyll_missing() -> str | None:
    if shutil.which("jekyll") is None or shutil.which("ruby") is None:
        return "jekyll is not installed (Debian: jekyll, ruby-jekyll-feed, ruby-jekyll-archives)"
    probe = subprocess.run(
        ["ruby", "-e", 'require "jekyll"; require "jekyll-feed"; require "jekyll-archives"'],
        capture_output=True,
        text=True,
        check=False,
    )
    if probe.returncode != 0:
        return "jekyll's plugins are missing (Debian: ruby-jekyll-feed, ruby-jekyll-archives)"
    return None


def hugo_missing() -> str | None:
    return None if shutil.which("hugo") else "hugo is not installed (Debian: hugo)"


def version(command: list[str]) -> str:
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError:
        return ""
    return result.stdout.strip().splitlines()[0] if result.stdout.strip() else ""


@dataclass
class Peer:
    """Jekyll or Hugo: a clean build of its flavour of the corpus, or skipped."""

    name: str
    flavour: str
    command: Callable[[Path, Path], list[str]]
    missing: Callable[[], str | None]
    caches: tuple[str, ...]  # folders in the source a build keeps between runs
    skipped: str | None = None

    def clean_build(self, src: Path, out: Path) -> Run | None:
        if self.skipped:
            return None
        shutil.rmtree(out, ignore_errors=True)
        for cache in self.caches:
            shutil.rmtree(src / cache, ignore_errors=True)
        try:
            return timed(self.command(src, out))
        except BuildFailed as failure:
            # Keep measuring the others; the exit status reports the failure.
            self.skipped = f"build failed: {failure}"
            print(f"  {self.name}: {self.skipped}", file=sys.stderr, flush=True)
            return None


PEERS = [
    Peer("Jekyll", "jekyll", jekyll_build, jekyll_missing, (".jekyll-cache", ".jekyll-metadata")),
    Peer("Hugo", "hugo", hugo_build, hugo_missing, ("resources", ".hugo_build.lock")),
]


# --- one size -------------------------------------------------------------------------


def html_pages(out: Path) -> int:
    return sum(1 for _ in out.rglob("*.html"))


def clean(command: list[str], out: Path) -> Run:
    shutil.rmtree(out, ignore_errors=True)
    return timed(command)


def process_cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def process_peak_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Preview:
    """`newsdesk serve` on a corpus, as `make serve` starts it, read line by line."""

    def __init__(self, src: Path, out: Path) -> None:
        shutil.rmtree(out, ignore_errors=True)
        self.port = free_port()
        command = [str(REPO / ".venv/bin/newsdesk"), "serve", "--port", str(self.port),
                   "-d", str(out / "doctrees"), str(src), str(out / "html")]  # fmt: skip
        self.process = subprocess.Popen(
            command,
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "NEWSDESK_PREVIEW": "1"},
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.wait_for("Waiting to detect changes", timeout=900)
        self.wait_for_server()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)
        self.lines.put("")  # the process ended

    def wait_for(self, text: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                continue
            if line == "":
                raise BuildFailed(f"newsdesk serve ended before {text!r}")
            if text in line:
                return
        raise BuildFailed(f"newsdesk serve: no {text!r} in {timeout:.0f} s")

    def wait_for_server(self) -> None:
        for _ in range(200):
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.05)
        raise BuildFailed("newsdesk serve: the server did not start")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def serve_edits(src: Path, out: Path, post: Path, rounds: int) -> Series:
    """Seconds from saving an edit of ``post`` to its page on disk, in `make serve`'s
    process; the post is restored (and that build waited for) after each."""
    original = post.read_text(encoding="utf-8")
    page = out / "html" / post.relative_to(src).with_suffix(".html")
    series = Series()
    preview = Preview(src, out)
    try:
        for number in range(rounds):
            marker = f"Edited in the preview, {number}."
            time.sleep(0.5)  # the watcher's debounce: a save well after the last
            cpu = process_cpu_seconds(preview.process.pid)
            start = time.perf_counter()
            edited = original.replace("### Introduction", f"### Introduction\n\n{marker}", 1)
            post.write_text(edited, encoding="utf-8")
            while marker not in page.read_text(encoding="utf-8", errors="replace"):
                if time.perf_counter() - start > 120:
                    raise BuildFailed("newsdesk serve: the edited page was not written in 120 s")
                time.sleep(0.005)
            elapsed = time.perf_counter() - start
            used = process_cpu_seconds(preview.process.pid) - cpu
            preview.wait_for("Serving on", timeout=300)  # the rest of that build
            post.write_text(original, encoding="utf-8")
            preview.wait_for("Serving on", timeout=300)
            series.runs.append(Run(elapsed, used, process_peak_mib(preview.process.pid)))
    finally:
        post.write_text(original, encoding="utf-8")
        preview.stop()
    return series


def bench_size(count: int, rounds: int, work: Path = WORK) -> dict[str, Series]:
    src = generate(work / f"site-{count}", count)
    out = work / f"out-{count}"
    plain_src = generate(work / f"plain-{count}", count, plain=True)
    plain_out = work / f"plain-out-{count}"
    peer_src = {
        peer.name: generate(work / f"{peer.flavour}-{count}", count, flavour=peer.flavour)
        for peer in PEERS
    }
    peer_out = {peer.name: work / f"{peer.flavour}-out-{count}" for peer in PEERS}
    jekyll, hugo = PEERS
    # Jekyll's pages without the sidebars (recent posts, tags, years), as minima makes
    # them: what those cost Jekyll (its Liquid loops run on every page).
    bare = work / f"jekyll-bare-{count}"
    shutil.rmtree(bare, ignore_errors=True)
    shutil.copytree(peer_src["Jekyll"], bare)
    (bare / "_includes" / "sidebar.html").write_text("", encoding="utf-8")
    post = sorted((src / "posts").rglob("*.md"))[count // 2]
    original = post.read_text(encoding="utf-8")
    edited = original.replace("### Introduction", "### Introduction\n\nEdited.", 1)
    added = post.parent / "bench-added.md"
    # The next week's issue, as an editor adds one: the newest post, in the recent posts.
    following = posts(count + 1)[-1]
    newest = src / "posts" / str(following.day.year) / f"{following.slug}.md"
    series = {name: Series() for name in MEASUREMENTS}

    def peer(tool: Peer, name: str, source: Path | None = None) -> None:
        run = tool.clean_build(source or peer_src[tool.name], peer_out[tool.name])
        if run:
            series[name].runs.append(run)
            series[name].pages = html_pages(peer_out[tool.name])

    print(f"  {count} posts, {rounds} rounds", flush=True)
    for round_number in range(rounds):
        try:
            series["full"].runs.append(clean(make_html(src, out), out))
            series["full"].pages = html_pages(out / "html")
            peer(jekyll, "jekyll-full")
            series["no-change"].runs.append(timed(make_html(src, out)))
            peer(hugo, "hugo-full")
            post.write_text(edited, encoding="utf-8")
            series["edit"].runs.append(timed(make_html(src, out)))
            series["plain-full"].runs.append(clean(plain_sphinx(plain_src, plain_out), plain_out))
            series["plain-full"].pages = html_pages(plain_out / "html")
            post.write_text(original, encoding="utf-8")
            timed(make_html(src, out))  # back to the corpus, unmeasured
            added.write_text(original.replace("# Week #", "# Added: Week #", 1), encoding="utf-8")
            series["add-middle"].runs.append(timed(make_html(src, out)))
            added.unlink()
            timed(make_html(src, out))  # back to the corpus, unmeasured
            newest.parent.mkdir(exist_ok=True)
            newest.write_text(newsdesk_post(following) + "\n", encoding="utf-8")
            series["add"].runs.append(timed(make_html(src, out)))
            series["plain-no-change"].runs.append(timed(plain_sphinx(plain_src, plain_out)))
            peer(jekyll, "jekyll-bare-full", bare)
        finally:
            post.write_text(original, encoding="utf-8")
            added.unlink(missing_ok=True)
            newest.unlink(missing_ok=True)
        done = ", ".join(
            f"{name} {s.runs[-1].seconds:.1f}"
            for name, s in series.items()
            if len(s.runs) > round_number
        )
        print(f"    round {round_number + 1}: {done}", flush=True)
    series["serve-edit"] = serve_edits(src, work / f"serve-{count}", post, rounds)
    runs = ", ".join(f"{run.seconds:.2f}" for run in series["serve-edit"].runs)
    print(f"    make serve, edit to page: {runs} s", flush=True)
    return {name: s for name, s in series.items() if s.runs}


MEASUREMENTS = {
    "full": "newsdesk full",
    "no-change": "newsdesk no-change",
    "edit": "newsdesk edit",
    "add": "newsdesk add",
    "add-middle": "newsdesk add, mid-archive",
    "jekyll-full": "Jekyll full",
    "jekyll-bare-full": "Jekyll full, no sidebars",
    "hugo-full": "Hugo full",
    "plain-full": "plain Sphinx full",
    "plain-no-change": "plain Sphinx no-change",
    "serve-edit": "make serve: edit to page",
}
NEWSDESK = ("full", "no-change", "edit", "add", "add-middle", "serve-edit")


# --- the ratios of issue 13 -------------------------------------------------------------


@dataclass
class Ratio:
    name: str
    value: float | None  # None: a tool it needs was skipped
    target: float | None  # None: reported, no target
    unit: str = "x"
    cpu_value: float | None = None  # the same ratio of CPU seconds (less sensitive to load)

    @property
    def status(self) -> str:
        if self.value is None:
            return "n/a"
        if self.target is None:
            return "-"
        return "pass" if self.value <= self.target else "MISS"

    def as_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "value": None if self.value is None else round(self.value, 3),
            "cpu_value": None if self.cpu_value is None else round(self.cpu_value, 3),
            "target": self.target,
            "unit": self.unit,
            "status": self.status,
        }


def ratio(results: dict[str, Series], top: str, bottom: str) -> tuple[float | None, float | None]:
    if top not in results or bottom not in results:
        return None, None
    a, b = results[top], results[bottom]
    return a.seconds / b.seconds, a.cpu_seconds / b.cpu_seconds


def row(name: str, values: tuple[float | None, float | None], target: float | None) -> Ratio:
    wall, cpu = values
    return Ratio(name, wall, target, cpu_value=cpu)


def per_post(
    large: Series, large_count: int, small: Series, small_count: int
) -> tuple[float, float]:
    """How a post's share of a full build grows from the small corpus to the large one."""
    wall = (large.seconds / large_count) / (small.seconds / small_count)
    cpu = (large.cpu_seconds / large_count) / (small.cpu_seconds / small_count)
    return wall, cpu


def ratios(results: dict[int, dict[str, Series]]) -> list[Ratio]:
    """Issue 13's targets, at the largest size measured (520 in a full run)."""
    n = max(results)
    at = results[n]
    rows = [
        row(f"newsdesk full / Jekyll full ({n})", ratio(at, "full", "jekyll-full"), 2.5),
        row(f"newsdesk edit / Hugo full ({n})", ratio(at, "edit", "hugo-full"), 2.0),
        row(f"newsdesk add (next week's post) / edit ({n})", ratio(at, "add", "edit"), 2.0),
        row(f"newsdesk add (mid-archive) / edit ({n})", ratio(at, "add-middle", "edit"), 2.0),
        Ratio(
            f"make serve: edit to page on disk ({n})",
            at["serve-edit"].seconds if "serve-edit" in at else None,
            1.0,
            " s",
            cpu_value=at["serve-edit"].cpu_seconds if "serve-edit" in at else None,
        ),
        Ratio(
            f"newsdesk peak memory ({n})",
            max(at[m].peak_mib for m in NEWSDESK if m in at),
            300.0,
            " MiB",
        ),
    ]
    small = min(results)
    if small != n:
        growth = per_post(at["full"], n, results[small]["full"], small)
        rows.append(row(f"per-post cost of a full build, {n} / {small}", growth, 1.1))
    return [
        *rows,
        row(f"newsdesk full / plain Sphinx full ({n})", ratio(at, "full", "plain-full"), None),
        row(f"plain Sphinx full / Jekyll full ({n})", ratio(at, "plain-full", "jekyll-full"), None),
        row(f"newsdesk full / Hugo full ({n})", ratio(at, "full", "hugo-full"), None),
        row(
            f"newsdesk full / Jekyll without sidebars ({n})",
            ratio(at, "full", "jekyll-bare-full"),
            None,
        ),
    ]


# --- report ---------------------------------------------------------------------------


def seconds_table(results: dict[int, dict[str, Series]]) -> list[str]:
    lines = [
        "| posts | " + " | ".join(MEASUREMENTS.values()) + " |",
        "|---|" + "---|" * len(MEASUREMENTS),
    ]
    for count, at in results.items():
        cells = [f"{at[name].seconds:.1f}" if name in at else "skipped" for name in MEASUREMENTS]
        lines.append(f"| {count} | " + " | ".join(cells) + " |")
    return lines


TOOLS = {
    "newsdesk": NEWSDESK,
    "Jekyll": ("jekyll-full", "jekyll-bare-full"),
    "Hugo": ("hugo-full",),
    "plain Sphinx": ("plain-full", "plain-no-change"),
}


def memory_table(results: dict[int, dict[str, Series]]) -> list[str]:
    """Each tool's peak resident memory over all its builds, and the pages it writes."""
    lines = ["| posts | " + " | ".join(f"{tool} MiB (pages)" for tool in TOOLS) + " |"]
    lines.append("|---|" + "---|" * len(TOOLS))
    for count, at in results.items():
        cells = []
        for names in TOOLS.values():
            peaks = [at[name].peak_mib for name in names if name in at]
            pages = at[names[0]].pages if names[0] in at else None
            cells.append(f"{max(peaks):.0f} ({pages})" if peaks else "skipped")
        lines.append(f"| {count} | " + " | ".join(cells) + " |")
    return lines


def ratio_table(rows: list[Ratio]) -> list[str]:
    lines = ["| ratio | wall | CPU | target | status |", "|---|---|---|---|---|"]
    for row in rows:
        if row.value is None:
            wall = cpu = "-"
        elif row.unit == "x":
            wall = f"{row.value:.2f}x"
            cpu = f"{row.cpu_value:.2f}x" if row.cpu_value is not None else "-"
        elif row.unit == " s":
            wall = f"{row.value:.2f}{row.unit}"
            cpu = f"{row.cpu_value:.2f}{row.unit}" if row.cpu_value is not None else "-"
        else:
            wall, cpu = f"{row.value:.0f}{row.unit}", "-"
        target = "-" if row.target is None else f"<= {row.target:g}{row.unit}"
        lines.append(f"| {row.name} | {wall} | {cpu} | {target} | {row.status} |")
    return lines


def load() -> list[float]:
    return [round(value, 2) for value in os.getloadavg()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=SIZES)
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--output", type=Path, default=BENCH / "results.json")
    parser.add_argument("--work", type=Path, default=WORK, help="where the corpora are built")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    print(f"Tech Pulse benchmark on {os.cpu_count()} cores, Python {platform.python_version()}")
    for peer in PEERS:
        peer.skipped = peer.missing()
        if peer.skipped:
            print(f"  skipping {peer.name}: {peer.skipped}", flush=True)
    load_before = load()
    started = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    failed = None
    results: dict[int, dict[str, Series]] = {}
    for count in sorted(args.sizes):
        try:
            results[count] = bench_size(count, args.rounds, args.work)
        except BuildFailed as failure:
            failed = str(failure)
            print(f"benchmark build failed at {count} posts: {failure}", file=sys.stderr)
            break
    if not results:
        raise SystemExit(1)
    rows = ratios(results)
    print(f"\nWall seconds, median of {args.rounds} rounds", end="")
    print(f" (load average before: {load_before}, after: {load()})")
    print("\n".join(seconds_table(results)))
    print("\nPeak resident memory of a build (its largest process), MiB; HTML pages written")
    print("\n".join(memory_table(results)))
    print()
    print("\n".join(ratio_table(rows)))
    skipped = {peer.name: peer.skipped for peer in PEERS if peer.skipped}
    for name, reason in skipped.items():
        print(f"{name}: {reason.splitlines()[0]}")
    args.output.write_text(
        json.dumps(
            {
                "machine": {
                    "cores": os.cpu_count(),
                    "python": platform.python_version(),
                    "jekyll": version(["jekyll", "--version"]),
                    "hugo": version(["hugo", "version"]),
                    "started": started,
                    "load_average_before": load_before,
                    "load_average_after": load(),
                },
                "rounds": args.rounds,
                "skipped": skipped,
                "results": {
                    str(count): {name: s.as_json() for name, s in at.items()}
                    for count, at in results.items()
                },
                "ratios": [row.as_json() for row in rows],
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"wrote {args.output}")
    peer_failed = any(peer.skipped and peer.skipped.startswith("build failed") for peer in PEERS)
    if failed or peer_failed:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
