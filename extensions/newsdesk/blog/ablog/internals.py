"""ablog's private parts, each behind one small function (checked with ablog 0.11.13).

ablog keeps its posts in class-level state (``Blog._dict``, shared by every Sphinx
application of the process) and in ``env.ablog_posts``, and decides drafts with a
module-level ``TOMORROW``. :mod:`newsdesk.blog.ablog.workarounds` says why each is touched;
nothing else in newsdesk may touch them (ruff SLF001, ``tests/test_quarantine.py``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import ablog.blog
from ablog.blog import Blog
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ...internals.sphinx import attached_or_new

POSTS_KEY = "ablog_posts"


def forget_all_posts() -> None:
    """Empty ``Blog._dict``: the class attribute every ``Blog`` instance uses as its
    ``__dict__`` (ablog/blog.py), so a second build in one process started with the first
    one's posts. No upstream issue found."""
    Blog._dict.clear()


def list_every_post() -> None:
    """``ablog.blog.TOMORROW`` (the import time's tomorrow, naive local time) decides which
    posts ablog lists; set it to ``ablog.blog.FUTURE``, the latest date ablog knows, so it
    lists every post it is given (ablog issue 94: a post for tomorrow counted as published).
    A process-wide change: newsdesk is the only user of ablog in the process. Aware (UTC),
    as newsdesk gives ablog aware post dates (workarounds.dates_in_own_offset), so ablog can
    compare them; ``FUTURE`` too, which ablog compares with posts' dates."""
    ablog.blog.FUTURE = datetime(9999, 12, 31, tzinfo=UTC)
    ablog.blog.TOMORROW = ablog.blog.FUTURE


def posts_read(env: BuildEnvironment) -> dict[str, list[dict[str, Any]]]:
    """``env.ablog_posts``: ablog's records of each post, by docname (its ``process_posts``
    sets the attribute on the first post; absent before)."""
    posts: dict[str, list[dict[str, Any]]] = env.__dict__.get(POSTS_KEY, {})
    return posts


def posts_to_merge_into(env: BuildEnvironment) -> dict[str, list[dict[str, Any]]]:
    """``env.ablog_posts``, made if this process has read no post yet (a -j merge)."""
    return attached_or_new(env, POSTS_KEY, dict)


def declare_parallel_read_safe(app: Sphinx) -> None:
    """ablog's ``setup`` returns ``parallel_read_safe: False`` (ablog issues 297 and 327);
    Sphinx keeps that in ``app.extensions["ablog"]``, which is read when the build starts."""
    extension = app.extensions.get("ablog")
    if extension is not None:
        extension.parallel_read_safe = True
