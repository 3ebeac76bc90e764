"""Sphinx's and docutils' private parts, each behind one small function.

Every function names the private thing it touches and the version it was checked with;
when one breaks after an upgrade, this module is the one to read. Nothing else in newsdesk
may touch these (ruff SLF001, ``tests/test_quarantine.py``).
"""

from __future__ import annotations

import builtins
import copy
import io
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import sphinx.builders.html
import sphinx.transforms
import sphinx.util.docutils
from docutils import frontend, nodes, utils
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


PARALLEL_KEY = "_newsdesk_parallel"


def read_in_main_process(app: Sphinx) -> None:
    """Make this build read its documents serially: ``Builder.read`` (Sphinx 9.0) checks
    ``app.parallel`` just after env-before-read-docs; the value is put back by
    :func:`restore_parallel_reading` before writing decides on ``-j``."""
    if app.parallel > 1 and PARALLEL_KEY not in app.__dict__:
        attach(app, PARALLEL_KEY, app.parallel)
        app.parallel = 1


def restore_parallel_reading(app: Sphinx) -> None:
    parallel = detach(app, PARALLEL_KEY)
    if parallel is not None:
        app.parallel = parallel


READING_PROCESS_KEY = "_newsdesk_reading_process"  # on the app: the pid that forks readers
DOCUMENTS_READ_KEY = "_newsdesk_documents_read"  # on a reading worker's app: what it read
# Sphinx's (9.0) per-document attributes of the environment that ``merge_info_from`` and
# its collectors (environment/collectors/*.py ``merge_other``) copy for the documents a
# worker read, and for no other.
_PER_DOCUMENT_ATTRIBUTES = (
    "tocs",
    "toc_num_entries",
    "titles",
    "longtitles",
    "metadata",
    "dependencies",
)


def note_reading_process(app: Sphinx) -> None:
    attach(app, READING_PROCESS_KEY, os.getpid())


def note_document_read(app: Sphinx, docname: str) -> None:
    """In a process ``-j`` forked to read (not the one that reads serially): ``docname``
    is one of those it sends back."""
    if attached(app, READING_PROCESS_KEY, os.getpid()) != os.getpid():
        read: set[str] = attached_or_new(app, DOCUMENTS_READ_KEY, set)
        read.add(docname)


def send_back_only_documents_read(per_document_attributes: tuple[str, ...] = ()) -> None:
    """Make a reading worker's environment pickle hold only the documents it read.

    Sphinx's ``Builder._read_parallel`` (9.0) forks a worker per chunk of documents
    (eleven chunks at 520 posts); each sends back ``pickle.dumps(self.env)``: the whole
    environment, with every document the main process had merged before the fork, and
    the main process unpickles it only to copy the chunk's documents
    (``merge_info_from``). The chunks sent back grew to the whole environment, 6 MB at
    520 posts, and so did the main process's work (it runs beside the two workers on two
    cores). Here a worker's pickle leaves out other documents' entries of the attributes
    merged by document (Sphinx's, and ``per_document_attributes`` of other packages'
    handlers that merge by document) and of each domain that says what it merges
    (``data_for(docnames)``); what the worker saw while reading is unchanged."""
    original = BuildEnvironment.__getstate__
    if hasattr(original, "__wrapped__"):
        return
    attributes = _PER_DOCUMENT_ATTRIBUTES + per_document_attributes

    def __getstate__(self: BuildEnvironment) -> dict[str, Any]:
        state = original(self)
        app = self.__dict__.get("_app")
        read: set[str] | None = attached(app, DOCUMENTS_READ_KEY, None) if app else None
        if not read or self.domains is None:
            return state
        for name in attributes:
            value = state.get(name)
            if isinstance(value, dict):
                state[name] = {docname: value[docname] for docname in read if docname in value}
        domaindata = dict(state["domaindata"])
        for name, domain in self.domains.items():
            data_for = getattr(domain, "data_for", None)
            if data_for is not None and name in domaindata:
                domaindata[name] = data_for(read)
        state["domaindata"] = domaindata
        return state

    __getstate__.__wrapped__ = original  # type: ignore[attr-defined]
    BuildEnvironment.__getstate__ = __getstate__  # type: ignore[method-assign]


# --- docutils -------------------------------------------------------------------------


def detach_from_document(node: nodes.Node) -> None:
    """docutils (0.22) nodes keep their document in ``_document``, and so do copies: drop
    it from ``node`` and its descendants so pickling ``node`` does not pickle the page."""
    for part in node.findall():
        part.__dict__.pop("_document", None)


def fresh_settings(values: frontend.Values) -> frontend.Values:
    """A copy of docutils settings as ``OptionParser.get_default_values`` makes them
    (docutils 0.22): a new ``Values`` whose lists and dicts are new, and a new, empty
    ``record_dependencies`` (each document records its own: Sphinx reads it after the
    document is read)."""
    settings = copy.copy(values)
    for name, value in vars(values).items():
        if isinstance(value, list | dict | set):
            setattr(settings, name, copy.copy(value))
    settings.record_dependencies = utils.DependencyList()
    return settings


def reusable_settings(values: frontend.Values) -> bool:
    """Settings a copy can stand for: no dependency file to write (a config file's
    ``record_dependencies``) is opened by them."""
    dependencies = getattr(values, "record_dependencies", None)
    return dependencies is None or getattr(dependencies, "file", None) is None


def _frozen(value: Any) -> Any:
    try:
        hash(value)
    except TypeError:
        return (type(value).__name__, repr(value))
    return value


# What docutils' OptionParser (0.22) reads from a component (a class, or an instance:
# Sphinx makes a parser for each document).
_SETTINGS_SPEC = (
    "settings_spec",
    "settings_defaults",
    "settings_default_overrides",
    "relative_path_settings",
    "config_section",
    "config_section_dependencies",
)


def _component_key(component: Any) -> Any:
    if isinstance(component, type):
        return component
    return (type(component), *(_frozen(getattr(component, a, None)) for a in _SETTINGS_SPEC))


_SETTINGS: dict[tuple[Any, ...], frontend.Values] = {}
# Defaults that are one build's objects, not settings: Sphinx passes its environment as
# ``env``. Set on each copy and never kept: a kept one held every build's environment
# alive (four at a time) in a process that builds again and again (``make serve``).
_PER_BUILD_DEFAULTS = ("env",)


def build_document_settings_once() -> None:
    """Make Sphinx's ``sphinx.util.docutils._get_settings`` (Sphinx 9.0; called by
    ``_parse_str_to_doctree`` for every document) build the settings through optparse
    once per process for each set of components and defaults, and hand out copies
    (:func:`fresh_settings`). Building them was 7% of a 520-post build; the copies are
    what optparse would give (``tests/test_speed_shortcuts.py`` compares them)."""
    original = getattr(sphinx.util.docutils._get_settings, "__wrapped__", None)
    if original is not None:
        return  # installed already (another app in this process)
    original = sphinx.util.docutils._get_settings

    def _get_settings(
        *components: Any, defaults: Any, read_config_files: bool = False
    ) -> frontend.Values:
        per_build = {name: defaults[name] for name in _PER_BUILD_DEFAULTS if name in defaults}
        key = (
            tuple(_component_key(component) for component in components),
            read_config_files,
            tuple(
                (name, _frozen(value)) for name, value in defaults.items() if name not in per_build
            ),
        )
        cached = _SETTINGS.get(key)
        if cached is None:
            made = original(*components, defaults=defaults, read_config_files=read_config_files)
            if not reusable_settings(made):
                return made
            if len(_SETTINGS) >= 4:  # one build uses one or two; tests make many apps
                _SETTINGS.clear()
            cached = fresh_settings(made)
            for name in per_build:
                setattr(cached, name, None)
            _SETTINGS[key] = cached
        settings = fresh_settings(cached)
        for name, value in per_build.items():
            setattr(settings, name, value)
        return settings

    _get_settings.__wrapped__ = original  # type: ignore[attr-defined]
    sphinx.util.docutils._get_settings = _get_settings


_STYLESHEETS: dict[tuple[Any, ...], list[str]] = {}


def find_stylesheets_once() -> None:
    """docutils' HTML translator (0.22, ``_html_base.HTMLTranslator.__init__``) looks for
    its stylesheets on disk (``utils.get_stylesheet_list``: a ``Path.exists`` per file and
    folder) each time one is made: for every page, and for every excerpt and take
    rendered into another page (``build/fragments.py``), about 3% of a build. Sphinx's
    pages never use that list (its templates link the stylesheets). Look once per
    process for each setting and working folder; a copy of the list is handed out."""
    original = getattr(utils.get_stylesheet_list, "__wrapped__", None)
    if original is not None:
        return
    original = utils.get_stylesheet_list

    def get_stylesheet_list(settings: frontend.Values) -> list[str]:
        try:
            key = (
                _frozen(settings.stylesheet),
                _frozen(settings.stylesheet_path),
                _frozen(settings.stylesheet_dirs),
                os.getcwd(),
            )
        except AttributeError:
            return original(settings)
        if key not in _STYLESHEETS:
            if len(_STYLESHEETS) >= 16:
                _STYLESHEETS.clear()
            _STYLESHEETS[key] = original(settings)
        return list(_STYLESHEETS[key])

    get_stylesheet_list.__wrapped__ = original  # type: ignore[attr-defined]
    utils.get_stylesheet_list = get_stylesheet_list


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


_CHECKSUMS: dict[tuple[str, str], str] = {}


def checksum_assets_once() -> None:
    """Sphinx (9.0) adds ``?v=<crc32>`` to every stylesheet and script link of every page
    through ``sphinx.builders.html._file_checksum``, which resolves the file's path on
    disk each time (the checksum itself is cached for the process by
    ``_file_checksum_inner``): 1.6% of a 520-post build. The resolved path of a file in
    the output folder does not change while the process runs: keep the result."""
    original = getattr(sphinx.builders.html._file_checksum, "__wrapped__", None)
    if original is not None:
        return
    original = sphinx.builders.html._file_checksum

    def _file_checksum(outdir: Any, filename: Any) -> str:
        key = (os.fspath(outdir), os.fspath(filename))
        if key not in _CHECKSUMS:
            _CHECKSUMS[key] = original(outdir, filename)  # raises for a query string
        return _CHECKSUMS[key]

    _file_checksum.__wrapped__ = original  # type: ignore[attr-defined]
    sphinx.builders.html._file_checksum = _file_checksum


_ESCAPED = re.compile(r"(?<=\x00)([-\\'\".`])")


def quote_tokens_quickly() -> None:
    """Sphinx's ``SphinxSmartQuotes.get_tokens`` (9.0) runs ``re.sub`` with a pattern
    given as text (looked up in ``re``'s cache) on every text node of every page, to
    turn docutils' null escapes before punctuation into backslash escapes: 2% of a
    build. The same, with the pattern compiled once and skipped for text without a
    null character (there is nothing to replace)."""
    transform = sphinx.transforms.SphinxSmartQuotes
    if getattr(transform.get_tokens, "__wrapped__", None) is not None:
        return
    original = transform.get_tokens
    smartquotable = sphinx.transforms.is_smartquotable

    def get_tokens(self: Any, txtnodes: list[nodes.Text]) -> Iterator[tuple[str, str]]:
        for txtnode in txtnodes:
            if smartquotable(txtnode):
                text = str(txtnode)
                if "\x00" in text:
                    text = _ESCAPED.sub(r"\\\1", text)
                yield "plain", text
            else:
                yield "literal", txtnode.astext()

    get_tokens.__wrapped__ = original  # type: ignore[attr-defined]
    transform.get_tokens = get_tokens  # type: ignore[method-assign]


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
