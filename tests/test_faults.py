"""Faults during a build: kill -9 at several points, and a full disk. A published file is
never truncated or missing, and the next plain build equals a clean build byte for byte."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import REPO, tree_differences, wait_until

sys.path.insert(0, str(REPO / "bench"))
import generate  # bench/generate.py: posts shaped like real issues

pytestmark = pytest.mark.slow
POSTS = 16  # a few seconds of building on the 2-core machine


def make_html_command(site: Path, out: Path) -> list[str]:
    """What `make html` runs (Makefile: STRICT, JOBS), for another source and output."""
    return [sys.executable, "-m", "sphinx", "-b", "html", "-n", "-W", "--keep-going", "-j",
            "auto", "-d", str(out / "doctrees"), str(site), str(out / "html")]  # fmt: skip


def make_html(site: Path, out: Path) -> str:
    result = subprocess.run(
        make_html_command(site, out), capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return result.stdout


def written_pages(html: Path, since: float) -> int:
    return sum(1 for page in html.glob("posts/*/*.html") if page.stat().st_mtime >= since)


def kill_when(site: Path, out: Path, ready: Callable[[list[str], float], bool]) -> list[str]:
    """Run make html; kill -9 the build (its whole process group: the parallel workers
    too, as a crash or the OOM killer would) as soon as ``ready(lines, start)`` holds."""
    start = time.time() - 1  # file times have a coarser clock than time.time()
    build = subprocess.Popen(
        make_html_command(site, out),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    lines: list[str] = []
    assert build.stdout is not None
    reader = threading.Thread(target=lambda: lines.extend(build.stdout or ()), daemon=True)
    reader.start()
    wait_until(
        lambda: build.poll() is not None or ready(lines, start),
        timeout=600,
        interval=0.005,  # the kill points are a few pages apart
        what="the kill point",
    )
    assert build.poll() is None, "the build ended before the kill point:\n" + "".join(lines)
    os.killpg(build.pid, signal.SIGKILL)
    build.wait()
    reader.join(timeout=5)
    return lines


def line_seen(pattern: str) -> Callable[[list[str], float], bool]:
    return lambda lines, start: any(re.search(pattern, line) for line in list(lines))


def pages_written(out: Path, share: float) -> Callable[[list[str], float], bool]:
    def ready(lines: list[str], start: float) -> bool:
        return written_pages(out / "html", start) >= share * POSTS

    return ready


KILL_POINTS = {
    "reading": line_seen(r"reading sources\.\.\. \["),
    "writing-60": None,  # pages_written(out, 0.6), made per test below
    "writing-90": None,
    "search-index": line_seen(r"generating indices|dumping search index"),
}


@pytest.fixture(scope="module")
def fault_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A site of generated posts, and its clean build (the reference)."""
    root = tmp_path_factory.mktemp("faults")
    site = generate.generate(root / "site", POSTS)
    make_html(site, root / "clean")
    return site, root / "clean" / "html"


def kill_point(name: str, out: Path) -> Callable[[list[str], float], bool]:
    if name == "writing-60":
        return pages_written(out, 0.6)
    if name == "writing-90":
        return pages_written(out, 0.9)
    ready = KILL_POINTS[name]
    assert ready is not None
    return ready


@pytest.mark.parametrize("point", list(KILL_POINTS))
def test_first_build_killed(point: str, fault_site: tuple[Path, Path], tmp_path: Path) -> None:
    site, clean = fault_site
    out = tmp_path / "out"
    kill_when(site, out, kill_point(point, out))
    make_html(site, out)
    assert tree_differences(out / "html", clean) == []
    # The rebuild finished the job: the one after it reads and writes nothing.
    stdout = make_html(site, out)
    assert "reading sources... [" not in stdout and "writing output... [" not in stdout


def published_files(html: Path) -> dict[str, bytes]:
    return {p.relative_to(html).as_posix(): p.read_bytes() for p in html.rglob("*") if p.is_file()}


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 24 MiB tmpfs (we build as root); skipped where mounting is not permitted."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mount = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", str(disk)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mount.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {mount.stderr.strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def test_full_disk_loses_nothing_published(site: Path, tmp_path: Path, small_disk: Path) -> None:
    out = tmp_path / "out"  # the doctrees on the big disk, the published site on the small
    html = small_disk / "html"
    command = make_html_command(site, out)
    command[-1] = str(html)
    first = subprocess.run(command, capture_output=True, text=True, check=False)
    assert first.returncode == 0, first.stderr
    before = published_files(html)
    biggest = max(len(data) for name, data in before.items() if name.endswith(".html"))
    # An edit every page shows (the navigation), so the rebuild writes every page again;
    # then fill the disk so that at least the biggest page no longer fits.
    about = site / "about.md"
    about.write_text(about.read_text(encoding="utf-8").replace("# About", "# About us", 1))
    free = os.statvfs(small_disk).f_bavail * os.statvfs(small_disk).f_frsize
    (small_disk / "filler").write_bytes(b"\0" * (free - biggest // 2))
    full = subprocess.run(command, capture_output=True, text=True, check=False)
    assert full.returncode != 0
    assert "No space left on device" in full.stderr
    assert "The published file is unchanged" in full.stderr
    assert "Traceback" not in full.stderr, full.stderr  # a message, not a crash report

    make_html(site, tmp_path / "clean")
    after_edit = published_files(tmp_path / "clean/html")
    now = published_files(html)
    assert not [name for name in now if Path(name).name.startswith(".newsdesk-tmp-")]
    for name, data in before.items():
        if name == ".newsdesk-build-complete":
            assert name not in now  # the marker says the build did not finish
            continue
        assert name in now, f"{name} was lost"
        # Each file is the old one or the new one, whole: never a part of either.
        assert now[name] in (data, after_edit.get(name)), f"{name} is truncated"

    (small_disk / "filler").unlink()
    command_ok = subprocess.run(command, capture_output=True, text=True, check=False)
    assert command_ok.returncode == 0, command_ok.stderr
    assert tree_differences(html, tmp_path / "clean/html") == []
