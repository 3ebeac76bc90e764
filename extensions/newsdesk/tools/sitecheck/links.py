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
from urllib.parse import unquote, urldefrag, urljoin, urlsplit
from urllib.request import url2pathname

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


def run_linkchecker(site: Path, pages: list[Path], workdir: Path) -> tuple[int, str, str]:
    config = workdir / "linkcheckerrc"
    config.write_text(LINKCHECKER_RC, encoding="utf-8")
    config.chmod(0o644)
    urls = [path.resolve().as_uri() for path in pages]
    command = [sys.executable, "-m", "linkcheck", "--config", str(config), "--output", "csv"]
    command += ["--no-status", "--threads", "4", "--recursion-level", "1", *urls]
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=time_limit(len(urls)),
        cwd=workdir,
        check=False,
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
        started = time.monotonic()
        try:
            code, out, err = run_linkchecker(site, copied, workdir)
        except subprocess.TimeoutExpired:
            result.problems.append(f"LinkChecker did not finish in {time_limit(len(pages))} s")
            return result
        result.notes.append(f"LinkChecker took {time.monotonic() - started:.0f} s")
        base = site.as_uri() + "/"
        if code not in (0, 1):  # 1 means "found problems"; anything else is LinkChecker failing
            result.problems.append(f"LinkChecker failed (exit {code}): {err.strip()[-800:]}")
            return result
        result.problems += link_problems(out, base)
        if code == 1 and not result.problems:
            result.problems.append(
                f"LinkChecker reported a problem it did not list: {err.strip()[-800:]}"
            )
    started = time.monotonic()
    result.problems += anchor_problems(root, pages)
    result.notes.append(f"the anchors took {time.monotonic() - started:.0f} s")
    return result


def _anchors(tree: lxml_html.HtmlElement) -> set[str]:
    """What a fragment may name: any element's id, an ``<a>``'s name."""
    found = {str(value) for value in tree.xpath("//@id")}
    return found | {str(value) for value in tree.xpath("//a/@name")}


def anchor_problems(root: Path, pages: Iterable[Path]) -> list[str]:
    """One line per link whose #fragment its (internal, existing) target page lacks."""
    root = root.resolve()
    trees = {path.resolve(): lxml_html.parse(str(path)).getroot() for path in pages}
    anchors: dict[Path, set[str] | None] = {}

    def anchors_of(target: Path) -> set[str] | None:
        if target not in anchors:
            if target in trees:
                anchors[target] = _anchors(trees[target])
            elif target.suffix == ".html" and target.is_file():
                anchors[target] = _anchors(lxml_html.parse(str(target)).getroot())
            else:
                anchors[target] = None  # not a page: LinkChecker says whether it exists
        return anchors[target]

    problems = []
    for page, tree in trees.items():
        base = page.as_uri()
        for element in tree.iter():
            for attribute in LINK_ATTRIBUTES:
                link = element.get(attribute)
                if not link or "#" not in link:
                    continue
                url, fragment = urldefrag(urljoin(base, link.strip()))
                parts = urlsplit(url)
                if not fragment or parts.scheme != "file":
                    continue
                target = Path(url2pathname(unquote(parts.path)))
                names = anchors_of(target)
                if names is None or unquote(fragment) in names:
                    continue
                where = f"{page.relative_to(root).as_posix()}:{element.sourceline}"
                problems.append(f"{where}: {link}: anchor '{unquote(fragment)}' not found")
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
