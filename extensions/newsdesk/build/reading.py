"""Reading with ``-j``: one changed document is read in the main process, not in a
parallel worker; a worker sends back only the documents it read.

Sphinx 9 reads in workers whenever ``-j`` allows it, even one document: the worker then
pickles the whole environment (every post's records) back to the main process, which
unpickles and merges it. After a one-post edit (or a post added) at 520 posts that is
most of the reading time. Two documents or more are read in workers as before, so the
``-j 2`` tests of small sites still merge workers' data; a serial read gives the same
site (``-j 1`` equals ``-j 2``: tests/test_incremental.py, tests/test_news_builds.py).

A worker Sphinx forks to read a chunk of documents pickles its whole environment back,
every document merged before the fork included: :func:`note_document_read` records what
this worker read, and ``internals.sphinx.send_back_only_documents_read`` (installed by
``extension.setup``) leaves the rest out of that pickle.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..internals.sphinx import (
    note_document_read,
    note_reading_process,
    read_in_main_process,
    restore_parallel_reading,
)

# At most this many documents to read: read them in this process.
SERIAL_READ_LIMIT = 1


def read_few_serially(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """env-before-read-docs: a single document to read is read in this process."""
    if len(docnames) <= SERIAL_READ_LIMIT:
        read_in_main_process(app)


def remember_reading_process(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """env-before-read-docs: the process that reads, or forks the workers that do."""
    note_reading_process(app)


def note_read(app: Sphinx, docname: str, source: list[str]) -> None:
    """source-read: in a worker, ``docname`` is one of the documents it sends back."""
    note_document_read(app, docname)


def restore_parallel(app: Sphinx, *args: object) -> None:
    """env-updated (and build-finished, if reading failed): ``-j`` again for writing."""
    restore_parallel_reading(app)
