"""The records newsdesk keeps in the environment are typed (dataclasses), survive pickling
(the saved environment, parallel workers) equal to themselves, and an environment saved
with the older dict records (env_version 4) is refused and read anew, not crashed on."""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path
from typing import Any

import pytest
from newsdesk.blog.posts import get_posts_domain
from newsdesk.blog.records import PostRecord
from newsdesk.content.news_domain import get_news_domain
from newsdesk.content.records import LabelClaim, NewsItemRecord, NoteRecord
from newsdesk.extension import ENV_VERSION
from newsdesk.people.registry import Person
from sphinx.testing.util import SphinxTestApp


def saved_environment(app: SphinxTestApp) -> Any:
    return pickle.loads(Path(app.doctreedir, "environment.pickle").read_bytes())


@pytest.mark.sphinx("html", testroot="news", srcdir="records-typed")
def test_records_are_typed_and_survive_pickling(app: SphinxTestApp) -> None:
    app.build()
    posts = get_posts_domain(app.env).posts
    news = get_news_domain(app.env)
    people = app.config.newsdesk_people
    assert posts and all(isinstance(post, PostRecord) for post in posts.values())
    items = [item for page in news.items.values() for item in page]
    notes = [note for page in news.notes.values() for note in page]
    claims = [claim for page in news.labels.values() for claim in page]
    assert items and all(isinstance(item, NewsItemRecord) for item in items)
    assert {note.kind for note in notes} == {"take", "memo"}
    assert all(isinstance(note, NoteRecord) for note in notes)
    assert claims and all(isinstance(claim, LabelClaim) for claim in claims)
    assert people and all(isinstance(person, Person) for person in people.values())
    for record in [*posts.values(), *items, *notes, *claims, *people.values()]:
        assert pickle.loads(pickle.dumps(record, pickle.HIGHEST_PROTOCOL)) == record
    # What the next build compares with: the saved environment holds equal records, and
    # the saved config's people compare equal, so nothing is re-read for them.
    saved = saved_environment(app)
    assert saved.domaindata["newsdesk-posts"]["posts"] == posts
    assert saved.domaindata["newsdesk"]["notes"] == news.notes
    assert saved.config.newsdesk_people == people
    with pytest.raises(dataclasses.FrozenInstanceError):
        next(iter(posts.values())).title = "changed"


@pytest.mark.sphinx("html", testroot="news", srcdir="records-old-environment")
def test_an_environment_with_dict_records_is_read_anew(app: SphinxTestApp) -> None:
    app.build()
    assert ENV_VERSION > 4  # newsdesk 4 kept dicts
    # The environment as newsdesk 4 saved it: the same data, as plain dicts.
    old = saved_environment(app)
    assert old.version["newsdesk"] == ENV_VERSION
    old.version = {**old.version, "newsdesk": 4}
    posts = old.domaindata["newsdesk-posts"]["posts"]
    for docname, post in posts.items():
        posts[docname] = dataclasses.asdict(post)
    Path(app.doctreedir, "environment.pickle").write_bytes(pickle.dumps(old))
    app.cleanup()  # docutils' node registry is global: one application at a time
    again = SphinxTestApp("html", srcdir=app.srcdir, builddir=Path(app.outdir).parent)
    try:
        again.build()
        assert "build environment version not current" in again.status.getvalue()
        assert again.warning.getvalue() == ""
        assert all(isinstance(p, PostRecord) for p in get_posts_domain(again.env).posts.values())
        assert set(get_posts_domain(again.env).posts) == set(posts)
    finally:
        again.cleanup()
