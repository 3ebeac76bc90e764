"""Command line: ``python -m newsdesk.tools.sitecheck [--only html,links] _build/html``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from .report import CheckResult

CHECKS = ("html", "feeds", "links", "a11y", "weight", "lighthouse")
DEFAULT_AXE = Path(".check/node_modules/axe-core/axe.min.js")
# Lighthouse takes a minute a page: it runs when --lighthouse is given (make check does).
SLOW_CHECKS = ("lighthouse",)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m newsdesk.tools.sitecheck",
        description="Check the built site: HTML, feeds, links, accessibility, page weight.",
    )
    parser.add_argument("root", type=Path, help="the built site, e.g. _build/html")
    parser.add_argument(
        "--only",
        type=lambda text: [name.strip() for name in text.split(",") if name.strip()],
        default=None,
        help=f"comma-separated checks to run (default: all of {','.join(CHECKS)}; "
        "lighthouse only with --lighthouse)",
    )
    parser.add_argument(
        "--axe-js", type=Path, default=DEFAULT_AXE, help=f"axe.min.js (default: {DEFAULT_AXE})"
    )
    parser.add_argument(
        "--lighthouse",
        type=Path,
        help="lighthouse's cli/index.js, e.g. .check/node_modules/lighthouse/cli/index.js",
    )
    parser.add_argument(
        "--screenshots", type=Path, help="where screenshots go (default: ROOT/../check)"
    )
    parser.add_argument("--chromium", default="/usr/bin/chromium", help="the Chromium binary")
    args = parser.parse_args(argv)
    if args.only is None:
        skipped = () if args.lighthouse else SLOW_CHECKS
        args.only = [name for name in CHECKS if name not in skipped]
    if "lighthouse" in args.only and args.lighthouse is None:
        parser.error("the lighthouse check needs --lighthouse PATH (lighthouse's cli/index.js)")
    unknown = sorted(set(args.only) - set(CHECKS))
    if unknown:
        parser.error(f"unknown check(s) {', '.join(unknown)}; choose from {', '.join(CHECKS)}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    root: Path = args.root
    if not (root / "index.html").is_file():
        print(
            f"sitecheck: {root} has no index.html; build the site first (make html)",
            file=sys.stderr,
        )
        return 2
    from .accessibility import check_accessibility
    from .feeds import check_feeds
    from .lighthouse import check_lighthouse
    from .links import check_links
    from .pages import site_pages
    from .validity import check_html
    from .weight import check_weight

    pages = site_pages(root)
    runners: dict[str, Callable[[], CheckResult]] = {
        "html": lambda: check_html(root, pages),
        "feeds": lambda: check_feeds(root),
        "links": lambda: check_links(root, pages),
        "a11y": lambda: check_accessibility(
            root, args.axe_js, args.screenshots or root.parent / "check", args.chromium
        ),
        "weight": lambda: check_weight(root),
        "lighthouse": lambda: check_lighthouse(root, args.lighthouse, args.chromium),
    }
    results = []
    for name in CHECKS:
        if name in args.only:
            result = runners[name]()
            print(result.render(), flush=True)
            results.append(result)
    failed = [result.name for result in results if not result.ok]
    passed = len(results) - len(failed)
    print(
        f"site check of {root}: {passed} passed, {len(failed)} failed"
        + (f" ({', '.join(failed)})" if failed else "")
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
