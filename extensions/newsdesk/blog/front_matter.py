"""Check a post's front matter before ablog reads it, so bad input is a clear warning.

Stock ablog crashes (a traceback) on dates with an offset, on flag keys such as
``nocomments: true`` and on unparsable dates, and silently drops a post whose YAML is
malformed. This transform runs just before ablog's ``CheckFrontMatter`` (priority 800),
validates every field with its line number, and rewrites the docinfo into the forms ablog
understands. The checked values are kept on the document for :mod:`newsdesk.blog.posts`.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import yaml
from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from ..build.output_paths import unsafe_reason
from ..diagnostics import Subtype
from ..input.control_characters import UNSAFE, strip_unsafe, unsafe_lines
from ..input.front_matter_reader import (
    YAMLError,
    as_values,
    compose_shared,
    find_front_matter,
    problem_and_line,
)
from ..people.registry import closest_ids
from ..site.url_policy import LINK_SCHEMES, WEB_SCHEMES, ablog_slug, refusal
from .dates import DateError, parse_post_date, site_timezone

logger = logging.getLogger(__name__)

META_KEY = "newsdesk_post_meta"
LIST_KEYS = ("tags", "category", "author")
FLAG_KEYS = ("exclude", "nocomments", "draft")
PLACE_KEYS = ("location", "language")  # ablog writes a page per value
TEXT_EXAMPLES = {
    "title": "Week #40 2024 - The Importance of Foundational Models",
    "description": "Why foundational models matter.",
    "excerpt": "Why foundational models matter.",
    "image": "_static/cards/week-40.png",
    "external_link": "https://example.com/elsewhere",
    "canonical_link": "https://example.com/original",
}
TEXT_KEYS = tuple(TEXT_EXAMPLES)
# Front matter keys that become URLs in the page (newsdesk.site.url_policy), with their schemes.
URL_KEYS = {
    "image": WEB_SCHEMES,
    "external_link": LINK_SCHEMES,
    "canonical_link": WEB_SCHEMES,
}
KNOWN_KEYS = {
    "date",
    "redirect_from",
    "jekyll",
    "language",
    "location",
    "redirect",
    *LIST_KEYS,
    *FLAG_KEYS,
    *TEXT_KEYS,
    "myst",
    "html_meta",
    "substitutions",
    "orphan",
}


def _list_of_text(node: yaml.Node) -> list[str] | None:
    """tags/category/author: a string ("a, b" or "a b") or a list of strings."""
    if isinstance(node, yaml.ScalarNode):
        text = str(node.value).strip()
        if not text:
            return []
        parts = text.split(",") if "," in text else text.split()
        return [part.strip() for part in parts if part.strip()]
    if isinstance(node, yaml.SequenceNode) and all(
        isinstance(item, yaml.ScalarNode) and str(item.value).strip() for item in node.value
    ):
        return [str(item.value).strip() for item in node.value]
    return None


def _set_docinfo_field(docinfo: nodes.docinfo, name: str, value: str | None) -> None:
    """Replace every docinfo entry for ``name``; ``None`` removes it."""
    for child in list(docinfo.children):
        # date and author arrive as docutils' bibliographic nodes, the rest as fields.
        is_field = isinstance(child, nodes.field) and child[0].astext() == name
        if is_field or (isinstance(child, nodes.Element) and child.tagname == name):
            docinfo.remove(child)
    if value is not None:
        docinfo.append(
            nodes.field(
                "", nodes.field_name("", name), nodes.field_body("", nodes.paragraph("", value))
            )
        )


class CheckPostFrontMatter(SphinxTransform):
    default_priority = 790  # before ablog.post.CheckFrontMatter (800)

    def apply(self, **kwargs: Any) -> None:
        docname = self.env.docname
        if docname not in getattr(self.config, "matched_blog_posts", ()):
            return
        path = Path(self.env.doc2path(docname))
        # As Sphinx reads sources: a byte-order mark is dropped, bad bytes are its to report.
        # Control characters: newsdesk.input.control_characters reported each one (source-read).
        source = strip_unsafe(path.read_text(encoding="utf-8-sig", errors="replace"))
        found = find_front_matter(source)
        if found is None:
            self.warn(
                "a post needs front matter: start the file with '---', then "
                "'date: 2024-10-14 20:00:00 +0700' and 'tags: [ai]', then '---'",
                1,
            )
            return
        text, first_line, body_line = found
        meta = self.check(text, first_line)
        section = next(iter(self.document.findall(nodes.section)), None)
        if section is None:
            self.warn(
                "a post needs a title: start the text after the front matter with a "
                "heading such as '# Week #40 2024 - The Importance of Foundational Models'",
                body_line,
            )
        elif not section[0].astext().strip() and not str(meta.get("title") or "").strip():
            # Left empty, or only characters the site drops: feeds and listings need a
            # title, so the post is shown under its file name until one is written.
            self.warn(
                "the post's title is empty: write it after the '#', e.g. "
                "'# Week #40 2024 - The Importance of Foundational Models' (the file name "
                "stands in for it until then)",
                section[0].line or body_line,
            )
        self.document[META_KEY] = meta
        docinfo = next(iter(self.document.findall(nodes.docinfo)), None)
        if docinfo is None:
            docinfo = nodes.docinfo()
            self.document.insert(0, docinfo)
        self.rewrite_docinfo(docinfo, meta)
        for key in meta.pop("cleaned_keys", ()):
            # MyST's docinfo (read by ablog) still holds the control characters.
            value = meta.get(key)
            if key not in (*LIST_KEYS, *FLAG_KEYS, *PLACE_KEYS):
                _set_docinfo_field(docinfo, key, value if isinstance(value, str) else None)

    def clean_escapes(self, node: yaml.Node, first_line: int) -> bool:
        """YAML escapes ("\\a", "\\x07") can write control characters that the file's
        text does not show: remove them, saying where. True if any was removed."""
        if isinstance(node, yaml.ScalarNode):
            if not isinstance(node.value, str) or not UNSAFE.search(node.value):
                return False
            chars = ", ".join(unsafe_lines(node.value)[0][1])
            self.warn(
                f"control character {chars} (a YAML escape) removed from "
                f"{strip_unsafe(node.value)!r}; delete the escape",
                first_line + node.start_mark.line,
                Subtype.TEXT,
            )
            node.value = strip_unsafe(node.value)
            return True
        children: list[yaml.Node] = []
        if isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        return any([self.clean_escapes(child, first_line) for child in children])

    def warn(self, message: str, line: int, subtype: Subtype = Subtype.FRONTMATTER) -> None:
        logger.warning(message, location=(self.env.docname, line), type="newsdesk", subtype=subtype)

    def check(self, text: str, first_line: int) -> dict[str, Any]:
        """Validate the YAML; return the good fields (``date`` as an ISO string)."""
        try:
            root = compose_shared(text)
        except YAMLError as exc:
            problem, line = problem_and_line(exc, first_line)
            self.warn(
                f"front matter is not valid YAML ({problem}); quote values that contain "
                "':' or '#', e.g. title: \"Week #40 2024 - ...\"",
                line,
            )
            return {}
        if not isinstance(root, yaml.MappingNode):
            self.warn(
                "front matter must be 'key: value' lines, e.g. 'date: 2024-10-14'", first_line
            )
            return {}
        meta: dict[str, Any] = {}
        cleaned = [
            str(key_node.value)
            for key_node, value_node in root.value
            if self.clean_escapes(key_node, first_line) | self.clean_escapes(value_node, first_line)
        ]
        if cleaned:
            meta["cleaned_keys"] = cleaned
        people = self.config.newsdesk_people
        seen: dict[str, int] = {}
        for key_node, value_node in root.value:
            key = str(key_node.value)
            line = first_line + key_node.start_mark.line
            if key in seen:  # YAML keeps the last one without a word
                self.warn(f"{key} is given twice (lines {seen[key]} and {line}); keep one", line)
                continue
            seen[key] = line
            if key not in KNOWN_KEYS:
                self.warn(
                    f"unknown front matter key {key!r}; known keys: "
                    f"{', '.join(sorted(KNOWN_KEYS - {'myst', 'html_meta', 'substitutions'}))}",
                    line,
                )
                continue
            if key == "date":
                meta.update(self.check_date(value_node, line))
            elif key in LIST_KEYS:
                values = _list_of_text(value_node)
                if values is None:
                    self.warn(
                        f"{key} must be a text or a list of texts, e.g. {key}: [ai, research]",
                        line,
                    )
                    continue
                if key in ("tags", "category"):
                    values = self.check_labels(key, values, line)
                    meta.setdefault("lines", {})[key] = line
                if key == "author":
                    unknown = [v for v in values if v not in people]
                    for pid in unknown:
                        hint = closest_ids(pid, people)
                        self.warn(
                            f"unknown author {pid!r}: "
                            + (f"did you mean {', '.join(map(repr, hint))}? " if hint else "")
                            + "authors are ids from the people registry (people.yaml)",
                            line,
                            Subtype.PERSON,
                        )
                    values = [v for v in values if v in people]
                meta[key] = values
            elif key in FLAG_KEYS:
                value = as_values(value_node) if value_node.value != "" else True
                if not isinstance(value, bool):
                    self.warn(f"{key} is a flag: write '{key}: true' or '{key}: false'", line)
                    continue
                meta[key] = value
            elif key in PLACE_KEYS:
                place = self.check_place(key, value_node, line)
                if place is not None:
                    meta[key] = place
            elif key in TEXT_KEYS:
                if not isinstance(value_node, yaml.ScalarNode) or not str(value_node.value):
                    self.warn(f'{key} must be a text, e.g. {key}: "{TEXT_EXAMPLES[key]}"', line)
                    continue
                if key in URL_KEYS and not self.url_allowed(key, str(value_node.value), line):
                    continue
                meta[key] = str(value_node.value)
            elif isinstance(value_node, yaml.ScalarNode):
                meta[key] = str(value_node.value)
            else:
                meta[key] = as_values(value_node)
        if "date" not in meta:
            self.warn("a post needs a date, e.g. 'date: 2024-10-14 20:00:00 +0700'", first_line)
        return meta

    def url_allowed(self, key: str, url: str, line: int) -> bool:
        """image, external_link, canonical_link go into href/src/content attributes."""
        problem = refusal(url, URL_KEYS[key])
        if problem:
            self.warn(
                f"{key} {url[:80]!r} refused: it {problem}, e.g. {key}: "
                f'"{TEXT_EXAMPLES[key]}"; the post is published without it',
                line,
                Subtype.URL,
            )
        return problem is None

    def check_labels(self, key: str, values: list[str], line: int) -> list[str]:
        """Tags and categories become page names: ablog splits them at commas, and one
        made only of symbols has no name at all."""
        kept = []
        for value in values:
            if "," in value:
                self.warn(
                    f"{key} {value!r} contains a comma, which would make it two; "
                    f"write them as two: {key}: [{', '.join(map(str.strip, value.split(',')))}]",
                    line,
                )
            elif not ablog_slug(value):
                self.warn(
                    f"{key} {value!r} has no letters or digits, so it cannot have a page; "
                    "add a word to it",
                    line,
                )
            elif self.slug_is_safe(key, value, line):
                kept.append(value)
        return kept

    def slug_is_safe(self, key: str, value: str, line: int) -> bool:
        """ablog writes a page per tag, category, location and language, named after its
        slug: the name must be a safe file name (not too long: ENAMETOOLONG)."""
        reason = unsafe_reason(ablog_slug(value) + ".html")
        if reason is None:
            return True
        shown = value if len(value) <= 60 else value[:60] + "..."
        self.warn(
            f"{key} {shown!r} cannot name a page: its file name {reason}; shorten it",
            line,
            Subtype.FILENAME,
        )
        return False

    def check_place(self, key: str, node: yaml.Node, line: int) -> str | None:
        """location, language: one text; ablog splits it at commas, a page per part."""
        if not isinstance(node, yaml.ScalarNode):
            self.warn(f"{key} must be a text, e.g. {key}: Bangkok", line)
            return None
        parts = [part.strip() for part in str(node.value).split(",") if part.strip()]
        kept = [part for part in parts if self.slug_is_safe(key, part, line)]
        return ", ".join(kept) if kept else None

    def check_date(self, node: yaml.Node, line: int) -> dict[str, Any]:
        if not isinstance(node, yaml.ScalarNode):
            self.warn("date must be a single value, e.g. date: 2024-10-14", line)
            return {}
        try:
            # Parse the text as written (not YAML's timestamp) so offsets survive untouched.
            moment = parse_post_date(node.value)
        except DateError as exc:
            self.warn(f"date {exc}", line)
            return {}
        has_offset = moment.tzinfo is not None
        if not has_offset:
            moment = moment.replace(tzinfo=site_timezone(self.config.newsdesk_timezone))
        return {"date": moment.isoformat(), "date_has_offset": has_offset}

    def rewrite_docinfo(self, docinfo: nodes.docinfo, meta: dict[str, Any]) -> None:
        # ablog reads a naive date: the wall time in the post's own offset, the day the
        # author wrote (newsdesk.ablog_compat.dates_in_own_offset then makes it aware).
        date = meta.get("date")
        wall = datetime.fromisoformat(date).strftime("%Y-%m-%d %H:%M:%S") if date else None
        _set_docinfo_field(docinfo, "date", wall)
        for key in LIST_KEYS:
            values = meta.get(key)
            _set_docinfo_field(docinfo, key, ", ".join(values) if values else None)
        for key in FLAG_KEYS:
            # ablog treats a present key as set; its flag parser crashes on a value.
            _set_docinfo_field(docinfo, key, "" if meta.get(key) else None)
        for key in PLACE_KEYS:  # the checked values only (page names ablog makes)
            _set_docinfo_field(docinfo, key, meta.get(key))
        # ablog's "excerpt" is a paragraph count; ours is text, handled by newsdesk.blog.posts.
        _set_docinfo_field(docinfo, "excerpt", None)
        _set_docinfo_field(docinfo, "redirect_from", None)
        # ablog reads "image" as the number of an image in the post; ours is the social card.
        _set_docinfo_field(docinfo, "image", None)
        _set_docinfo_field(docinfo, "jekyll", None)
        for key in ("external_link", "canonical_link"):  # ablog reads them; refused: gone
            _set_docinfo_field(docinfo, key, meta.get(key))
