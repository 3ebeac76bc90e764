"""The news data across builds: ``-j 2`` writes what ``-j 1`` writes, an incremental build
after a take is added or removed writes what a clean build writes, and another Sphinx
project with only intersphinx links to a news item and a person."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import assert_same_output, build, copy_root, parse, sphinx_command
from sphinx.util.inventory import InventoryFile

BASE = "https://news.example.org/"
ADDED_TAKE = """
:::{take} jackson
Added later: Llama on a watch.
:::
::::
"""
REMOVED_TAKE = ":::{take} jason\nSmall models on phones.\n:::\n"


def test_parallel_build_writes_the_same_as_a_serial_one(tmp_path: Path) -> None:
    src = copy_root("news", tmp_path / "src")
    serial = sphinx_command(src, tmp_path / "j1", "-j", "1")
    assert serial.returncode == 0, serial.stderr
    parallel = sphinx_command(src, tmp_path / "j2", "-j", "2")
    assert parallel.returncode == 0, parallel.stderr
    # The documents really were read in two worker processes (chunks "a .. b").
    assert re.search(r"reading sources\.\.\. \[ *\d+%\] \S+ \.\. \S+", parallel.stdout)
    assert_same_output(tmp_path / "j1/html", tmp_path / "j2/html")
    # ... and the data merged from both workers is all there.
    jackson = parse(tmp_path / "j2/html/people/jackson.html")
    assert len(jackson.select("li.newsdesk-person-note")) == 3


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_incremental_build_equals_clean_build_after_a_take_is_added_or_removed(
    tmp_path: Path, jobs: str
) -> None:
    src = copy_root("news", tmp_path / "src")
    post = src / "posts/2024/week-40.md"
    incremental = tmp_path / "incremental"
    assert sphinx_command(src, incremental, "-j", jobs).returncode == 0

    text = post.read_text(encoding="utf-8")
    assert text.count("::::\n") == 1
    post.write_text(text.replace("::::\n", ADDED_TAKE, 1), encoding="utf-8")
    result = sphinx_command(src, incremental, "-j", jobs)  # a plain rebuild: same output, no -E/-a
    assert result.returncode == 0, result.stderr
    assert "1 changed" in result.stdout  # only the edited post was read again
    clean = sphinx_command(src, tmp_path / "clean-added", "-j", jobs)
    assert clean.returncode == 0, clean.stderr
    assert_same_output(incremental / "html", tmp_path / "clean-added/html")
    jackson = parse(incremental / "html/people/jackson.html").get_text(" ")
    assert "Added later: Llama on a watch." in jackson

    text = post.read_text(encoding="utf-8")
    assert REMOVED_TAKE in text
    post.write_text(text.replace(REMOVED_TAKE, ""), encoding="utf-8")
    result = sphinx_command(src, incremental, "-j", jobs)
    assert result.returncode == 0, result.stderr
    clean = sphinx_command(src, tmp_path / "clean-removed", "-j", jobs)
    assert clean.returncode == 0, clean.stderr
    assert_same_output(incremental / "html", tmp_path / "clean-removed/html")
    jason = parse(incremental / "html/people/jason.html")
    assert jason.select("li.newsdesk-person-note") == []
    assert "Small models on phones." not in jason.get_text(" ")


def test_another_project_refs_a_news_item_and_a_person_through_intersphinx(
    tmp_path: Path,
) -> None:
    src = copy_root("news", tmp_path / "src")
    assert build(src, tmp_path / "blog").returncode == 0
    inventory = tmp_path / "blog/html/objects.inv"
    with open(inventory, "rb") as stream:
        labels = InventoryFile.load(stream, BASE, lambda base, uri: base + uri)["std:label"]
    consumer = tmp_path / "consumer"
    consumer.mkdir()
    # Only intersphinx: newsdesk (and MyST) are not even loaded here.
    mapping = {"blog": (BASE, str(inventory))}
    (consumer / "conf.py").write_text(
        f"extensions = ['sphinx.ext.intersphinx']\nintersphinx_mapping = {mapping!r}\n",
        encoding="utf-8",
    )
    (consumer / "index.rst").write_text(
        "Consumer\n========\n\n"
        "Read :ref:`news-2024-week-40-openai-releases-o1`, "
        ":external+blog:ref:`the Nobel story <nobel-ai>` and ask :ref:`person-jackson`.\n",
        encoding="utf-8",
    )
    result = build(consumer, tmp_path / "consumer-out")  # -n -W --keep-going
    assert result.returncode == 0, result.stderr
    page = parse(tmp_path / "consumer-out/html/index.html")
    links = {a.get_text(): a["href"] for a in page.select("a.reference.external")}
    assert links == {
        "OpenAI releases o1": BASE + "posts/2024/week-40.html#news-openai-releases-o1",
        "the Nobel story": BASE + "posts/2024/week-41.html#nobel-ai",
        "Jackson Cates": BASE + "people/jackson.html",
    }
    assert links["OpenAI releases o1"] == labels["news-2024-week-40-openai-releases-o1"].uri


def test_merging_a_workers_data_copies_only_the_pages_it_read(tmp_path: Path) -> None:
    """The domain's merge, on the data of a real build: what another process read for
    some pages is copied for those pages only; other pages keep this process's data."""
    from dataclasses import replace

    from newsdesk.content.news_domain import get_news_domain
    from sphinx.testing.util import SphinxTestApp

    src = copy_root("news", tmp_path / "src")
    app = SphinxTestApp("html", srcdir=src, builddir=tmp_path / "build")
    try:
        app.build()
        domain = get_news_domain(app.env)
        theirs = {
            key: dict(value) for key, value in domain.data.items() if key in ("items", "notes")
        }
        assert set(theirs["notes"]) >= {"posts/2024/week-40", "posts/2024/week-41"}
        mine_41 = [replace(note, text=("mine",)) for note in theirs["notes"]["posts/2024/week-41"]]
        domain.clear_doc("posts/2024/week-40")
        domain.notes["posts/2024/week-41"] = mine_41
        domain.merge_domaindata({"posts/2024/week-40"}, theirs)
        assert domain.notes["posts/2024/week-40"] == theirs["notes"]["posts/2024/week-40"]
        assert domain.items["posts/2024/week-40"] == theirs["items"]["posts/2024/week-40"]
        assert domain.notes["posts/2024/week-41"] == mine_41  # not overwritten
    finally:
        app.cleanup()
