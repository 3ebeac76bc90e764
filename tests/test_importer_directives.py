"""The importer never emits a MyST directive from Jekyll text: a fence whose language
starts with '{' stays a code block, a ':::' line stays text, and the report says so."""

from __future__ import annotations

from pathlib import Path

from helpers import import_command
from markdown_it import MarkdownIt
from mdit_py_plugins.colon_fence import colon_fence_plugin
from newsdesk.tools.cli import main

POST = """---
title: Directives in disguise
date: 2024-12-02
---
Intro.

```{literalinclude} /etc/passwd
```

{% highlight {include} %}
../../secret.txt
{% endhighlight %}

- a list

  ~~~{eval-rst}
  .. include:: /etc/passwd
  ~~~

> :::{literalinclude} ../../secret.txt
> :::

```python
:::{kept} inside code
```
"""


def directives_in(text: str) -> list[str]:
    """Directive names MyST would run in ``text`` (fences and colon fences)."""
    tokens = MarkdownIt("commonmark").use(colon_fence_plugin).parse(text)
    return [
        t.info
        for t in tokens
        if (t.type == "fence" and t.info.strip().startswith("{")) or t.type == "colon_fence"
    ]


def test_jekyll_fences_and_colon_lines_never_become_directives(tmp_path: Path, capsys) -> None:
    posts = tmp_path / "_posts"
    posts.mkdir()
    (posts / "2024-12-02-disguise.md").write_text(POST, encoding="utf-8")
    site = tmp_path / "site"
    (site / "posts").mkdir(parents=True)
    (site / "people.yaml").write_text("", encoding="utf-8")
    status = main(import_command(site, posts / "2024-12-02-disguise.md"))
    assert status == 0
    (written,) = list((site / "posts").rglob("*.md"))
    text = written.read_text(encoding="utf-8")
    assert directives_in(text) == []
    assert "```text\n```" in text and "../../secret.txt" in text  # content kept as code
    assert "\\:::{literalinclude} ../../secret.txt" in text and ":::{kept} inside code" in text
    report = capsys.readouterr().out
    assert report.count("in MyST a code fence whose language starts with '{' is a directive") == 3
    assert report.count("in MyST a line starting with ':::' opens a directive") == 2
    assert "disguise.md:7:" in report  # the Jekyll file's line of the first fence
