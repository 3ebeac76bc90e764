"""Builds are atomic as readers of the output folder see them.

Sphinx 9 and the extensions it runs write their files in place: ``handle_page`` and the
build info through ``Path.write_text``, static files, images and downloads through
``sphinx.util.osutil.copyfile`` (``shutil.copyfile``), templated static files in
``sphinx.util.fileutil``, the pygments stylesheet (Sphinx, then pydata-sphinx-theme),
``objects.inv`` (``sphinx.util.inventory``), the doctree and environment pickles,
sphinx-sitemap's ``ElementTree.write``. None has a hook. A build killed, or out of disk
space, in the middle leaves those files truncated. And a build killed after it saved the
environment leaves output that later builds never complete: the environment says every
page is up to date, so they write (and add to the search index) only the pages they find
outdated, and the index lacks every page the killed build had not written yet, for good.

This module is the one place that deals with it. It replaces ``open`` while a build runs
(through :func:`newsdesk.internals.sphinx.replace_open`), because Sphinx's writers call it,
directly or through pathlib and shutil, at a dozen sites:

- While an HTML-format build runs, every ``open()`` for writing ("w", no "+") of a file
  inside its output or doctree folder returns a ``writing.ReplacingFile``: the bytes go to
  a temporary file beside it, which replaces the file (``os.replace``) only when complete.
  A published file is always either the old one or the new one, never a part.
- The last thing a build does is write ``.newsdesk-build-complete`` in the output folder;
  the first thing it does is remove it. A build that finds it missing, or older than the
  saved environment (saved by a build that did not finish), writes every page again and
  regenerates every generated page and feed, so its output is a clean build's, search
  index included. It also removes the temporary files a killed build left behind.
- A write that fails (a full disk) leaves the old file, stops the marker from being
  written (so the next build writes everything again) and is reported by Sphinx with the
  file's name.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import SphinxError
from sphinx.locale import get_translation
from sphinx.util import logging

from ..diagnostics import Subtype
from ..internals.sphinx import attach, attached, replace_open, restore_open
from . import writing
from .regeneration import STATE_FILE

_ = get_translation("newsdesk")
logger = logging.getLogger(__name__)

MARKER = ".newsdesk-build-complete"
MARKER_TEXT = "This folder holds a complete Tech Pulse build (newsdesk writes this file last).\n"
# Exists while no write has failed; see writing.failure_flag. Beside the doctrees: the
# epub builder packs every file of the output folder.
NO_FAILURE_FLAG = "newsdesk-build-no-failure"
ENV_PICKLE = "environment.pickle"
# Sphinx's own temporary file for the search index (dump_search_index).
SPHINX_TEMP_FILES = ("searchindex.js.tmp",)
RECOVERING_KEY = "_newsdesk_recovering"

_guarded_roots: tuple[str, ...] = ()


class BuildOutputError(SphinxError, writing.OutputWriteError):
    """A file of the build could not be written (see writing.OutputWriteError)."""

    category = "Output error"


def _writes_in_place(mode: str) -> bool:
    return "w" in mode and "+" not in mode


def guarded_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
    """``open`` while a build runs (see the module's docstring)."""
    if (
        _guarded_roots
        and isinstance(mode, str)
        and _writes_in_place(mode)
        and isinstance(file, str | os.PathLike)
        and kwargs.get("opener") is None
    ):
        path = os.path.abspath(os.fsdecode(file))
        if path.startswith(_guarded_roots) and not os.path.islink(path) and not os.path.isdir(path):
            return writing.ReplacingFile(path, mode, *args, **kwargs)
    return writing.real_open(file, mode, *args, **kwargs)


def guard_writes(*folders: str | os.PathLike[str]) -> None:
    global _guarded_roots
    _guarded_roots = tuple(os.path.join(os.path.abspath(folder), "") for folder in folders)
    replace_open(guarded_open)


def stop_guarding() -> None:
    global _guarded_roots
    _guarded_roots = ()
    restore_open(writing.real_open)


def is_html(app: Sphinx) -> bool:
    return getattr(app.builder, "format", "") == "html"


def last_build_finished(outdir: Path, doctreedir: Path) -> bool:
    """The marker is there, and no build saved the environment after it was written."""
    try:
        marker_time = (outdir / MARKER).stat().st_mtime_ns
    except OSError:
        return False
    try:
        env_time = (doctreedir / ENV_PICKLE).stat().st_mtime_ns
    except OSError:
        return True  # no saved environment: this build reads and writes everything
    return marker_time >= env_time


def remove_leftovers(*folders: Path) -> None:
    """Temporary files of killed builds (they never replaced anything)."""
    for folder in folders:
        for root, _dirs, files in os.walk(folder):
            for name in files:
                if name.startswith(writing.TEMP_PREFIX) or name in SPHINX_TEMP_FILES:
                    Path(root, name).unlink(missing_ok=True)


def start_build(app: Sphinx) -> None:
    """builder-inited: guard the writes, and find out whether the last build finished."""
    if not is_html(app):
        return
    outdir, doctreedir = Path(app.builder.outdir), Path(app.doctreedir)
    guard_writes(outdir, doctreedir)
    recovering = not last_build_finished(outdir, doctreedir)
    attach(app.builder, RECOVERING_KEY, recovering)
    if recovering and outdir.is_dir() and any(outdir.iterdir()):
        logger.info(
            _("newsdesk: the last build into %s did not finish; writing every page again"),
            outdir,
        )
        remove_leftovers(outdir, doctreedir)
        # Generated pages and feeds are made again, whatever their digests say.
        (outdir / STATE_FILE).unlink(missing_ok=True)
    (outdir / MARKER).unlink(missing_ok=True)
    doctreedir.mkdir(parents=True, exist_ok=True)
    flag = doctreedir / NO_FAILURE_FLAG
    flag.touch()
    writing.failure_flag = str(flag)


def rewrite_everything(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """env-get-updated: after an unfinished build, every page is written (and indexed)."""
    if is_html(app) and attached(app.builder, RECOVERING_KEY, False):
        return sorted(env.found_docs)
    return []


def finish_build(app: Sphinx, exception: Exception | None) -> None:
    """build-finished, last: write the marker if everything was written."""
    if not is_html(app):
        return
    try:
        outdir = Path(app.builder.outdir)
        flag = Path(app.doctreedir, NO_FAILURE_FLAG)
        complete = flag.exists()
        flag.unlink(missing_ok=True)
        if exception is None and complete:
            writing.write_atomically(outdir / MARKER, MARKER_TEXT.encode("utf-8"))
            os.utime(outdir / MARKER)  # newer than the environment saved by this build
        elif exception is None:
            logger.warning(
                _(
                    "some files of this build could not be written (see the messages "
                    "above); the published ones are unchanged, and the next build writes "
                    "every page again"
                ),
                type="newsdesk",
                subtype=Subtype.OUTPUT,
            )
    finally:
        writing.failure_flag = None
        stop_guarding()


def setup(app: Sphinx) -> None:
    # Sphinx runs in this process: a failed write is reported as Sphinx reports errors.
    writing.error_type = BuildOutputError
