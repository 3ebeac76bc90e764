"""``newsdesk import-jekyll`` on Jekyll inputs written for it (tests/jekyll/): what each
post becomes, the people registry, the report, malformed files, --dry-run, --force and
running twice. The imported posts are built in test_importer_build.py."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from helpers import import_command
from markdown_it import MarkdownIt
from mdit_py_plugins.colon_fence import colon_fence_plugin
from mdit_py_plugins.front_matter import front_matter_plugin
from newsdesk.people.registry import load_registry
from newsdesk.tools.cli import main

JEKYLL = Path(__file__).parent / "jekyll"
SITE_TEMPLATE = Path(__file__).parent / "roots" / "test-import"
AGENTS = JEKYLL / "site" / "_posts" / "2024-11-04-week-44-agents.md"
CHIPS = JEKYLL / "site" / "_posts" / "2024-11-11-week-45-chips.md"
PEOPLE = JEKYLL / "site" / "_posts" / "2024-11-18-week-46-people.md"


def markdown() -> MarkdownIt:
    return MarkdownIt("commonmark").use(front_matter_plugin).use(colon_fence_plugin)


def front(text: str) -> dict:
    token = markdown().parse(text)[0]
    assert token.type == "front_matter"
    return yaml.safe_load(token.content)


def news_items(text: str) -> list[dict]:
    """Each {news} block: headline, url, and its takes as (person, text)."""
    items = []
    for token in markdown().parse(text):
        if token.type != "colon_fence" or not token.info.startswith("{news}"):
            continue
        options = dict(
            line[1:].split(": ", 1) for line in token.content.splitlines() if line.startswith(":u")
        )
        takes = [
            (t.info.removeprefix("{take}").strip(), t.content.strip())
            for t in markdown().parse(token.content)
            if t.type == "colon_fence" and t.info.startswith("{take}")
        ]
        items.append(
            {"headline": token.info.removeprefix("{news}").strip(), **options, "takes": takes}
        )
    return items


def headings(text: str) -> list[tuple[int, str]]:
    tokens = markdown().parse(text)
    return [
        (int(t.tag[1]), tokens[i + 1].content)
        for i, t in enumerate(tokens)
        if t.type == "heading_open"
    ]


def line_of(path: Path, needle: str) -> int:
    """The 1-based line of the first line of ``path`` containing ``needle``."""
    lines = path.read_bytes().decode("utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if needle in line)


def run_import(site: Path, *paths: Path | str, options: tuple[str, ...] = ()) -> int:
    return main(import_command(site, *paths, options=options))


@pytest.fixture
def new_site(tmp_path: Path) -> Path:
    """A new site (conf.py, index.md, people.yaml with jackson and jason) to import into."""
    return Path(shutil.copytree(SITE_TEMPLATE, tmp_path / "site"))


@pytest.fixture
def imported(new_site: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, str]:
    assert run_import(new_site, JEKYLL / "site") == 0
    return new_site, capsys.readouterr().out


def read(site: Path, name: str) -> str:
    return (site / "posts" / "2024" / name).read_text(encoding="utf-8")


def test_every_post_lands_in_posts_year_slug(imported: tuple[Path, str]) -> None:
    site, _ = imported
    written = sorted(p.relative_to(site).as_posix() for p in (site / "posts").rglob("*.md"))
    assert written == [
        "posts/2024/week-44-agents.md",
        "posts/2024/week-45-chips.md",
        "posts/2024/week-46-people.md",
        "posts/2024/week-47-roundup.md",
    ]


def test_front_matter_in_the_site_format(imported: tuple[Path, str]) -> None:
    site, _ = imported
    text = read(site, "week-44-agents.md")
    assert text.startswith("---\ndate: 2024-11-04 20:00:00 +0700\n")
    meta = front(text)
    assert "title" not in meta and "layout" not in meta
    assert meta["tags"] == ["AI", "agents"]
    assert meta["category"] == ["weekly", "digest"]  # categories: weekly digest
    assert meta["author"] == ["jackson"]  # author: Jackson, found in people.yaml
    assert meta["jekyll"] == {"comments": True}  # kept, not lost
    # The title is the page's only H1.
    assert headings(text)[0] == (1, "Week #44 2024 - Agents: Software That Acts")
    assert [level for level, _ in headings(text)].count(1) == 1


def test_tags_and_categories_in_every_form(imported: tuple[Path, str]) -> None:
    site, _ = imported
    assert front(read(site, "week-44-agents.md"))["tags"] == ["AI", "agents"]  # a list
    chips = front(read(site, "week-45-chips.md"))
    # "hardware, chips, ai": "ai" is written as week 44 spells it, since both would be
    # the one page blog/tag/ai on the site; the report says so.
    assert chips["tags"] == ["hardware", "chips", "AI"]
    _, output = imported
    assert "tags 'ai' -> 'AI', as spelled in" in output
    people = front(read(site, "week-46-people.md"))
    assert people["tags"] == ["robotics", "machine-learning"]  # "robotics machine-learning"
    assert people["category"] == ["research"]  # category: research
    roundup = front(read(site, "week-47-roundup.md"))
    assert roundup["category"] == ["news"]  # from the news/_posts folder
    assert "tags" not in roundup
    # A date without a time is midnight in _config.yml's timezone (Asia/Bangkok), as
    # Jekyll read it: written with its offset, so the new site's timezone cannot move it.
    assert str(roundup["date"]) == "2024-11-25 00:00:00 +0700"


def test_stories_and_takes(imported: tuple[Path, str]) -> None:
    site, _ = imported
    items = news_items(read(site, "week-44-agents.md"))
    assert [item["headline"] for item in items] == [
        "Agents arrive in the browser: what changes for users",
        "Chipmakers race to build agent-ready laptops",
        "Café Zürich opens an AI-free zone",
    ]
    first, second, third = items
    assert first["url"] == "https://news.example.com/agents-browser?ref=pulse"
    # The take keeps everything inside the outer quotes: emphasis, inner quotes, "&".
    assert first["takes"] == [
        (
            "jackson",
            "Browser agents book, buy & fill forms for you. The hard part is *trust*: "
            'a user must see what the agent did, as the "undo" button is not always there.',
        ),
        (
            "jason",
            'I\'d wait for [standards](https://www.w3.org/ "W3C") before betting a product on it.',
        ),
    ]
    assert [person for person, _ in second["takes"]] == ["jason", "jackson"]
    assert second["takes"][1][1].endswith("12-hour flight ✈️.")
    assert third["url"] == "https://news.example.com/caf%C3%A9-z%C3%BCrich"
    assert third["takes"] == [
        ("jackson", "Sometimes the best feature is no feature. 日本語のテキストも。")
    ]
    text = read(site, "week-44-agents.md")
    assert "memo16.png" not in text  # the directive draws the memo icon
    assert not (site / "assets" / "images" / "memo16.png").exists()


def test_a_take_over_two_paragraphs_and_unicode_people(imported: tuple[Path, str]) -> None:
    site, _ = imported
    items = news_items(read(site, "week-46-people.md"))
    assert [len(item["takes"]) for item in items] == [3, 1]
    assert items[0]["takes"][1] == (
        "zoe-angstrom",
        "“Learning from video” means learning from *our* mistakes too.\n\n"
        "The second paragraph of my take goes on here.",
    )


def test_essay_headings_lists_code_and_tables(imported: tuple[Path, str]) -> None:
    site, _ = imported
    text = read(site, "week-44-agents.md")
    assert headings(text) == [
        (1, "Week #44 2024 - Agents: Software That Acts"),
        (2, "Agents: Software That Acts"),
        (3, "Introduction"),
        (3, "How they work"),
        (2, "Tech News"),
        (3, "Current Tech Pulse: Our Team's Take"),
    ]
    assert "**TL;DR:**\n\nAgents plan" in text  # a lead-in, not a heading
    assert "\n% more\n" in text  # <!--more--> is the excerpt break
    assert "1. Plan the steps.\n2. Act with tools.\n3. Check the result." in text
    assert '| Act  | [search](https://example.com/search "Search engine") |' in text
    # The raw block protected Liquid-looking code; the raw tags themselves are gone.
    assert '```python\ntemplate = "{{ name }}"\ndef run(agent):' in text
    assert "{%" not in text
    # A body H1 other than the title moves everything one level down.
    assert headings(read(site, "week-47-roundup.md")) == [
        (1, "Week 47 roundup"),
        (2, "The roundup"),
        (3, "Items"),
    ]


def test_keep_bold_headings(new_site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_import(new_site, AGENTS, options=("--keep-bold-headings",)) == 0
    text = read(new_site, "week-44-agents.md")
    assert "\n__Introduction:__\n" in text
    assert (3, "Introduction") not in headings(text)
    assert "bold line 'Introduction' kept (--keep-bold-headings)" in capsys.readouterr().out


def test_liquid_urls_links_and_images(imported: tuple[Path, str]) -> None:
    site, _ = imported
    text = read(site, "week-44-agents.md")
    # {{ site.baseurl }}/chips/ and {% post_url %} point at the imported posts' files.
    assert "[our chips issue](week-45-chips.md)" in text
    assert "[the robots issue](week-46-people.md)" in text
    assert '![A chart of agent adoption](/assets/images/chart.png "Adoption in 2024")' in text
    copied = site / "assets" / "images" / "chart.png"
    assert copied.read_bytes() == (JEKYLL / "site" / "assets" / "images" / "chart.png").read_bytes()
    assert "[the agents issue](week-44-agents.md)" in read(site, "week-45-chips.md")


def test_crlf_input_and_a_post_without_tech_news(imported: tuple[Path, str]) -> None:
    assert b"\r\n" in CHIPS.read_bytes(), "the input must keep its CRLF line endings"
    site, _ = imported
    raw = (site / "posts" / "2024" / "week-45-chips.md").read_bytes()
    assert b"\r" not in raw
    text = raw.decode("utf-8")
    assert news_items(text) == [] and "Tech News" not in text
    # The body's copy of the title is dropped; a bold sentence is no heading.
    assert headings(text) == [
        (1, "Week #45 2024 - Chips, Again"),
        (2, "Why chips matter"),
        (3, "Memory"),
    ]
    assert "**Chips are the new oil, some say.**" in text
    # A line starting with % would be a MyST comment: it is escaped.
    assert "about 50\n\\% of it goes to cooling" in text
    assert "> Bandwidth is **the** bottleneck.\n\n- HBM stacks\n- DDR5\n" in text


def test_old_urls_follow_the_sites_permalink_setting(imported: tuple[Path, str]) -> None:
    """_config.yml: permalink: pretty, timezone: Asia/Bangkok."""
    site, _ = imported
    redirects = {
        name: front(read(site, name))["redirect_from"]
        for name in (
            "week-44-agents.md",
            "week-45-chips.md",
            "week-46-people.md",
            "week-47-roundup.md",
        )
    }
    assert redirects == {
        "week-44-agents.md": "/weekly/digest/2024/11/04/week-44-agents/",
        # its own permalink, and the jekyll-redirect-from alias it already had
        "week-45-chips.md": ["/chips/", "/2024/11/11/chips-again.html"],
        # 2024-11-17 22:00 -0500 is the 18th in Bangkok, where the old site was built
        "week-46-people.md": "/research/2024/11/18/week-46-people/",
        "week-47-roundup.md": "/news/2024/11/25/week-47-roundup/",
    }


def test_jekylls_default_permalink_without_config(new_site: Path) -> None:
    good = JEKYLL / "broken" / "_posts" / "2024-12-02-good.md"
    assert run_import(new_site, good) == 0
    assert front(read(new_site, "good.md"))["redirect_from"] == "/2024/12/02/good.html"


def test_people_are_added_once_with_comments_kept(imported: tuple[Path, str]) -> None:
    site, out = imported
    before = (SITE_TEMPLATE / "people.yaml").read_text(encoding="utf-8")
    after = (site / "people.yaml").read_text(encoding="utf-8")
    assert after.startswith(before)  # appended as text: comments and order untouched
    people = load_registry(site / "people.yaml")
    assert list(people) == ["jackson", "jason", "jason-2", "zoe-angstrom"]
    assert people["jason-2"].url == "https://example.org/people/jason-smith"
    assert people["zoe-angstrom"].name == "Zoë Ångström"
    # The other Jason gets his own id, with a notice naming the line of his take.
    take_line = line_of(PEOPLE, "[Jason](https://example.org/people/jason-smith)")
    assert f"week-46-people.md:{take_line}: notice: 'Jason' with profile" in out
    assert "added as 'jason-2'" in out
    # The registry's Jason, with a trailing slash in his URL, is not duplicated.
    assert [t for t in news_items(read(site, "week-46-people.md"))[0]["takes"]][2][0] == "jason"


def test_report_names_what_became_what_with_lines(imported: tuple[Path, str]) -> None:
    _, out = imported
    name = str(AGENTS)
    take = line_of(AGENTS, "[Jackson](https://www.linkedin.com/in/jackson-cates-315a0b1ab/)")
    assert f"{name}:{take}: converted: take by [Jackson]" in out
    intro = line_of(AGENTS, "__Introduction:__")
    assert (
        f"{name}:{intro}: converted: bold line '__Introduction:__' -> heading ### Introduction"
        in out
    )
    tldr = line_of(AGENTS, "**TL;DR:**")
    assert f"{name}:{tldr}: left as-is: bold line 'TL;DR' kept" in out
    headline = line_of(AGENTS, "*[Agents arrive in the browser")
    assert f"{name}:{headline}: left as-is: the headline link's title 'Example News'" in out
    assert f"{name}:{line_of(AGENTS, 'comments: true')}: left as-is: front matter 'comments'" in out
    assert "4 of 4 posts imported (4 written, 0 unchanged), 0 skipped" in out


def test_malformed_files_are_skipped_and_the_rest_imported(
    new_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = JEKYLL / "broken" / "_posts"
    assert run_import(new_site, broken) == 1
    captured = capsys.readouterr()
    assert (new_site / "posts" / "2024" / "good.md").is_file()
    assert sorted(p.name for p in (new_site / "posts").rglob("*.md")) == ["good.md"]
    err = captured.err
    assert f"{broken / '2024-12-09-no-front-matter.md'}:1: error: no front matter" in err
    bad_yaml = broken / "2024-12-16-bad-yaml.md"
    assert f"{bad_yaml}:{line_of(bad_yaml, 'title:')}: error: front matter is not valid YAML" in err
    assert f"{broken / 'notes-without-date.md'}:3: error: no date" in err
    assert "1 of 4 posts imported (1 written, 0 unchanged), 3 skipped" in err
    assert "Traceback" not in err + captured.out


def test_an_image_the_site_does_not_have_is_reported(
    new_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = JEKYLL / "missing-image" / "_posts" / "2024-12-23-missing-image.md"
    assert run_import(new_site, source) == 0
    out = capsys.readouterr().out
    line = line_of(source, "nowhere.png")
    assert f"{source}:{line}: left as-is: image '/assets/images/nowhere.png'" in out
    assert "![A lost chart](/assets/images/nowhere.png)" in read(new_site, "missing-image.md")


def snapshot(site: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(site).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def test_dry_run_writes_nothing(new_site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(new_site)
    assert run_import(new_site, JEKYLL / "site", options=("--dry-run",)) == 0
    out = capsys.readouterr().out
    assert snapshot(new_site) == before
    assert "(would write)" in out and "nothing was written" in out
    assert "would add jason-2, zoe-angstrom" in out


def test_running_twice_gives_identical_files(
    new_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_import(new_site, JEKYLL / "site") == 0
    first = snapshot(new_site)
    assert run_import(new_site, JEKYLL / "site") == 0  # no --force needed: nothing differs
    assert run_import(new_site, JEKYLL / "site", options=("--force",)) == 0
    assert snapshot(new_site) == first  # same bytes, files not even rewritten
    assert "0 written, 4 unchanged" in capsys.readouterr().out


def test_never_overwrites_a_different_post_without_force(
    new_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = new_site / "posts" / "2024" / "week-46-people.md"
    target.parent.mkdir(parents=True)
    target.write_text("---\ndate: 2024-11-18\n---\n\n# An editor's post\n", encoding="utf-8")
    people_before = (new_site / "people.yaml").read_bytes()
    assert run_import(new_site, PEOPLE) == 1
    err = capsys.readouterr().err
    assert "exists and differs" in err and "--force" in err
    assert target.read_text(encoding="utf-8").endswith("# An editor's post\n")
    assert (new_site / "people.yaml").read_bytes() == people_before  # its people not added
    assert run_import(new_site, PEOPLE, options=("--force",)) == 0
    assert "{take} zoe-angstrom" in target.read_text(encoding="utf-8")
    assert "zoe-angstrom:" in (new_site / "people.yaml").read_text(encoding="utf-8")


def test_bad_paths_and_registry_are_clear_errors(
    new_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_import(new_site, new_site / "nowhere") == 1
    assert "nowhere: no such file or folder; nothing was imported" in capsys.readouterr().err
    (new_site / "people.yaml").write_text("jackson:\n  name: [\n", encoding="utf-8")
    assert run_import(new_site, AGENTS) == 1
    err = capsys.readouterr().err
    assert "people.yaml:" in err and "nothing was imported" in err
    assert not (new_site / "posts").exists()
