"""A Jekyll site of our own that uses every documented feature the importer must carry over
(tests/jekyll/features/: ``_config.yml`` with ``url``, ``baseurl``, ``timezone`` and
``collections: posts: permalink:``, ``_data/authors.yml``, ``_includes/``, kramdown
attribute lists and tables, Liquid, raw HTML, jemoji, odd code languages), imported and
built strictly: what each became, in the Markdown, in the built HTML and in the report,
and that no Liquid reaches a page without a report line."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from helpers import build, parse, run_import
from newsdesk.people.registry import load_registry

FEATURES = Path(__file__).parent / "jekyll" / "features"
POSTS = FEATURES / "_posts"
EVERY = POSTS / "2023-01-29-every-feature.md"
SECOND = POSTS / "2023-02-05-second-post.md"
BILLY = POSTS / "2023-03-01-by-billy.md"
SITE_TEMPLATE = Path(__file__).parent / "roots" / "test-import"
OLD = "https://old.features.example.com/blog"


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if needle in line)


def front(text: str) -> dict:
    return yaml.safe_load(text.split("---\n", 2)[1])


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, Path]:
    """(the new site, the import report, its strict build's HTML folder)."""
    root = tmp_path_factory.mktemp("features")
    site = Path(shutil.copytree(SITE_TEMPLATE, root / "site"))
    status, report = run_import(site, FEATURES)
    assert status == 0, report
    result = build(site, root / "out")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return site, report, root / "out" / "html"


def post(site: Path, name: str) -> str:
    return (site / "posts" / "2023" / name).read_text(encoding="utf-8")


def page(html: Path, name: str) -> BeautifulSoup:
    return parse(html / "posts" / "2023" / name)


def entry(report: str, source: Path, needle: str, kind: str = "converted") -> str:
    """The report line for ``needle``'s line of ``source``: ``file:line: kind: ...``."""
    prefix = f"{source}:{line_of(source, needle)}: {kind}: "
    found = [line.strip() for line in report.splitlines() if line.strip().startswith(prefix)]
    assert found, f"no {prefix!r} in the report"
    return "\n".join(found)


def test_authors_become_people_and_are_shown(imported: tuple[Path, str, Path]) -> None:
    site, report, html = imported
    people = load_registry(site / "people.yaml")
    # From _data/authors.yml (key billy_rick), found again by name in another post.
    assert people["billy-rick"].name == "Billy Rick"
    assert people["billy-rick"].url == "https://billyrick.example.com/"
    assert front(post(site, "every-feature.md"))["author"] == ["billy-rick"]
    assert front(post(site, "by-billy.md"))["author"] == ["billy-rick"]
    # "author: Jane Q. Public" is one person, not three; no profile: the old site's address.
    assert people["jane-q-public"].name == "Jane Q. Public"
    assert people["jane-q-public"].url == OLD + "/"
    assert "added to people.yaml as 'Jane Q. Public'" in entry(report, SECOND, "author:")
    byline = page(html, "by-billy.html").select_one(".newsdesk-authors a")
    assert byline.get_text() == "Billy Rick"
    assert byline["href"] == "../../people/billy-rick.html"


def test_dates_in_the_old_sites_timezone(imported: tuple[Path, str, Path]) -> None:
    site, report, _ = imported
    # _config.yml: timezone: America/Los_Angeles (-0800 in winter).
    assert front(post(site, "second-post.md"))["date"] == "2023-02-05 00:00:00 -0800"
    assert front(post(site, "by-billy.md"))["date"] == "2023-03-01 09:00:00 -0800"
    # A form Jekyll (Ruby's Time.parse) accepts: the repeated year is skipped.
    assert front(post(site, "every-feature.md"))["date"] == "2023-01-29 18:30:22 -0800"
    assert "read as 2023-01-29 18:30:22 -0800" in entry(report, EVERY, "date:")


def test_collection_permalink_and_baseurl(imported: tuple[Path, str, Path]) -> None:
    site, _, html = imported
    # collections: posts: permalink: /articles/:year/:title/ wins over permalink:.
    assert front(post(site, "every-feature.md"))["redirect_from"] == (
        "/blog/articles/2023/every-feature/"
    )
    redirect = html / "blog" / "articles" / "2023" / "every-feature" / "index.html"
    refresh = parse(redirect).find("meta", attrs={"http-equiv": "refresh"})
    assert refresh["content"].endswith("posts/2023/every-feature.html")


def headings(soup: BeautifulSoup) -> list[tuple[int, str]]:
    found = soup.select("article h1, article h2, article h3, article h4, article h5")
    return [(int(h.name[1]), h.get_text().rstrip("#¶").strip()) for h in found]


def test_heading_levels_shift_alike_within_a_post(imported: tuple[Path, str, Path]) -> None:
    _, _, html = imported
    # Source: # A section, ### Skipped a level, ## Sibling section, ### Its child.
    assert headings(page(html, "second-post.html")) == [
        (1, "Second post"),
        (2, "A section"),
        (3, "Skipped a level"),
        (3, "Sibling section"),
        (4, "Its child"),
    ]
    # Source: ### ... #### ... ### ... ### ... ###: siblings stay siblings.
    levels = headings(page(html, "every-feature.html"))
    assert levels[1:] == [
        (2, "Setting up"),
        (3, "Details"),
        (2, "Links"),
        (2, "A notice"),
    ]


def test_liquid_rendered_as_jekyll_did(imported: tuple[Path, str, Path]) -> None:
    site, report, html = imported
    soup = page(html, "every-feature.html")
    text = soup.select_one("article").get_text(" ")
    assert "Welcome to Feature Blog, led by Ada Lovelace" in text  # {{ site.team.lead.name }}
    assert "HELLO from 36 characters." in text  # assign, filters
    # {% for %} over site.data.links
    assert soup.find("a", href="https://jekyllrb.com/docs/").get_text() == "Jekyll docs"
    assert soup.find("a", href="https://kramdown.gettalong.org/") is not None
    # {% include note.html content="..." %} from _includes/
    assert soup.select_one("div.notice strong").get_text() == "Note:"
    assert "Remember this." in soup.select_one("div.notice").get_text()
    assert "_includes/note.html" in entry(report, EVERY, "include note.html")
    # an include inside a loop, with a loop variable as its parameter
    cards = [card.get_text() for card in soup.select("article span.card")]
    assert cards == ["Jekyll docs", "kramdown"]
    # post_url in a reference definition and a {% link %} over two lines
    assert soup.find("a", string="the other post")["href"] == "second-post.html"
    assert soup.find("a", string="the same post again")["href"] == "second-post.html"
    assert "[second]: second-post.md" in post(site, "every-feature.md")


def test_no_liquid_reaches_a_page_without_a_report_line(
    imported: tuple[Path, str, Path],
) -> None:
    site, report, _ = imported
    written = post(site, "every-feature.md")
    left = re.findall(r"\{[{%].*?[%}]\}", written)
    assert left == [
        "{% include_relative ../_config.yml %}",  # outside the post's folder: never read
        "{% include missing.html %}",
        "{% youtube dQw4w9WgXcQ %}",
    ]
    assert "goes up a folder" in entry(report, EVERY, "include_relative ../", "left as-is")
    assert "A snippet next to the post, with **Markdown** in it." in written
    assert "_includes/missing.html does not exist" in entry(
        report, EVERY, "include missing.html", "left as-is"
    )
    assert "youtube" in entry(report, EVERY, "youtube", "left as-is")
    for other in ("second-post.md", "by-billy.md"):
        assert "{%" not in post(site, other) and "{{" not in post(site, other)


def test_links_to_the_old_sites_other_pages(imported: tuple[Path, str, Path]) -> None:
    _, report, html = imported
    soup = page(html, "every-feature.html")
    assert soup.find("a", string="setup guide")["href"] == OLD + "/docs/setup/"
    assert soup.find("a", string="about page")["href"] == OLD + "/about/"
    assert soup.find("a", string="the docs index")["href"] == OLD + "/docs/"
    # {% link docs/setup.md %}: that page's own permalink
    assert soup.find("a", string="setup again")["href"] == OLD + "/docs/setup/"
    # {% post_url %} to a post this import does not have: its old address
    assert soup.find("a", string="older post")["href"] == OLD + "/articles/2019/not-imported/"
    assert f"-> {OLD}/about/ (not imported)" in entry(report, EVERY, "[about page]")


def test_raw_html_kept_cleaned_and_markdown_divs(imported: tuple[Path, str, Path]) -> None:
    site, report, html = imported
    soup = page(html, "every-feature.html")
    article = soup.select_one("article")
    assert [k.get_text() for k in article.select("p kbd")] == ["J", "Ctrl", "C"]
    assert [c.get_text() for c in article.select("cite")] == ["figure", "The Book"]
    assert article.select("br")
    figure = article.select_one("figure.half")
    assert figure.select_one("figcaption").get_text() == "A raw figure caption."
    # The image inside raw HTML was copied and is served by the built site.
    image = figure.select_one("img")
    assert (html / "posts" / "2023" / image["src"]).resolve().is_file()
    assert (site / "assets" / "img" / "figure.png").is_file()
    inline = article.find("img", alt="inline")
    assert (html / "posts" / "2023" / inline["src"]).resolve().is_file()
    # <div markdown="1">: its Markdown rendered
    box = article.select_one("div.notice.container")
    assert box.select_one("strong").get_text() == "Markdown"
    assert box.find("a", href="https://example.com/inside") is not None
    assert "-> {container}" in entry(report, EVERY, 'markdown="1"')
    assert "{html} role" in entry(report, EVERY, "<kbd>Ctrl</kbd>")


def test_kramdown_attribute_lists_and_table_rows(imported: tuple[Path, str, Path]) -> None:
    _, report, html = imported
    soup = page(html, "every-feature.html")
    assert "{:" not in soup.select_one("article").get_text()
    rows = [
        [cell.get_text(strip=True) for cell in row.select("td")]
        for row in soup.select("article table tbody tr")
    ]
    assert rows == [["one", "1"], ["two", "2"], ["sum", "3"]]
    assert "dropped" in entry(report, EVERY, "{: .notice--info}")
    assert "header id {#a-notice} dropped" in entry(report, EVERY, "### A notice")
    assert "{:target=" in entry(report, EVERY, "[styled link]")
    assert "separator row" in entry(report, EVERY, "|======|")
    assert soup.find("a", string="styled link")["href"] == "https://example.com/styled"
    # A #fragment link: kept where the new page has the anchor, else its text only.
    assert soup.find("a", string="back to it")["href"] == "#a-notice"
    assert soup.find("a", string="to a kramdown id") is None
    assert "to a kramdown id" in soup.select_one("article").get_text()
    assert "no such anchor" in entry(report, EVERY, "[to a kramdown id]")


def test_images_under_site_url_and_baseurl(imported: tuple[Path, str, Path]) -> None:
    site, report, html = imported
    image = page(html, "every-feature.html").find("img", alt="A photo")
    assert (html / "posts" / "2023" / image["src"]).resolve().is_file()
    assert "![A photo](/assets/img/photo.png)" in post(site, "every-feature.md")
    assert "copied to /assets/img/photo.png" in entry(report, EVERY, "![A photo]")


def test_unknown_and_failing_code_languages_are_plain_text(
    imported: tuple[Path, str, Path],
) -> None:
    site, report, _ = imported
    written = post(site, "every-feature.md")
    assert "```nosuchlang" not in written and "```text\nthis language" in written
    assert "no lexer" in entry(report, EVERY, "```nosuchlang")
    assert '```text\nresult = ready ? "yes" : "no"' in written  # Pygments fails on "?"
    assert "cannot read the code" in entry(report, EVERY, "{% highlight python %}")
    assert "```html\n<p>An example" in written  # a language that works stays


def test_emoji_titles_labels_and_false_takes(imported: tuple[Path, str, Path]) -> None:
    _, report, html = imported
    soup = page(html, "every-feature.html")
    title = soup.select_one("article h1")
    assert title.get_text().rstrip("#¶") == "Rock & Roll with code 🎉"
    assert title.select_one("em").get_text() == "Roll"
    text = soup.select_one("article").get_text()
    assert "🚀" in text and "Done 👍" in text and ":+1:" not in text
    # **HTML:** labels the code after it: no heading
    assert "HTML" not in [h for _, h in headings(soup)]
    assert "labels the fence" in entry(report, EVERY, "**HTML:**", "left as-is")
    # "[Name](url): text" outside a news item, with no quote: a paragraph, not a take notice
    grace = line_of(EVERY, "[Grace Hopper]")
    assert f"{EVERY}:{grace}:" not in report
    assert soup.find("a", href="https://example.com/grace") is not None


def test_update_rewrites_only_posts_not_edited_since_import(tmp_path: Path) -> None:
    source = Path(shutil.copytree(FEATURES, tmp_path / "jekyll"))
    site = Path(shutil.copytree(SITE_TEMPLATE, tmp_path / "site"))
    assert run_import(site, source)[0] == 0
    edited = site / "posts" / "2023" / "by-billy.md"
    hand_fixed = edited.read_text(encoding="utf-8") + "\nAn editor's fix.\n"
    edited.write_text(hand_fixed, encoding="utf-8")
    for name in ("2023-02-05-second-post.md", "2023-03-01-by-billy.md"):
        path = source / "_posts" / name
        path.write_text(path.read_text(encoding="utf-8") + "\nA later paragraph.\n")
    # Without --update or --force: refused, with both ways out named.
    status, report = run_import(site, source)
    assert status == 1 and "--update" in report and "--force" in report
    status, report = run_import(site, source, "--update")
    assert status == 0, report
    assert "A later paragraph." in post(site, "second-post.md")  # not edited: rewritten
    assert edited.read_text(encoding="utf-8") == hand_fixed  # edited: kept as it is
    assert f"{edited} was edited since its import" in report
    assert "1 edited since their import kept as they are" in report
    # A second --update changes nothing.
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert run_import(site, source, "--update")[0] == 0
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before


def test_html_in_the_excerpt_reaches_listings_and_feeds_cleaned(
    imported: tuple[Path, str, Path],
) -> None:
    import feedparser

    _, _, html = imported
    feed = feedparser.parse((html / "blog" / "atom.xml").read_text(encoding="utf-8"))
    summaries = [e.get("summary", "") for e in feed.entries if "Rock" in e.title]
    assert summaries and "<kbd>J</kbd>" in summaries[0], summaries
    listing = parse(html / "blog.html")
    assert "J" in [k.get_text() for k in listing.select("kbd")]  # (the theme's search: Ctrl K)


def test_html_in_lists_and_images_the_blog_lost(imported: tuple[Path, str, Path]) -> None:
    _, report, html = imported
    soup = page(html, "every-feature.html")
    box = soup.select_one("article li div.box")
    assert box.select_one("kbd").get_text() == "Esc"
    assert "raw HTML in a list -> {html}" in entry(report, EVERY, '<div class="box">')
    # An image the Jekyll site does not have: its old address (no broken local path).
    lost = soup.find("img", alt="A lost image")
    assert lost["src"] == OLD + "/assets/img/lost.png"
    assert "its address on the old site" in entry(report, EVERY, "lost.png")
