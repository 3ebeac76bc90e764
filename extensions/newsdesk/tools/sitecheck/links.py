"""Internal links and anchors: LinkChecker over the built file tree, then every #fragment.

LinkChecker checks that every internal link reaches a file. Its own anchor plugin
(``[AnchorCheck]``) made that check outgrow its time limit: with the plugin on, LinkChecker
caches results by the whole URL, fragment included (``UrlBase.set_cache_url``, LinkChecker
10), so it fetched and parsed a page again for every distinct fragment linked to it; at
520 posts, 1316 pages carry about 5,000 distinct links with a fragment (listings and
people pages link each post's and take's anchor), and the check did not finish in 600 s.
So LinkChecker runs without the plugin (one fetch per file) and one level deep (every page
is a start URL, so one level reaches every link), and :func:`anchor_problems` checks
every fragment of every page: each page parsed once (lxml), ids and ``<a name>`` as
LinkChecker's plugin reads them.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import IO
from urllib.parse import unquote, urldefrag, urljoin, urlsplit
from urllib.request import url2pathname

from lxml import etree
from lxml import html as lxml_html

from .report import CheckResult

# LinkChecker's configuration: internal links only (fragments: anchor_problems).
LINKCHECKER_RC = """\
[filtering]
checkextern=0
"""
# The least time LinkChecker is given, and more for a larger site (about 0.1 s a page
# was measured at 520 posts on a loaded 2-core machine: 1316 pages).
TIMEOUT_S = 600
TIMEOUT_S_PER_PAGE = 0.4
MAX_SHARDS = 4
PAGES_PER_SHARD = 100
# The attributes that carry links with a fragment (LinkChecker's LinkTags, the ones used).
LINK_ATTRIBUTES = ("href", "src")


def time_limit(pages: int) -> int:
    return max(TIMEOUT_S, round(pages * TIMEOUT_S_PER_PAGE))


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


def shard_count(pages: int) -> int:
    """How many LinkChecker processes share the pages: one per core, up to
    :data:`MAX_SHARDS`, none with fewer than :data:`PAGES_PER_SHARD` pages. LinkChecker
    parses pages in Python threads (one core at a time); a process per core uses them all."""
    return max(1, min(MAX_SHARDS, os.cpu_count() or 1, pages // PAGES_PER_SHARD))


def run_linkchecker(site: Path, pages: list[Path], workdir: Path) -> list[tuple[int, str, str]]:
    """LinkChecker on ``pages`` (start URLs, read from stdin), in :func:`shard_count`
    processes at once; each one's exit status, CSV report and messages."""
    config = workdir / "linkcheckerrc"
    config.write_text(LINKCHECKER_RC, encoding="utf-8")
    config.chmod(0o644)
    urls = [path.resolve().as_uri() for path in pages]
    command = [sys.executable, "-m", "linkcheck", "--config", str(config), "--output", "csv"]
    command += ["--no-status", "--threads", "4", "--recursion-level", "1", "--stdin"]
    shards = shard_count(len(urls))
    deadline = time.monotonic() + time_limit(len(urls))
    running: list[tuple[subprocess.Popen[str], IO[str], IO[str]]] = []
    try:
        for index in range(shards):
            # Reports go to files, so no process waits on a full pipe while another is read.
            out = (workdir / f"report-{index}.csv").open("w+", encoding="utf-8")
            err = (workdir / f"messages-{index}.txt").open("w+", encoding="utf-8")
            process = subprocess.Popen(
                command, stdin=subprocess.PIPE, stdout=out, stderr=err, text=True, cwd=workdir
            )
            running.append((process, out, err))
            assert process.stdin is not None
            process.stdin.write("\n".join(urls[index::shards]) + "\n")
            process.stdin.close()
        results = []
        for process, report, messages in running:
            code = process.wait(timeout=max(0.0, deadline - time.monotonic()))
            report.seek(0)
            messages.seek(0)
            results.append((code, report.read(), messages.read()))
        return results
    finally:
        for process, report, messages in running:
            if process.poll() is None:
                process.kill()
                process.wait()
            report.close()
            messages.close()


def check_links(root: Path, pages: list[Path]) -> CheckResult:
    result = CheckResult("links", f"internal links and anchors of {len(pages)} pages")
    with tempfile.TemporaryDirectory(prefix="newsdesk-links-") as tmp:
        workdir = Path(tmp)
        site = root.resolve()
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            site = readable_copy(site, workdir)
            result.notes.append("run as root: LinkChecker reads a world-readable copy as nobody")
        copied = [site / page.resolve().relative_to(root.resolve()) for page in pages]
        started = time.monotonic()
        try:
            runs = run_linkchecker(site, copied, workdir)
        except subprocess.TimeoutExpired:
            result.problems.append(f"LinkChecker did not finish in {time_limit(len(pages))} s")
            return result
        result.notes.append(
            f"LinkChecker took {time.monotonic() - started:.0f} s "
            f"({len(runs)} process{'es' if len(runs) > 1 else ''})"
        )
        base = site.as_uri() + "/"
        for code, out, err in runs:
            # 1 means "found problems"; anything else is LinkChecker failing.
            if code not in (0, 1):
                result.problems.append(f"LinkChecker failed (exit {code}): {err.strip()[-800:]}")
                continue
            found = link_problems(out, base)
            if code == 1 and not found:
                found.append(
                    f"LinkChecker reported a problem it did not list: {err.strip()[-800:]}"
                )
            result.problems += found
    started = time.monotonic()
    result.problems += anchor_problems(root, pages)
    result.notes.append(f"the anchors took {time.monotonic() - started:.0f} s")
    return result


def _anchors(tree: lxml_html.HtmlElement) -> set[str]:
    """What a fragment may name: any element's id, an ``<a>``'s name."""
    found = {str(value) for value in tree.xpath("//@id")}
    return found | {str(value) for value in tree.xpath("//a/@name")}


def _parsed(path: Path) -> lxml_html.HtmlElement | None:
    """A page of the site (Sphinx writes UTF-8), or None when it is empty."""
    parser = lxml_html.HTMLParser(encoding="utf-8")
    root: lxml_html.HtmlElement | None = lxml_html.parse(str(path), parser).getroot()
    return root


def anchor_problems(root: Path, pages: Iterable[Path]) -> list[str]:
    """One line per link whose #fragment its (internal, existing) target page lacks. Each
    page is parsed once; only its anchors and its links with a fragment are kept."""
    root = root.resolve()
    anchors: dict[Path, set[str] | None] = {}
    links: list[tuple[str, str, Path, str]] = []  # where, link, target, fragment
    for page in (path.resolve() for path in pages):
        tree = _parsed(page)
        anchors[page] = _anchors(tree) if tree is not None else set()
        if tree is None:
            continue
        base = page.as_uri()
        for element in tree.iter(etree.Element):
            for attribute in LINK_ATTRIBUTES:
                link = element.get(attribute)
                if not link or "#" not in link:
                    continue
                url, fragment = urldefrag(urljoin(base, link.strip()))
                parts = urlsplit(url)
                if fragment and parts.scheme == "file":
                    target = Path(url2pathname(unquote(parts.path)))
                    where = f"{page.relative_to(root).as_posix()}:{element.sourceline}"
                    links.append((where, link, target, unquote(fragment)))

    def anchors_of(target: Path) -> set[str] | None:
        if target not in anchors:
            tree = _parsed(target) if target.suffix == ".html" and target.is_file() else None
            # None: not a page (LinkChecker says whether the file exists)
            anchors[target] = _anchors(tree) if tree is not None else None
        return anchors[target]

    problems = []
    for where, link, target, fragment in links:
        names = anchors_of(target)
        if names is not None and fragment not in names:
            problems.append(f"{where}: {link}: anchor '{fragment}' not found")
    return problems


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
