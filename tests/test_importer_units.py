"""The importer's building blocks on their own: Jekyll permalinks, the Liquid pass, and
titles written as Markdown."""

from __future__ import annotations

from datetime import datetime

import pytest
from markdown_it import MarkdownIt
from newsdesk.tools.importer.convert import escape_inline
from newsdesk.tools.importer.liquid import LiquidContext, render
from newsdesk.tools.importer.permalink import output_file, post_url
from newsdesk.tools.importer.registry import id_for_name, url_key

SLAP_CHOP = {"date": datetime(2009, 4, 29, 8, 5, 3), "title": "slap-chop", "basename": "x"}


@pytest.mark.parametrize(
    ("template", "categories", "url"),
    [
        # Jekyll's documentation, for a post 2009-04-29-slap-chop.md
        ("date", [], "/2009/04/29/slap-chop.html"),
        ("pretty", [], "/2009/04/29/slap-chop/"),
        ("ordinal", [], "/2009/119/slap-chop.html"),
        ("weekdate", [], "/2009/W18/Wed/slap-chop.html"),
        ("none", [], "/slap-chop.html"),
        ("/:month-:day-:year/:title.html", [], "/04-29-2009/slap-chop.html"),
        ("/blog/:year/:month/:day/:title/", [], "/blog/2009/04/29/slap-chop/"),
        ("/:year/:month/:title", [], "/2009/04/slap-chop"),
        ("/:year/:i_month/:i_day/:hour:minute:second/:title/", [], "/2009/4/29/080503/slap-chop/"),
        # categories are lower-cased, de-duplicated and nested
        ("date", ["Gadgets", "kitchen", "gadgets"], "/gadgets/kitchen/2009/04/29/slap-chop.html"),
        ("/:slugified_categories/:title/", ["Home Kitchen"], "/home-kitchen/slap-chop/"),
    ],
)
def test_jekyll_permalinks(template: str, categories: list[str], url: str) -> None:
    assert post_url(template, categories=categories, **SLAP_CHOP) == url  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("url", "file"),
    [
        ("/2009/04/29/slap-chop.html", "2009/04/29/slap-chop.html"),
        ("/2009/04/29/slap-chop/", "2009/04/29/slap-chop/index.html"),
        ("/2009/04/slap-chop", "2009/04/slap-chop.html"),
        ("/", "index.html"),
    ],
)
def test_the_file_jekyll_writes_for_a_url(url: str, file: str) -> None:
    assert output_file(url) == file


def test_liquid_renders_what_it_knows_and_reports_the_rest() -> None:
    source = (
        "[a]({{ site.baseurl }}/x/) and {{ '/assets/y.png' | relative_url }}\n"
        "{% raw %}\n"
        "{{ kept }}\n"
        "{% endraw %}\n"
        "{% highlight ruby linenos %}\n"
        "puts {{ site.title }}\n"
        "{% endhighlight %}\n"
        "{% include footer.html %} {{ page.title | upcase }} {% post_url 2020-01-01-gone %}\n"
        "{% comment %}a note{% endcomment %}last\n"
    )
    ctx = LiquidContext({"title": "Old", "baseurl": "/blog"}, {"title": "T"}, {})
    result = render(source, ctx)
    # Rendered as Jekyll did: baseurl and all (the converter maps the old URLs).
    assert result.text == (
        "[a](/blog/x/) and /blog/assets/y.png\n"
        "{{ kept }}\n"
        "```ruby\n"
        "puts Old\n"
        "```\n"
        "{% include footer.html %} T {% post_url 2020-01-01-gone %}\n"
        "last\n"
    )
    # Each output line knows the source line it came from (for the report).
    assert result.origins == [0, 2, 4, 5, 6, 7, 8, 9]
    kept = [(line, message) for line, kind, message in result.notes if kind == "left as-is"]
    assert [line for line, _ in kept] == [7, 7]
    assert "include footer.html" in kept[0][1] and "no _includes folder" in kept[0][1]
    assert "post_url 2020-01-01-gone" in kept[1][1]
    notices = [(line, message) for line, kind, message in result.notes if kind == "notice"]
    assert notices == [(8, "Liquid comment left out (Jekyll never showed it): 'a note'")]


@pytest.mark.parametrize(
    "title",
    [
        "Week #40 2024 - The Importance of Foundational Models",
        "C# & F# *rock* [1]",
        "AT&T &amp; more <b>",
        "a_b_c `code` \\ back",
        "Why C #",
        "100% sure",
    ],
)
def test_titles_render_as_written(title: str) -> None:
    tokens = MarkdownIt("commonmark").parse(f"# {escape_inline(title)}\n")
    inline = tokens[1]
    assert "".join(child.content for child in inline.children or []) == title
    assert [child.type for child in inline.children or []] == ["text"]


def test_people_ids_and_profile_urls() -> None:
    assert id_for_name("Jackson") == "jackson"
    assert id_for_name("Zoë Ångström") == "zoe-angstrom"
    assert id_for_name("李雷") == "person"
    assert url_key("https://www.linkedin.com/in/jason/") == url_key("http://linkedin.com/in/jason")
    assert url_key("https://example.org/a") != url_key("https://example.org/b")


def test_includes_stay_inside_includes_and_liquid_is_bounded(tmp_path) -> None:
    from newsdesk.tools.importer.liquid_engine import JekyllLiquid, LiquidFailure

    includes = tmp_path / "_includes"
    includes.mkdir()
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    (includes / "box.html").write_text(
        '<b>{{ include.a }}</b>{% include inner.html b="x" %}', encoding="utf-8"
    )
    (includes / "inner.html").write_text("<i>{{ include.b }}</i>", encoding="utf-8")
    (includes / "loop.html").write_text("{% include loop.html %}", encoding="utf-8")
    liquid = JekyllLiquid("https://old.example", "/blog", includes.resolve())
    assert liquid.include('box.html a="A"', {})[0] == "<b>A</b><i>x</i>"
    assert liquid.include("box.html a=page.t", {"page": {"t": "T"}})[0].startswith("<b>T</b>")
    for name, why in [
        ("../secret.txt", "goes up a folder"),
        ("sub/../../secret.txt", "goes up a folder"),
        ("/etc/passwd", "does not exist"),
        ("loop.html", "nested more than"),
        ("{{ page.x }}", "computed"),
    ]:
        with pytest.raises(LiquidFailure, match=why):
            liquid.include(name, {})
    with pytest.raises(LiquidFailure, match="limit"):
        liquid.render("{% for i in (1..100000000) %}x{% endfor %}", {})
    with pytest.raises(LiquidFailure):  # Python is not reachable from Liquid
        liquid.render("{{ x.__class__.__mro__ | nofilter }}", {"x": 1})
    assert liquid.render("{{ x.__class__ }}", {"x": 1}) == ""


def test_kramdown_is_cleaned_outside_code_only() -> None:
    from newsdesk.tools.importer.kramdown import clean

    lines = ["Text", "{: .note}", "```", "{: .kept}", "|---|", "```", "| a |", "|---|", "| b |",
             "|---|", "| c |"]  # fmt: skip
    result = clean(lines, list(range(len(lines))))
    assert result.lines == ["Text", "", "```", "{: .kept}", "|---|", "```", "| a |", "|---|",
                            "| b |", "| c |"]  # fmt: skip
    assert result.origins == [0, 1, 2, 3, 4, 5, 6, 7, 8, 10]
    assert [line for line, _ in result.notes] == [1, 9]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-01-29 18:30:22 2023 -0800", "2023-01-29 18:30:22-08:00"),
        ("2023-01-29 18:30:22 -0800", "2023-01-29 18:30:22-08:00"),
        ("2023-01-29T18:30:22Z", "2023-01-29 18:30:22+00:00"),
        ("2023-01-29", "2023-01-29 00:00:00"),
    ],
)
def test_dates_jekyll_accepts(text: str, expected: str) -> None:
    from newsdesk.tools.importer.metadata import jekyll_date

    assert str(jekyll_date(text, 3)[0]) == expected


def test_an_author_text_is_one_person() -> None:
    from newsdesk.tools.importer.metadata import author_names

    info: dict = {}
    assert author_names("Billy Rick", info) == ["Billy Rick"]
    assert author_names(["Ann", "Bo Li", "Ann"], info) == ["Ann", "Bo Li"]
    assert author_names({"name": "Cy", "url": "https://cy.example"}, info) == ["Cy"]
    assert info == {"Cy": {"name": "Cy", "url": "https://cy.example"}}
