"""``newsdesk serve`` (make serve): the live preview, one process for the whole session.

sphinx-autobuild runs a fresh ``sphinx-build`` process for each save, and reloads the
browser when it ends: the process starts, imports Sphinx and every extension, and only
after the search index, feeds, sitemap and people pages does the browser see the edit.
This command uses sphinx-autobuild's own server pieces (its ``RebuildServer`` watcher,
its livereload websocket and script injection, its ignore filter) but builds in this
process: each save makes a new Sphinx application, exactly as ``sphinx-build`` does (the
same events, so every guard and bookkeeping of a normal build runs: newsdesk's write
guard from builder-inited to build-finished, its markers and state files), with the
modules already imported. The saved documents are written first, and the browser is
told to reload as soon as they are on disk; then the rest of the build, and a second
reload when it ends.

No Sphinx import at start (``newsdesk new`` must start in milliseconds): everything is
imported in ``run``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import mimetypes
import multiprocessing
import os
import pickle
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

SOURCE_SUFFIXES = (".md", ".rst")


def changed_docnames(srcdir: Path, changed: Sequence[Path]) -> set[str]:
    """The documents (by docname) among the changed files."""
    names = set()
    for path in changed:
        if path.suffix not in SOURCE_SUFFIXES:
            continue
        try:
            relative = path.resolve().relative_to(srcdir)
        except ValueError:
            continue
        names.add(relative.with_suffix("").as_posix())
    return names


class PreloadedEnvironment:
    """The saved environment, unpickled in a thread as soon as a build has saved it, so
    the next build does not wait for ``pickle.load`` (about 1 s at 520 posts). It is
    handed over once, and only if the file is still the one it was read from (same
    inode, size and modification time: newsdesk replaces the file on every save)."""

    def __init__(self) -> None:
        self.thread: threading.Thread | None = None
        self.loaded: tuple[tuple[int, int, int] | None, Any] | None = None

    @staticmethod
    def stat_key(path: Path) -> tuple[int, int, int] | None:
        try:
            stat = path.stat()
        except OSError:
            return None
        return (stat.st_ino, stat.st_size, stat.st_mtime_ns)

    def start(self, path: Path) -> None:
        def load() -> None:
            key = self.stat_key(path)  # before reading: a file replaced since differs
            try:
                with open(path, "rb") as stream:
                    env = pickle.load(stream)
            except Exception:  # Sphinx loads it itself, and says why it cannot
                return
            self.loaded = (key, env)

        self.wait()  # one loader at a time
        self.loaded = None
        self.thread = threading.Thread(target=load, name="newsdesk-preload", daemon=True)
        self.thread.start()

    def wait(self) -> None:
        if self.thread is not None:
            self.thread.join()
            self.thread = None

    def take(self, path: Path) -> Any:
        self.wait()
        loaded, self.loaded = self.loaded, None
        if loaded is None or loaded[0] is None or loaded[0] != self.stat_key(path):
            return None
        # The environment is most of the objects alive: keep the collector's full passes
        # from walking it again and again during the build (unfrozen when it ends).
        gc.freeze()
        return loaded[1]


class InProcessBuilder:
    """One Sphinx build per call, in this process (a fresh application each time)."""

    def __init__(self, srcdir: Path, outdir: Path, doctreedir: Path, url: str) -> None:
        self.srcdir, self.outdir, self.doctreedir, self.url = srcdir, outdir, doctreedir, url
        self.lock = threading.Lock()
        self.preloaded = PreloadedEnvironment()

    def __call__(
        self, changed_paths: Sequence[Path] = (), pages_written: Callable[[], None] | None = None
    ) -> bool:
        """Build; False when the build refused to start (see input.build_folders)."""
        from sphinx.errors import SphinxError
        from sphinx.util.docutils import docutils_namespace, patch_docutils

        from ..build import writing
        from ..build.atomic import stop_guarding
        from ..input.build_folders import TrackedBuildFiles
        from ..internals.sphinx import (
            application_loading_environment,
            plain_output_unless_terminal,
            write_first,
        )

        plain_output_unless_terminal()
        Sphinx = application_loading_environment(self.preloaded.take)

        first = changed_docnames(self.srcdir, changed_paths)
        if changed_paths:
            shown = ", ".join(str(path) for path in list(changed_paths)[:5])
            print(f"[newsdesk serve] Detected changes ({shown}); rebuilding", flush=True)
        with self.lock, patch_docutils(self.srcdir), docutils_namespace():
            app = None
            started = True
            try:
                app = Sphinx(
                    str(self.srcdir),
                    str(self.srcdir),
                    str(self.outdir),
                    str(self.doctreedir),
                    "html",
                    status=sys.stdout,
                    warning=sys.stderr,
                )
                if first and pages_written is not None:
                    write_first(app.builder, first, pages_written)
                app.build(force_all=False)
            except TrackedBuildFiles:  # logged; nothing was loaded from the folders
                started = False
                if changed_paths:  # a rebuild; a refused first build ends the preview
                    print(_KEEP_SERVING, file=sys.stderr, flush=True)
            except SphinxError as error:
                print(f"{error.category}: {error}", file=sys.stderr, flush=True)
                print(_KEEP_SERVING, file=sys.stderr, flush=True)
            except Exception:  # a bug: say so, and keep serving the last output
                traceback.print_exc()
                print(_KEEP_SERVING, file=sys.stderr, flush=True)
            finally:
                gc.unfreeze()
                gc.enable()  # off while an environment loads: a build may stop just then
                # A build stopped before build-finished (conf.py failing, an error while
                # the builder starts) never ran finish_build: this process lives on, so
                # the write guard (the process-wide ``open`` swap) ends here, as it
                # ended with sphinx-build's process.
                stop_guarding()
                writing.failure_flag = None
                # Free this build's application now (it is in reference cycles), and with
                # it the multiprocessing Manager sphinx-sitemap started for it.
                app = None
                gc.collect()
            if not started:
                return False
            self.preloaded.start(self.doctreedir / "environment.pickle")
        print(f"[newsdesk serve] Serving on {self.url}", flush=True)
        return True


_KEEP_SERVING = (
    "The preview keeps serving the last output; fix the cause above and save again, "
    "or press Ctrl+C to stop it."
)


def make_app(watch: Path, ignore: list[str], builder: InProcessBuilder, url_host: str) -> Any:
    import watchfiles
    from sphinx_autobuild.filter import IgnoreFilter
    from sphinx_autobuild.middleware import JavascriptInjectorMiddleware
    from sphinx_autobuild.server import RebuildServer
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.responses import PlainTextResponse, Response
    from starlette.routing import Mount, WebSocketRoute
    from starlette.staticfiles import StaticFiles

    class InProcessRebuildServer(RebuildServer):
        """sphinx-autobuild's watcher, building in a thread of this process (its own runs
        the callback in a new process for each change) and reloading the browser twice:
        when the saved pages are written, and when the build ends."""

        async def watch(self) -> None:
            loop = asyncio.get_running_loop()

            def reload() -> None:
                loop.call_soon_threadsafe(self.flag.set)

            async for changes in watchfiles.awatch(
                *self.paths, watch_filter=lambda _, path: not self.ignore(path)
            ):
                changed = [Path(path).resolve() for _, path in changes]
                await asyncio.to_thread(self.change_callback, changed, reload)
                self.flag.set()

    class WholeFiles(StaticFiles):
        """Each file read whole, then sent. Starlette's FileResponse takes the size from
        a stat made before it opens the file: a page the build replaced in between was
        sent cut short, or raised in uvicorn ("Response content longer than
        Content-Length")."""

        def file_response(
            self, full_path: Any, stat_result: Any, scope: Any, status_code: int = 200
        ) -> Any:
            try:
                content = Path(full_path).read_bytes()
            except OSError:  # removed by the build in between: as if never there
                return PlainTextResponse("Not Found", status_code=404)
            media_type = mimetypes.guess_type(str(full_path))[0] or "application/octet-stream"
            return Response(
                content,
                status_code=status_code,
                media_type=media_type,
                headers={"Cache-Control": "no-store"},  # a preview is never cached
            )

    watcher = InProcessRebuildServer([watch], IgnoreFilter(ignore, []), builder)
    return Starlette(
        routes=[
            WebSocketRoute("/websocket-reload", watcher, name="reload"),
            Mount("/", app=WholeFiles(directory=builder.outdir, html=True), name="static"),
        ],
        middleware=[Middleware(JavascriptInjectorMiddleware, ws_url=url_host)],
        lifespan=watcher.lifespan,
    )


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def run(args: argparse.Namespace) -> int:
    try:
        import sphinx_autobuild  # noqa: F401  (its server pieces, imported in make_app)
        import uvicorn
    except ImportError as error:
        print(
            f"newsdesk serve needs the dev extra (pip install -e '.[dev]'): {error}",
            file=sys.stderr,
        )
        return 2

    srcdir = Path(args.sourcedir).resolve(strict=True)
    outdir = Path(args.outdir).resolve()
    doctreedir = Path(args.doctrees).resolve() if args.doctrees else outdir / ".doctrees"
    outdir.mkdir(parents=True, exist_ok=True)
    url_host = f"{args.host}:{args.port}"
    builder = InProcessBuilder(srcdir, outdir, doctreedir, f"http://{url_host}")
    ignore = [*args.ignore, str(outdir), str(doctreedir)]
    app = make_app(srcdir, ignore, builder, url_host)
    print("[newsdesk serve] Starting initial build", flush=True)
    if not builder():
        return 2
    print("[newsdesk serve] Waiting to detect changes...", flush=True)
    # uvicorn raises the signal that stopped it again once it stopped: let that be the
    # KeyboardInterrupt below, so that the cleanup after it runs.
    signal.signal(signal.SIGTERM, _interrupt)
    with contextlib.suppress(KeyboardInterrupt):
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    # sphinx-sitemap starts a multiprocessing Manager (a process) in every build; with
    # sphinx-build the process's end ended them. Stop them, and end without the
    # interpreter's exit hooks, which wait on them (seen: the server never exited).
    for child in multiprocessing.active_children():
        child.kill()  # forked under uvicorn, they inherited its SIGTERM handler
    print("[newsdesk serve] stopped", flush=True)
    sys.stderr.flush()
    os._exit(0)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="live preview: rebuild on save in one process, edited pages first (make serve)",
        description=(
            "Serve OUTDIR on http://HOST:PORT, rebuild SOURCEDIR (HTML) on every save in "
            "this process, write the saved pages first and reload the browser when they "
            "are written, then when the build ends."
        ),
    )
    parser.add_argument("sourcedir")
    parser.add_argument("outdir")
    parser.add_argument("-d", dest="doctrees", help="the doctree folder (default OUTDIR/.doctrees)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument(
        "--ignore", action="append", default=[], help="glob of files not to watch (repeatable)"
    )
    parser.set_defaults(func=run)
