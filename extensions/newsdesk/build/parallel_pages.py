"""Make generated pages in parallel (``-j N``), as Sphinx writes the documents.

Sphinx writes the documents in forked processes but makes the pages of
``html-collect-pages`` (ablog's listings, the people pages: about 800 pages at 520
posts) one by one in the main process: a third of a clean build. Here a group's pages are
split into shares by a stable hash of their names; the main process makes share 0 while
forked processes make the others. A share's work is the whole of making its pages (the
generator's costly part too, when it asks ``mine``), so what a process returns is small:
what it wrote, for the outputs manifest, and the images its pages use, for the builder to
copy. Warnings are replayed in the main process by Sphinx's ParallelTasks.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from sphinx.application import Sphinx
from sphinx.util.parallel import ParallelTasks, parallel_available

from ..internals.sphinx import attached_or_new
from .outputs import GENERATED_KEY, WRITTEN_KEY, generated_pages, written_outputs

# Whether a page or file (by its name) is this process's to make.
Mine = Callable[[str], bool]
Result = TypeVar("Result")


def everything(name: str) -> bool:
    return True


def share_of(index: int, count: int) -> Mine:
    def mine(name: str) -> bool:
        return zlib.crc32(name.encode("utf-8")) % count == index

    mine.share = index  # type: ignore[attr-defined]
    return mine


def share_number(mine: Mine) -> int:
    """Which share ``mine`` is: 0 for the main process's, and when there is one share."""
    number: int = getattr(mine, "share", 0)
    return number


@dataclass
class SideEffects:
    """What making a share changed in its process that the main process must know."""

    outputs: set[str]
    generated: set[str]
    images: dict[str, str]


def _images(app: Sphinx) -> dict[str, str]:
    return dict(getattr(app.builder, "images", {}))


def _effects_since(app: Sphinx, before: SideEffects) -> SideEffects:
    images = _images(app)
    return SideEffects(
        outputs=written_outputs(app) - before.outputs,
        generated=generated_pages(app) - before.generated,
        images={k: v for k, v in images.items() if k not in before.images},
    )


def _apply(app: Sphinx, effects: SideEffects) -> None:
    outputs: set[str] = attached_or_new(app.builder, WRITTEN_KEY, set)
    outputs.update(effects.outputs)
    generated: set[str] = attached_or_new(app.builder, GENERATED_KEY, set)
    generated.update(effects.generated)
    images = getattr(app.builder, "images", None)
    if images is not None:
        images.update(effects.images)


def in_shares(app: Sphinx, make: Callable[[Mine], Result]) -> list[Result]:
    """``make(mine)`` for every share, in order: one share when the build is serial."""
    count = app.parallel if parallel_available else 1
    if count <= 1:
        return [make(everything)]
    results: dict[int, Result] = {}

    def make_share(index: int) -> tuple[Result, SideEffects]:
        before = SideEffects(written_outputs(app), generated_pages(app), _images(app))
        made = make(share_of(index, count))
        return made, _effects_since(app, before)

    def collect(index: int, returned: tuple[Result, SideEffects]) -> None:
        made, effects = returned
        _apply(app, effects)
        results[index] = made

    tasks = ParallelTasks(count - 1)
    try:
        for index in range(1, count):
            tasks.add_task(make_share, index, collect)
        results[0] = make(share_of(0, count))
        tasks.join()
    except BaseException:
        tasks.terminate()
        raise
    return [results[index] for index in range(count)]
