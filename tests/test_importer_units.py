"""The importer's building blocks on their own: Jekyll permalinks, the Liquid pass, and
titles written as Markdown."""

from __future__ import annotations

from datetime import datetime

import pytest
from markdown_it import MarkdownIt
from newsdesk.importer.convert import escape_inline
from newsdesk.importer.liquid import LiquidContext, render
from newsdesk.importer.permalink import output_file, post_url
from newsdesk.importer.registry import id_for_name, url_key

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
