"""Person pages' cards kept between builds (newsdesk.people.kept_cards, issue 13): a post
added mid-archive moves later takes to other numbered pages, whose cards are the HTML
they were; they are taken from the cache, and the site equals a clean build. What else
a card shows (the registry, the configuration) drops the cache."""

from __future__ import annotations

import sys
from pathlib import Path

import newsdesk.people.pages as person_pages
import pytest
from helpers import REPO, build, parse, tree_differences

sys.path.insert(0, str(REPO / "bench"))
from generate import generate

POSTS = 24
SMALL_PAGES = {"newsdesk_page_size": 3}  # many numbered person pages


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path]:
    src = generate(tmp_path / "site", POSTS)
    out = tmp_path / "out"
    result = build(src, out, overrides=SMALL_PAGES)
    assert result.returncode == 0, result.stderr
    return src, out


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """The cards rendered in this process: (the note's post, the page it is for)."""
    cards: list[tuple[str, str]] = []
    render = person_pages.render_card

    def counting(app, note, body, page, level):  # type: ignore[no-untyped-def]
        cards.append((note.docname, page))
        return render(app, note, body, page, level)

    monkeypatch.setattr(person_pages, "render_card", counting)
    return cards


def page_times(html: Path) -> dict[str, int]:
    return {p.relative_to(html).as_posix(): p.stat().st_mtime_ns for p in html.rglob("*.html")}


def add_mid_archive_post(src: Path) -> Path:
    """A copy of the middle post, as `make bench`'s mid-archive add writes it."""
    middle = sorted((src / "posts").rglob("*.md"))[POSTS // 2]
    added = middle.parent / "added.md"
    text = middle.read_text("utf-8").replace("# Week #", "# Added: Week #", 1)
    added.write_text(text, "utf-8")
    return added


def assert_same_as_clean(src: Path, out: Path, tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    result = build(src, clean, overrides=SMALL_PAGES)
    assert result.returncode == 0, result.stderr
    assert tree_differences(out / "html", clean / "html") == []


def test_a_mid_archive_post_renders_only_its_own_cards(
    built: tuple[Path, Path], rendered: list[tuple[str, str]], tmp_path: Path
) -> None:
    src, out = built
    before = page_times(out / "html")
    added = add_mid_archive_post(src)
    result = build(src, out, overrides=SMALL_PAGES)
    assert result.returncode == 0, result.stderr
    after = page_times(out / "html")
    remade = [
        p for p in after if p.startswith("people/") and "/page/" in p and before.get(p) != after[p]
    ]
    assert len(remade) > 5, remade  # later takes moved to other numbered pages
    # On numbered pages (one folder per person, which their links are relative to) only
    # the added post's takes are rendered: the cards that moved come from the cache. A
    # card that moved to the person's front page (another folder) is rendered for it.
    added_doc = added.relative_to(src).with_suffix("").as_posix()
    numbered = {docname for docname, page in rendered if "/page/" in page}
    assert numbered == {added_doc}, rendered
    on_remade = sum(
        len(parse(out / "html" / page).select("ol.newsdesk-person-notes > li")) for page in remade
    )
    assert len([card for card in rendered if "/page/" in card[1]]) < on_remade / 2
    assert_same_as_clean(src, out, tmp_path)


def test_a_renamed_person_is_shown_anew_on_every_card(
    built: tuple[Path, Path], rendered: list[tuple[str, str]], tmp_path: Path
) -> None:
    src, out = built
    registry = src / "people.yaml"
    text = registry.read_text("utf-8")
    registry.write_text(text.replace("name: Jason\n", "name: Jason Q\n"), "utf-8")
    result = build(src, out, overrides=SMALL_PAGES)
    assert result.returncode == 0, result.stderr
    assert len(rendered) > 100  # the cache was dropped: every card rendered again
    page = parse(out / "html/people/jason.html")
    cards = page.select("ol.newsdesk-person-notes a.newsdesk-person")
    names = {link.get_text(strip=True) for link in cards}
    assert "Jason Q" in names and "Jason" not in names
    assert_same_as_clean(src, out, tmp_path)


def test_a_damaged_cache_is_rendered_anew(built: tuple[Path, Path], tmp_path: Path) -> None:
    src, out = built
    files = sorted((out / "doctrees/newsdesk-cards").glob("share-*.pickle"))
    assert files  # the first build kept its cards
    for path in files:
        path.write_bytes(b"not a pickle")
    add_mid_archive_post(src)
    result = build(src, out, overrides=SMALL_PAGES)
    assert result.returncode == 0, result.stderr
    assert_same_as_clean(src, out, tmp_path)
