"""ablog's shortfalls, fixed by newsdesk: each test shows the failure stock ablog has."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import feedparser
import pytest
from helpers import build, copy_root, parse, sphinx_command
from sphinx.util.inventory import InventoryFile


def load_inventory(path: Path) -> dict:
    with open(path, "rb") as stream:
        return InventoryFile.load(stream, "", lambda base, uri: uri)


@pytest.mark.parametrize("tz", ["Asia/Bangkok", "America/Los_Angeles"])
def test_offset_dates_keep_their_instant_in_any_timezone(tmp_path: Path, tz: str) -> None:
    """Stock ablog crashes on '+0700' dates; without an offset its feed takes the build
    machine's timezone. The feed must carry the instant the post names."""
    src = copy_root("blog", tmp_path / "src")
    result = sphinx_command(src, tmp_path / "out", env={"TZ": tz})
    assert result.returncode == 0, result.stderr
    feed = feedparser.parse((tmp_path / "out/html/blog/atom.xml").read_bytes())
    assert not feed.bozo
    published = {e.title: datetime.fromisoformat(e.published) for e in feed.entries}
    assert published["Year end"] == datetime(2024, 1, 1, 4, 30, tzinfo=UTC)
    assert published["Year end"].utcoffset().total_seconds() == -5 * 3600
    # No offset written: the site's newsdesk_timezone (+02:00), not the machine's.
    assert published["New year"] == datetime(2024, 1, 1, 22, 0, tzinfo=UTC)
    # updated is the newest post's, not the build time: the feed is reproducible.
    assert datetime.fromisoformat(feed.feed.updated) == published["New year"]


def test_feeds_identical_across_timezones(tmp_path: Path) -> None:
    outputs = []
    for tz in ("Asia/Bangkok", "America/Los_Angeles"):
        src = copy_root("blog", tmp_path / tz.replace("/", "-") / "src")
        result = sphinx_command(src, src.parent / "out", env={"TZ": tz})
        assert result.returncode == 0, result.stderr
        outputs.append((src.parent / "out/html/blog/atom.xml").read_bytes())
    assert outputs[0] == outputs[1]


def test_post_labels_are_unique_and_point_at_real_anchors(tmp_path: Path) -> None:
    """ablog labels a post by its basename (the folder for index.md): '2023', '2024' here,
    with anchors that do not exist. Each post gets 'post-<year>-<name>' instead."""
    src = copy_root("blog", tmp_path / "src")
    result = build(src, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    html = tmp_path / "out/html"
    labels = load_inventory(html / "objects.inv")["std:label"]
    assert "2023" not in labels and "2024" not in labels and "index" not in labels
    for label, title in [("post-2023-index", "Year end"), ("post-2024-index", "New year")]:
        item = labels[label]
        assert item.display_name == title
        page, anchor = item.uri.split("#")
        assert parse(html / page).find(id=anchor) is not None


def test_excerpt_skips_the_lead_in_and_stops_at_the_break(tmp_path: Path) -> None:
    src = copy_root("blog", tmp_path / "src")
    assert build(src, tmp_path / "out").returncode == 0
    home = parse(tmp_path / "out/html/index.html")
    excerpts = [e.get_text(" ", strip=True) for e in home.select(".ablog-post-excerpt")]
    assert "The last post of 2023, written late in New York." in excerpts
    assert not any(e.startswith("TL;DR") or "More text" in e for e in excerpts)
    # No <p> inside <p> on collection pages (ablog wraps the excerpt in its own <p>).
    blog = parse(tmp_path / "out/html/blog.html")
    for paragraph in blog.select("p.ablog-post-excerpt"):
        assert paragraph.find("p") is None


BAD_FRONT_MATTER = {
    "bad-yaml": ("date: 2024-10-14\ntags: [ai\n", 3, "not valid YAML"),
    "not-a-date": ("date: 2024-13-45\n", 2, "is not a real date"),
    "us-date": ("date: 10/11/2024\n", 2, "ambiguous"),
    "tags-mapping": ("date: 2024-10-14\ntags:\n  a: b\n", 3, "tags must be a text or a list"),
    "no-date": ("tags: [ai]\n", 2, "a post needs a date"),
    "unknown-author": ("date: 2024-10-14\nauthor: adda\n", 3, "did you mean 'ada'"),
    "flag-value": ("date: 2024-10-14\nnocomments: maybe\n", 3, "nocomments is a flag"),
}


def test_post_without_title_or_front_matter(tmp_path: Path) -> None:
    src = copy_root("blog", tmp_path / "src")
    (src / "posts/2024/notitle.md").write_text("---\ndate: 2024-05-01\n---\n\nJust text.\n")
    (src / "posts/2024/bare.md").write_text("# A title\n\nNo front matter.\n")
    result = build(src, tmp_path / "out")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "notitle.md:4: WARNING: a post needs a title" in result.stderr
    assert "bare.md:1: WARNING: a post needs front matter" in result.stderr


@pytest.mark.parametrize("case", sorted(BAD_FRONT_MATTER))
def test_bad_front_matter_fails_with_file_line_and_fix(tmp_path: Path, case: str) -> None:
    front, line, message = BAD_FRONT_MATTER[case]
    src = copy_root("blog", tmp_path / "src")
    (src / "posts/2024/bad.md").write_text(f"---\n{front}---\n\n# Bad post\n\nText.\n")
    result = build(src, tmp_path / "out")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    expected = f"posts/2024/bad.md:{line}: WARNING: "
    matching = [ln for ln in result.stderr.splitlines() if expected in ln and message in ln]
    assert matching, result.stderr
    assert "[newsdesk." in matching[0]


def test_flag_keys_do_not_crash(tmp_path: Path) -> None:
    """Stock ablog crashes on 'nocomments: true' (its flag parser rejects a value)."""
    src = copy_root("blog", tmp_path / "src")
    post = src / "posts/2024/flags.md"
    post.write_text(
        "---\ndate: 2024-02-01\nnocomments: true\nexclude: false\n---\n\n# Flags\n\nText here.\n"
    )
    result = build(src, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    home = parse(tmp_path / "out/html/index.html")
    assert "Flags" in [a.get_text() for a in home.select(".ablog-post-title a")]


BAD_REGISTRY = {
    "bad-yaml": ("ada: [\n", 2, "not valid YAML"),
    "bad-url": (
        "ada:\n  name: Ada\n  url: ftp://example.org/ada\n",
        1,
        "not an absolute http(s) URL",
    ),
    "bad-id": ("Ada Lovelace:\n  name: Ada\n  url: https://example.org/ada\n", 1, "'ada-lovelace'"),
    "missing-url": ("ada:\n  name: Ada\n", 1, "missing 'url:'"),
    "unknown-field": (
        "ada:\n  name: Ada\n  url: https://e.org\n  mail: a@e.org\n",
        4,
        "unknown field",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_REGISTRY))
def test_bad_people_registry_fails_with_file_line_and_fix(tmp_path: Path, case: str) -> None:
    text, line, message = BAD_REGISTRY[case]
    src = copy_root("blog", tmp_path / "src")
    (src / "people.yaml").write_text(text)
    result = build(src, tmp_path / "out")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    expected = f"people.yaml:{line}: WARNING: people registry: "
    matching = [ln for ln in result.stderr.splitlines() if expected in ln and message in ln]
    assert matching, result.stderr
    assert matching[0].endswith("[newsdesk.people]")


def test_site_timezone_by_name_follows_daylight_saving(tmp_path: Path) -> None:
    src = copy_root("blog", tmp_path / "src")
    conf = src / "conf.py"
    conf.write_text(conf.read_text().replace('"+02:00"', '"Europe/Paris"'))
    (src / "posts/2024/summer.md").write_text(
        "---\ndate: 2024-07-01 09:00\n---\n\n# Summer\n\nT.\n"
    )
    result = build(src, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    feed = feedparser.parse((tmp_path / "out/html/blog/atom.xml").read_bytes())
    published = {e.title: e.published for e in feed.entries}
    assert published["New year"] == "2024-01-02T00:00:00+01:00"
    assert published["Summer"] == "2024-07-01T09:00:00+02:00"
    assert published["Year end"] == "2023-12-31T23:30:00-05:00"  # its own offset wins


def test_bad_site_timezone_is_a_warning_naming_conf_py(tmp_path: Path) -> None:
    src = copy_root("blog", tmp_path / "src")
    conf = src / "conf.py"
    conf.write_text(conf.read_text().replace('"+02:00"', '"Mars/Olympus"'))
    line = conf.read_text().splitlines().index('newsdesk_timezone = "Mars/Olympus"') + 1
    result = build(src, tmp_path / "out")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    assert f"conf.py:{line}: WARNING: newsdesk_timezone: timezone 'Mars/Olympus'" in result.stderr


def test_sources_with_a_bom_or_bad_bytes_or_other_files(tmp_path: Path) -> None:
    """A draft saved with a byte-order mark stays a draft; a post that is not UTF-8 and a
    pattern that also matches images give Sphinx's own messages, not a crash."""
    src = copy_root("blog", tmp_path / "src")
    draft = "\ufeff---\ndate: 2024-10-21\ndraft: true\n---\n\n# Secret draft\n\nSecret.\n"
    (src / "posts/2024/secret.md").write_text(draft, encoding="utf-8")
    conf = src / "conf.py"
    conf.write_text(conf.read_text().replace('["posts/*/*.md"]', '["posts/*/*"]', 1))
    (src / "posts/2024/picture.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (src / "posts/2024/folder").mkdir()
    result = build(src, tmp_path / "out", strict=False)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not (tmp_path / "out/html/posts/2024/secret.html").exists()
    (src / "posts/2024/latin1.md").write_bytes(b"---\ndate: 2024-10-22\n---\n\n# Caf\xe9\n\nB.\n")
    result = build(src, tmp_path / "out2")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    assert "latin1.md:5: WARNING: not UTF-8 (byte 0xe9); save the file as UTF-8" in result.stderr


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ("title: [x]\n", "title must be a text"),
        ("excerpt: [a, b]\n", "excerpt must be a text"),
        ("description:\n  a: b\n", "description must be a text"),
    ],
)
def test_text_keys_must_be_texts(tmp_path: Path, front: str, message: str) -> None:
    src = copy_root("blog", tmp_path / "src")
    post = src / "posts/2024/text.md"
    post.write_text(f"---\ndate: 2024-10-22\n{front}---\n\n# Text keys\n\nBody text.\n")
    result = build(src, tmp_path / "out")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    assert f"text.md:3: WARNING: {message}" in result.stderr


def test_front_matter_image_is_the_social_card(tmp_path: Path) -> None:
    """ablog reads 'image' as a number (and crashes on a path); it is the post's card."""
    src = copy_root("blog", tmp_path / "src")
    post = src / "posts/2024/card.md"
    post.write_text("---\ndate: 2024-10-22\nimage: _static/cards/w.png\n---\n\n# Card\n\nBody.\n")
    result = build(src, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    page = parse(tmp_path / "out/html/posts/2024/card.html")
    image = page.find("meta", property="og:image")["content"]
    assert image == "https://blog.example.org/_static/cards/w.png"


def test_posts_are_ordered_by_the_instant_they_name(tmp_path: Path) -> None:
    """15 Oct 20:00 UTC is later than 16 Oct 01:00 +0700 (15 Oct 18:00 UTC)."""
    src = copy_root("blog", tmp_path / "src")
    (src / "posts/2024/a.md").write_text(
        "---\ndate: 2024-10-15 20:00:00 +0000\n---\n\n# Later\n\nA.\n"
    )
    (src / "posts/2024/b.md").write_text(
        "---\ndate: 2024-10-16 01:00:00 +0700\n---\n\n# Earlier\n\nB.\n"
    )
    result = build(src, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    feed = feedparser.parse((tmp_path / "out/html/blog/atom.xml").read_bytes())
    titles = [e.title for e in feed.entries]
    assert titles.index("Later") < titles.index("Earlier")
    listed = [a.get_text() for a in parse(tmp_path / "out/html/blog.html").select("h2 a")]
    assert listed.index("Later") < listed.index("Earlier")


@pytest.mark.parametrize(
    ("tags", "message"),
    [
        ('["a,b"]', "tags 'a,b' contains a comma, which would make it two"),
        ('["🚀"]', "tags '🚀' has no letters or digits"),
    ],
)
def test_tags_that_cannot_be_pages(tmp_path: Path, tags: str, message: str) -> None:
    src = copy_root("blog", tmp_path / "src")
    (src / "posts/2024/t.md").write_text(f"---\ndate: 2024-10-22\ntags: {tags}\n---\n\n# T\n\nB.\n")
    result = build(src, tmp_path / "out")
    assert result.returncode != 0
    assert f"t.md:3: WARNING: {message}" in result.stderr


def test_two_spellings_of_one_tag(tmp_path: Path) -> None:
    src = copy_root("blog", tmp_path / "src")
    (src / "posts/2024/z.md").write_text(
        "---\ndate: 2024-10-22\ntags: [History]\n---\n\n# Z\n\nB.\n"
    )
    result = build(src, tmp_path / "out")
    assert result.returncode != 0
    assert (
        "z.md:3: WARNING: tags 'History' and 'history' (in posts/2023/index) would share the "
        "page blog/tag/history: write them the same way"
    ) in result.stderr


def test_a_key_given_twice(tmp_path: Path) -> None:
    src = copy_root("blog", tmp_path / "src")
    post = src / "posts/2024/twice.md"
    post.write_text("---\ndate: 2024-10-22\ntags: [a]\ndate: 2024-10-23\n---\n\n# Twice\n\nB.\n")
    result = build(src, tmp_path / "out")
    assert result.returncode != 0
    assert "twice.md:4: WARNING: date is given twice (lines 2 and 4); keep one" in result.stderr
