"""Compiled templates kept between builds: Jinja's bytecode cache in the doctree folder.

Sphinx compiles every template it renders (the theme's layout and sections, ablog's and
newsdesk's) anew in each build: after a one-post edit at 520 posts that was about a tenth
of the build. Jinja's ``FileSystemBytecodeCache`` keeps the compiled code beside the
doctrees, checked against each template's source (a changed template is compiled again),
in a folder named for the Jinja and Python versions and the environment's options, which
the compiled code depends on. A clean build (doctrees removed) compiles as before.

Within a build the templates do not change, and each build makes a new Jinja environment
(``make serve`` too: a new application per build), so an edited template is read by the
next build: Jinja's ``auto_reload`` is off, which stat()ed each template's file again on
every ``get_template`` (about 10,000 times when a mid-archive post rewrites 220 pages).
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import jinja2
from jinja2 import FileSystemBytecodeCache
from sphinx.application import Sphinx

CACHE_FOLDER = "newsdesk-templates"


def _options_digest(environment: jinja2.Environment) -> str:
    options = (
        jinja2.__version__,
        sys.version,
        type(environment).__qualname__,
        sorted(environment.extensions),
        environment.block_start_string,
        environment.block_end_string,
        environment.variable_start_string,
        environment.variable_end_string,
        environment.comment_start_string,
        environment.comment_end_string,
        environment.line_statement_prefix,
        environment.line_comment_prefix,
        environment.trim_blocks,
        environment.lstrip_blocks,
        environment.newline_sequence,
        environment.keep_trailing_newline,
        environment.optimized,
        repr(environment.autoescape),
    )
    return hashlib.sha256(repr(options).encode()).hexdigest()[:16]


def keep_compiled_templates(app: Sphinx) -> None:
    """builder-inited: the builder's Jinja environment caches compiled templates."""
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if not isinstance(environment, jinja2.Environment) or environment.bytecode_cache:
        return
    environment.auto_reload = False
    folder = Path(app.doctreedir, CACHE_FOLDER, _options_digest(environment))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return  # no cache: templates are compiled as Sphinx compiles them
    environment.bytecode_cache = FileSystemBytecodeCache(str(folder))
