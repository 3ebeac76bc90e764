"""Save the environment with the configuration as ``conf.py`` and ``config-inited`` left it.

Sphinx compares the configuration of the last build, saved with the environment, with the
new one right after ``config-inited``. But the saved one is taken after ``builder-inited``,
when themes and extensions have added to it (pydata-sphinx-theme: ``html_static_path``,
``html_css_files``, ``html_theme_options``...; newsdesk.blog.drafts: the unpublished posts in
``exclude_patterns``). So every incremental build said "The configuration has changed (6
options ...)", and a new draft or scheduled post (``make post``) re-read every page as
"config changed ('exclude_patterns')". Here the environment is saved with a copy taken at
the end of ``config-inited``, which is what the next build compares with, and the live
configuration is put back before anything is written.
"""

from __future__ import annotations

import pickle
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from ..internals.sphinx import attach, attached, detach, save_environment_with

SNAPSHOT_KEY = "_newsdesk_config_snapshot"
LIVE_KEY = "_newsdesk_live_config"


def take_snapshot(app: Sphinx, config: Config) -> None:
    """config-inited, last: the configuration the next build will compare with."""
    # Config pickles itself the way the environment pickle stores it.
    attach(app, SNAPSHOT_KEY, pickle.loads(pickle.dumps(config, pickle.HIGHEST_PROTOCOL)))


def save_with_snapshot(app: Sphinx, env: Any) -> None:
    """env-updated, last: the environment is pickled next, with this configuration."""
    snapshot = attached(app, SNAPSHOT_KEY, None)
    if snapshot is not None and env.config is app.config:
        attach(app, LIVE_KEY, save_environment_with(env, snapshot))


def restore_live_config(app: Sphinx, builder: Any) -> None:
    """write-started: writing uses the live configuration again."""
    live = detach(app, LIVE_KEY)
    if live is not None:
        save_environment_with(app.env, live)
