"""Work done once instead of on every page or document (issue 13) gives what the work
itself gives: docutils' settings, front matter values, the theme's sidebar navigation."""

from __future__ import annotations

import gc
from io import StringIO
from pathlib import Path

import myst_parser.mdit_to_docutils.base as myst_base
import pytest
import sphinx.util.docutils
import yaml
from docutils import nodes
from docutils.core import publish_doctree
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser as RSTParser
from docutils.readers import standalone
from helpers import CommandLineApp, build, copy_root, parse, tree_differences
from myst_parser.parsers.sphinx_ import MystParser
from newsdesk.blog import excerpts
from newsdesk.build import garbage_collection
from newsdesk.input import front_matter_reader as reader
from newsdesk.input import myst_guard
from newsdesk.internals.sphinx import build_document_settings_once, find_stylesheets_once
from newsdesk.site import theme
from sphinx import addnodes


def comparable(settings: object) -> dict[str, object]:
    values = dict(vars(settings))
    values.pop("record_dependencies")  # a DependencyList: no equality, one per document
    return values


def test_document_settings_are_what_optparse_makes() -> None:
    build_document_settings_once()
    cached = sphinx.util.docutils._get_settings  # noqa: SLF001 (what Sphinx calls per document)
    optparse_made = cached.__wrapped__  # type: ignore[attr-defined]
    env = object()  # Sphinx passes its environment among the defaults
    defaults = {"traceback": True, "smart_quotes": True, "env": env, "strip_classes": ["x"]}

    def settings(maker: object, **changed: object) -> object:
        return maker(  # type: ignore[operator]
            standalone.Reader,
            MystParser(),  # Sphinx makes a parser for each document
            defaults={**defaults, **changed},
            read_config_files=True,
        )

    first, second = settings(cached), settings(cached)
    assert comparable(first) == comparable(settings(optparse_made)) == comparable(second)
    assert first.env is env  # type: ignore[attr-defined]
    # Each document records its own dependencies and has its own lists.
    assert first.record_dependencies is not second.record_dependencies  # type: ignore[attr-defined]
    assert first.record_dependencies.list == []  # type: ignore[attr-defined]
    first.strip_classes.append("y")  # type: ignore[attr-defined]
    assert settings(cached).strip_classes == ["x"]  # type: ignore[attr-defined]
    # Other defaults are other settings.
    assert settings(cached, smart_quotes=False).smart_quotes is False  # type: ignore[attr-defined]


def test_myst_documents_get_the_default_settings_optparse_makes() -> None:
    myst_guard.build_default_settings_once()
    first, second = myst_base.make_document(), myst_base.make_document()
    expected = myst_base.get_default_settings.__wrapped__(RSTParser)  # type: ignore[attr-defined]
    assert comparable(first.settings) == comparable(expected) == comparable(second.settings)
    assert comparable(expected) == comparable(get_default_settings(RSTParser))
    assert first.settings is not second.settings
    assert first.settings.record_dependencies is not second.settings.record_dependencies


def test_stylesheets_found_once_are_those_docutils_finds() -> None:
    import docutils.utils
    from docutils.writers import html5_polyglot

    find_stylesheets_once()
    settings = get_default_settings(html5_polyglot.Writer)
    found = docutils.utils.get_stylesheet_list(settings)
    assert found == docutils.utils.get_stylesheet_list.__wrapped__(settings)  # type: ignore[attr-defined]
    assert any(path.endswith("minimal.css") for path in found)  # found in docutils' folder
    found.append("changed by a caller")
    assert "changed by a caller" not in docutils.utils.get_stylesheet_list(settings)


FRONT_MATTERS = [
    "date: 2024-10-14 20:00:00 +0700\ntags: [ai, research]\nauthor: [jason]",
    "title: 'Week #40'\ndescription: |\n  two\n  lines\n",
    "base: &b {a: 1}\nmerged:\n  <<: *b\n  c: 2",  # a merge key: nodes change
    "= : value\nother: 1",  # a value key
    "!!str 12: twelve",
    "",
    "- a list",
]


@pytest.mark.parametrize("text", FRONT_MATTERS)
def test_front_matter_read_once_gives_safe_loads_values_and_nodes(text: str) -> None:
    assert reader.safe_load_sharing(text) == yaml.safe_load(text)
    shared, own = reader.compose_shared(text), reader.compose(text)
    assert (shared is None) == (own is None)
    if own is not None:
        assert yaml.serialize(shared) == yaml.serialize(own)
        assert reader.key_lines(shared, 1) == reader.key_lines(own, 1)
    assert reader.compose_shared(text) is not shared or shared is None  # taken once


def test_invalid_front_matter_raises_as_safe_load_does() -> None:
    with pytest.raises(yaml.YAMLError):
        reader.safe_load_sharing("key: [unclosed")
    with pytest.raises(yaml.YAMLError):
        reader.compose_shared("key: [unclosed")


@pytest.mark.parametrize(
    ("source", "may"),
    [
        ("---\ndate: 2024-10-01\ntags: [ai]\n---\n# Title\nmyst in the text\n", False),
        ("---\nmyst:\n  enable_extensions: [dollarmath]\n---\n", True),
        ("---\nhtml_meta: {a: b}\n---\n", True),
        ('---\n"\\x6dyst": {}\n---\n', True),  # an escape can spell the key
        ("# No front matter\n\nmyst\n", False),
    ],
)
def test_myst_settings_are_read_when_front_matter_may_hold_them(source: str, may: bool) -> None:
    assert myst_guard.may_hold_myst_settings(source) is may


class EveryPage:
    def __contains__(self, name: object) -> bool:
        return True


@pytest.mark.slow
def test_theme_shortcuts_write_the_pages_the_theme_writes(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shortcut = build(site, tmp_path / "shortcut")
    assert shortcut.returncode == 0, shortcut.stderr
    with monkeypatch.context() as patch:
        patch.setattr(theme, "_pages_in_toctrees", lambda app: EveryPage())
        patch.setattr(theme, "writes_text_at_top_level", lambda environment, name: False)
        own = build(site, tmp_path / "own")
    assert own.returncode == 0, own.stderr
    assert tree_differences(tmp_path / "shortcut/html", tmp_path / "own/html") == []
    # The current page is marked in the navigation; a post, in no toctree, marks none.
    about = parse(tmp_path / "shortcut/html/about.html").select_one("nav.bd-docs-nav")
    assert about is not None
    assert [a.get_text(strip=True) for a in about.select("li.current > a")] == ["About Tech Pulse"]
    post = next((tmp_path / "shortcut/html/posts").rglob("*.html"))
    nav = parse(post).select_one("nav.bd-docs-nav")
    assert nav is not None
    assert nav.select("li.current") == []
    assert all(a["href"].startswith("../../") for a in nav.select("a.reference"))


def build_in_process(src: Path, builddir: Path) -> CommandLineApp:
    """A build in this process; its application is returned, for what conf.py's own
    listeners recorded on it."""
    app = CommandLineApp(
        "html", srcdir=src, builddir=builddir, status=StringIO(), warning=StringIO()
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return app


RECORD_COLLECTOR = """
import gc as _gc


def setup(app):
    def record(event):
        def handler(app, *args):
            states = app.__dict__.setdefault("collector_states", [])
            states.append((event, _gc.isenabled(), _gc.get_freeze_count() > 0, _gc.get_threshold()))
        return handler

    for event, priority in [("config-inited", 1), ("builder-inited", 1), ("write-started", 1),
                            ("build-finished", 1200)]:
        app.connect(event, record(event), priority=priority)
"""


def test_the_collector_is_set_for_a_build_and_back_after_it(tmp_path: Path) -> None:
    """build.garbage_collection: no collections while the saved environment loads; then
    the long-lived objects frozen and a larger young generation; frozen again before
    writing; after the build its objects are frozen and the interpreter's settings back.
    A process that builds again unfreezes the last build's objects first."""
    gc.unfreeze()
    before = gc.get_threshold()
    src = copy_root("news", tmp_path / "src")
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(RECORD_COLLECTOR)
    first = build(src, tmp_path / "out")
    assert first.returncode == 0, first.stderr
    assert gc.get_freeze_count() > 0  # the exit's collections skip them
    assert gc.isenabled() and gc.get_threshold() == before
    app = build_in_process(src, tmp_path / "again")
    young = garbage_collection.YOUNG_GENERATION
    assert (
        app.collector_states
        == [  # type: ignore[attr-defined]
            ("config-inited", False, False, before),  # unfrozen; off while the environment loads
            ("builder-inited", True, True, (young, *before[1:])),
            ("write-started", True, True, (young, *before[1:])),
            ("build-finished", True, True, before),
        ]
    )
    assert gc.isenabled() and gc.get_threshold() == before and gc.get_freeze_count() > 0


def test_templates_are_not_checked_for_changes_during_a_build_but_the_next_build_reads_them(
    tmp_path: Path,
) -> None:
    """build.template_cache: Jinja's auto_reload is off while a build renders (it stat()ed
    every template on every page); an edited template is read by the next build, in the
    same process, and its compiled code kept beside the doctrees is compiled anew."""
    src = copy_root("news", tmp_path / "src")
    (src / "_templates").mkdir()
    layout = src / "_templates" / "layout.html"
    marker = '{% extends "!layout.html" %}{% block extrahead %}{{ super() }}'
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(
            'templates_path = ["_templates"]\n'
            "def setup(app):\n"
            "    def record(app, builder):\n"
            '        app.__dict__["auto_reload"] = builder.templates.environment.auto_reload\n'
            '    app.connect("write-started", record)\n'
        )
    shown = []
    for content in ("one", "two"):
        meta_tag = f'<meta name="marker" content="{content}">'
        layout.write_text(marker + meta_tag + "{% endblock %}", "utf-8")
        app = build_in_process(src, tmp_path / "out")
        assert app.auto_reload is False  # type: ignore[attr-defined]
        meta = parse(tmp_path / "out/html/posts/2024/week-40.html").find("meta", {"name": "marker"})
        assert meta is not None
        shown.append(meta["content"])
    assert shown == ["one", "two"]
    assert list((tmp_path / "out/doctrees/newsdesk-templates").rglob("*.cache"))


def excerpt(rst: str) -> list[nodes.Node]:
    """An excerpt's nodes as a post's first paragraphs give them (docutils' own parser)."""
    document = publish_doctree(rst, settings_overrides={"report_level": 5})
    return list(document.children)


def internal_reference() -> list[nodes.Node]:
    paragraph = nodes.paragraph("", "A ")
    paragraph += addnodes.pending_xref("", nodes.Text("label"), reftarget="post-2024-week-40")
    return [paragraph]


@pytest.mark.parametrize(
    ("rst", "free"),
    [
        ("Plain *text* with **words** and ``code``.", True),
        ("A `story <https://example.com/story>`__ and `mail <mailto:team@example.com>`__.", True),
        ("- a list\n- of `links <https://example.com>`__", True),
        ("A `post <../2024/week-40.html>`_ nearby.", False),
        ("An anchor_ on the page.\n\n.. _anchor:\n\nText.", False),
        ("A `root path </about.html>`_.", False),
        ("An image:\n\n.. image:: chart.svg", False),
    ],
)
def test_an_excerpt_is_folder_free_only_without_page_relative_paths(rst: str, free: bool) -> None:
    assert excerpts.folder_free(excerpt(rst)) is free


def test_an_excerpt_with_a_reference_to_resolve_is_not_folder_free() -> None:
    assert not excerpts.folder_free(internal_reference())
