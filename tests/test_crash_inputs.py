"""Inputs that crashed the build with a traceback and no file:line (issue 9), strict and
lenient: dates of year 1 or 9999 with offsets, control characters in a title, headline,
take or people name, a title left empty, a non-UTF-8 byte in people.yaml, 400 nested
directives. Each is now a ``newsdesk`` warning at its line, the rest of the site builds,
and one bad people entry leaves the others in place."""

from __future__ import annotations

import feedparser
import pytest
from helpers import Built, build_and_check, make_site, parse, post


def nested(depth: int) -> str:
    opening = [":" * (depth + 3 - i) + "{note}" for i in range(depth)]
    return "\n".join([*opening, "core", *reversed([line[: -len("{note}")] for line in opening])])


def nested_rst(depth: int) -> str:
    lines = ["```{eval-rst}"]
    for i in range(depth):
        lines += ["   " * i + ".. note::", ""]
    return "\n".join([*lines, "   " * depth + "core", "```"])


PEOPLE = (
    b"jackson:\n"
    b"  name: Jackson Cates\n"
    b"  url: https://www.linkedin.com/in/jackson-cates/\n"
    b"jason:\n"
    b"  name: Jason \xff Bengtson\n"  # line 5: not UTF-8
    b"  url: https://www.linkedin.com/in/jason-bengtson/\n"
    b"priya:\n"
    b'  name: "Priya\\a Raman"\n'  # line 8: a control character as a YAML escape
    b"  url: https://example.org/priya\n"
    b"bob:\n"
    b"  name: Bob\x1b[31m\n"  # line 11: a literal escape character
    b"  url: https://example.org/bob\n"
    b"amy:\n"
    b"  name: Amy Good\n"
    b"  url: https://example.org/amy\n"
)
STORY = (
    ":::{{news}} {headline}\n:url: https://example.com/{slug}\n:by: jackson\n{extra}\n{body}\n:::\n"
)
FILES: dict[str, str | bytes] = {
    "people.yaml": PEOPLE,
    "posts/2024/year-one.md": post("Year one", date="0001-01-01 00:00:00 +0700"),
    "posts/2024/year-9999.md": post("Year 9999", date="9999-12-31 23:59:59 -1200"),
    "posts/2024/day-two.md": post("Day two", date="0001-01-02"),
    "posts/2024/item-dates.md": post(
        "Item dates",
        STORY.format(headline="Old story", slug="old", extra=":date: 0001-01-01", body="Old.")
        + STORY.format(headline="Late story", slug="late", extra=":date: 9999-12-31", body="x"),
        head="author: amy\n",
    ),
    "posts/2024/controls.md": post(
        "Ti\x07tle",  # line 6
        "Text\x01 here.\n\n"  # line 8
        + STORY.format(headline="Head\x02line", slug="a", extra=":source: So\x1burce", body="B")
        + "\n::::{news} Second\n:url: https://example.com/b\n\n:::{take} jackson\nTa\x03ke\n"
        ":::\n::::\n",
        head='description: "De\\x07scription"\n',  # line 4
    ),
    "posts/2024/untitled.md": post("\x9f"),  # line 6: only a character the site drops
    "posts/2024/deep.md": post("Deep", "Intro.\n\n" + nested(400)),
    "posts/2024/deep-rst.md": post("Deep rst", "Intro.\n\n" + nested_rst(300)),
    "posts/2024/good.md": post(
        "Good post",
        STORY.format(headline="Fine story", slug="fine", extra="", body="Fine.")
        + "\n::::{news} Taken\n:url: https://example.com/t\n\n:::{take} amy\nA take.\n:::\n::::\n",
        head="author: amy\n",
    ),
}
EXPECTED = [  # (file, line, kind, words)
    ("year-one.md", 2, "newsdesk.frontmatter", "is outside the dates a post can have"),
    ("year-9999.md", 2, "newsdesk.frontmatter", "is outside the dates a post can have"),
    ("day-two.md", 2, "newsdesk.frontmatter", "(0001-01-03 to 9999-12-29)"),
    ("controls.md", 4, "newsdesk.text", "control character U+0007 (a YAML escape) removed"),
    ("controls.md", 7, "newsdesk.text", "control character U+0007 removed"),
    ("controls.md", 9, "newsdesk.text", "control character U+0001 removed"),
    ("controls.md", 11, "newsdesk.text", "control character U+0002 removed"),
    ("controls.md", 14, "newsdesk.text", "control character U+001B removed"),
    ("controls.md", 22, "newsdesk.text", "control character U+0003 removed"),
    ("untitled.md", 6, "newsdesk.frontmatter", "the post's title is empty"),
    ("deep.md", 60, "newsdesk.nesting", "directives nested more than 50 deep"),
    ("deep-rst.md", 10, "newsdesk.nesting", "content nested too deeply to read"),
    ("people.yaml", 5, "newsdesk.people", "entry 'jason' left out: byte 0xff is not UTF-8"),
    ("people.yaml", 7, "newsdesk.people", "entry 'priya' left out: a control character"),
    ("people.yaml", 11, "newsdesk.people", "entry 'bob' left out: control character U+001B"),
]


@pytest.fixture(scope="module", params=[True, False], ids=["strict", "lenient"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    tmp = tmp_path_factory.mktemp("crashes")
    return build_and_check(make_site(tmp, FILES), tmp / "out", strict=request.param)


def test_each_input_is_a_warning_at_its_line(built: Built) -> None:
    for file, line, kind, words in EXPECTED:
        found = built.messages(file, kind)
        assert any(n == line and words in m for n, m in found), (file, line, words, found)


def test_the_rest_of_the_site_builds(built: Built) -> None:
    out = built.out
    good = parse(out / "posts/2024/good.html")
    assert "Fine story" in good.text and "A take." in good.text
    # The good people entries stay: amy's take is hers, her page and feed exist.
    assert (out / "people/amy.html").is_file() and (out / "people/jackson.html").is_file()
    assert "Amy Good" in good.text
    assert not (out / "people/jason.html").exists()
    unknown = [w for w in built.warnings if "unknown person 'amy'" in w.message]
    assert not unknown
    # The deep posts keep what comes before the nesting.
    assert "Intro." in parse(out / "posts/2024/deep.html").text
    assert "Intro." in parse(out / "posts/2024/deep-rst.html").text
    controls = parse(out / "posts/2024/controls.html")
    assert controls.find("h1").get_text(strip=True).startswith("Title")
    assert "Headline" in controls.text and "Take" in controls.text


def test_no_control_character_is_published_and_feeds_parse(built: Built) -> None:
    out = built.out
    for path in [*out.rglob("*.html"), *out.rglob("*.xml")]:
        text = path.read_text(encoding="utf-8")
        assert not any(ord(c) < 32 and c not in "\t\n\r" for c in text), path
    feeds = list(out.rglob("atom.xml"))
    assert len(feeds) > 5
    for feed in feeds:
        parsed = feedparser.parse(feed.read_bytes())
        assert not parsed.bozo, (feed, parsed.get("bozo_exception"))
    titles = [e.title for e in feedparser.parse((out / "blog/atom.xml").read_bytes()).entries]
    assert "Title" in titles and "Good post" in titles
    # A title left empty (once the control character went) crashed feedgen: the file
    # name stands in, in the feed and on the post list.
    assert "untitled" in titles
    assert "untitled" in [a.get_text(strip=True) for a in parse(out / "blog.html").select("a")]
    # Out-of-range posts have no date and are not listed as if they had one.
    assert "Year one" not in titles and "Year 9999" not in titles
