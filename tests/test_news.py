"""{news}, {take}, {memo} and {person}: what a real build of tests/roots/test-news renders,
in HTML (parsed, and snapshots of each directive), in objects.inv, and in the other
builders (text, LaTeX, man, epub)."""

from __future__ import annotations

from pathlib import Path

import newsdesk
import pytest
from helpers import SNAPSHOTS, build, copy_root, parse
from pytest_regressions.file_regression import FileRegressionFixture
from sphinx.util.inventory import InventoryFile

BASE = "https://news.example.org/"
PACKAGE_MEMO_ICON = Path(newsdesk.__file__).parent / "static/newsdesk/memo.svg"
PRIYA_PROFILE = "https://example.org/priya"  # tests/roots/test-news/people.yaml


@pytest.fixture(scope="module")
def news_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("news")
    result = build(copy_root("news", tmp / "src"), tmp / "out")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    return tmp / "out" / "html"


def target_file(page: Path, href: str) -> Path:
    return (page.parent / href.split("#")[0]).resolve()


def test_news_item_is_an_article_whose_heading_links_the_story(news_out: Path) -> None:
    page = parse(news_out / "posts/2024/week-40.html")
    article = page.find("article", id="news-openai-releases-o1")
    assert article is not None and "newsdesk-news" in article["class"]
    # The item sits in an h2 section ("Current Tech Pulse"): its heading is one level below.
    assert article.find_parent("section").find("h2").get_text(strip=True).startswith("Current")
    heading = article.find(class_="newsdesk-headline")
    assert heading.name == "h3"
    link = heading.find("a")
    assert link["href"] == "https://openai.com/index/learning-to-reason-with-llms/"
    assert link["rel"] == ["noopener", "noreferrer"]
    assert link.get_text() == "OpenAI releases o1"
    # :source: absent: the URL's host without www.; :date: and :tags: shown.
    assert article.find(class_="newsdesk-source").get_text() == "openai.com"
    assert article.find("time")["datetime"] == "2024-09-12"
    assert article.find("time").get_text() == "12 Sep 2024"
    assert [li.get_text() for li in article.select("ul.newsdesk-tags > li")] == ["ai", "reasoning"]
    icon = article.find(class_="newsdesk-icon")
    assert icon.get_text() == "🔥" and icon["aria-hidden"] == "true"
    llama = page.find("article", id="news-llama-3-2-goes-multimodal")
    assert llama.find(class_="newsdesk-source").get_text() == "Meta AI"
    assert llama.find("time") is None
    # Without :icon: a story shows the memo icon, decorative (the headline says it all).
    default_icon = llama.find("img", class_="newsdesk-icon")
    assert default_icon["src"] == "../../_static/newsdesk/memo.svg" and default_icon["alt"] == ""


def test_each_take_is_a_blockquote_attributed_to_the_person(news_out: Path) -> None:
    path = news_out / "posts/2024/week-40.html"
    page = parse(path)
    llama = page.find("article", id="news-llama-3-2-goes-multimodal")
    takes = llama.find_all("figure", class_="newsdesk-take")
    assert [take["id"] for take in takes] == [
        "news-llama-3-2-goes-multimodal-jason",
        "news-llama-3-2-goes-multimodal-priya",
    ]
    names = []
    for take in takes:
        quote, caption = take.find("blockquote"), take.find("figcaption")
        assert quote is not None and caption is not None
        # Who first, as the newsletter writes it: the caption comes before the quote.
        assert take.find(["figcaption", "blockquote"]) is caption
        # The name links to the person's profile (people.yaml url), as the newsletter's
        # names did; a second link goes to their page of takes on the site.
        person = caption.find("a", class_="newsdesk-person")
        takes_page = caption.find("a", class_="newsdesk-person-takes")
        assert target_file(path, takes_page["href"]).is_file()
        names.append((person["href"], person.get_text(), takes_page["href"]))
    assert names == [
        (
            "https://www.linkedin.com/in/jason-bengtson/",
            "Jason Bengtson",
            "../../people/jason.html",
        ),
        ("https://example.org/priya", "Priya Raman", "../../people/priya.html"),
    ]
    assert [li.get_text() for li in takes[1].select("blockquote li")] == [
        "on device",
        "open weights",
    ]
    # :by: is one take whose text is the block's content, Markdown included.
    short = page.find("article", id="news-openai-releases-o1").find_all("figure")
    assert len(short) == 1
    assert short[0].find("blockquote").find("strong").get_text() == "here"
    avatar = short[0].find("figcaption").find("img", class_="newsdesk-avatar")
    assert avatar["alt"] == ""  # decorative: the linked name says who it is
    assert target_file(path, avatar["src"]).is_file()


def test_memo_is_a_labelled_note_with_the_memo_icon(news_out: Path) -> None:
    path = news_out / "posts/2024/week-40.html"
    page = parse(path)
    memo = page.find(id="memo-hiring-update")
    assert memo["role"] == "note" and "newsdesk-memo" in memo["class"]
    label = page.find(id=memo["aria-labelledby"])
    assert label.get_text(" ", strip=True) == "Memo · Hiring update"
    icon = memo.find("img", class_="newsdesk-memo-icon")
    assert icon["alt"] == ""
    assert icon["src"] == "../../_static/newsdesk/memo.svg"
    assert target_file(path, icon["src"]).read_bytes() == PACKAGE_MEMO_ICON.read_bytes()
    byline = memo.find(class_="newsdesk-memo-by")
    # Attributed as a take is: the name links to the profile, then the person's page.
    name = byline.find("a", class_="newsdesk-person")
    assert name["href"] == PRIYA_PROFILE and name.get_text() == "Priya Raman"
    assert byline.find("a", class_="newsdesk-person-takes")["href"] == "../../people/priya.html"
    assert byline.find("time")["datetime"] == "2024-10-07"
    assert memo.find(class_="newsdesk-memo-body").get_text(strip=True) == (
        "We are hiring two ML engineers."
    )


def test_person_role_links_the_person_page(news_out: Path) -> None:
    link = parse(news_out / "index.html").find("a", class_="newsdesk-person")
    assert (link["href"], link.get_text()) == ("people/jason.html", "Jason Bengtson")


def test_stylesheet_is_linked_and_uses_the_theme_colours(news_out: Path) -> None:
    page = parse(news_out / "posts/2024/week-40.html")
    hrefs = [link["href"].split("?")[0] for link in page.find_all("link", rel="stylesheet")]
    assert "../../_static/newsdesk/newsdesk.css" in hrefs
    css = (news_out / "_static/newsdesk/newsdesk.css").read_text()
    # Light and dark modes come from the theme's variables; phones from a media query.
    assert "var(--pst-color-text-base" in css and "var(--pst-color-link-higher-contrast" in css
    assert "@media (max-width: 576px)" in css and ":focus-visible" in css


@pytest.mark.parametrize(
    ("page", "element_id", "snapshot"),
    [
        ("posts/2024/week-40.html", "news-openai-releases-o1", "news-short-form.html"),
        ("posts/2024/week-40.html", "news-llama-3-2-goes-multimodal", "news-takes.html"),
        ("posts/2024/week-40.html", "memo-hiring-update", "memo.html"),
        ("posts/2024/week-41.html", "nobel-ai", "news-label.html"),
    ],
)
def test_directive_html_matches_its_snapshot(
    news_out: Path,
    page: str,
    element_id: str,
    snapshot: str,
    file_regression: FileRegressionFixture,
    tmp_path: Path,
) -> None:
    """Snapshots (tests/data/newsdesk/) of each directive's HTML. After an intended change,
    re-create them with ``pytest tests/test_news.py --force-regen`` and review the diff."""
    html = parse(news_out / page).find(id=element_id).prettify()
    file_regression.check(
        html,
        fullpath=SNAPSHOTS / snapshot,
        obtained_filename=tmp_path / snapshot,  # what this build made, beside the test
    )


def test_items_and_people_are_labels_in_the_inventory(news_out: Path) -> None:
    with open(news_out / "objects.inv", "rb") as stream:
        labels = InventoryFile.load(stream, BASE, lambda base, uri: base + uri)["std:label"]
    expected = {
        "news-2024-week-40-openai-releases-o1": (
            "posts/2024/week-40.html#news-openai-releases-o1",
            "OpenAI releases o1",
        ),
        "news-2024-week-40-llama-3-2-goes-multimodal": (
            "posts/2024/week-40.html#news-llama-3-2-goes-multimodal",
            "Llama 3.2 goes multimodal",
        ),
        "nobel-ai": ("posts/2024/week-41.html#nobel-ai", "Nobel prize for AI pioneers"),
        "person-jackson": ("people/jackson.html", "Jackson Cates"),
        "person-priya": ("people/priya.html", "Priya Raman"),
        "people-index": ("people/index.html", "People"),
    }
    for name, (uri, title) in expected.items():
        assert (labels[name].uri, labels[name].display_name) == (BASE + uri, title), name
        # ... and the target is really there.
        path, _, anchor = uri.partition("#")
        assert (news_out / path).is_file()
        if anchor:
            assert parse(news_out / path).find(id=anchor) is not None


@pytest.mark.parametrize("builder", ["text", "latex", "man", "epub"])
def test_other_builders_render_items_takes_and_memos(tmp_path: Path, builder: str) -> None:
    src = copy_root("news", tmp_path / "src")
    result = build(
        src, tmp_path / "out", "-D", "version=1", "-D", "copyright=2024", builder=builder
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    out = tmp_path / "out" / builder
    if builder == "text":
        text = (out / "posts/2024/week-40.txt").read_text()
        assert "**OpenAI releases o1**" in text
        assert "*openai.com · 2024-09-12 · ai, reasoning*" in text
        assert "   Small models on phones.\n\n   -- Jason Bengtson" in text
        assert "**Memo: Hiring update**" in text
        assert "   -- Priya Raman, 2024-10-07" in text
        assert "Our editor is Jason Bengtson." in (out / "index.txt").read_text()
        assert "\nTag: ai\n" in text  # a post's tags, as text: no tag pages here
    elif builder == "latex":
        tex = next(out.glob("*.tex")).read_text()
        assert (
            r"\sphinxhref{https://openai.com/index/learning-to-reason-with-llms/}"
            r"{OpenAI releases o1}"
        ) in tex
        assert r"---\sphinxhref{https://www.linkedin.com/in/jason-bengtson/}{Jason Bengtson}" in tex
        assert r"\label{\detokenize{posts/2024/week-40:news-openai-releases-o1}}" in tex
        assert r"\sphinxstylestrong{Memo: Hiring update}" in tex
        assert "🔥" not in tex  # decorative icons are left out where fonts may lack them
        assert r"\DUrole{newsdesk-label}{Tag: }ai" in tex
    elif builder == "man":
        man = next(out.rglob("*.1")).read_text()
        assert "OpenAI releases o1" in man and "Jason Bengtson" in man
        assert "We are hiring two ML engineers." in man
        assert "Tag: ai" in man
    else:
        page = parse(out / "posts/2024/week-40.xhtml")
        article = page.find("article", id="news-openai-releases-o1")
        assert article.find("a")["rel"] == ["noopener", "noreferrer"]
        # No person pages in an e-book: names link to the registry's profile.
        person = article.find("a", class_="newsdesk-person")
        assert person["href"] == "https://www.linkedin.com/in/jackson-cates/"
        assert (out / "_static/newsdesk/memo.svg").is_file()
        assert not (out / "people").exists()
        tags = page.select_one("p.newsdesk-post-tags")
        assert tags.get_text() == "Tag: ai" and tags.find("a") is None  # no tag pages


def test_site_memo_icon_replaces_ours_and_config_names_another(tmp_path: Path) -> None:
    src = copy_root("news", tmp_path / "src")
    own = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><!-- ours --></svg>'
    (src / "_static/newsdesk").mkdir()
    (src / "_static/newsdesk/memo.svg").write_bytes(own)
    result = build(src, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out/html/_static/newsdesk/memo.svg").read_bytes() == own
    result = build(src, tmp_path / "out2", "-D", "newsdesk_memo_icon=icons/memo.png")
    assert result.returncode == 0, result.stderr
    icon = parse(tmp_path / "out2/html/posts/2024/week-40.html").find(class_="newsdesk-memo-icon")
    assert icon["src"] == "../../_static/icons/memo.png"
    result = build(src, tmp_path / "out3", "-D", "newsdesk_memo_icon=javascript:alert(1)")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "newsdesk_memo_icon = 'javascript:alert(1)' in conf.py" in result.stderr
    assert "[newsdesk.config]" in result.stderr
