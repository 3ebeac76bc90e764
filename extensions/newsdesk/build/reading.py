"""A few changed documents are read in the main process, not in parallel workers.

Sphinx 9 reads in workers whenever ``-j`` allows it, even one document: the worker then
pickles the whole environment (every post's records) back to the main process, which
unpickles and merges it. After a one-post edit at 520 posts that is most of the reading
time. Sphinx before 8 read serially up to 5 documents; newsdesk does so again
(``-j 2`` and ``-j 1`` builds give the same site: tests/test_incremental.py and others).
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..internals.sphinx import read_in_main_process, restore_parallel_reading

# At most this many documents to read: read them serially (Sphinx 7's rule).
SERIAL_READ_LIMIT = 5


def read_few_serially(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """env-before-read-docs: few documents to read are read in this process."""
    if len(docnames) <= SERIAL_READ_LIMIT:
        read_in_main_process(app)


def restore_parallel(app: Sphinx, *args: object) -> None:
    """env-updated (and build-finished, if reading failed): ``-j`` again for writing."""
    restore_parallel_reading(app)
