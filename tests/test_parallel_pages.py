"""Generated pages (ablog's listings, people pages) made in shares by forked processes
with -j N (newsdesk.build.parallel_pages) give the site a serial build gives."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import copy_root, parse, sphinx_command, tree_differences
from newsdesk.build.outputs import generated_pages, note_generated_page_name, written_outputs
from newsdesk.build.parallel_pages import everything, in_shares, share_of
from sphinx.testing.util import SphinxTestApp
from test_people_pages import structured_site


def test_shares_split_every_name_once() -> None:
    names = [f"blog/tag/t{i}" for i in range(200)]
    shares = [share_of(index, 3) for index in range(3)]
    owners = [[mine(name) for mine in shares].count(True) for name in names]
    assert owners == [1] * len(names)
    assert all(any(mine(name) for name in names) for mine in shares)  # none is empty
    assert all(everything(name) for name in names)


@pytest.mark.sphinx("html", testroot="blog", parallel=2)
@pytest.mark.usefixtures("apps_never_built")
def test_what_a_forked_share_writes_reaches_the_main_process(app: SphinxTestApp) -> None:
    app.builder.images = {}  # type: ignore[attr-defined]

    def make(mine: object) -> int:
        pid = os.getpid()
        note_generated_page_name(app, f"page-{pid}")
        app.builder.images[f"chart-{pid}.svg"] = f"chart-{pid}.svg"  # type: ignore[attr-defined]
        return pid

    pids = in_shares(app, make)
    assert pids[0] == os.getpid() and len(set(pids)) == 2  # share 1 was made in a fork
    child = pids[1]
    assert f"page-{child}" in generated_pages(app)
    assert f"page-{child}.html" in written_outputs(app)
    assert f"chart-{child}.svg" in app.builder.images  # type: ignore[attr-defined]


@pytest.mark.sphinx("html", testroot="blog", parallel=2)
@pytest.mark.usefixtures("apps_never_built")
def test_a_share_that_fails_fails_the_build(app: SphinxTestApp) -> None:
    def make(mine: object) -> None:
        if os.getpid() != main:
            raise RuntimeError("a share failed")

    main = os.getpid()
    with pytest.raises(Exception, match="a share failed"):
        in_shares(app, make)


def test_person_pages_with_images_made_in_two_processes_equal_a_serial_build(
    tmp_path: Path,
) -> None:
    src = structured_site(tmp_path)
    # The take with an image is Jackson's, whose page share 1 (a forked process) makes.
    take = src / "posts/2024/week-42.md"
    take.write_text(take.read_text("utf-8").replace(":by: jason", ":by: jackson"), "utf-8")
    assert not share_of(0, 2)("people/jackson")
    serial = sphinx_command(src, tmp_path / "serial")
    parallel = sphinx_command(src, tmp_path / "parallel", "-j", "2")
    assert serial.returncode == parallel.returncode == 0, parallel.stderr
    assert tree_differences(tmp_path / "serial/html", tmp_path / "parallel/html") == []
    people = sorted(p.stem for p in (tmp_path / "parallel/html/people").glob("*.html"))
    assert {share_of(1, 2)(f"people/{name}") for name in people} == {True, False}, people
    # The page made in the fork shows the take with its image.
    page = parse(tmp_path / "parallel/html/people/jackson.html")
    image = page.find("img", alt="a chart")
    assert (tmp_path / "parallel/html/people" / image["src"]).resolve().is_file()


@pytest.mark.parametrize("jobs", [(), ("-j", "2")])
def test_a_document_in_a_person_pages_place_is_reported_once(
    tmp_path: Path, jobs: tuple[str, ...]
) -> None:
    src = copy_root("news", tmp_path / "src")
    (src / "people").mkdir(exist_ok=True)
    (src / "people/jason.md").write_text("---\norphan: true\n---\n\n# Jason's own page\n")
    conf = src / "conf.py"
    conf.write_text(
        conf.read_text("utf-8").replace('"posts/*/*.md"]', '"posts/*/*.md", "people/*.md"]', 1),
        "utf-8",
    )
    result = sphinx_command(src, tmp_path / "out", *jobs, strict=False)
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("no page for person 'jason'") == 1, result.stderr
    page = parse(tmp_path / "out/html/people/jason.html")
    assert page.select_one("h1").get_text(strip=True).startswith("Jason\u2019s own page")
