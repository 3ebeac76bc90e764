"""Property test (hypothesis): whatever a post's front matter, its {news}, {take} and {memo}
options, or the people registry hold, the build never crashes (no exception, no
traceback) and every newsdesk warning names a file and a line.

Built in-process with sphinx.testing on a small root (tests/roots/test-property, the
basic theme) for speed; a few dozen examples per run, each a complete build."""

from __future__ import annotations

import re
import tempfile
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import copy_root
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences

KEYS = [
    "date", "tags", "category", "author", "title", "description", "excerpt", "image",
    "external_link", "canonical_link", "location", "language", "redirect", "redirect_from",
    "draft", "exclude", "nocomments", "jekyll", "orphan",
]  # fmt: skip
pytestmark = pytest.mark.slow  # about 40 s: 30 complete builds
PLACED = re.compile(r"^\S.*:\d+: (WARNING|ERROR|CRITICAL): ")
SETTINGS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Text as an attacker writes it: any character (controls, quotes, markup, other scripts).
text = st.text(max_size=40)
line_text = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs",),  # a file cannot hold lone surrogates
        blacklist_characters="\n\r\x1c\x1d\x1e\x85\u2028\u2029",
    ),
    max_size=40,
)
dates = st.one_of(
    st.datetimes().map(lambda d: d.isoformat(sep=" ")),
    st.sampled_from(
        [
            "0001-01-01 00:00:00 +0700",
            "9999-12-31 23:59:59 -1200",
            "0001-01-01",
            "9999-12-31",
            "2024-13-45",
            "10/11/2024",
            "2024-10-14 20:00:00 +2400",
        ]
    ),
    text,
)
paths = st.one_of(
    text,
    st.lists(
        st.sampled_from(["a", "..", "", ".", "index.html", "x" * 120, "it's"]), max_size=12
    ).map(lambda parts: "/" + "/".join(parts)),
)
yaml_values: st.SearchStrategy[Any] = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), text),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(text, inner, max_size=3)),
    max_leaves=8,
)


@st.composite
def front_matter(draw: st.DrawFn) -> str:
    fields = {"date": draw(dates)}
    for key in draw(st.lists(st.sampled_from(KEYS), max_size=6, unique=True)):
        if key in ("redirect", "redirect_from"):
            fields[key] = draw(st.one_of(paths, st.lists(paths, max_size=3)))
        elif key == "date":
            fields[key] = draw(dates)
        else:
            fields[key] = draw(yaml_values)
    return yaml.safe_dump(fields, allow_unicode=draw(st.booleans()))


@st.composite
def body(draw: st.DrawFn) -> str:
    def options(names: list[str]) -> str:
        chosen = draw(st.lists(st.sampled_from(names), max_size=len(names), unique=True))
        return "".join(f":{name}: {draw(line_text)}\n" for name in chosen)

    news = options(["url", "by", "date", "tags", "icon", "label", "source"])
    take = draw(st.one_of(st.sampled_from(["jackson", "jason", "nobody"]), line_text))
    memo = options(["by", "date"])
    return (
        f"# {draw(line_text) or 'Title'}\n\n{draw(text)}\n\n"
        f"::::{{news}} {draw(line_text)}\n{news}\n{draw(text)}\n\n"
        f":::{{take}} {take}\n{draw(text)}\n:::\n::::\n\n"
        f":::{{memo}} {draw(line_text)}\n{memo}\n{draw(text)}\n:::\n"
    )


@st.composite
def people(draw: st.DrawFn) -> bytes:
    entries = {
        draw(st.one_of(st.sampled_from(["jackson", "jason", "x" * 70]), text)): {
            field: draw(st.one_of(text, st.sampled_from(["https://example.org/p", ""])))
            for field in draw(
                st.lists(
                    st.sampled_from(["name", "url", "avatar", "role", "other"]),
                    max_size=5,
                    unique=True,
                )
            )
        }
        for _ in range(draw(st.integers(0, 3)))
    }
    good = {"jackson": {"name": "Jackson Cates", "url": "https://example.org/jackson"}}
    data = yaml.safe_dump({**good, **entries}, allow_unicode=True).encode("utf-8")
    if draw(st.booleans()):
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.sampled_from([b"\xff", b"\x07", b"\xc3", b"\x00"])) + data[at:]
    return data


def build(post: str, registry: bytes) -> str:
    """Build the property root with this post and registry; the warnings it printed."""
    with tempfile.TemporaryDirectory() as tmp:
        src = copy_root("property", Path(tmp) / "src")
        (src / "posts/2024/prop.md").write_text(post, encoding="utf-8")
        (src / "people.yaml").write_bytes(registry)
        warning = StringIO()
        app = SphinxTestApp("html", srcdir=src, freshenv=True, status=StringIO(), warning=warning)
        try:
            app.build()  # any exception here is a crash
        finally:
            app.cleanup()
        return strip_escape_sequences(warning.getvalue())


def assert_placed(warnings: str) -> None:
    assert "Traceback" not in warnings, warnings
    for line in warnings.splitlines():
        if "[newsdesk." in line:
            assert PLACED.match(line), f"a newsdesk warning without file:line: {line!r}"


@SETTINGS
@given(head=front_matter(), text=body(), registry=people())
def test_any_post_and_registry_build_without_crash(head: str, text: str, registry: bytes) -> None:
    assert_placed(build(f"---\n{head}---\n\n{text}", registry))
