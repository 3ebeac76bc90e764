"""People pages of tests/roots/test-news: a page per person with their takes and memos
(newest first, across posts), the posts they wrote and an Atom feed; a people index; all
in the site's theme."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest
from bs4 import Tag
from helpers import build, copy_root, parse, parse_text, sphinx_command, tree_differences

BASE = "https://news.example.org/"


@pytest.fixture(scope="module")
def people_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("people")
    src = copy_root("news", tmp / "src")
    result = build(src, tmp / "out")
    assert result.returncode == 0, result.stderr
    return tmp / "out/html"


def note_body(item: Tag) -> Tag:
    """A take's or memo's own text in its card on a person's page."""
    body = item.find(class_=["newsdesk-take-body", "newsdesk-memo-body"])
    assert isinstance(body, Tag)
    return body


def notes_on(people_html: Path, pid: str) -> list[dict[str, str]]:
    page_path = people_html / f"people/{pid}.html"
    page = parse(page_path)
    notes = []
    for item in page.select("ol.newsdesk-person-notes > li"):
        # The card as the post shows it: a story's headline, or a memo's title line.
        heading = item.find(class_=["newsdesk-headline", "newsdesk-memo-title"])
        story = heading.find("a")
        source = item.find(class_="newsdesk-person-note-from")
        post = source.find("a", class_="internal")
        notes.append(
            {
                "headline": heading.get_text(" ", strip=True),
                "story": story["href"] if story else "",
                "rel": " ".join(story["rel"]) if story else "",
                "post": post["href"],
                "post_title": post.get_text(),
                "date": source.find("time")["datetime"],
                "text": " ".join(note_body(item).get_text().split()),
            }
        )
    return notes


def test_person_page_lists_takes_newest_first_across_posts(people_html: Path) -> None:
    notes = notes_on(people_html, "jackson")
    # week-41-extra (08:00 -03:00) is later than week-41 (09:00 +02:00): instants, not text.
    assert [(n["headline"], n["post"], n["date"]) for n in notes] == [
        (
            "A chip story",
            "../posts/2024/week-41-extra.html#news-a-chip-story-jackson",
            "2024-10-14T08:00:00-03:00",
        ),
        (
            "Nobel prize for AI pioneers",
            "../posts/2024/week-41.html#nobel-ai-jackson",
            "2024-10-14T09:00:00+02:00",
        ),
        (
            "OpenAI releases o1",
            "../posts/2024/week-40.html#news-openai-releases-o1-jackson",
            "2024-10-07T20:00:00+07:00",
        ),
    ]
    assert notes[2]["story"] == "https://openai.com/index/learning-to-reason-with-llms/"
    assert {n["rel"] for n in notes} == {"noopener noreferrer"}
    assert notes[2]["text"] == "Reasoning models are here, see the paper."
    for note in notes:  # the link to the item in its post lands on the take
        path, _, anchor = note["post"].partition("#")
        assert parse(people_html / "people" / path).find(id=anchor).name == "figure"


def test_person_page_has_memos_and_the_posts_they_wrote(people_html: Path) -> None:
    priya = notes_on(people_html, "priya")
    assert [(n["headline"], n["story"]) for n in priya] == [
        ("Llama 3.2, a week later", "https://ai.meta.com/blog/llama-3-2"),
        ("Llama 3.2 goes multimodal", "https://ai.meta.com/blog/llama-3-2/"),
        ("Memo · Hiring update", ""),
    ]
    assert priya[2]["post"] == "../posts/2024/week-40.html#memo-hiring-update"
    page = parse(people_html / "people/jason.html")
    posts = [(a["href"], a.get_text()) for a in page.select("ul.newsdesk-person-posts a")]
    assert posts == [
        ("../posts/2024/week-41-extra.html", "Week 41 extra"),
        ("../posts/2024/week-40.html", "Week 40"),
    ]


def test_person_page_header_and_theme(people_html: Path) -> None:
    page = parse(people_html / "people/jackson.html")
    assert page.select_one("article h1").get_text(strip=True) == "Jackson Cates"
    assert "Jackson Cates" in page.title.get_text()
    assert page.find(class_="newsdesk-person-role").get_text() == "ML engineer"
    avatar = page.find("img", class_="newsdesk-avatar")
    assert avatar["alt"] == "" and (people_html / "people" / avatar["src"]).resolve().is_file()
    profile = page.select_one(".newsdesk-person-links a.external")
    assert profile["href"] == "https://www.linkedin.com/in/jackson-cates/"
    assert profile["rel"] == ["noopener", "noreferrer"]
    feeds = {
        link["href"]: link.get("title")
        for link in page.find_all("link", type="application/atom+xml", rel="alternate")
    }
    assert feeds["jackson/atom.xml"] == "Takes by Jackson Cates"
    # Made from the theme's page.html: the book theme's layout and our stylesheet.
    assert page.select_one("main#main-content article.bd-article") is not None
    assert page.select_one(".bd-sidebar-primary") is not None
    styles = [link["href"].split("?")[0] for link in page.find_all("link", rel="stylesheet")]
    assert "../_static/newsdesk/newsdesk.css" in styles


def test_people_index_lists_everyone(people_html: Path) -> None:
    page = parse(people_html / "people/index.html")
    assert page.select_one("article h1").get_text(strip=True) == "People"
    people = [(a.get_text(), a["href"]) for a in page.select("ul.newsdesk-people a")]
    assert people == [
        ("Jackson Cates", "jackson.html"),
        ("Jason Bengtson", "jason.html"),
        ("Priya Raman", "priya.html"),
    ]
    for _, href in people:
        assert (people_html / "people" / href).is_file()


def test_feed_of_takes(people_html: Path) -> None:
    feed = feedparser.parse((people_html / "people/jackson/atom.xml").read_bytes())
    assert not feed.bozo
    assert feed.feed.id == BASE + "people/jackson/atom.xml"
    assert feed.feed.title == "News root - Takes by Jackson Cates"
    assert feed.feed.link == BASE + "people/jackson.html"
    # updated is the newest take, not the build time.
    assert feed.feed.updated == "2024-10-14T08:00:00-03:00"
    assert [entry.id for entry in feed.entries] == [
        BASE + "posts/2024/week-41-extra.html#news-a-chip-story-jackson",
        BASE + "posts/2024/week-41.html#nobel-ai-jackson",
        BASE + "posts/2024/week-40.html#news-openai-releases-o1-jackson",
    ]
    first = feed.entries[0]
    assert first.title == "A chip story" and first.link == first.id
    assert first.published == "2024-10-14T08:00:00-03:00"
    assert first.author_detail.href == "https://www.linkedin.com/in/jackson-cates/"
    assert '<a href="https://example.com/chips">A chip story</a>' in first.content[0].value
    assert "Chips are back." in first.content[0].value


def test_feed_is_rewritten_only_when_its_bytes_change(tmp_path: Path) -> None:
    src = copy_root("news", tmp_path / "src")
    assert sphinx_command(src, tmp_path / "out").returncode == 0
    feed = tmp_path / "out/html/people/jackson/atom.xml"
    before = feed.read_bytes(), feed.stat().st_mtime_ns
    assert sphinx_command(src, tmp_path / "out", "-E").returncode == 0  # everything read again
    assert (feed.read_bytes(), feed.stat().st_mtime_ns) == before


def test_people_pages_escape_what_authors_write(tmp_path: Path) -> None:
    src = copy_root("news", tmp_path / "src")
    (src / "posts/2024/week-42.md").write_text(
        "---\ndate: 2024-10-21 20:00:00 +0700\n---\n\n# Week 42\n\n"
        ':::{news} Rust <3 & "C" <b>bold</b>\n:url: https://example.com/rust?a=1&b=2\n'
        ":by: jason\n\nA take with `<i>code</i>` and 5 < 6.\n:::\n",
        encoding="utf-8",
    )
    result = build(src, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    page = parse(tmp_path / "out/html/people/jason.html")
    first = page.select_one("ol.newsdesk-person-notes > li")
    assert first.find("b") is None and first.find("i") is None
    story = first.find(class_="newsdesk-headline").find("a")
    assert story.get_text() == 'Rust <3 & "C" <b>bold</b>'
    assert story["href"] == "https://example.com/rust?a=1&b=2"
    assert "A take with <i>code</i> and 5 < 6." in first.get_text()


def test_post_authors_under_the_title_link_their_pages(people_html: Path) -> None:
    page = parse(people_html / "posts/2024/week-41.html")
    authors = page.select(".newsdesk-byline .newsdesk-authors a.newsdesk-person")
    assert [(a["href"], a.get_text()) for a in authors] == [
        ("../../people/jackson.html", "Jackson Cates"),
        ("../../people/priya.html", "Priya Raman"),
    ]


def test_dirhtml_has_the_same_pages_at_folder_addresses(tmp_path: Path) -> None:
    src = copy_root("news", tmp_path / "src")
    result = build(src, tmp_path / "out", builder="dirhtml")
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out/dirhtml"
    post = out / "posts/2024/week-40/index.html"
    link = parse(post).select_one("#news-openai-releases-o1 a.newsdesk-person-takes")
    assert link["href"] == "../../../people/jackson/"
    assert (post.parent / link["href"] / "index.html").resolve().is_file()
    assert (out / "people/index.html").is_file()
    feed = feedparser.parse((out / "people/jackson/atom.xml").read_bytes())
    assert feed.entries[-1].id == BASE + "posts/2024/week-40/#news-openai-releases-o1-jackson"


STRUCTURED_TAKE = """---
date: 2024-10-21 20:00:00 +0700
---

# Week 42

:::{news} A structured story
:url: https://example.com/structured
:by: jason

Three things, says {person}`priya`:

- a **list**
- a [source](https://example.com/source)
- the {ref}`earlier issue <post-2024-week-40>` and [week 41](week-41.md)

```python
print("code stays code")
```

![a chart](chart.svg)
:::
"""


def structured_site(tmp_path: Path) -> Path:
    src = copy_root("news", tmp_path / "src")
    (src / "posts/2024/week-42.md").write_text(STRUCTURED_TAKE, encoding="utf-8")
    (src / "posts/2024/chart.svg").write_bytes((src / "_static/people/jackson.svg").read_bytes())
    return src


def test_takes_keep_lists_code_links_and_images_on_person_pages_and_feeds(
    tmp_path: Path,
) -> None:
    src = structured_site(tmp_path)
    result = build(src, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out/html"
    page = parse(out / "people/jason.html")
    body = note_body(page.select_one("ol.newsdesk-person-notes > li"))
    items = [li.get_text(" ", strip=True) for li in body.select("ul > li")]
    assert items[0] == "a list" and body.select_one("ul strong").get_text() == "list"
    assert 'print("code stays code")' in body.select_one("pre").get_text()
    links = {a.get_text(" ", strip=True): a["href"] for a in body.find_all("a")}
    assert links["source"] == "https://example.com/source"
    assert links["Priya Raman"] == "priya.html"
    assert links["earlier issue"] == "../posts/2024/week-40.html"
    assert links["week 41"] == "../posts/2024/week-41.html"
    for href in (links["earlier issue"], links["week 41"], links["Priya Raman"]):
        assert (out / "people" / href).is_file(), href
    image = body.find("img", alt="a chart")
    assert (out / "people" / image["src"]).resolve().is_file()
    assert not body.select("[id]")  # ids belong to the post
    # The feed entry carries the same HTML, with absolute addresses.
    feed = feedparser.parse((out / "people/jason/atom.xml").read_bytes())
    entry = next(e for e in feed.entries if e.title == "A structured story")
    content = parse_text(entry.content[0].value)
    assert [li.get_text(" ", strip=True) for li in content.select("ul > li")] == items
    assert content.select_one("pre") is not None
    hrefs = {a.get_text(" ", strip=True): a["href"] for a in content.find_all("a")}
    assert hrefs["earlier issue"] == BASE + "posts/2024/week-40.html"
    assert hrefs["Priya Raman"] == BASE + "people/priya.html"
    assert hrefs["A structured story"] == "https://example.com/structured"
    assert content.find("img", alt="a chart")["src"] == BASE + image["src"].removeprefix("../")


def test_a_take_whose_structure_changes_is_shown_anew_after_an_incremental_build(
    tmp_path: Path,
) -> None:
    src = structured_site(tmp_path)
    assert sphinx_command(src, tmp_path / "out").returncode == 0
    post = src / "posts/2024/week-42.md"
    # The same words in a numbered list: only the take's structure changes.
    text = post.read_text(encoding="utf-8")
    post.write_text(text.replace("\n- ", "\n1. "), encoding="utf-8")
    result = sphinx_command(src, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    page = parse(tmp_path / "out/html/people/jason.html")
    body = note_body(page.select_one("ol.newsdesk-person-notes > li"))
    assert body.select_one("ul") is None and len(body.select("ol > li")) == 3
    assert sphinx_command(src, tmp_path / "clean").returncode == 0
    clean = (tmp_path / "clean/html/people/jason.html").read_text(encoding="utf-8")
    assert (tmp_path / "out/html/people/jason.html").read_text(encoding="utf-8") == clean


REFERRING_TAKE = """---
date: {date}
---

# Week {week}

:::{{news}} Story of week {week}
:url: https://example.com/week-{week}
:by: jason

{text}
:::
"""


def test_person_pages_are_kept_by_digest_unless_a_card_refers_elsewhere(
    tmp_path: Path,
) -> None:
    """One take a page: a new take rewrites the front page, not a numbered page whose
    card stands alone; a numbered page whose card shows
    another post's title is made again when that title changes, as a clean build has it."""
    src = copy_root("news", tmp_path / "src")
    conf = src / "conf.py"
    conf.write_text(conf.read_text("utf-8") + "\nnewsdesk_page_size = 1\n", "utf-8")
    # As on the site, posts are reached through the listings, not the navigation (which
    # every page shows: a new post in it changes every page).
    (src / "index.md").write_text("# News root\n\nOur editor is {person}`jason`.\n", "utf-8")
    week_41 = src / "posts/2024/week-41.md"
    week_41.write_text(week_41.read_text("utf-8").replace("[jackson, priya]", "jackson"), "utf-8")
    # Oldest first; the newest two are on the pages a new take changes (the front page
    # and the highest number, whose "newer" link moves to a new page).
    takes = {
        42: ("2024-10-21 20:00:00 +0700", "A take on its own."),
        43: ("2024-10-28 20:00:00 +0700", "The title of {ref}`post-2024-week-40` matters."),
        44: ("2024-11-04 20:00:00 +0700", "Another take on its own."),
        45: ("2024-11-11 20:00:00 +0700", "And one more."),
    }
    for week, (day, text) in takes.items():
        post = REFERRING_TAKE.format(date=day, week=week, text=text)
        (src / f"posts/2024/week-{week}.md").write_text(post, "utf-8")
    out = tmp_path / "out"
    assert sphinx_command(src, out).returncode == 0
    html = out / "html"

    def page_with(text: str) -> Path:
        (found,) = [
            page
            for page in (html / "people/jason/page").glob("*.html")
            if text in parse(page).select_one(".newsdesk-take-body").get_text()
        ]
        return found

    # Newest first: week 45 on the front page, weeks 44 to 42 on numbered pages.
    referring, alone = page_with("The title of"), page_with("A take on its own.")
    assert "Week 40" in parse(referring).select_one(".newsdesk-take-body").get_text()
    assert "on its own" in parse(alone).select_one(".newsdesk-take-body").get_text()
    times = {path: path.stat().st_mtime_ns for path in (referring, alone)}
    # Posts are listed on a person's front page; the other pages link there, or say
    # there are none (Priya wrote none here).
    assert "first page" in parse(alone).select_one("section.newsdesk-person-posts").get_text()
    priya = parse(html / "people/priya/page/1.html").select_one("section.newsdesk-person-posts")
    assert "No posts yet." in priya.get_text() and not priya.select("a")
    # A numbered page says which it is, under the heading, as a listing's does; the
    # front page (the newest takes) has no number.
    for number in (1, 2, 3):
        takes = parse(html / f"people/jason/page/{number}.html").select_one(
            "section.newsdesk-person-takes"
        )
        shown = takes.select_one("h2 + p.newsdesk-page-number").get_text()
        assert shown == f"Page {number} (page 1 has the oldest takes)"
    assert not parse(html / "people/jason.html").select(".newsdesk-page-number")
    week_40 = src / "posts/2024/week-40.md"
    week_40.write_text(week_40.read_text("utf-8").replace("# Week 40", "# Renamed week"), "utf-8")
    post = REFERRING_TAKE.format(date="2024-11-18 20:00:00 +0700", week=46, text="Newest.")
    (src / "posts/2024/week-46.md").write_text(post, "utf-8")
    result = sphinx_command(src, out)
    assert result.returncode == 0, result.stderr
    assert "Renamed week" in parse(referring).select_one(".newsdesk-take-body").get_text()
    assert referring.stat().st_mtime_ns != times[referring]
    assert alone.stat().st_mtime_ns == times[alone]
    assert sphinx_command(src, tmp_path / "clean").returncode == 0
    assert tree_differences(html, tmp_path / "clean/html") == []
