"""Accessibility: axe-core in Debian's Chromium, driven by Playwright, plus screenshots.

Each sampled page (home, post, tag, person, the people index, the newest year's archive) is
opened at phone and desktop widths, in light and dark mode (Playwright emulates
``prefers-color-scheme``; the theme's ``data-mode`` is ``auto``, so it follows), and axe
runs on each: a contrast that fails in dark mode only is found. Screenshots are named
``<kind>-<viewport>-<scheme>.png`` (and ``...-full.png``, the whole page).

The site is served over HTTP on 127.0.0.1 (a random free port) rather than opened as
file:// pages, so scripts, fonts and the search index load as they do for readers.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Literal

from .pages import SCREENSHOT_KINDS, sample_pages
from .report import CheckResult

CHROMIUM = "/usr/bin/chromium"
# Debian's Chromium, headless, in a container: no sandbox (we run as root), no GPU, /tmp
# instead of a small /dev/shm, and none of the background traffic to Google services.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORTS = {"desktop": (1280, 900), "phone": (390, 844)}
Scheme = Literal["light", "dark"]
COLOR_SCHEMES: tuple[Scheme, ...] = ("light", "dark")
# What pydata-sphinx-theme's script resolved the "auto" mode to (data-theme on <html>).
THEME_SHOWN = "() => document.documentElement.dataset.theme"
BLOCKING_IMPACTS = ("serious", "critical")
AXE_RUN = "async () => await axe.run(document, {resultTypes: ['violations']})"
PAGE_TIMEOUT_MS = 30_000


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass  # one line per request would drown the report


@contextmanager
def serve(root: Path, handler: type[SimpleHTTPRequestHandler] = QuietHandler) -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1 at a free port; yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def check_accessibility(
    root: Path, axe_js: Path, screenshots: Path, chromium: str = CHROMIUM
) -> CheckResult:
    pages, missing = sample_pages(root, SCREENSHOT_KINDS)
    names = ", ".join(
        f"{kind} ({path.relative_to(root).as_posix()})" for kind, path in pages.items()
    )
    result = CheckResult(
        "a11y",
        f"axe-core on {names or 'no pages'} at {' and '.join(VIEWPORTS)} widths, "
        f"{' and '.join(COLOR_SCHEMES)} modes",
    )
    result.notes += missing
    if not Path(chromium).is_file():
        result.problems.append(f"{chromium} is missing: apt-get install -y chromium")
    if not axe_js.is_file():
        result.problems.append(f"{axe_js} is missing: npm install --prefix .check axe-core")
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        result.problems.append("playwright is not installed: pip install -e '.[check]'")
    if result.problems:
        return result
    screenshots.mkdir(parents=True, exist_ok=True)
    try:
        with serve(root) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
            try:
                for kind, path in pages.items():
                    url = base + path.relative_to(root).as_posix()
                    for viewport, (width, height) in VIEWPORTS.items():
                        for scheme in COLOR_SCHEMES:
                            relative = path.relative_to(root).as_posix()
                            label = f"{kind} page ({relative}, {viewport}, {scheme})"
                            context = browser.new_context(
                                viewport={"width": width, "height": height}, color_scheme=scheme
                            )
                            try:
                                page = context.new_page()
                                page.set_default_timeout(PAGE_TIMEOUT_MS)
                                shot = screenshots / f"{kind}-{viewport}-{scheme}.png"
                                found = audit_page(page, url, axe_js, shot, scheme)
                            finally:
                                context.close()
                            result.problems += [f"{label}: {problem}" for problem in found.problems]
                            result.notes += [f"{label}: {note}" for note in found.notes]
            finally:
                browser.close()
    except PlaywrightError as exc:
        result.problems.append(f"the browser failed: {str(exc).splitlines()[0]}")
    result.notes.append(f"screenshots in {screenshots}")
    return result


def audit_page(
    page: Any, url: str, axe_js: Path, screenshot: Path, scheme: Scheme | None = None
) -> CheckResult:
    """Load ``url``, screenshot it, run axe; broken assets and script errors count too, and
    (with ``scheme``) a page that does not show the colour scheme the browser asks for."""
    found = CheckResult("page")
    origin = url.split("/", 3)[:3]
    page.on("pageerror", lambda error: found.problems.append(f"script error: {error}"))
    page.on(
        "response",
        lambda response: (
            found.problems.append(f"{response.url} answered {response.status}")
            if response.status >= 400 and response.url.split("/", 3)[:3] == origin
            else None
        ),
    )
    page.goto(url, wait_until="load")
    if scheme is not None:
        shown = page.evaluate(THEME_SHOWN)
        if shown != scheme:
            found.problems.append(f"shows the {shown or 'default'} theme, not {scheme}")
    page.screenshot(path=str(screenshot))  # what a reader sees first
    page.screenshot(path=str(screenshot.with_stem(screenshot.stem + "-full")), full_page=True)
    page.add_script_tag(path=str(axe_js))
    report = page.evaluate(AXE_RUN)
    for violation in report["violations"]:
        targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
        more = len(violation["nodes"]) - 3
        where = targets + (f" and {more} more" if more > 0 else "")
        line = f"{violation['id']} ({violation['impact']}): {violation['help']} at {where}"
        (found.problems if violation["impact"] in BLOCKING_IMPACTS else found.notes).append(line)
    return found
