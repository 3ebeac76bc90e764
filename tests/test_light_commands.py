"""``newsdesk new`` (and the other editors' commands) start without loading Sphinx, ablog,
docutils, MyST or lxml: a fresh interpreter builds the command line parser."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ["sphinx", "ablog", "lxml", "docutils", "myst_parser"]
PROBE = (
    "import sys; from newsdesk.tools import cli; cli.build_parser(); "
    f"print(sorted(m for m in sys.modules if m.split('.')[0] in {set(HEAVY)!r}))"
)


def test_the_command_line_loads_no_sphinx() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120, check=True
    )
    assert result.stdout.strip() == "[]", result.stdout


def test_the_probe_sees_a_heavy_import() -> None:
    """The probe itself can fail: importing the Sphinx side shows up in its list."""
    probe = PROBE.replace("cli.build_parser(); ", "cli.build_parser(); import newsdesk.extension; ")
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    assert "'sphinx'" in result.stdout and "'ablog'" in result.stdout
