"""Sphinx's and docutils' private parts, each behind one small function.

Every function names the private thing it touches and the version it was checked with;
when one breaks after an upgrade, this module is the one to read. Nothing else in newsdesk
may touch these (ruff SLF001, ``tests/test_quarantine.py``).
"""

from __future__ import annotations

import builtins
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.html._assets import _JavaScript
from sphinx.config import Config
from sphinx.environment import BuildEnvironment

T = TypeVar("T")

# --- State kept on other packages' objects --------------------------------------------
# newsdesk keeps per-build values on the builder (made anew for each build) and
# per-process values on the application, under names starting with "_newsdesk".
# Checked with Sphinx 9.0: neither class defines __slots__ or those names.


def attached(owner: object, key: str, default: T) -> T:
    """The value newsdesk attached to ``owner`` (a builder, the app, a log record)."""
    value: T = owner.__dict__.get(key, default)
    return value


def attach(owner: object, key: str, value: Any) -> None:
    owner.__dict__[key] = value


def attached_or_new(owner: object, key: str, make: Callable[[], T]) -> T:
    """The value attached under ``key``, attached first (``make()``) if there is none."""
    if key not in owner.__dict__:
        owner.__dict__[key] = make()
    value: T = owner.__dict__[key]
    return value


def detach(owner: object, key: str) -> Any:
    return owner.__dict__.pop(key, None)


# --- Configuration --------------------------------------------------------------------


def set_in_conf_py(config: Config, name: str) -> bool:
    """Whether conf.py (or ``-D``) set ``name``: ``Config._raw_config`` (Sphinx 9.0) is
    the only record of it; a default and a value set by an extension look the same."""
    return name in config._raw_config


def save_environment_with(env: BuildEnvironment, config: Config) -> Config:
    """Make ``env`` (and so the pickled environment) hold ``config``; returns the old one.
    ``env.config`` is set once by Sphinx (9.0) in ``BuildEnvironment.setup``."""
    live = env.config
    env.config = config
    return live


# --- Events ---------------------------------------------------------------------------


def replace_handler(
    app: Sphinx, event: str, handler: Callable[..., Any], make: Callable[[Any], Any]
) -> None:
    """Put ``make(handler)`` where another extension connected ``handler`` to ``event``,
    at its priority. ``EventManager.listeners`` (Sphinx 9.0) is the only way to find a
    handler another extension connected."""
    for listener in list(app.events.listeners.get(event, [])):
        if listener.handler is handler:
            app.disconnect(listener.id)
            app.connect(event, make(handler), priority=listener.priority)


# --- Environment ----------------------------------------------------------------------


def read_again_every_build(env: BuildEnvironment, docname: str) -> None:
    """``env.reread_always`` (Sphinx 9.0): documents read on every build, as Sphinx does
    for pages with errors. It has no public setter."""
    env.reread_always.add(docname)


def registered_source_suffixes(app: Sphinx) -> list[str]:
    """Suffixes extensions registered (MyST's ``.md``): ``SphinxComponentRegistry``
    (``app.registry``, Sphinx 9.0) is the only record of them."""
    return list(app.registry.source_suffix)


def drop_label(env: BuildEnvironment, name: str, docname: str) -> None:
    """Remove the std:label ``name`` (and its anonymous twin) where ``docname`` holds it.
    The std domain (Sphinx 9.0) has no API to remove a label; its ``labels`` and
    ``anonlabels`` are its data."""
    std = env.domains.standard_domain
    if std.labels.get(name, ("",))[0] == docname:
        del std.labels[name]
    if std.anonlabels.get(name, ("",))[0] == docname:
        del std.anonlabels[name]


def give_label(env: BuildEnvironment, name: str, docname: str, anchor: str, title: str) -> None:
    """Point the std:label ``name`` at ``docname#anchor`` without the "duplicate label"
    warning ``note_hyperlink_target`` gives (Sphinx 9.0), to settle a clash ourselves."""
    std = env.domains.standard_domain
    std.labels[name] = (docname, anchor, title)
    std.anonlabels[name] = (docname, anchor)


# --- docutils -------------------------------------------------------------------------


def detach_from_document(node: nodes.Node) -> None:
    """docutils (0.22) nodes keep their document in ``_document``, and so do copies: drop
    it from ``node`` and its descendants so pickling ``node`` does not pickle the page."""
    for part in node.findall():
        part.__dict__.pop("_document", None)


# --- HTML builder ---------------------------------------------------------------------


def drop_empty_index_words(indexer: Any) -> None:
    """Words of the search index left with no document. ``IndexBuilder.prune`` (Sphinx
    9.0) empties their sets but keeps the words in ``_mapping`` and ``_title_mapping``,
    so an incremental searchindex.js differs from a clean one (no upstream issue found;
    sphinx-doc/sphinx#11120 is about the same prune's cost)."""
    for mapping in (indexer._mapping, indexer._title_mapping):
        for word in [word for word, docs in mapping.items() if not docs]:
            del mapping[word]


def is_script_file(script: object) -> bool:
    """A script the page loads from a file: ``sphinx.builders.html._assets._JavaScript``
    (Sphinx 9.0) is what ``context["script_files"]`` holds; it has no public name."""
    return isinstance(script, _JavaScript)


def script_file(filename: str, priority: int, attributes: dict[str, Any]) -> Any:
    return _JavaScript(filename, priority=priority, **attributes)


@contextmanager
def writing_page(builder: Any, docname: str, imgpath: str) -> Iterator[None]:
    """The HTML translator takes image paths from the builder's state for the page being
    written (``current_docname``, ``imgpath``: Sphinx 9.0): set it to render a fragment
    for another page, and put it back."""
    saved = (getattr(builder, "current_docname", None), getattr(builder, "imgpath", ""))
    builder.current_docname, builder.imgpath = docname, imgpath
    try:
        yield
    finally:
        builder.current_docname, builder.imgpath = saved


# --- Python -------------------------------------------------------------------------


def replace_open(opener: Callable[..., Any]) -> None:
    """Make every ``open()`` of the process (``builtins.open``, and ``io.open``, which
    pathlib and shutil call) go through ``opener`` (Python 3.11-3.13): Sphinx's writers
    have no hook (see newsdesk.build.atomic)."""
    builtins.open = io.open = opener


def restore_open(real_open: Callable[..., Any]) -> None:
    builtins.open = io.open = real_open


# --- The preview (newsdesk serve) ---------------------------------------------------


def write_first(builder: Any, first: set[str], written: Callable[[], None]) -> None:
    """Make ``builder`` write the documents of ``first`` before the others, and call
    ``written()`` between the two. ``Builder._write_serial`` (Sphinx 9.0) is what
    ``write_documents`` calls with the sorted docnames of a serial build; it has no hook.
    A parallel build (``-j``) is left as it is."""
    write_serial = builder._write_serial

    def ordered(docnames: Any) -> None:
        now = [name for name in docnames if name in first]
        if not now:
            write_serial(docnames)
            return
        write_serial(now)
        written()
        rest = [name for name in docnames if name not in first]
        if rest:
            write_serial(rest)

    builder._write_serial = ordered


def plain_output_unless_terminal() -> None:
    """No colour codes when the output is not a terminal (a log, a pipe), as
    ``sphinx-build`` decides (``sphinx._cli.util.colour``, Sphinx 9.0)."""
    from sphinx._cli.util.colour import disable_colour, terminal_supports_colour

    if not terminal_supports_colour():
        disable_colour()


def application_loading_environment(
    preloaded: Callable[[Path], BuildEnvironment | None],
) -> type[Sphinx]:
    """A Sphinx application that takes its saved environment from ``preloaded(path)``
    (an environment unpickled in advance from the same file) when it has one, as
    ``Sphinx._load_existing_env`` (Sphinx 9.0) does with ``pickle.load``; otherwise it
    loads the file as Sphinx does."""

    class PreviewApplication(Sphinx):
        def _load_existing_env(self, filename: Path) -> BuildEnvironment:
            env = preloaded(filename)
            if env is None:
                return super()._load_existing_env(filename)
            env.setup(self)
            self._fresh_env_used = False
            return env

    return PreviewApplication
