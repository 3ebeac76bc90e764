"""A build refuses to start when git tracks files inside its output or doctree folder.

The build folders belong to builds: Sphinx loads ``environment.pickle`` and every
``.doctree`` from the doctree folder (unpickling runs code), newsdesk loads its kept
bodies and person-page cards from there (HTML put into pages as it is), and every file of
the output folder is published. Read the Docs and CI build pull requests from a fresh
checkout with both folders inside it (``-d _build/doctrees``, ``$READTHEDOCS_OUTPUT``), so
a pull request that force-adds files under ``_build/`` would have them loaded or
published. A file there that git tracks did not come from a build: at config-inited,
before Sphinx loads the saved environment, the build stops with an error naming the
files and how to fix it. Untracked files (earlier builds) are what the folders are for.

Outside a git checkout (a tarball, a folder without git) there is nothing to ask: who
unpacks a build folder with the sources is trusted as much as whoever wrote conf.py.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

logger = logging.getLogger(__name__)

SHOWN_FILES = 5


class TrackedBuildFiles(SystemExit):
    """Ends the build with status 2 once the error is logged. A SystemExit because
    sphinx-build prints a crash report (a traceback) for any Exception raised here, and a
    warning would let the build go on and load the files."""

    def __init__(self) -> None:
        super().__init__(2)


def git(checkout: Path, *args: str) -> subprocess.CompletedProcess[str] | None:
    """``git`` in ``checkout``, or None when git is not installed. The repository's own
    configuration is the build machine's, not the pull request's (a clone brings none),
    but filesystem monitors are turned off: a listing needs none."""
    program = shutil.which("git")
    if program is None:
        return None
    return subprocess.run(
        [program, "-c", "core.fsmonitor=false", "-C", str(checkout), *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"},
    )


def tracked_files(checkout: Path, folders: list[Path]) -> list[str]:
    """The files git tracks inside ``folders`` (paths relative to the top of the checkout
    that holds ``checkout``), or none when ``checkout`` is not in a git work tree."""
    top = git(checkout, "rev-parse", "--show-toplevel")
    if top is None or top.returncode != 0:
        return []
    root = Path(top.stdout.strip()).resolve()
    # The folders as Sphinx uses them (resolved): a tracked symlink on the way to one
    # leads to the files it would load, and they are listed where they are tracked.
    resolved = [folder.resolve() for folder in folders]
    inside = [folder for folder in resolved if folder.is_relative_to(root)]
    if not inside:
        return []
    specs = [f":(top,literal){folder.relative_to(root).as_posix()}" for folder in inside]
    listed = git(root, "ls-files", "-z", "--full-name", "--", *specs)
    if listed is None or listed.returncode != 0:
        return []
    return sorted(name for name in listed.stdout.split("\0") if name)


def refuse_tracked_build_files(app: Sphinx, config: Config) -> None:
    """config-inited (first): stop before the saved environment loads (see the module)."""
    folders = [Path(app.outdir), Path(app.doctreedir)]
    files = tracked_files(Path(app.srcdir), folders)
    if not files:
        return
    shown = ", ".join(files[:SHOWN_FILES])
    more = f" and {len(files) - SHOWN_FILES} more" if len(files) > SHOWN_FILES else ""
    logger.error(
        f"the build folders ({app.outdir}, {app.doctreedir}) hold files that git tracks: "
        f"{shown}{more}. A build folder holds only what earlier builds wrote; files "
        "committed there would be loaded (a pickle runs code) or published as they are, "
        "so nothing was built. Remove them from the repository (git rm -r --cached "
        "<folder>, and list the folder in .gitignore), or build into folders outside the "
        "checkout."
    )
    raise TrackedBuildFiles
