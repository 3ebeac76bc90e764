"""`make bench PROFILE=1`: where a clean build's time goes, by phase and by package.

One clean build of the generated corpus (520 posts unless a size is given) under two
profilers, reported side by side in bench/profile-<posts>.txt:
  cProfile  the build serially (`-j 1`: every phase runs in the one profiled process).
            Phases are inclusive (a function's cumulative time: they nest and overlap);
            packages are exclusive (each function's own time, summing to the total).
  py-spy    the exact `make html` command (`-j auto`, workers followed), sampled; only
            when py-spy is installed (the Makefile installs it into .venv for PROFILE=1).
            Each sample counts once per phase found on its stack (inclusive), and once for
            the innermost phase on it (exclusive).
cProfile's overhead inflates call-heavy code (docutils' node visits), so read the
shares, not the seconds, and compare the two views. ablog's and newsdesk's inclusive shares
come from py-spy's stacks (cProfile has no stacks: a package's calls nest in and out of it).
"""

from __future__ import annotations

import argparse
import json
import linecache
import os
import pstats
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from generate import generate

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
WORK = BENCH / "work"
PYTHON = REPO / ".venv/bin/python"
PY_SPY = REPO / ".venv/bin/py-spy"
STRICT = ["-n", "-W", "--keep-going"]  # as the Makefile's html target

SPHINX = "sphinx/builders/__init__.py"
HTML = "sphinx/builders/html/__init__.py"
# (label, [(file path ending, function name[, only as called from: file, function])]):
# a phase is the cumulative time of these.
PHASES: list[tuple[str, list[tuple[str, ...]]]] = [
    ("Sphinx build (after startup: imports, config, setup)", [("sphinx/application.py", "build")]),
    ("  reading (parse + transforms, per source)", [(SPHINX, "read")]),
    # Whatever parser the source has (newsdesk's guards around MyST's), as Sphinx calls it.
    (
        "    parsing (MyST via newsdesk's guards)",
        [("", "parse", "sphinx/util/docutils.py", "_parse_str_to_doctree")],
    ),
    ("    docutils + Sphinx transforms", [("docutils/transforms/__init__.py", "apply_transforms")]),
    ("  writing the posts and pages (write)", [(SPHINX, "write")]),
    (
        "    resolving doctrees (+ post-transforms)",
        [("sphinx/environment/__init__.py", "get_and_resolve_doctree")],
    ),
    ("    write_doc (HTML translation + handle_page)", [(HTML, "write_doc")]),
    ("  finish (collections, people pages, indices, search)", [(HTML, "finish")]),
    ("handle_page everywhere (context, template, file)", [(HTML, "handle_page")]),
    ("  theme rendering (jinja2 templates)", [("sphinx/jinja2glue.py", "render")]),
    (
        "search indexing (feed + dump)",
        [("sphinx/search/__init__.py", "feed"), (HTML, "dump_search_index")],
    ),
    ("imports", [("<frozen importlib._bootstrap>", "_find_and_load")]),
]
# Builtins that cProfile names by method: pickling and file writes.
BUILTIN_PHASES = {
    "pickling (pickle dump/load, C)": re.compile(r"_pickle\.(dump|load)s?\b|Pickler|Unpickler"),
    "file writes (io write, C)": re.compile(r"method 'write' of '_io"),
}

# py-spy names a file relative to sys.path: "(docutils/nodes.py:248)", "(layout.html:12)".
# (label, pattern on a frame), innermost first: the exclusive view takes the first found.
FRAME_PHASES: list[tuple[str, re.Pattern[str]]] = [
    ("search indexing", re.compile(r"\(sphinx/search/")),
    ("MyST parsing", re.compile(r"\((myst_parser|markdown_it|mdit_py_plugins)/")),
    (
        "theme rendering (jinja2, themes)",
        re.compile(r"\((jinja2|pydata_sphinx_theme|sphinx_book_theme)/|\.html:"),
    ),
    ("HTML translation", re.compile(r"\((docutils/writers|sphinx/writers)/")),
    ("transforms", re.compile(r"\((docutils|sphinx)/transforms/")),
    ("ablog", re.compile(r"\(ablog/")),
    ("newsdesk", re.compile(r"\(newsdesk/")),
    ("imports", re.compile(r"<frozen importlib")),
    ("sphinx reading", re.compile(r"^Builder\.(read|_read_parallel|_read_serial) ")),
    ("sphinx writing", re.compile(r"^Builder\.(write|_write_parallel|_write_serial) ")),
    ("sphinx finish", re.compile(r"^StandaloneHTMLBuilder\.finish ")),
]


Table = dict[tuple[str, int, str], tuple[int, int, float, float, object]]


def package_of(filename: str, function: str) -> str:
    """The package a profiled function belongs to, for the exclusive table."""
    if filename == "~":  # a builtin: cProfile gives its name only
        if "_pickle" in function or "Pickler" in function:
            return "pickle (C)"
        match = re.search(r"of '([\w.]+)", function) or re.search(r"method ([\w.]+)", function)
        return f"builtin {match.group(1).split('.')[0]}" if match else "builtin"
    if "/newsdesk/" in filename:
        return "newsdesk"
    if "site-packages/" in filename:
        return filename.split("site-packages/", 1)[1].split("/", 1)[0].removesuffix(".py")
    if filename.endswith(".html"):
        return "jinja2 (compiled templates)"
    if filename.startswith("<frozen"):
        return "importlib"
    return "stdlib " + Path(filename).stem


def spy_package(file: str) -> str:
    """The package of a py-spy frame's file (relative to sys.path, or a template)."""
    if file.endswith(".html"):
        return "jinja2 (compiled templates)"
    if file.startswith("<frozen"):
        return "importlib"
    if "/" in file:
        return file.split("/", 1)[0]
    return "stdlib " + file.removesuffix(".py")


def cprofile_report(stats_file: Path, pages: int) -> list[str]:
    stats = pstats.Stats(str(stats_file))
    table: Table = stats.stats  # type: ignore[attr-defined]  # pstats keeps them there
    total = sum(entry[2] for entry in table.values())
    lines = [f"total profiled time: {total:.1f} s; {pages} HTML pages written", ""]
    lines += ["Phases (inclusive: cumulative seconds; nested phases are indented)", ""]
    for label, functions in PHASES:
        seconds = sum(
            called_from(table, (spec[0], spec[1]), (spec[2], spec[3]))
            if len(spec) == 4
            else phase_seconds(table, spec[0], spec[1])
            for spec in functions
        )
        lines.append(f"  {label:<58} {seconds:7.1f} s {seconds / total:6.1%}")
    for label, pattern in BUILTIN_PHASES.items():
        seconds = sum(
            entry[3]
            for (filename, _, name), entry in table.items()
            if filename == "~" and pattern.search(name)
        )
        lines.append(f"  {label:<58} {seconds:7.1f} s {seconds / total:6.1%}")
    handle_page = phase_seconds(table, HTML, "handle_page")
    render = phase_seconds(table, "sphinx/jinja2glue.py", "render")
    translation = phase_seconds(table, HTML, "write_doc") - called_from(
        table, (HTML, "handle_page"), (HTML, "write_doc")
    )
    lines.append(f"  {'HTML translation (write_doc without handle_page)':<58} {translation:7.1f} s")
    if pages:
        lines.append(
            f"  per page written: handle_page {handle_page / pages * 1000:.1f} ms, "
            f"of which templates {render / pages * 1000:.1f} ms"
        )
    by_package: dict[str, float] = {}
    for (filename, _, name), entry in table.items():
        package = package_of(filename, name)
        by_package[package] = by_package.get(package, 0.0) + entry[2]
    lines += ["", "Packages (exclusive: each function's own time)", ""]
    for package, seconds in sorted(by_package.items(), key=lambda item: -item[1])[:20]:
        lines.append(f"  {package:<40} {seconds:7.1f} s {seconds / total:6.1%}")
    lines += ["", "Where hot library code is called from (cumulative seconds of its calls", ""]
    lines[-2] += " from outside it; a caller's calls may nest, so these do not add up)"
    for label, marker, function in ENTRY_POINTS:
        callers = entry_callers(table, marker, function)
        lines.append(f"  {label}: {sum(callers.values()):.1f} s")
        for caller, seconds in sorted(callers.items(), key=lambda item: -item[1])[:4]:
            lines.append(f"    {seconds:6.1f} s  {caller}")
    lines += ["", "Transforms and post-transforms with the most time (cumulative)", ""]
    transforms = [
        (entry[3], f"{enclosing_class(filename, line)}  {short(filename, line)}")
        for (filename, line, name), entry in table.items()
        if name == "apply" or (name == "run" and "transforms" in filename)
    ]
    for seconds, where in sorted(transforms, reverse=True)[:10]:
        lines.append(f"  {seconds:6.1f} s  {where}")
    lines += ["", "Event handlers with the most time (called from sphinx.events, cumulative)", ""]
    handlers = [
        (seconds, f"{name}  {short(filename, line)}")
        for (filename, line, name), entry in table.items()
        if not filename.endswith("sphinx/events.py")
        and "logging" not in filename
        and filename != "~"
        and (seconds := called_by_file(entry, "sphinx/events.py"))
    ]
    for seconds, where in sorted(handlers, reverse=True)[:12]:
        lines.append(f"  {seconds:6.1f} s  {where}")
    lines += ["", "Functions with the most own time", ""]
    ranked = sorted(table.items(), key=lambda item: item[1][2], reverse=True)[:25]
    for (filename, line, name), entry in ranked:
        where = short(filename, line)
        lines.append(f"  {entry[2]:6.1f} s {entry[1]:>9} calls  {name}  {where}")
    return lines


def phase_seconds(table: Table, path: str, function: str) -> float:
    """The cumulative seconds of a function (of every function so named in that file)."""
    return sum(
        entry[3]
        for (filename, _, name), entry in table.items()
        if filename.endswith(path) and name == function
    )


def called_from(table: Table, callee: tuple[str, str], caller: tuple[str, str]) -> float:
    """The cumulative seconds of ``callee`` in its calls from ``caller``."""
    seconds = 0.0
    for (filename, _, name), entry in table.items():
        if filename.endswith(callee[0]) and name == callee[1]:
            callers: dict[tuple[str, int, str], tuple[int, int, float, float]] = entry[4]  # type: ignore[assignment]
            seconds += sum(
                timing[3]
                for (file, _, function), timing in callers.items()
                if file.endswith(caller[0]) and function == caller[1]
            )
    return seconds


# (label, file fragment, function or None for every function in the file(s)).
ENTRY_POINTS: list[tuple[str, str, str | None]] = [
    ("ablog (its code and its Jinja templates)", "site-packages/ablog/", None),
    ("docutils settings (optparse)", "docutils/frontend.py", None),
    ("PyYAML", "site-packages/yaml/", None),
    ("BeautifulSoup", "site-packages/bs4/", None),
    ("doctree copies", "sphinx/util/nodes.py", "_copy_except__document"),
    ("asset checksums", "sphinx/builders/html/_assets.py", "_file_checksum"),
    ("urllib quote", "urllib/parse.py", "quote"),
]


def entry_callers(table: Table, marker: str, function: str | None) -> dict[str, float]:
    """Cumulative seconds of calls into code (``marker``'s files) by caller outside it."""
    callers: dict[str, float] = {}
    for (filename, _, name), entry in table.items():
        if marker not in filename or function not in (None, name):
            continue
        timings: dict[tuple[str, int, str], tuple[int, int, float, float]] = entry[4]  # type: ignore[assignment]
        for (file, line, caller), timing in timings.items():
            if marker not in file:
                where = f"{caller}  {short(file, line)}"
                callers[where] = callers.get(where, 0.0) + timing[3]
    return callers


def called_by_file(entry: tuple[int, int, float, float, object], caller_file: str) -> float:
    timings: dict[tuple[str, int, str], tuple[int, int, float, float]] = entry[4]  # type: ignore[assignment]
    return sum(timing[3] for caller, timing in timings.items() if caller[0].endswith(caller_file))


def enclosing_class(filename: str, line: int) -> str:
    """The class a method's ``def`` line is in (cProfile records the function only)."""
    for number in range(line, 0, -1):
        match = re.match(r"class (\w+)", linecache.getline(filename, number))
        if match:
            return match.group(1)
    return "?"


def short(filename: str, line: int) -> str:
    if "site-packages/" in filename:
        filename = filename.split("site-packages/", 1)[1]
    elif "/extensions/" in filename:
        filename = filename.split("/extensions/", 1)[1]
    return f"{filename}:{line}" if filename != "~" else ""


# --- py-spy ---------------------------------------------------------------------------

FRAME = re.compile(r"^(?P<function>.*) \((?P<file>[^()]*):(?P<line>\d+)\)$")


def frames(stack: str) -> list[str]:
    """A raw py-spy stack, root first, without its process and thread frames."""
    return [frame for frame in stack.split(";") if FRAME.match(frame)]


def phase_of_leaf(frame: str) -> str | None:
    match = FRAME.match(frame)
    if match:
        source = linecache.getline(match["file"], int(match["line"]))
        if "pickle." in source:
            return "pickling"
    return None


def phases_of(stack: list[str]) -> list[str]:
    """The phases on a stack, innermost first."""
    found: list[str] = []
    for depth, frame in enumerate(reversed(stack)):
        if depth == 0 and (leaf := phase_of_leaf(frame)):
            found.append(leaf)
        for label, pattern in FRAME_PHASES:
            if pattern.search(frame) and label not in found:
                found.append(label)
    return found


def py_spy_report(raw: Path) -> list[str]:
    inclusive: Counter[str] = Counter()
    exclusive: Counter[str] = Counter()
    leaf_package: Counter[str] = Counter()
    samples = 0
    for entry in raw.read_text(encoding="utf-8").splitlines():
        stack_text, _, count_text = entry.rpartition(" ")
        if not count_text.isdigit():
            continue
        count = int(count_text)
        stack = frames(stack_text)
        if not stack:
            continue
        samples += count
        found = phases_of(stack)
        for label in found:
            inclusive[label] += count
        exclusive[found[0] if found else "other (imports, Sphinx core, stdlib)"] += count
        match = FRAME.match(stack[-1])
        if match:
            leaf_package[spy_package(match["file"])] += count
    if not samples:
        return ["py-spy recorded no samples"]
    lines = [f"{samples} samples over the build's processes", ""]
    lines += ["Phases (inclusive: share of samples with the phase on the stack)", ""]
    lines += [f"  {label:<40} {n / samples:6.1%}" for label, n in inclusive.most_common()]
    lines += ["", "Phases (exclusive: the innermost phase of each sample)", ""]
    lines += [f"  {label:<40} {n / samples:6.1%}" for label, n in exclusive.most_common()]
    lines += ["", "Packages (exclusive: the sampled frame's package)", ""]
    lines += [f"  {package:<40} {n / samples:6.1%}" for package, n in leaf_package.most_common(15)]
    return lines


# --- the run --------------------------------------------------------------------------


def sphinx_command(src: Path, out: Path, jobs: Iterable[str]) -> list[str]:
    return ["-m", "sphinx", "-q", "-b", "html", *STRICT, *jobs, "-d", str(out / "doctrees"),
            str(src), str(out / "html")]  # fmt: skip


def run(command: list[str], label: str) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.stderr.write((result.stdout + result.stderr)[-3000:])
        raise SystemExit(f"profile: the {label} build failed")
    return elapsed


def measure(count: int, facts: Path) -> None:
    """The two profiled builds; what the report needs besides their files goes to ``facts``."""
    src = generate(WORK / f"profile-site-{count}", count)
    out = WORK / f"profile-out-{count}"
    run_facts: dict[str, object] = {
        "started": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "cores": os.cpu_count(),
        "load_average": [round(value, 2) for value in os.getloadavg()],
        "niceness": os.nice(0),
    }
    shutil.rmtree(out, ignore_errors=True)
    print(f"profile: cProfile, clean serial build of {count} posts", flush=True)
    stats_file = WORK / f"profile-{count}.prof"
    command = [str(PYTHON), "-m", "cProfile", "-o", str(stats_file), *sphinx_command(src, out, [])]
    run_facts["cprofile_wall"] = round(run(command, "cProfile"), 1)
    run_facts["pages"] = sum(1 for _ in (out / "html").rglob("*.html"))
    if PY_SPY.exists():
        shutil.rmtree(out, ignore_errors=True)
        print(f"profile: py-spy, clean build of {count} posts with -j auto", flush=True)
        record = ["record", "--subprocesses", "--format", "raw", "--rate", "100", "--output"]
        build = sphinx_command(src, out, ["-j", "auto"])
        spy = [str(PY_SPY), *record, str(WORK / f"py-spy-{count}.txt"), "--", str(PYTHON), *build]
        run_facts["py_spy_wall"] = round(run(spy, "py-spy"), 1)
    facts.write_text(json.dumps(run_facts, indent=2) + "\n", encoding="utf-8")


def report(count: int, facts: Path) -> list[str]:
    run_facts = json.loads(facts.read_text(encoding="utf-8"))
    lines = [
        f"Profile of one clean strict build of the {count}-post bench corpus",
        f"({run_facts['started']}, {run_facts['cores']} cores, load average "
        f"{run_facts['load_average']}, niceness {run_facts['niceness']}: shares carry over, "
        "seconds do not)",
        "",
        f"== cProfile, -j 1 (wall {run_facts['cprofile_wall']} s with the profiler's overhead) ==",
        "",
        *cprofile_report(WORK / f"profile-{count}.prof", int(run_facts["pages"])),
    ]
    if "py_spy_wall" in run_facts:
        lines += ["", f"== py-spy, -j auto as make html (wall {run_facts['py_spy_wall']} s) ==", ""]
        lines += py_spy_report(WORK / f"py-spy-{count}.txt")
    else:
        lines += ["", "py-spy is not installed (pip install py-spy): cProfile only"]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[520], help="posts (the first)")
    parser.add_argument("--output", type=Path, help="default: bench/profile-<posts>.txt")
    parser.add_argument(
        "--report-only", action="store_true", help="report again from the last run's files"
    )
    args = parser.parse_args()
    count = args.sizes[0]
    output = args.output or BENCH / f"profile-{count}.txt"
    WORK.mkdir(exist_ok=True)
    facts = WORK / f"profile-{count}.json"
    if not args.report_only:
        measure(count, facts)
    lines = report(count, facts)
    output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    print(f"wrote {output}")


if __name__ == "__main__":
    main()
