"""``{news}``: a story with its headline link, and ``{take}``: a team member's take on it.

    ::::{news} Headline of the story
    :url: https://example.com/story
    :source: Example News

    :::{take} jason
    First take.
    :::
    ::::

``:by: <id>`` is the short form of a single take: the content is that person's take.
Without ``:by:``, content outside the takes is an unattributed summary of the story.

In HTML an item is an ``<article>`` whose heading links to the story
(``rel="noopener noreferrer"``), and each take a ``<figure>`` holding a ``<blockquote>``
with a ``<figcaption>`` naming the person (the HTML standard puts a quotation's attribution
outside the blockquote). Other builders get the same content as standard nodes.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.locale import get_translation
from sphinx.util.docutils import SphinxDirective
from sphinx.util.i18n import format_date
from sphinx.util.typing import OptionSpec
from sphinx.writers.html5 import HTML5Translator

from ..blog.posts import get_posts_domain
from ..diagnostics import Subtype
from ..site.url_policy import SCHEME, ablog_slug, anchor_slug
from . import item_options
from .attribution import (
    PERSON_PAGE_BUILDERS,
    add_html_node,
    attribution_html,
    name_node,
    page_relative,
    warn_person,
)
from .story_urls import source_from_url, url_problem

_ = get_translation("newsdesk")

# Set while a {news} block parses its content, so a {take} knows it is inside one.
NEWS_OPEN = "newsdesk_news_open"


class news_item(nodes.General, nodes.Element):
    """A story: ``headline``, ``url`` (empty when refused), ``source``, ``date``,
    ``tags``, ``icon``/``icon_kind``, ``label`` (the cross-reference name); on a person's
    page, ``heading_level`` (the headline's level there)."""


class news_take(nodes.General, nodes.Element):
    """A take: ``person`` (id), ``known`` (in the registry), ``orphan`` (outside a
    ``{news}``); the children are the take's text."""


def own_takes(item: news_item) -> list[news_take]:
    """The takes on this story (not those of a story wrongly nested inside it)."""
    return [take for take in item.findall(news_take) if nearest_item(take) is item]


def nearest_item(node: nodes.Node) -> news_item | None:
    parent = node.parent
    while parent is not None and not isinstance(parent, news_item):
        parent = parent.parent
    return parent


def has_content(children: list[nodes.Node]) -> bool:
    return any(
        child.astext().strip() or next(iter(child.findall(nodes.image)), None) is not None
        for child in children
    )


def make_take(
    directive: SphinxDirective, pid: str, children: list[nodes.Node], what: str, option: str = ""
) -> news_take:
    """A take node for ``pid`` (given in ``:option:``, or the argument); warns about an
    unknown person or an empty take."""
    known = warn_person(
        directive.config, pid, what, item_options.option_location(directive, option)
    )
    node = news_take(person=pid, known=known, orphan=False)
    directive.set_source_info(node)
    if not has_content(children):
        item_options.warn(
            directive,
            f"{what} has no text: write the take on the lines inside the block, "
            "or remove the block",
            Subtype.EMPTY,
        )
    node.extend(children)
    return node


class NewsDirective(SphinxDirective):
    has_content = True
    required_arguments = 0  # checked here, so a missing headline is a clear warning
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[OptionSpec] = {
        "url": directives.unchanged,
        "source": directives.unchanged,
        "by": directives.unchanged,
        "icon": directives.unchanged,
        "date": directives.unchanged,
        "tags": directives.unchanged,
        "label": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        document = self.state.document
        headline = self.arguments[0].strip() if self.arguments else ""
        what = f"news item {headline!r}" if headline else "news item"
        if self.env.temp_data.get(NEWS_OPEN):
            item_options.warn(
                self,
                f"{what} is inside another {{news}} block; close that "
                "block first (each story is its own {news})",
                Subtype.NESTING,
            )
        url = self.check_url(what)
        source = (self.options.get("source") or "").strip() or (source_from_url(url) if url else "")
        if not headline:
            item_options.warn(
                self,
                "a news item needs a headline: write it after the "
                "directive name, e.g. '::::{news} OpenAI releases o1'",
                Subtype.EMPTY,
            )
            headline = source or _("Untitled story")
        icon_kind, icon = item_options.check_icon(self, what)
        node = news_item(
            headline=headline,
            url=url,
            source=source,
            date=item_options.check_date(self, what),
            tags=item_options.check_tags(self),
            icon=icon,
            icon_kind=icon_kind,
        )
        self.set_source_info(node)
        label = item_options.check_label(self, what)
        anchor = label or item_options.unique_id(
            document, "news-" + (anchor_slug(headline) or "item")
        )
        item_options.claim_id(document, node, anchor)
        node["label"] = label

        depth: int = self.env.temp_data.get(NEWS_OPEN) or 0
        self.env.temp_data[NEWS_OPEN] = depth + 1
        try:
            children = self.parse_content_to_nodes()
        finally:
            self.env.temp_data[NEWS_OPEN] = depth
        takes = [child for child in children if isinstance(child, news_take)]
        rest = [child for child in children if not isinstance(child, news_take)]
        if "by" in self.options:
            by = (self.options["by"] or "").strip()
            node += make_take(
                self, by, rest, f"the take by {by!r} on {what}" if by else f"':by:' of {what}", "by"
            )
        elif rest:
            node += nodes.container("", *rest, classes=["newsdesk-summary"])
        node.extend(takes)
        for take in own_takes(node):
            person = anchor_slug(take["person"]) or "take"
            take_id = item_options.unique_id(document, f"{anchor}-{person}")
            item_options.claim_id(document, take, take_id)
        return [node]

    def check_url(self, what: str) -> str:
        """The story URL to link, or "" (with a warning) when there is none we can use."""
        fix = "write the story's full address, e.g. ':url: https://example.com/story'"
        if "url" not in self.options:
            item_options.warn(
                self,
                f"{what} has no ':url:'; add it on the line after the headline: {fix}",
                Subtype.URL,
            )
            return ""
        url = (self.options["url"] or "").strip()
        if not url:
            item_options.warn(self, f"{what}: ':url:' is empty; {fix}", Subtype.URL, "url")
            return ""
        problem = url_problem(url)
        if problem:
            hint = "" if "; write " in problem else f"; {fix}"  # a suggestion is there
            item_options.warn(self, f"{what}: ':url: {url}' {problem}{hint}", Subtype.URL, "url")
            return ""
        return url


class TakeDirective(SphinxDirective):
    has_content = True
    required_arguments = 0  # checked by make_take: a missing id is a clear warning
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[OptionSpec] = {}

    def run(self) -> list[nodes.Node]:
        pid = self.arguments[0].strip() if self.arguments else ""
        orphan = not self.env.temp_data.get(NEWS_OPEN)
        what = f"the take by {pid!r}" if pid else "a {take}"
        if orphan:
            item_options.warn(
                self,
                f"{what} is not inside a {{news}} block, so it is on no story: put it "
                "inside one, and give the outer fence more colons than the inner one "
                "('::::{news} Headline' around ':::{take} " + (pid or "jackson") + "')",
                Subtype.TAKE,
            )
        node = make_take(self, pid, self.parse_content_to_nodes(), what)
        node["orphan"] = orphan
        if orphan:
            item_options.claim_id(
                self.state.document,
                node,
                item_options.unique_id(
                    self.state.document, f"take-{anchor_slug(pid) or 'unknown'}"
                ),
            )
        return [node]


# --- HTML ----------------------------------------------------------------------------------


def story_date_html(translator: HTML5Translator, iso: str) -> str:
    shown = format_date(
        translator.config.newsdesk_date_format,
        date=datetime.fromisoformat(iso),
        language=translator.config.language,
    )
    return f'<time datetime="{iso}">{escape(shown)}</time>'


DEFAULT_MEMO_ICON = "newsdesk/memo.svg"  # under _static/, shipped in newsdesk/static/


def memo_icon_src(translator: HTML5Translator) -> str:
    icon = translator.config.newsdesk_memo_icon or DEFAULT_MEMO_ICON
    return page_relative(translator, icon if SCHEME.match(icon) else f"_static/{icon}")


def icon_html(translator: HTML5Translator, node: nodes.Element) -> str:
    """A decorative icon: hidden from screen readers, the headline says it all. Without
    ``:icon:`` a story shows the memo icon, as the newsletter always has."""
    if node["icon_kind"] == "image":
        src = escape(page_relative(translator, node["icon"]))
        return f'<img class="newsdesk-icon dark-light" src="{src}" alt="" width="24" height="24">'
    if node["icon_kind"] == "text":
        return f'<span class="newsdesk-icon" aria-hidden="true">{escape(node["icon"])}</span>'
    src = escape(memo_icon_src(translator))
    return f'<img class="newsdesk-icon dark-light" src="{src}" alt="" width="24" height="24">'


def tag_html(translator: HTML5Translator, tag: str) -> str:
    """A story's tag, linked to the tag's page when posts have that tag (ablog writes a
    page per post tag, ``<blog_path>/tag/<slug>``); else as text."""
    builder = translator.builder
    slug = ablog_slug(tag)
    if builder.name in PERSON_PAGE_BUILDERS and slug:
        posts = get_posts_domain(builder.env).posts.values()
        if any(slug == ablog_slug(other) for post in posts for other in post.tags):
            blog_path = getattr(translator.config, "blog_path", "blog")
            href = builder.get_relative_uri(builder.current_docname, f"{blog_path}/tag/{slug}")
            return f'<a class="reference internal" href="{escape(href)}">{escape(tag)}</a>'
    return escape(tag)


def visit_news_item(translator: HTML5Translator, node: news_item) -> None:
    # One level below the section the item is in, as a heading of its own; on a page
    # that shows it outside its post (a person's page), the level that page gives it.
    level = node.get("heading_level") or min(
        translator.section_level + translator.initial_header_level, 6
    )
    headline = escape(node["headline"])
    if node["url"]:
        headline = (
            f'<a class="reference external" href="{escape(node["url"])}" '
            f'rel="noopener noreferrer">{headline}</a>'
        )
    meta = []
    if node["source"]:
        meta.append(f'<span class="newsdesk-source">{escape(node["source"])}</span>')
    if node["date"]:
        meta.append(story_date_html(translator, node["date"]))
    body = translator.body
    body.append(translator.starttag(node, "article", CLASS="newsdesk-news"))
    body.append('<header class="newsdesk-news-header">')
    body.append(icon_html(translator, node))
    body.append(
        f'<div class="newsdesk-news-heading"><h{level} class="newsdesk-headline">'
        f"{headline}</h{level}>"
    )
    if meta:
        body.append(
            '<p class="newsdesk-news-meta">'
            + '<span aria-hidden="true"> · </span>'.join(meta)
            + "</p>"
        )
    if node["tags"]:
        items = "".join(f"<li>{tag_html(translator, tag)}</li>" for tag in node["tags"])
        body.append(f'<ul class="newsdesk-tags" aria-label="{escape(_("Tags"))}">{items}</ul>')
    body.append("</div></header>\n")


def depart_news_item(translator: HTML5Translator, node: news_item) -> None:
    translator.body.append("</article>\n")


def visit_news_take(translator: HTML5Translator, node: news_take) -> None:
    """Who first, as the newsletter writes it ("Jackson: ..."), then the take."""
    classes = "newsdesk-take newsdesk-take-orphan" if node["orphan"] else "newsdesk-take"
    pid = node["person"]
    translator.body.append(translator.starttag(node, "figure", CLASS=classes))
    translator.body.append(
        '<figcaption class="newsdesk-take-by">'
        + (attribution_html(translator, pid) if pid else escape(_("Unattributed take")))
        + "</figcaption>\n"
    )
    translator.body.append('<blockquote class="newsdesk-take-body">\n')


def depart_news_take(translator: HTML5Translator, node: news_take) -> None:
    translator.body.append("</blockquote>\n</figure>\n")


# --- other builders ------------------------------------------------------------------------


def take_as_standard(config: Any, node: news_take) -> nodes.block_quote:
    quote = nodes.block_quote("", *node.children, ids=node["ids"], classes=["newsdesk-take"])
    pid = node["person"]
    quote += nodes.attribution(
        "", "", name_node(config, pid) if pid else nodes.Text(_("Unattributed take"))
    )
    return quote


def news_to_standard_nodes(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved: outside HTML, a target, a bold linked headline, a line with
    source, date and tags, the summary, and each take as a block quote with an attribution."""
    if app.builder.format == "html":
        return
    for node in list(doctree.findall(news_item)):
        headline: nodes.Node = nodes.Text(node["headline"])
        if node["url"]:
            headline = nodes.reference(node["headline"], node["headline"], refuri=node["url"])
        parts: list[nodes.Node] = [
            nodes.target("", "", ids=node["ids"]),
            nodes.paragraph("", "", nodes.strong("", "", headline), classes=["newsdesk-headline"]),
        ]
        meta = [text for text in (node["source"], node["date"], ", ".join(node["tags"])) if text]
        if meta:
            parts.append(
                nodes.paragraph(
                    "", "", nodes.emphasis(text=" · ".join(meta)), classes=["newsdesk-news-meta"]
                )
            )
        for child in node.children:
            if isinstance(child, news_take):
                parts.append(take_as_standard(app.config, child))
            else:
                parts.append(child)
        node.replace_self(nodes.container("", *parts, classes=["newsdesk-news"]))
    for take in list(doctree.findall(news_take)):  # takes outside a story
        take.replace_self(take_as_standard(app.config, take))


def setup(app: Sphinx) -> None:
    add_html_node(app, news_item, visit_news_item, depart_news_item)
    add_html_node(app, news_take, visit_news_take, depart_news_take)
    app.add_directive("news", NewsDirective)
    app.add_directive("take", TakeDirective)
