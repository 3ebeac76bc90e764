"""One changed document is read in the main process, not in a parallel worker.

Sphinx 9 reads in workers whenever ``-j`` allows it, even one document: the worker then
pickles the whole environment (every post's records) back to the main process, which
unpickles and merges it. After a one-post edit (or a post added) at 520 posts that is
most of the reading time. Two documents or more are read in workers as before, so the
``-j 2`` tests of small sites still merge workers' data; a serial read gives the same
site (``-j 1`` equals ``-j 2``: tests/test_incremental.py, tests/test_news_builds.py).
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..internals.sphinx import read_in_main_process, restore_parallel_reading

# At most this many documents to read: read them in this process.
SERIAL_READ_LIMIT = 1


def read_few_serially(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """env-before-read-docs: a single document to read is read in this process."""
    if len(docnames) <= SERIAL_READ_LIMIT:
        read_in_main_process(app)


def restore_parallel(app: Sphinx, *args: object) -> None:
    """env-updated (and build-finished, if reading failed): ``-j`` again for writing."""
    restore_parallel_reading(app)
