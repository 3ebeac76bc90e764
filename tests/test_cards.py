"""News cards as the newsletter attributed takes, on posts and on person pages (issue 11).

tests/roots/test-news has one person with a role and an avatar (jackson) and one with
neither (jason). A take's attribution puts the name first, linked to the registry's
profile, with the avatar or the initials, the role when there is one, and a link to the
person's page of takes; a person's page shows each take in the same card as its post,
under a link back to the post; a post's tags and a story's tags link to their tag pages.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from helpers import build, copy_root, parse, write_files

PROFILES = {
    "jackson": "https://www.linkedin.com/in/jackson-cates/",
    "jason": "https://www.linkedin.com/in/jason-bengtson/",
}

# A take with links made relative to its post: on a person's page (any of its pages)
# they must lead to the same places.
LINKED_TAKE = """---
date: 2024-09-30 20:00:00 +0700
tags: [ai, chips]
---

# Week 39

## Stories

:::{news} A linked story
:url: https://example.com/linked
:by: jason

Compare [week 41](week-41.md), {person}`priya` and the {ref}`issue <post-2024-week-40>`.
:::
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("cards")
    src = copy_root("news", tmp / "src")
    write_files(src, {"posts/2024/week-39.md": LINKED_TAKE})
    # One take per page, so a person's takes run over several pages.
    result = build(src, tmp / "out", overrides={"newsdesk_page_size": 1})
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    return tmp / "out/html"


def resolve(page: Path, href: str) -> Path:
    return (page.parent / href.split("#")[0]).resolve()


def caption_of(page: BeautifulSoup, take_id: str) -> Tag:
    take = page.find("figure", id=take_id)
    assert isinstance(take, Tag), take_id
    caption = take.find("figcaption")
    assert isinstance(caption, Tag)
    return caption


def shown_parts(caption: Tag) -> list[Tag]:
    """The attribution's parts a reader sees and hears, in order (decoration left out)."""
    who = caption.find(class_="newsdesk-take-who")
    assert isinstance(who, Tag)
    return [child for child in who.children if isinstance(child, Tag)]


def test_the_name_comes_first_linked_to_the_profile_with_role_and_avatar(site: Path) -> None:
    path = site / "posts/2024/week-40.html"
    caption = caption_of(parse(path), "news-openai-releases-o1-jackson")
    # The picture is decoration (alt="", or aria-hidden initials); then the name first.
    parts = shown_parts(caption)
    name = parts[0]
    assert (name.name, name.get_text()) == ("a", "Jackson Cates")
    assert "newsdesk-person" in name["class"]
    assert name["href"] == PROFILES["jackson"]
    assert name["rel"] == ["noopener", "noreferrer"]
    # Then the role, then the link to the person's page of takes, which exists.
    assert [part.get("class", [""])[0] for part in parts[1:]] == [
        "newsdesk-role",
        "newsdesk-person-takes",
    ]
    assert parts[1].get_text() == "ML engineer"
    takes = parts[2]
    assert takes.get_text() == "Takes by Jackson Cates"
    assert takes["href"] == "../../people/jackson.html"
    assert parse(resolve(path, takes["href"])).h1.get_text(strip=True) == "Jackson Cates"
    # The avatar: sized, decorative, loaded lazily (a post repeats it on every take).
    avatar = caption.find("img", class_="newsdesk-avatar")
    assert isinstance(avatar, Tag) and caption.find(class_="newsdesk-initials") is None
    assert (avatar["width"], avatar["height"], avatar["alt"]) == ("32", "32", "")
    assert avatar["loading"] == "lazy"
    assert resolve(path, avatar["src"]).is_file()
    # Without avatar and role: the initials, the name, the takes link.
    caption = caption_of(parse(path), "news-llama-3-2-goes-multimodal-jason")
    initials = caption.find(class_="newsdesk-initials")
    assert isinstance(initials, Tag) and initials.get_text() == "JB"
    assert initials["aria-hidden"] == "true"
    assert caption.find("img") is None and caption.find(class_="newsdesk-role") is None
    parts = shown_parts(caption)
    assert [(part.get_text(), part["href"]) for part in parts] == [
        ("Jason Bengtson", PROFILES["jason"]),
        ("Takes by Jason Bengtson", "../../people/jason.html"),
    ]
    assert resolve(path, parts[1]["href"]).is_file()


def declarations(css: str, selector: str) -> dict[str, str]:
    rule = css.split(selector + " {", 1)[1].split("}", 1)[0]
    return dict(
        line.strip().rstrip(";").split(": ", 1) for line in rule.splitlines() if ": " in line
    )


def test_the_name_is_the_largest_text_of_the_attribution_on_a_line_of_its_own(
    site: Path,
) -> None:
    css = (site / "_static/newsdesk/newsdesk.css").read_text(encoding="utf-8")
    name = declarations(css, "figure.newsdesk-take > figcaption .newsdesk-person")
    rest = declarations(css, ".newsdesk-role,\n.newsdesk-person-takes")
    assert name["font-weight"] == "700" and name["flex-basis"] == "100%"
    size = float(name["font-size"].removesuffix("rem"))
    assert size > 1 > float(rest["font-size"].removesuffix("rem"))  # the take is 1rem


def person_pages(site: Path, pid: str) -> list[Path]:
    first = site / f"people/{pid}.html"
    # Newest first: the front page, then the numbered pages from the highest (page 1
    # holds the oldest, newsdesk.blog.pagination).
    numbered = (site / f"people/{pid}/page").glob("*.html")
    return [first, *sorted(numbered, key=lambda p: int(p.stem), reverse=True)]


def test_person_page_shows_each_take_in_its_post_card(site: Path) -> None:
    pages = person_pages(site, "jackson")
    assert len(pages) == 3  # one take per page (newsdesk_page_size = 1)
    seen = []
    for path in pages:
        page = parse(path)
        (note,) = page.select("ol.newsdesk-person-notes > li")
        # No skipped heading level (axe heading-order): h1 name, h2 takes, h3 headlines.
        headings = page.select("article.bd-article :is(h1, h2, h3, h4, h5, h6)")
        levels = [int(h.name[1]) for h in headings]
        assert levels[0] == 1 and 3 in levels
        assert all(after <= before + 1 for before, after in pairwise(levels)), levels
        # The post it came from: title and date, linked to the take in the post.
        source = note.find(class_="newsdesk-person-note-from")
        back = source.find("a")
        assert source.find("time") is not None
        post_path = resolve(path, back["href"])
        post = parse(post_path)
        anchor = back["href"].partition("#")[2]
        in_post = post.find(id=anchor)
        assert in_post is not None and in_post.name == "figure"
        assert back.get_text() == post.h1.get_text(strip=True).removesuffix("#")
        # The card: the same story card as in the post, with the same take.
        card = note.find("article", class_="newsdesk-news")
        assert isinstance(card, Tag)
        story = in_post.find_parent("article")
        headline = card.find(class_="newsdesk-headline")
        assert headline.name == "h3"  # under the page's h2 "Takes and memos"
        assert headline.find("a")["href"] == story.find(class_="newsdesk-headline").a["href"]
        assert headline.find("a")["rel"] == ["noopener", "noreferrer"]
        assert card.find(class_="newsdesk-icon") is not None  # the memo icon or the emoji
        assert card.find(class_="newsdesk-source").get_text() == (
            story.find(class_="newsdesk-source").get_text()
        )
        body = card.select_one("figure.newsdesk-take > blockquote.newsdesk-take-body")
        assert body.get_text(" ", strip=True) == in_post.blockquote.get_text(" ", strip=True)
        caption = card.select_one("figure.newsdesk-take > figcaption")
        name = shown_parts(caption)[0]
        assert (name.get_text(), name["href"]) == ("Jackson Cates", PROFILES["jackson"])
        assert caption.find(class_="newsdesk-role").get_text() == "ML engineer"
        # No link from a person's page to itself.
        assert caption.find(class_="newsdesk-person-takes") is None
        assert not card.select("[id]")  # ids belong to the post
        seen.append(headline.get_text(strip=True))
    assert seen == ["A chip story", "Nobel prize for AI pioneers", "OpenAI releases o1"]


def test_person_page_memo_is_the_posts_memo(site: Path) -> None:
    pages = person_pages(site, "priya")
    memos = [note for path in pages for note in parse(path).select("li.newsdesk-person-memo")]
    assert len(memos) == 1
    memo = memos[0].find(class_="newsdesk-memo")
    assert memo["role"] == "note" and memo["aria-label"] == "Memo: Hiring update"
    assert memo.find("img", class_="newsdesk-memo-icon") is not None
    assert memo.find(class_="newsdesk-memo-body").get_text(strip=True) == (
        "We are hiring two ML engineers."
    )


def test_links_in_takes_work_on_every_page_of_a_person(site: Path) -> None:
    pages = person_pages(site, "jason")
    assert len(pages) >= 2
    # The take with links is Jason's oldest: on a later page than the first.
    assert "A linked story" in pages[-1].read_text(encoding="utf-8")
    checked = 0
    for path in pages:
        for link in parse(path).select("ol.newsdesk-person-notes a[href]"):
            href = link["href"]
            if href.startswith(("http://", "https://")):
                continue
            target = resolve(path, href)
            assert target.is_file(), f"{path.relative_to(site)}: {href}"
            anchor = href.partition("#")[2]
            if anchor:
                assert parse(target).find(id=anchor) is not None, href
            checked += 1
    assert checked >= 5  # from-lines, tags and the take's own three links


def test_person_header_shows_initials_without_an_avatar(site: Path) -> None:
    header = parse(site / "people/jason.html").find(class_="newsdesk-person-header")
    initials = header.find(class_="newsdesk-initials")
    assert initials is not None and initials.get_text() == "JB"
    assert header.find("img") is None
    index = parse(site / "people/index.html")
    rows = {li.find("a").get_text(): li for li in index.select("ul.newsdesk-people > li")}
    assert rows["Jason Bengtson"].find(class_="newsdesk-initials").get_text() == "JB"
    assert rows["Jackson Cates"].find("img", class_="newsdesk-avatar") is not None


def test_a_posts_tags_link_to_their_tag_pages(site: Path) -> None:
    path = site / "posts/2024/week-39.html"
    page = parse(path)
    tags = page.select_one("p.newsdesk-post-tags")
    assert tags is not None
    # Under the line with the date, as part of the post's header.
    assert "newsdesk-byline" in tags.find_previous_sibling("p")["class"]
    links = [(a.get_text(), a["href"]) for a in tags.find_all("a")]
    assert links == [("ai", "../../blog/tag/ai.html"), ("chips", "../../blog/tag/chips.html")]
    for text, href in links:
        tag_page = parse(resolve(path, href))
        assert text in tag_page.select_one(".ablog__collection h1").get_text()
    # A story's tags link too, where posts have the tag (the tag page exists).
    story_tags = parse(site / "posts/2024/week-40.html").select(
        "#news-openai-releases-o1 ul.newsdesk-tags a"
    )
    assert [a.get_text() for a in story_tags] == ["ai"]
    assert resolve(site / "posts/2024/week-40.html", story_tags[0]["href"]).is_file()


def test_listings_link_each_tag_with_a_visible_label(site: Path) -> None:
    blog = site / "blog.html"
    entry = parse(blog).select_one("li.ablog__tags")
    assert entry is not None
    assert entry.find("i") is None  # no icon-font glyph: the label is text
    assert entry.get_text(" ", strip=True).startswith(("Tag:", "Tags:"))
    for link in entry.find_all("a"):
        assert resolve(blog, link["href"]).is_file()


def test_tags_are_text_outside_html(tmp_path: Path) -> None:
    src = copy_root("news", tmp_path / "src")
    result = build(src, tmp_path / "out", builder="text")
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "out/text/posts/2024/week-40.txt").read_text(encoding="utf-8")
    assert "Tag: ai" in text
