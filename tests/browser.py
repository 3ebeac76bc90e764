"""Open built pages in Debian's Chromium (Playwright) and report any script a payload ran.

Payload tests put markup such as ``<img src=x onerror=alert(1)>`` or
``javascript:alert(1)`` into posts, people entries or file names, build the site, and
then call :func:`script_incidents` on the pages that show it. A payload counts as having
run when the page opens a dialog (``alert``, ``confirm``, ``prompt``, also from an
injected ``<script>``), calls ``print()``, sets ``window.__pwned``, navigates away from
the page it was opened on (a meta refresh, a ``location`` change), or makes a request to
any host other than the local test server (exfiltration, a tracking pixel, a remote
script). Links are clicked too when ``click_links`` is set, so a live ``javascript:``
``href`` is caught even though it only runs on a click.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest
from newsdesk.tools.sitecheck.accessibility import CHROMIUM, CHROMIUM_FLAGS, serve

# Runs before any page script: record what a payload would use to prove it ran.
RECORDER = """
(() => {
  const seen = (what) => { (window.__incidents = window.__incidents || []).push(what); };
  for (const name of ["alert", "confirm", "prompt", "print"]) {
    window[name] = (...args) => { seen(name + "(" + args.join(",") + ")"); return null; };
  }
  Object.defineProperty(window, "__pwned", {
    set(v) { seen("__pwned=" + v); }, get() { return undefined; },
  });
})();
"""


def require_browser() -> None:
    """Skip with the reason when Chromium or Playwright is missing (make test installs both)."""
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"{CHROMIUM} is missing: make check-tools installs it")
    pytest.importorskip("playwright.sync_api", reason="pip install -e '.[check]'")


def script_incidents(root: Path, pages: Iterable[str], *, click_links: bool = False) -> list[str]:
    """Open each page (a path relative to ``root``); what ran, as ``page: incident`` lines."""
    require_browser()
    from playwright.sync_api import sync_playwright

    incidents: list[str] = []
    with serve(root) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            for relative in pages:
                incidents += [
                    f"{relative}: {what}" for what in _open(browser, base, relative, click_links)
                ]
        finally:
            browser.close()
    return incidents


def _open(browser: object, base: str, relative: str, click_links: bool) -> list[str]:
    found: list[str] = []
    url = base + relative
    context = browser.new_context()  # type: ignore[attr-defined]
    try:
        context.add_init_script(RECORDER)

        def outside(route: object) -> None:
            request = route.request  # type: ignore[attr-defined]
            if not request.url.startswith(base):
                found.append(f"request to {request.url}")
                route.abort()  # type: ignore[attr-defined]
            else:
                route.continue_()  # type: ignore[attr-defined]

        context.route("**/*", outside)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.on(
            "dialog", lambda dialog: (found.append(f"dialog {dialog.message}"), dialog.dismiss())
        )
        page.goto(url, wait_until="load")
        page.wait_for_timeout(300)  # timers and refreshes set by the page
        found += _recorded(page)
        if page.url.split("#")[0] != url.split("#")[0]:
            found.append(f"navigated to {page.url}")
        if click_links:
            for index in range(page.locator("a[href]").count()):
                link = page.locator("a[href]").nth(index)
                href = link.get_attribute("href") or ""
                if not href.lower().lstrip().startswith(("javascript", "vbscript", "data")):
                    continue
                found.append(f"live link {href!r}")
                link.evaluate("a => a.click()")
                found += _recorded(page)
    finally:
        context.close()
    return found


def _recorded(page: object) -> list[str]:
    recorded = page.evaluate("() => (window.__incidents || []).splice(0)")  # type: ignore[attr-defined]
    return [str(item) for item in recorded]
