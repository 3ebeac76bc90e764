"""What the environment keeps about each post: one :class:`PostRecord` per docname, in
:class:`newsdesk.blog.posts.PostsDomain`. Frozen: a later doctree-read handler that adds to
a post (its reading time, ablog's redirects) stores a new record with ``replace``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# A front matter value as YAML gives it (redirect_from is checked late, at build-finished,
# by newsdesk.site.redirects, which says what is wrong with any other shape).
YamlValue = str | int | float | bool | None | list["YamlValue"] | dict[str, "YamlValue"]


@dataclass(frozen=True, slots=True)
class PostRecord:
    """A post as listings, feeds, people pages, redirects and social metadata show it."""

    title: str
    date: str  # ISO 8601 with its offset; "" when the front matter has none (a build error)
    tags: tuple[str, ...]
    category: tuple[str, ...]
    author: tuple[str, ...]  # person ids from the people registry
    label: str  # the post's std:label, post-<year>-<slug>
    anchor: str  # id of the post's top section ("" when it has none)
    excerpt: str
    redirect_from: YamlValue
    draft: bool
    image: str
    # front matter key -> its line, for warnings; not shown anywhere, so not in digests
    lines: dict[str, int] = field(compare=False, repr=False)
    reading_minutes: int = 0  # newsdesk.blog.byline; 0 when the post has no byline
    redirect: tuple[str, ...] = ()  # ablog's ``redirect`` values (newsdesk.site.redirects)
