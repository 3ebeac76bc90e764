"""Page weight: what a page loads at start (its HTML, stylesheets and what they import,
scripts, fonts, icons and eager images), each gzipped, summed. Computed from the built
files, as a reader's browser would fetch them from a server that gzips."""

from __future__ import annotations

import gzip
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

from .report import CheckResult

BUDGET_BYTES = 150 * 1024
# url(...) in CSS: fonts of @font-face rules, imports, background images.
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
CSS_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*['"]?([^'")\s;]+)""")
FONT_FACE = re.compile(r"@font-face\s*{[^}]*}", re.S)


@dataclass
class PageWeight:
    page: Path
    files: dict[str, int] = field(default_factory=dict)  # site path -> gzipped bytes
    external: list[str] = field(default_factory=list)  # requests to other hosts
    missing: list[str] = field(default_factory=list)  # loaded files the site lacks

    @property
    def total(self) -> int:
        return sum(self.files.values())


def gzipped_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))


def _resolve(root: Path, base: str, url: str) -> str | None:
    """The site path of ``url`` as written in the file at site path ``base``; None if it
    points at another host (or is data:, or a fragment only)."""
    parts = urlsplit(url)
    if parts.scheme in {"data", "blob", "about"} or url.startswith("#") or not url.strip():
        return ""
    if parts.scheme or parts.netloc:
        return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(base), unquote(parts.path)))
    return joined.lstrip("/")


def start_urls(html: str) -> list[str]:
    """What the browser fetches at start for this HTML: stylesheets, preloads, scripts
    (deferred or not: all run before the page is complete), icons and eager images."""
    soup = BeautifulSoup(html, "lxml")
    urls: list[str] = []
    for link in soup.find_all("link", href=True):
        rel = {value.lower() for value in link.get_attribute_list("rel") if value}
        if rel & {"stylesheet", "preload", "modulepreload", "icon", "shortcut"}:
            urls.append(str(link["href"]))
    urls += [str(script["src"]) for script in soup.find_all("script", src=True)]
    for image in soup.find_all(["img", "source"]):
        if image.get("loading") == "lazy":
            continue
        source = str(image.get("src") or "") or str(image.get("srcset") or "").split(" ")[0]
        if source:
            urls.append(str(source))
    return urls


def css_urls(css: str) -> list[str]:
    """Files a stylesheet loads: its imports and the fonts of its @font-face rules (a
    browser fetches a font only when text uses it; counting every face is the safe side)."""
    urls = CSS_IMPORT.findall(css)
    for rule in FONT_FACE.findall(css):
        urls += [match[1] for match in CSS_URL.findall(rule)]
    return urls


def page_weight(root: Path, page: Path) -> PageWeight:
    weight = PageWeight(page)
    relative = page.relative_to(root).as_posix()
    weight.files[relative] = gzipped_size(page)
    queue = [(relative, url) for url in start_urls(page.read_text(encoding="utf-8"))]
    while queue:
        base, url = queue.pop(0)
        target = _resolve(root, base, url)
        if target is None:
            weight.external.append(url)
            continue
        if not target or target in weight.files:
            continue
        path = root / target
        if not path.is_file():
            weight.missing.append(target)
            continue
        weight.files[target] = gzipped_size(path)
        if target.endswith(".css"):
            css = path.read_text(encoding="utf-8", errors="replace")
            queue += [(target, found) for found in css_urls(css)]
    return weight


def check_weight(root: Path) -> CheckResult:
    """make check: the home page and a post within the budget, nothing from other hosts."""
    from .pages import sample_pages

    pages, missing = sample_pages(root)
    chosen = {kind: path for kind, path in pages.items() if kind in {"home", "post"}}
    result = CheckResult(
        "weight", f"what the home page and a post load, gzipped (budget {BUDGET_BYTES // 1024} KB)"
    )
    result.notes += [note for note in missing if "post" in note]
    for kind, path in chosen.items():
        weight = page_weight(root, path)
        label = f"{kind} page ({path.relative_to(root).as_posix()})"
        result.notes.append(f"{label}: {weight.total / 1024:.1f} KB in {len(weight.files)} files")
        if weight.total > BUDGET_BYTES:
            heaviest = sorted(weight.files.items(), key=lambda item: -item[1])[:3]
            shown = ", ".join(f"{name} {size / 1024:.1f} KB" for name, size in heaviest)
            result.problems.append(
                f"{label}: {weight.total / 1024:.1f} KB gzipped, over the budget; heaviest: {shown}"
            )
        result.problems += [f"{label}: loads {url} from another host" for url in weight.external]
        result.problems += [
            f"{label}: loads {name}, which the site lacks" for name in weight.missing
        ]
    for page in listing_pages(root):
        size = page.stat().st_size
        if size > BUDGET_BYTES:
            result.problems.append(
                f"{page.relative_to(root).as_posix()}: {size / 1024:.0f} KB of HTML, over "
                f"{BUDGET_BYTES // 1024} KB (fewer posts a page: newsdesk_page_size)"
            )
    return result


def listing_pages(root: Path) -> list[Path]:
    """The pages that list posts or takes: the home page, ablog's listings, people's."""
    blog = sorted(root.glob("blog/**/*.html"))
    return [root / "index.html", *blog, *sorted(root.glob("people/**/*.html"))]
