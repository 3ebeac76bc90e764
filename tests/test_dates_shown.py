"""The day a reader sees is the day the author wrote, in the post's own offset: in the
byline and on every page that lists posts (ablog's post lists, collections, archives,
sidebar), while feeds and JSON-LD keep the instant. Imported Jekyll posts show the day
the old site showed (Jekyll shows dates in its ``_config.yml`` ``timezone``)."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import yaml
from bs4 import BeautifulSoup
from helpers import ROOTS, build, parse, run_import

LATE = "---\ndate: 2023-01-29T22:30:00-08:00\ntags: [history]\nauthor: ada\n---\n\n# Late\n\nL.\n"
# An earlier instant (2023-01-29 20:00 UTC) with a later wall time than Late's.
TOKYO = "---\ndate: 2023-01-30 05:00:00 +0900\ntags: [history]\n---\n\n# Tokyo\n\nT.\n"


def shown_with(soup: BeautifulSoup, href_end: str) -> list[str]:
    """The text of each list entry (post list, collection, sidebar) linking to a post."""
    links = [a for a in soup.find_all("a", href=True) if a["href"].endswith(href_end)]
    entries = [a.find_parent(["li", "div"]) for a in links]
    return [" ".join(e.get_text(" ", strip=True).split()) for e in entries if e is not None]


def listing_pages(html: Path) -> list[Path]:
    return [
        html / "index.html",
        html / "blog.html",
        html / "blog/tag/history.html",
        html / "blog/2023.html",
        html / "blog/author/ada-lovelace.html",
    ]


def test_a_date_with_an_offset_shows_its_own_day_everywhere(tmp_path: Path) -> None:
    src = Path(shutil.copytree(ROOTS / "test-blog", tmp_path / "src"))
    conf = src / "conf.py"
    conf.write_text(conf.read_text().replace('"+02:00"', '"UTC"'))
    (src / "posts/2023/late.md").write_text(LATE)
    (src / "posts/2023/tokyo.md").write_text(TOKYO)
    result = build(src, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    html = tmp_path / "out/html"
    post = parse(html / "posts/2023/late.html")
    assert post.select_one(".newsdesk-byline .newsdesk-date").get_text() == "29 January 2023"
    for page in listing_pages(html):
        entries = shown_with(parse(page), "posts/2023/late.html")
        assert entries, page
        for entry in entries:
            assert "29 January" in entry and "30 January" not in entry, (page, entry)
    tokyo = shown_with(parse(html / "blog.html"), "posts/2023/tokyo.html")
    assert tokyo and all("30 January 2023" in entry for entry in tokyo)
    # Ordered by instant (Late is 06:30 UTC on Jan 30, Tokyo 20:00 UTC on Jan 29), not
    # by the wall times shown.
    titles = [h.get_text(strip=True) for h in parse(html / "blog.html").select("h2 a")]
    assert titles.index("Late") < titles.index("Tokyo")
    # The instant is kept: JSON-LD in the post's offset, the feed the same instant.
    (script,) = post.select('script[type="application/ld+json"]')
    assert json.loads(script.string)["datePublished"] == "2023-01-29T22:30:00-08:00"
    feed = feedparser.parse((html / "blog/atom.xml").read_bytes())
    published = {e.title: datetime.fromisoformat(e.published) for e in feed.entries}
    assert published["Late"] == datetime(2023, 1, 30, 6, 30, tzinfo=UTC)
    # A date without an offset stays in newsdesk_timezone (UTC here).
    new_year = shown_with(parse(html / "blog.html"), "posts/2024/index.html")
    assert new_year and all("02 January 2024" in entry for entry in new_year)


def test_imported_posts_show_the_day_the_old_site_showed(tmp_path: Path) -> None:
    """Jekyll reads a date without an offset in its ``timezone`` and shows every date in
    it: 22:30 in Los Angeles on Jan 29 is Jan 30 on this +07:00 site, but the old site
    said Jan 29, and so must the new one."""
    blog = tmp_path / "jekyll"
    (blog / "_posts").mkdir(parents=True)
    (blog / "_config.yml").write_text("title: Old\ntimezone: America/Los_Angeles\n")
    (blog / "_posts/2023-01-29-late-night.md").write_text(
        "---\ntitle: Late night\ndate: 2023-01-29 22:30:00\n---\n\nWritten late.\n"
    )
    (blog / "_posts/2023-01-30-from-tokyo.md").write_text(
        "---\ntitle: From Tokyo\ndate: 2023-01-30 05:00:00 +0900\n---\n\nWritten early.\n"
    )
    site = Path(shutil.copytree(ROOTS / "test-import", tmp_path / "site"))
    status, report = run_import(site, blog)
    assert status == 0, report
    fronts = {
        name: yaml.safe_load((site / "posts/2023" / name).read_text().split("---\n")[1])
        for name in ("late-night.md", "from-tokyo.md")
    }
    assert fronts["late-night.md"]["date"] == "2023-01-29 22:30:00 -0800"
    # Same instant, in the zone the old site showed it in (12:00 on Jan 29 there).
    assert fronts["from-tokyo.md"]["date"] == "2023-01-29 12:00:00 -0800"
    assert "from-tokyo.md:3: converted: date '2023-01-30 05:00:00 +0900' as the old site" in (
        report
    )
    # Said once, naming _config.yml, the two zones and what was done.
    notes = [line for line in report.splitlines() if "is not this site's newsdesk_timezone" in line]
    assert len(notes) == 1, report
    assert f"{blog.resolve() / '_config.yml'}: timezone America/Los_Angeles" in notes[0]
    assert "(+07:00, " in notes[0] and "2 of 2 would show another day in +07:00" in notes[0]
    result = build(site, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    html = tmp_path / "out/html"
    for name in ("late-night", "from-tokyo"):
        byline = parse(html / f"posts/2023/{name}.html").select_one(".newsdesk-date")
        assert byline.get_text() == "29 January 2023"
        entries = shown_with(parse(html / "blog.html"), f"posts/2023/{name}.html")
        assert entries and all("29 January 2023" in entry for entry in entries), entries


def test_no_timezone_note_when_the_zones_agree(tmp_path: Path) -> None:
    blog = tmp_path / "jekyll"
    (blog / "_posts").mkdir(parents=True)
    (blog / "_config.yml").write_text("timezone: Asia/Bangkok\n")
    (blog / "_posts/2023-01-29-a.md").write_text("---\ntitle: A\n---\n\nA.\n")
    site = Path(shutil.copytree(ROOTS / "test-import", tmp_path / "site"))
    status, report = run_import(site, blog)
    assert status == 0, report
    assert "newsdesk_timezone" not in report
    date = yaml.safe_load((site / "posts/2023/a.md").read_text().split("---\n")[1])["date"]
    assert date == "2023-01-29 00:00:00 +0700"
