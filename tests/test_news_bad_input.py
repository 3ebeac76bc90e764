"""Bad input in {news}, {take}, {memo} and {person}: each is a newsdesk warning naming the
file, the line and the fix; the strict build fails; no traceback; the rest of the page is
still there. A story covered in an earlier post is a note that does not fail the build."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from helpers import build, copy_root, parse, sphinx_command, warnings_in

POST = "week-40.md"
# (line, type.subtype, words the message must contain: what is wrong, and the fix)
EXPECTED = [
    (
        11,
        "newsdesk.person",
        [
            "unknown person 'jakson'",
            "did you mean 'jackson' or 'jason'?",
            "people registry (people.yaml)",
        ],
    ),
    (16, "newsdesk.url", ["'No URL at all' has no ':url:'", "':url: https://example.com/story'"]),
    (23, "newsdesk.url", ["'Empty URL': ':url:' is empty"]),
    (30, "newsdesk.url", ["':url: javascript:alert(1)' is not an absolute http(s) address"]),
    (37, "newsdesk.url", ["':url: /news/story' is not an absolute http(s) address"]),
    (
        44,
        "newsdesk.url",
        ["must be percent-encoded (' ', '\"')", "write https://example.com/a%20story%22x"],
    ),
    (50, "newsdesk.empty", ["needs a headline", "'::::{news} OpenAI releases o1'"]),
    (60, "newsdesk.empty", ["the take by 'jason' has no text"]),
    (
        71,
        "newsdesk.duplicate",
        ["https://www.example.com/twice/ is already in this page (line 64)", "nested {take}"],
    ),
    (
        78,
        "newsdesk.take",
        ["not inside a {news} block", "'::::{news} Headline' around ':::{take} priya'"],
    ),
    (82, "newsdesk.person", ["memo needs ':by: <person id>'"]),
    (93, "newsdesk.person", ["memo 'Typo in by' needs ':by: <person id>'"]),
    (101, "newsdesk.date", ["':date: 14/10/2024' is not a date", "YYYY-MM-DD"]),
    (102, "newsdesk.icon", ["':icon: a-very-long-icon-text' is too long"]),
    (
        103,
        "newsdesk.label",
        ["':label: Not A Label' is not a valid label", "write ':label: not-a-label'"],
    ),
    (109, "newsdesk.person", ["unknown person 'priay' in {person}", "did you mean 'priya'?"]),
    (116, "newsdesk.nesting", ["news item 'Inner story' is inside another {news} block"]),
    (
        125,
        "newsdesk.url",
        [
            "':url: https://bücher.example/story' has a non-ASCII host name",
            # The host in its IDNA form, never percent-encoded (b%C3%BCcher is no host).
            "; write https://xn--bcher-kva.example/story",
        ],
    ),
]


@pytest.fixture(scope="module")
def bad_build(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[subprocess.CompletedProcess[str], Path]:
    tmp = tmp_path_factory.mktemp("bad")
    result = build(copy_root("news-bad", tmp / "src"), tmp / "out")
    return result, tmp / "out/html"


def test_every_bad_input_is_a_warning_with_file_line_and_fix(bad_build) -> None:
    result, _ = bad_build
    assert result.returncode != 0, "a strict build fails"
    assert "Traceback" not in result.stderr + result.stdout
    found = [w for w in warnings_in(result.stderr) if w.kind.startswith("newsdesk.")]
    assert sorted((w.path, w.line, w.kind) for w in found) == sorted(
        (POST, line, kind) for line, kind, _ in EXPECTED
    )
    for line, kind, words in EXPECTED:
        (message,) = [w.message for w in found if (w.line, w.kind) == (line, kind)]
        for word in words:
            assert word in message, (line, message)
        assert "%C3%BC" not in message
    # MyST's own warning for the misspelt option comes too, and the memo still renders.
    assert any(
        w.kind == "myst.directive_option" and w.line == 94 for w in warnings_in(result.stderr)
    )


def test_the_rest_of_the_page_still_renders(bad_build) -> None:
    _, out = bad_build
    page = parse(out / "posts/2024/week-40.html")
    text = " ".join(page.get_text(" ").split())
    for kept in [
        "Text before the stories stays.",
        "Text after the stories stays.",
        "Take by a misspelt person.",
        "The take stays.",
        "Take under a script URL.",
        "Take under no headline.",
        "A take outside any story.",
        "Memo without an author.",
        "The option name is misspelt.",
        "Options that are wrong.",
        "Ask priay about it.",
    ]:
        assert kept in text
    # Refused URLs are not links; the headline stays as text.
    for anchor in [
        "news-no-url-at-all",
        "news-empty-url",
        "news-script-url",
        "news-relative-url",
        "news-spaces-in-url",
    ]:
        heading = page.find(id=anchor).find(class_="newsdesk-headline")
        assert heading.find("a") is None and heading.get_text(strip=True)
    assert not page.select('a[href^="javascript:"]')
    # No headline: the source stands in; an unknown person is named, not linked.
    assert (
        page.find(id="news-example-com").find(class_="newsdesk-headline").get_text(strip=True)
        == "example.com"
    )
    caption = page.find(id="news-unknown-person-jakson").find("figcaption")
    assert caption.find("a") is None and "jakson" in caption.get_text()
    assert "newsdesk-take-orphan" in page.find(id="take-priya")["class"]
    bad_options = page.find(id="not-a-label")
    assert bad_options.find("time") is None
    # The refused :icon: falls back to the default memo icon.
    assert bad_options.find(class_="newsdesk-icon")["src"].endswith("_static/newsdesk/memo.svg")


def test_bad_takes_are_not_credited_to_anyone(bad_build) -> None:
    _, out = bad_build
    jason = parse(out / "people/jason.html").get_text(" ")
    assert "The take stays." in jason
    assert "Take by a misspelt person." not in parse(out / "people/jackson.html").get_text(" ")
    # A take outside a story is on no story: it is not on Priya's page.
    assert "A take outside any story." not in parse(out / "people/priya.html").get_text(" ")
    assert not (out / "people/jakson.html").exists()
    # A story wrongly nested in another: its take is credited once, with its own anchor.
    # Jason has more takes than a page holds (newsdesk_page_size): read every page.
    pages = [out / "people/jason.html", *sorted(out.glob("people/jason/page/*.html"))]
    items = [item for page in pages for item in parse(page).select("li")]
    inner = [n for n in items if "Inner take." in n.text]
    assert len(inner) == 1
    assert inner[0].select_one("a.internal")["href"].endswith("#news-inner-story-jason")


def test_a_story_covered_earlier_is_a_note_naming_that_post(bad_build) -> None:
    result, _ = bad_build
    notes = [line for line in result.stdout.splitlines() if "already covered" in line]
    assert len(notes) == 1
    assert (
        f"{POST}:86: note: the story https://ai.meta.com/blog/llama-3-2 was already "
        "covered in 'Week 39' (posts/2024/week-39)" in notes[0]
    )
    assert "already covered" not in result.stderr  # a note, not a warning


def test_covered_note_does_not_fail_strict_build_and_can_be_hidden(tmp_path: Path) -> None:
    src = copy_root("news", tmp_path / "src")  # week-41 follows up a week-40 story
    result = build(src, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert (
        "week-41.md:19: note: the story https://ai.meta.com/blog/llama-3-2 was already "
        "covered in 'Week 40'" in result.stdout
    )
    hidden = build(src, tmp_path / "out2", "-D", "suppress_warnings=newsdesk.covered")
    assert hidden.returncode == 0, hidden.stderr
    assert "already covered" not in hidden.stdout


CLASHING_POST = """---
date: 2024-10-2{day} 20:00:00 +0700
---

# {title}

:::{{news}} {title} story
:url: https://example.com/{slug}
:label: shared-story
:by: jason

{title} take.
:::

:::{{memo}} {title} memo
:by: priya
:label: shared-memo

{title} memo text.
:::
"""


def labels_in_inventory(outdir: Path) -> dict[str, str]:
    from sphinx.util.inventory import InventoryFile

    with open(outdir / "objects.inv", "rb") as stream:
        inventory = InventoryFile.load(stream, "", lambda base, uri: uri)
    return {name: item.uri for name, item in inventory["std:label"].items()}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_label_used_in_two_posts_is_a_newsdesk_warning_at_the_second(
    tmp_path: Path, jobs: str
) -> None:
    src = copy_root("news", tmp_path / "src")
    # alpha and zulu sort apart: with -j 2 they are read in different worker processes.
    for day, slug in (("1", "alpha"), ("2", "zulu")):
        (src / f"posts/2024/{slug}.md").write_text(
            CLASHING_POST.format(day=day, title=slug.title(), slug=slug), encoding="utf-8"
        )
    index = src / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8") + "\nSee {ref}`shared-story` and {ref}`shared-memo`.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = sphinx_command(src, out, "-j", jobs)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "duplicate label" not in result.stderr  # not Sphinx's warning without a place
    if jobs == "2":  # really read in two worker processes (chunks "a .. b")
        assert re.search(r"reading sources\.\.\. \[ *\d+%\] \S+ \.\. \S+", result.stdout)
    found = warnings_in(result.stderr)
    assert [(w.path, w.line, w.kind) for w in found] == [
        ("zulu.md", 7, "newsdesk.label"),
        ("zulu.md", 15, "newsdesk.label"),
    ]
    for warning in found:
        assert "is already the label of a story or target in posts/2024/alpha.md" in (
            warning.message
        )
        assert "choose another ':label:' here" in warning.message
    # The first post by name keeps both labels, in the page and in objects.inv.
    links = {a.get_text(): a["href"] for a in parse(out / "html/index.html").select("a.internal")}
    assert links["Alpha story"] == "posts/2024/alpha.html#shared-story"
    assert links["Alpha memo"] == "posts/2024/alpha.html#shared-memo"
    assert labels_in_inventory(out / "html")["shared-story"] == "posts/2024/alpha.html#shared-story"

    # Fixed in the first post: the second gets the labels in the next (incremental)
    # build, though it was not edited.
    alpha = src / "posts/2024/alpha.md"
    alpha.write_text(
        alpha.read_text(encoding="utf-8").replace(":label: shared-", ":label: alpha-"),
        encoding="utf-8",
    )
    again = sphinx_command(src, out, "-j", jobs)
    assert again.returncode == 0, again.stderr
    labels = labels_in_inventory(out / "html")
    assert labels["shared-story"] == "posts/2024/zulu.html#shared-story"
    assert labels["shared-memo"] == "posts/2024/zulu.html#shared-memo"
    assert labels["alpha-story"] == "posts/2024/alpha.html#alpha-story"
