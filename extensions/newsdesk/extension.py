"""The Sphinx side of newsdesk: ``setup()`` declares the configuration, registers what
pages are made of (domains, directives, roles, nodes, parsers), then connects the pipeline.

Kept apart from ``newsdesk/__init__.py`` so the editors' commands (``newsdesk new``)
import neither Sphinx nor ablog.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from . import PACKAGE_DIR, __version__, config, pipeline
from .blog import byline, front_matter, posts
from .blog.ablog import internals as ablog_internals
from .build import atomic, quiet, references
from .content import attribution, html_block, memo, news, news_domain
from .input import file_references, myst_guard, nesting
from .internals.sphinx import (
    build_document_settings_once,
    checksum_assets_once,
    find_stylesheets_once,
    quote_tokens_quickly,
    send_back_only_documents_read,
)

# Bump when the data newsdesk stores in the environment changes shape.
# 2: news items domain; 3: post records, no ablog doctrees; 4: redirect;
# 5: modules moved (doctrees pickle our node classes by module path, so old ones cannot load);
# 6: ablog post dates aware, in the post's own offset (blog.ablog.workarounds)
# 7: typed records (dataclasses, not dicts): posts, news items, notes, label claims, people
# 8: notes keep their story's icon (person pages show the card); a post's tags in its byline
# 9: notes say whether their card renders from the record and content alone
ENV_VERSION = 9


def setup(app: Sphinx) -> dict[str, Any]:
    config.declare(app)
    app.add_message_catalog("newsdesk", str(PACKAGE_DIR / "locale"))
    quiet.setup(app)
    atomic.setup(app)  # a failed write is a Sphinx error once Sphinx runs newsdesk
    # Security (issue 9): per-file MyST settings and file references.
    build_document_settings_once()  # docutils' settings: optparse once per process, not per page
    find_stylesheets_once()  # docutils' HTML translator: stylesheets looked up once, not per page
    checksum_assets_once()  # Sphinx's ?v= of each asset: its path resolved once, not per page
    quote_tokens_quickly()  # smart quotes: Sphinx's escape regex compiled once, run if needed
    # -j: a reading worker pickles back the documents it read, not the whole environment.
    send_back_only_documents_read((ablog_internals.POSTS_KEY,))
    myst_guard.setup(app)
    file_references.setup(app)
    nesting.setup(app)
    app.add_transform(front_matter.CheckPostFrontMatter)
    posts.setup(app)
    byline.setup(app)
    references.setup(app)
    # News items, takes, memos and people (one module each).
    html_block.setup(app)
    attribution.setup(app)
    news.setup(app)
    memo.setup(app)
    news_domain.setup(app)
    # Every event handler, in the order each event runs them (newsdesk.pipeline).
    pipeline.connect(app)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
