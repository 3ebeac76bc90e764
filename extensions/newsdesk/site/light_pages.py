"""Light pages: what pydata-sphinx-theme (and so sphinx-book-theme) makes every page load,
trimmed to what a reader of this site needs.

Measured at 520 posts, a post loaded 814 KB gzipped. Where it came from and what we do:

- Font Awesome: the theme's ``head_js_preload`` macro loads ``fontawesome.js`` (526 KB
  gzipped) and its stylesheet carries Font Awesome's ``@font-face`` rules (three fonts,
  244 KB) and icon classes. The site's ``layout.html`` (``_templates/``) leaves the script
  out and links :data:`STYLESHEET` instead: the theme's stylesheet without Font Awesome's
  fonts and rules, written here at every build from the installed theme (never edited in
  place). Icons are inline SVG (:mod:`newsdesk.site.icons`).
- The search index: the theme's layout loads ``searchindex.js`` (growing with the
  archive), ``searchtools.js`` and ``language_data.js`` in the head of every page, for a
  search-as-you-type the site does not use; the site's layout loads them only on
  ``search.html``, as Sphinx itself does.
- Scripts: Sphinx's and extensions' scripts are made ``defer`` here, so none blocks the
  first paint (the search page keeps Sphinx's order: its inline search code needs them).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from ..build.outputs import note_output
from ..build.writing import write_atomically
from ..internals.sphinx import attach, attached, is_script_file, script_file

STYLESHEET = "_static/newsdesk/theme.css"
THEME_STYLESHEET = "static/styles/pydata-sphinx-theme.css"
FONT_AWESOME_FACE = re.compile(r"@font-face\s*{[^{}]*Font Awesome[^{}]*}")
# A rule of minified CSS: its selectors (after the previous rule or an @media's brace)
# and its declarations, with no nested block.
CSS_RULE = re.compile(r"(?<=[{}])([^{}@]+)\{[^{}]*\}")
FONT_AWESOME_SELECTOR = re.compile(r"\.fa[a-z0-9-]*(?=$|[\s.:>\[,+~])")
CONTEXT_KEY = "newsdesk_theme_stylesheet"
FIRST_SCRIPT = "documentation_options.js"
THEME_CSS_KEY = "_newsdesk_theme_css"


def theme_stylesheet_source() -> Path | None:
    try:
        import pydata_sphinx_theme
    except ImportError:
        return None
    path = Path(pydata_sphinx_theme.__file__).parent / "theme/pydata_sphinx_theme"
    path = path / THEME_STYLESHEET
    return path if path.is_file() else None


def _is_font_awesome_rule(selectors: str) -> bool:
    """Whether every selector of a rule styles Font Awesome's own classes only."""
    parts = [part.strip() for part in selectors.split(",")]
    return all(
        part and FONT_AWESOME_SELECTOR.match(part) and not part.startswith(".fa-fw ")
        for part in parts
    )


def without_font_awesome(css: str) -> str:
    """The theme's stylesheet less Font Awesome's @font-face rules and icon classes."""
    css = FONT_AWESOME_FACE.sub("", css)
    return CSS_RULE.sub(lambda m: "" if _is_font_awesome_rule(m.group(1)) else m.group(0), css)


def uses_pydata_theme(app: Sphinx) -> bool:
    return app.builder.format == "html" and theme_stylesheet_source() is not None


def stylesheet_link(app: Sphinx) -> str:
    """The trimmed stylesheet's path with a digest of its source (so browsers refetch it
    when the installed theme changes)."""
    cached: str | None = attached(app.builder, THEME_CSS_KEY, None)
    if cached is None:
        source = theme_stylesheet_source()
        digest = hashlib.sha256(source.read_bytes()).hexdigest()[:20] if source else ""
        cached = f"{STYLESHEET}?digest={digest}"
        attach(app.builder, THEME_CSS_KEY, cached)
    return cached


def write_stylesheet(app: Sphinx, exception: Exception | None) -> None:
    """build-finished (after Sphinx copied the static files)."""
    if exception is not None or not uses_pydata_theme(app):
        return
    source = theme_stylesheet_source()
    assert source is not None
    css = without_font_awesome(source.read_text(encoding="utf-8"))
    write_atomically(Path(app.builder.outdir, STYLESHEET), css.encode("utf-8"))
    note_output(app, STYLESHEET)


def defer_scripts(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """html-page-context: every script file deferred (inline scripts cannot be), except
    ``documentation_options.js``: the theme's inline scripts set fields of the object it
    defines, so it must run first (206 bytes)."""
    if uses_pydata_theme(app):
        context[CONTEXT_KEY] = stylesheet_link(app)
    if pagename == "search" or "script_files" not in context:
        return
    deferred = []
    for script in context["script_files"]:
        attributes = dict(getattr(script, "attributes", {}))
        if (
            is_script_file(script)
            and script.filename
            and not str(script.filename).endswith(FIRST_SCRIPT)
            and "body" not in attributes
            and not {"async", "defer"} & attributes.keys()
        ):
            attributes["defer"] = "defer"
            script = script_file(script.filename, script.priority, attributes)
        deferred.append(script)
    context["script_files"] = deferred


def add_description(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """html-page-context: a meta description for pages without one (listings, people
    pages: sphinxext-opengraph describes documents only); search engines show it."""
    if 'name="description"' in str(context.get("metatags", "")):
        return
    site = getattr(app.config, "blog_feed_subtitle", "") or app.config.project
    title = str(context.get("title") or "")
    context["newsdesk_description"] = f"{title}: {site}" if title else site
