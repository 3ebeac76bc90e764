"""What the tests share (tests/conftest.py holds only fixtures): where things are, copies of
the site and of the testing roots, the two ways to build, and readers of what a build said
and wrote.

- :func:`build` builds in this process with ``sphinx.testing`` (:class:`CommandLineApp`):
  the default, for every test whose point is what one build writes or says.
- :func:`sphinx_command` runs ``python -m sphinx`` in a fresh process: only where the
  command is the point (``-j 2``, Read the Docs' command line, the build machine's
  timezone, incremental builds compared with clean ones, kills and faults).
"""

from __future__ import annotations

import contextlib
import filecmp
import io
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup
from sphinx.application import Sphinx
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences

REPO = Path(__file__).resolve().parent.parent
TESTS = REPO / "tests"
ROOTS = TESTS / "roots"
DATA = TESTS / "data"
SNAPSHOTS = DATA / "newsdesk"
SITE_FILES = ["conf.py", "index.md", "about.md", "authoring.md", "people.yaml"]
SITE_DIRS = ["posts", "_static", "_templates"]

WARNING_LINE = re.compile(
    r"^(?P<path>[^\s:][^:]*):(?P<line>\d+): WARNING: (?P<message>.*?)(?: \[(?P<kind>[\w.-]+)\])?$"
)


# --- sources ------------------------------------------------------------------------------


def copy_site(dest: Path) -> Path:
    """A copy of the real site's sources (not .venv, _build, tests) to build elsewhere."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in SITE_FILES:
        if (REPO / name).exists():
            shutil.copy2(REPO / name, dest / name)
    for name in SITE_DIRS:
        if (REPO / name).exists():
            shutil.copytree(REPO / name, dest / name, dirs_exist_ok=True)
    return dest


def copy_root(name: str, dest: Path) -> Path:
    """A copy of ``tests/roots/test-<name>`` at ``dest``, to build (or edit) without
    touching the root."""
    shutil.copytree(ROOTS / f"test-{name}", dest)
    return dest


def write_files(src: Path, files: Mapping[str, str | bytes]) -> Path:
    """Add or replace files (relative paths) in a source folder."""
    for name, content in files.items():
        path = src / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return src


DRAFT_POST = (
    "---\ndate: 2024-03-01\ndraft: true\ntags: [secret-draft]\n---\n\n# Secret draft\n\nNot yet.\n"
)


def post(title: str, body: str = "Text.", date: str = "2024-10-01", head: str = "") -> str:
    """A post's text: front matter (``head`` adds lines), an H1 and a body."""
    return f"---\ndate: {date}\ntags: [ai]\n{head}---\n\n# {title}\n\n{body}\n"


# --- builds -------------------------------------------------------------------------------


@dataclass(frozen=True)
class BuildResult:
    """What a build said, as ``python -m sphinx`` prints it: status on stdout, warnings
    and errors on stderr, exit status 1 when a strict build warned."""

    returncode: int
    stdout: str
    stderr: str


class CommandLineApp(SphinxTestApp):
    """``SphinxTestApp`` building what the command line builds: it keeps the theme that
    conf.py names (SphinxTestApp swaps alabaster for basic)."""

    def _init_builder(self) -> None:
        # SphinxTestApp overrides this private hook to swap the theme; undo its override
        # (the only private name the tests touch).
        Sphinx._init_builder(self)  # noqa: SLF001


def parse_command_line(extra: tuple[str, ...]) -> tuple[dict[str, str], bool, bool]:
    """The options of ``sphinx-build`` that an in-process build can take: ``-D name=value``,
    ``-E`` (fresh environment), ``-a`` (write all). Anything else needs a fresh process."""
    overrides: dict[str, str] = {}
    fresh = force_all = False
    options = list(extra)
    while options:
        option = options.pop(0)
        if option == "-D":
            name, _, value = options.pop(0).partition("=")
            overrides[name] = value
        elif option == "-E":
            fresh = True
        elif option == "-a":
            force_all = True
        else:
            raise ValueError(f"{option!r} needs the command line: use sphinx_command()")
    return overrides, fresh, force_all


def build(
    src: Path,
    out: Path,
    *extra: str,
    builder: str = "html",
    strict: bool = True,
    overrides: Mapping[str, Any] | None = None,
    env: Mapping[str, str] | None = None,
) -> BuildResult:
    """Build ``src`` into ``out/<builder>`` (doctrees in ``out/doctrees``) in this process,
    as ``python -m sphinx -b <builder> [-n -W --keep-going] [extra]`` would. ``env`` holds
    environment variables set for the build only (``NEWSDESK_BUILD_TIME``,
    ``NEWSDESK_PREVIEW``, read when the build runs). A crash is not turned into an exit
    status: it is raised, and fails the test."""
    if env and "TZ" in env:
        raise ValueError("the timezone is the process's: use sphinx_command(env={'TZ': ...})")
    command_overrides, fresh, force_all = parse_command_line(extra)
    confoverrides: dict[str, Any] = {**command_overrides, **(overrides or {})}
    if strict:
        confoverrides.setdefault("nitpicky", True)  # -n
    status, warning = StringIO(), StringIO()
    saved = {name: os.environ.get(name) for name in env or {}}
    os.environ.update(env or {})
    try:
        app = CommandLineApp(
            builder,
            srcdir=src,
            builddir=out,
            freshenv=fresh,
            confoverrides=confoverrides,
            status=status,
            warning=warning,
            warningiserror=strict,  # -W (Sphinx 9 always keeps going, then fails)
        )
        try:
            app.build(force_all=force_all)
        finally:
            app.cleanup()
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return BuildResult(
        app.statuscode,
        strip_escape_sequences(status.getvalue()),
        strip_escape_sequences(warning.getvalue()),
    )


def sphinx_command(
    src: Path,
    out: Path,
    *extra: str,
    builder: str = "html",
    env: dict[str, str] | None = None,
    strict: bool = True,
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m sphinx`` in a fresh process, as ``make html`` and Read the Docs do."""
    args = [sys.executable, "-m", "sphinx", "-b", builder, "-d", str(out / "doctrees")]
    if strict:
        args += ["-n", "-W", "--keep-going"]
    args += [*extra, str(src), str(out / builder)]
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(args, capture_output=True, text=True, env=full_env, check=False)


# --- what a build wrote and said ----------------------------------------------------------


@dataclass(frozen=True)
class BuildWarning:
    path: str  # the file's name
    line: int
    message: str
    kind: str  # "newsdesk.url", ...


def warnings_in(stderr: str) -> list[BuildWarning]:
    """The located warnings (``file:line: WARNING: ... [type.subtype]``) of a build's output."""
    found = []
    for line in stderr.splitlines():
        match = WARNING_LINE.match(line.strip())
        if match:
            found.append(
                BuildWarning(
                    Path(match["path"]).name,
                    int(match["line"]),
                    match["message"],
                    match["kind"] or "",
                )
            )
    return found


def parse(path: Path) -> BeautifulSoup:
    """An HTML file, parsed with lxml."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def parse_text(html: str) -> BeautifulSoup:
    """HTML text (a feed entry's content, a fragment), parsed with lxml."""
    return BeautifulSoup(html, "lxml")


def html_files(outdir: Path) -> dict[str, str]:
    """Every HTML page of an output folder, by path relative to it."""
    return {
        str(path.relative_to(outdir)): path.read_text(encoding="utf-8")
        for path in sorted(outdir.rglob("*.html"))
        if "_sources" not in path.parts
    }


def tree(root: Path) -> set[str]:
    """Every file under ``root``, as relative POSIX paths."""
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


# --- payload builds (issue 9): no crash, every warning placed, nothing written outside ----

CRASH_SIGNS = ("Traceback", "Exception occurred", "Recursion error", "crash report")
NEWSDESK_WARNING = re.compile(r"\[newsdesk\.[\w-]+\]$")


@dataclass
class Built:
    result: BuildResult | subprocess.CompletedProcess[str]
    out: Path  # the HTML output folder
    warnings: list[BuildWarning]

    def messages(self, file: str, kind: str = "") -> list[tuple[int, str]]:
        return [
            (w.line, w.message)
            for w in self.warnings
            if w.path == file and (not kind or w.kind == kind)
        ]


def make_site(tmp: Path, files: Mapping[str, str | bytes]) -> Path:
    """A copy of tests/roots/test-news in ``tmp/src`` with ``files`` added or replaced."""
    return write_files(copy_root("news", tmp / "src"), files)


def build_and_check(src: Path, out: Path, *, strict: bool, command_line: bool = False) -> Built:
    """Build (in this process, or with ``command_line`` in a fresh one); assert no crash,
    every newsdesk warning placed, nothing written outside the output folder."""
    tmp = src.parent
    before = tree(tmp)
    result = (
        sphinx_command(src, out, strict=strict) if command_line else build(src, out, strict=strict)
    )
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


# --- comparing builds ---------------------------------------------------------------------

# Sphinx's build info records a hash of the config, not of the content: same on both sides.
UNCOMPARED = {".buildinfo"}


def tree_differences(left: Path, right: Path) -> list[str]:
    """Relative paths whose bytes differ, or that exist on one side only."""
    problems: list[str] = []
    comparison = filecmp.dircmp(left, right, ignore=list(UNCOMPARED))
    stack = [(comparison, Path())]
    while stack:
        cmp, rel = stack.pop()
        problems += [f"only in incremental: {rel / n}" for n in cmp.left_only]
        problems += [f"only in clean: {rel / n}" for n in cmp.right_only]
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        problems += [f"differs: {rel / n}" for n in mismatch + errors]
        stack += [(sub, rel / name) for name, sub in cmp.subdirs.items()]
    return sorted(problems)


def output_files(outdir: Path) -> dict[str, bytes]:
    """Everything a build publishes: pages, feeds, inventory, search index, static files.
    Left out: ``.buildinfo`` and newsdesk's own manifest, which are bookkeeping."""
    return {
        str(path.relative_to(outdir)): path.read_bytes()
        for path in sorted(outdir.rglob("*"))
        if path.is_file() and path.name not in {".buildinfo", ".newsdesk-outputs.json"}
    }


def assert_same_output(one: Path, other: Path) -> None:
    first, second = output_files(one), output_files(other)
    assert sorted(first) == sorted(second)
    differing = [name for name in first if first[name] != second[name]]
    assert differing == []


# --- waiting ------------------------------------------------------------------------------


def wait_until(
    condition: Callable[[], object], *, timeout: float, what: str, interval: float = 0.2
) -> None:
    """Poll ``condition`` until it holds; fail naming ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up after {timeout:g} s waiting for {what}")
        time.sleep(interval)


def wait_until_quiet(path: Path, *, quiet: float, timeout: float, what: str) -> None:
    """Poll a growing file (a server's log) until it has not changed for ``quiet`` seconds;
    fail after ``timeout`` seconds if it keeps changing."""
    last_size, last_change = -1, time.monotonic()

    def settled() -> bool:
        nonlocal last_size, last_change
        size = path.stat().st_size
        if size != last_size:
            last_size, last_change = size, time.monotonic()
        return time.monotonic() - last_change >= quiet

    wait_until(settled, timeout=timeout, what=what)


def import_command(site: Path, *sources: Path | str, options: tuple[str, ...] = ()) -> list[str]:
    """The arguments of ``newsdesk import-jekyll SOURCE...`` into ``site`` (its posts,
    people.yaml and conf.py)."""
    return [
        "import-jekyll",
        *map(str, sources),
        "--dest",
        str(site / "posts"),
        "--people",
        str(site / "people.yaml"),
        "--site",
        str(site),
        *options,
    ]


def run_import(site: Path, source: Path, *options: str) -> tuple[int, str]:
    """``newsdesk import-jekyll SOURCE`` into ``site``, in this process: the exit status
    and everything it printed."""
    from newsdesk.tools.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        status = main(import_command(site, source, options=options))
    return status, out.getvalue()
