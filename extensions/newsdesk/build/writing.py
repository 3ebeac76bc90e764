"""Atomic, idempotent file writes: readers never see half a file, and a file whose bytes
would not change is not touched (its time stamp stays, so builds stay incremental).

``ReplacingFile`` is the file object behind every write of a build into its output and
doctree folders (newsdesk.build.atomic routes them here): it writes a temporary file
beside the target and puts it in place with ``os.replace`` only once it is complete.
"""

from __future__ import annotations

import builtins
import contextlib
import os
import tempfile
from pathlib import Path
from types import TracebackType
from typing import Any

# Temporary files of this module (a build killed with kill -9 may leave some behind;
# newsdesk.build.atomic removes them when it finds that build unfinished).
TEMP_PREFIX = ".newsdesk-tmp-"
real_open = builtins.open
# A file that exists while no write of the build has failed (newsdesk.build.atomic): a
# failed write removes it, from whichever process (parallel writers) it happens in.
failure_flag: str | None = None


class OutputWriteError(OSError):
    """A file could not be written; the published one is unchanged. An OSError, so
    Sphinx's own ``except OSError`` (a warning per page) still catches it. Once Sphinx
    has loaded newsdesk it is :class:`newsdesk.build.atomic.BuildOutputError`, a
    SphinxError too, so Sphinx prints its message instead of a crash report (this module
    loads no Sphinx: the editors' commands write with it)."""

    category = "Output error"


# The class write_error makes: newsdesk.build.atomic's setup sets its own.
error_type: type[OutputWriteError] = OutputWriteError


def note_write_failure() -> None:
    if failure_flag is not None:
        with contextlib.suppress(OSError):
            os.unlink(failure_flag)


def write_error(path: str | os.PathLike[str], error: BaseException) -> OutputWriteError:
    reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    return error_type(
        f"could not write {os.fspath(path)}: {reason}. The published file is unchanged; "
        "fix the cause (free disk space, permissions) and build again: the next build "
        "writes every page again"
    )


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


DEFAULT_MODE = _default_mode()


def _discard(tmp_name: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(tmp_name)


class ReplacingFile:
    """What ``open(path, "w")`` returns while a build runs: a temporary file that replaces
    ``path`` when closed without error, and is deleted otherwise."""

    def __init__(self, target: str, mode: str, *args: Any, **kwargs: Any) -> None:
        self._target = target
        self._mode = os.stat(target).st_mode & 0o7777 if os.path.exists(target) else DEFAULT_MODE
        fd, self._tmp = tempfile.mkstemp(dir=os.path.dirname(target), prefix=TEMP_PREFIX)
        os.close(fd)
        try:
            self._file = real_open(self._tmp, mode, *args, **kwargs)
        except BaseException:
            _discard(self._tmp)
            raise
        self._done = False
        self.write = self._file.write

    def __getattr__(self, name: str) -> Any:
        return getattr(self._file, name)

    def __enter__(self) -> ReplacingFile:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if exc is None:
            self.close()
            return
        self.abandon()
        if isinstance(exc, OSError) and not isinstance(exc, OutputWriteError):
            raise write_error(self._target, exc) from exc

    def abandon(self) -> None:
        """The writer failed: the target keeps its old bytes."""
        if self._done:
            return
        self._done = True
        note_write_failure()
        with contextlib.suppress(OSError):
            self._file.close()
        _discard(self._tmp)

    def close(self) -> None:
        if self._done:
            return
        try:
            self._file.close()  # the last buffered bytes: a full disk may show only here
            os.chmod(self._tmp, self._mode)  # mkstemp makes it private
            os.replace(self._tmp, self._target)
        except OSError as exc:
            self.abandon()
            raise write_error(self._target, exc) from exc
        self._done = True

    @property
    def closed(self) -> bool:
        return self._done

    def __del__(self) -> None:
        # Like a file object closed by the garbage collector: its bytes are written.
        if not getattr(self, "_done", True):
            with contextlib.suppress(OSError):
                self.close()


def same_bytes(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() == data
    except OSError:
        return False


def write_atomically(path: Path, data: bytes) -> bool:
    """Replace ``path`` with ``data`` through a temporary file; False if already equal."""
    if same_bytes(path, data):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=TEMP_PREFIX)
    try:
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.chmod(tmp_name, mode)  # mkstemp makes it private; keep the file's usual mode
        os.replace(tmp_name, path)
    except OSError as exc:
        _discard(tmp_name)
        note_write_failure()
        raise write_error(path, exc) from exc
    except BaseException:
        _discard(tmp_name)
        raise
    return True
