"""newsdesk.pipeline is the whole pipeline: a real Sphinx application's newsdesk listeners,
per event and in the order Sphinx calls them, are exactly the table's."""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any

import pytest
from ablog.post import generate_archive_pages
from newsdesk.pipeline import EVENTS, LATE, PIPELINE, describe
from sphinx.testing.util import SphinxTestApp

pytestmark = [
    pytest.mark.sphinx("html", testroot="pipeline"),
    pytest.mark.usefixtures("apps_never_built"),
]


def qualified(callback: Callable[..., Any]) -> str:
    return f"{callback.__module__}.{callback.__name__}"


def is_newsdesk(callback: Callable[..., Any]) -> bool:
    return callback.__module__.split(".")[0] == "newsdesk"


def run_order(app: SphinxTestApp, event: str) -> list[tuple[int, Callable[..., Any]]]:
    """The event's listeners as Sphinx calls them: by priority, then as connected."""
    listeners = sorted(app.events.listeners.get(event, []), key=attrgetter("priority"))
    return [(listener.priority, listener.handler) for listener in listeners]


def expected_order(event: str) -> list[tuple[int, str]]:
    """The table's handlers for the event, then the late ones (connected after setup)."""
    table = [(h.priority, h.name) for h in PIPELINE if h.event == event]
    late = [(h.priority, h.name) for h in LATE if h.event == event]
    return sorted(table + late, key=lambda entry: entry[0])  # stable: as connected


def test_every_newsdesk_listener_is_in_the_table_in_order(app: SphinxTestApp) -> None:
    for event in sorted(set(app.events.listeners) | set(EVENTS)):
        ours = [(p, qualified(h)) for p, h in run_order(app, event) if is_newsdesk(h)]
        assert ours == expected_order(event), event


def test_the_table_connects_the_callbacks_themselves(app: SphinxTestApp) -> None:
    connected = {
        (event, listener.priority, id(listener.handler))
        for event, listeners in app.events.listeners.items()
        for listener in listeners
    }
    for handler in PIPELINE:
        assert (handler.event, handler.priority, id(handler.callback)) in connected, handler


def test_the_table_is_in_run_order() -> None:
    events = list(EVENTS)
    positions = [events.index(h.event) for h in PIPELINE]  # every event is a known one
    assert positions == sorted(positions), "grouped by event, in the order a build emits them"
    for event in events:
        priorities = [h.priority for h in PIPELINE if h.event == event]
        assert priorities, f"{event} has no handler"
        assert priorities == sorted(priorities), event
    assert all(h.why.strip() for h in (*PIPELINE, *LATE))
    assert len({(h.event, h.callback) for h in PIPELINE}) == len(PIPELINE)


def test_ablog_archive_pages_are_replaced_by_the_cached_ones(app: SphinxTestApp) -> None:
    handlers = [h for _, h in run_order(app, "html-collect-pages")]
    assert generate_archive_pages not in handlers
    assert "cached_ablog_pages" in [h.__name__ for h in handlers]


@pytest.mark.parametrize(
    ("event", "first", "then"),
    [
        # The "before ablog's / another extension's handler" claims of the table.
        ("config-inited", "newsdesk.blog.ablog.workarounds.adjust_ablog_config", "ablog"),
        ("builder-inited", "newsdesk.blog.ablog.workarounds.reset_ablog_state", "ablog"),
        ("doctree-read", "ablog.post.process_posts", "newsdesk.blog.posts.record_post"),
        ("doctree-resolved", "newsdesk.blog.ablog.workarounds.postlists_outside_html", "ablog"),
        ("html-page-context", "newsdesk.site.social.add_post_metadata", "sphinxext.opengraph"),
        ("build-finished", "newsdesk.site.sitemap.complete_sitemap_links", "sphinx_sitemap"),
    ],
)
def test_handlers_run_around_other_extensions(
    app: SphinxTestApp, event: str, first: str, then: str
) -> None:
    names = [qualified(h) for _, h in run_order(app, event)]
    assert first in names
    others = [i for i, name in enumerate(names) if name == then or name.startswith(then + ".")]
    assert others, f"no {then} handler at {event}"
    assert names.index(first) < min(others)


def test_describe_lists_every_handler() -> None:
    text = describe()
    for handler in (*PIPELINE, *LATE):
        assert handler.name.removeprefix("newsdesk.") in text
    assert all(f"### `{event}`" in text for event in EVENTS)
