"""Quarantine for pydata-sphinx-theme (0.20, under sphinx-book-theme 1.4): work it does
on every page that gives the same result on many, done once.

- The site navigation in the sidebar (``generate_toctree_html(startdepth=0,
  kind="sidebar")``, the book theme's ``sbt-sidebar-nav.html``) is Sphinx's toctree
  rendered for the page, then parsed and rewritten with BeautifulSoup: 6% of a 520-post
  build. Sphinx's toctree depends on the page only through the page's place in the
  toctrees (its "current" classes and the collapsed branches) and through the folder its
  links are relative to. A page that is in no toctree (every post, every generated page)
  gets the same HTML as every other such page of its folder: :func:`share_site_navigation`
  makes it once per folder. Pages in a toctree (about, authoring) are made as before.
- ``update_and_remove_templates`` renders every sidebar and header template of every page
  once more to drop those that render empty. A template whose top level writes text
  (``<nav ...>``) is never empty: :func:`check_only_templates_that_can_be_empty` skips the
  check for those, as the theme itself does for its navigation templates.

If pydata-sphinx-theme renames ``generate_toctree_html`` or
``utils._update_and_remove_templates``, nothing here applies (the theme's own work runs
as before); tests/test_speed_shortcuts.py compares the pages with the theme's own.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from typing import Any

import jinja2
from jinja2 import nodes as jinja_nodes
from sphinx import addnodes
from sphinx.application import Sphinx

from ..internals.sphinx import attached_or_new

NAVIGATION_KEY = "_newsdesk_site_navigation"  # on the builder: one build's HTML by folder
IN_TOCTREE_KEY = "_newsdesk_toctree_pages"
NEVER_EMPTY_KEY = "_newsdesk_never_empty_templates"


def _pages_in_toctrees(app: Sphinx) -> frozenset[str]:
    """Every document a toctree names or holds, and the root document: the pages whose
    navigation differs from their folder's."""
    env = app.env
    names = {env.config.root_doc}
    for parent, children in env.toctree_includes.items():
        names.add(parent)
        names.update(children)
    try:
        root = env.get_doctree(env.config.root_doc)
    except FileNotFoundError:
        return frozenset(names)
    for toctree in root.findall(addnodes.toctree):
        names.update(ref for _title, ref in toctree["entries"])
    return frozenset(names)


def share_site_navigation(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """html-page-context, after the theme's ``add_toctree_functions``: the sidebar's site
    navigation once per folder for pages in no toctree."""
    generate: Callable[..., Any] | None = context.get("generate_toctree_html")
    if generate is None or not hasattr(app.builder, "get_target_uri"):
        return
    in_toctrees = attached_or_new(app.builder, IN_TOCTREE_KEY, lambda: _pages_in_toctrees(app))
    if pagename in in_toctrees:
        return
    shared: dict[tuple[Any, ...], str] = attached_or_new(app.builder, NAVIGATION_KEY, dict)
    folder = posixpath.dirname(app.builder.get_target_uri(pagename))

    def generate_toctree_html(
        kind: str, startdepth: int = 1, show_nav_level: int = 1, **kwargs: Any
    ) -> Any:
        if kind != "sidebar" or startdepth != 0:
            return generate(kind, startdepth, show_nav_level, **kwargs)
        try:
            key = (folder, show_nav_level, tuple(sorted(kwargs.items())))
            hash(key)
        except TypeError:
            return generate(kind, startdepth, show_nav_level, **kwargs)
        if key not in shared:
            # The template writes the BeautifulSoup object: its str() is what it writes.
            shared[key] = str(generate(kind, startdepth, show_nav_level, **kwargs))
        return shared[key]

    context["generate_toctree_html"] = generate_toctree_html


def writes_text_at_top_level(environment: jinja2.Environment, name: str) -> bool:
    """Whether template ``name`` writes text outside any condition, loop, block or
    macro, so it never renders empty. False when unsure (a template that extends
    another, one that cannot be read)."""
    try:
        source, _filename, _uptodate = environment.loader.get_source(  # type: ignore[union-attr]
            environment, name
        )
        tree = environment.parse(source)
    except (jinja2.TemplateError, AttributeError):
        return False
    if any(isinstance(node, jinja_nodes.Extends) for node in tree.body):
        return False
    return any(
        isinstance(node, jinja_nodes.Output)
        and any(
            isinstance(part, jinja_nodes.TemplateData) and part.data.strip() for part in node.nodes
        )
        for node in tree.body
    )


def check_only_templates_that_can_be_empty(app: Sphinx) -> None:
    """builder-inited: make pydata-sphinx-theme's ``_update_and_remove_templates`` (0.20)
    skip its "renders empty?" check for templates that write text at their top level
    (once per process; per build, each template is read once)."""
    try:
        import pydata_sphinx_theme.utils as theme_utils
    except ImportError:
        return
    original = getattr(theme_utils, "_update_and_remove_templates", None)
    if original is None or hasattr(original, "__wrapped__"):
        return

    def _update_and_remove_templates(
        app: Sphinx,
        context: dict[str, Any],
        templates: list[str] | str,
        section: str,
        templates_skip_empty_check: list[str] | None = None,
    ) -> list[str]:
        skip = list(templates_skip_empty_check or [])
        names = templates.split(",") if isinstance(templates, str) else list(templates)
        suffixed = [
            name if posixpath.splitext(name)[1] else f"{name}.html"
            for name in (name.strip() for name in names)
        ]
        environment = getattr(getattr(app.builder, "templates", None), "environment", None)
        if environment is not None:
            known: dict[str, bool] = attached_or_new(app.builder, NEVER_EMPTY_KEY, dict)
            for name in suffixed:
                if name not in known:
                    known[name] = writes_text_at_top_level(environment, name)
                # The theme skips a template that ends with an entry: add one only when
                # it names no other template of the list.
                if known[name] and not any(o != name and o.endswith(name) for o in suffixed):
                    skip.append(name)
        return original(app, context, templates, section, skip)

    _update_and_remove_templates.__wrapped__ = original  # type: ignore[attr-defined]
    theme_utils._update_and_remove_templates = _update_and_remove_templates
