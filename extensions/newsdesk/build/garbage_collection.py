"""Python's cyclic garbage collector, set for a build: what lives long is frozen, the
young generation is larger, and a finished build is left out of the last collections.

At 520 posts a clean build holds millions of objects and makes millions more (docutils'
trees are cycles: every node points to its parent). With the interpreter's settings the
collector took about 9 s of the ~30 s of CPU of a clean 520-post build, and 0.2-0.3 s
of the 0.3-0.4 s a one-post edit spent loading the saved environment: each full
collection walks every object alive, most of them the environment, which lives for the
whole build, and the processes that ``-j`` forks walked their parent's objects too.
Measured with ``gc.callbacks`` in every process (bench corpus, 520 posts, together with
``build/reading``'s smaller worker pickles): 8.9-11.0 s of collections before, 1.8-2.4 s
after; the largest process 206 -> 219 MiB.

- config-inited: what an earlier build in this process froze is collectable again, and
  no collection runs while Sphinx loads the saved environment (it makes no garbage).
- builder-inited: the loaded environment and the modules are frozen (``gc.freeze``:
  moved to a generation no collection looks at, and forks inherit that), and the young
  generation is collected every :data:`YOUNG_GENERATION` allocations, not 700.
- write-started: every document is read and merged; one full collection, then the
  environment is frozen before the writing workers are forked.
- build-finished: the build's objects are frozen, so the process exits at once (its last
  collections walked them all: 0.9 s of a 5 s rebuild, measured), and the interpreter's
  settings are back. A process that builds again (``make serve``, a test) unfreezes them
  when its next build starts, so a frozen cycle is collectable again after one build.
"""

from __future__ import annotations

import gc

from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.config import Config

from ..internals.sphinx import attach, attached

# Allocations between collections of the youngest generation (the interpreter's is 700).
# 20,000: most of the collector's time went; a build's largest process grew by 12 MiB.
YOUNG_GENERATION = 20_000
SETTINGS_KEY = "_newsdesk_gc_settings"  # on the app: the thresholds before the build


def unfreeze_objects(app: Sphinx, config: Config) -> None:
    """config-inited, first: an earlier build's objects are collectable; no collections
    while the saved environment loads (until builder-inited)."""
    gc.unfreeze()
    attach(app, SETTINGS_KEY, gc.get_threshold())
    gc.disable()


def freeze_loaded_environment(app: Sphinx) -> None:
    """builder-inited, first: the environment is loaded."""
    gc.freeze()
    young, *older = attached(app, SETTINGS_KEY, gc.get_threshold())
    gc.set_threshold(max(young, YOUNG_GENERATION), *older)
    gc.enable()


def freeze_read_environment(app: Sphinx, builder: Builder) -> None:
    """write-started, first: the documents are read and merged."""
    gc.collect()
    gc.freeze()


def freeze_objects(app: Sphinx, exception: Exception | None) -> None:
    """build-finished, after every other handler."""
    gc.freeze()
    gc.set_threshold(*attached(app, SETTINGS_KEY, gc.get_threshold()))
    gc.enable()
