"""``{memo}``: a standalone note from a team member, not tied to a story.

    :::{memo} Hiring update
    :by: priya

    We are hiring two ML engineers.
    :::

In HTML a memo is a ``role="note"`` block labelled by its title, with our memo icon
(``_static/newsdesk/memo.svg``: a site replaces it with its own ``_static/newsdesk/memo.svg``
or names another image in ``newsdesk_memo_icon``). Other builders get a titled block quote.
"""

from __future__ import annotations

from html import escape
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.locale import get_translation
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.typing import OptionSpec
from sphinx.writers.html5 import HTML5Translator

from ..diagnostics import Subtype
from ..site.url_policy import SCHEME, anchor_slug
from . import item_options
from .attribution import add_html_node, attribution_html, name_node, warn_person
from .news import DEFAULT_MEMO_ICON, has_content, memo_icon_src, story_date_html

_ = get_translation("newsdesk")
logger = logging.getLogger(__name__)


class news_memo(nodes.General, nodes.Element):
    """A memo: ``person`` (id), ``known``, ``title`` (may be empty), ``date``, ``label``."""


class MemoDirective(SphinxDirective):
    has_content = True
    required_arguments = 0
    optional_arguments = 1  # the title
    final_argument_whitespace = True
    option_spec: ClassVar[OptionSpec] = {
        "by": directives.unchanged,
        "date": directives.unchanged,
        "label": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        document = self.state.document
        title = self.arguments[0].strip() if self.arguments else ""
        what = f"memo {title!r}" if title else "memo"
        # MyST drops an invalid option and runs the directive anyway: check it here.
        pid = (self.options.get("by") or "").strip()
        if not pid:
            item_options.warn(
                self,
                f"{what} needs ':by: <person id>' on the line after "
                "'{memo}', e.g. ':by: jackson'",
                Subtype.PERSON,
            )
            known = False
        else:
            known = warn_person(
                self.config, pid, f"':by:' of {what}", item_options.option_location(self, "by")
            )
        node = news_memo(
            person=pid, known=known, title=title, date=item_options.check_date(self, what)
        )
        self.set_source_info(node)
        label = item_options.check_label(self, what)
        anchor = label or item_options.unique_id(
            document, "memo-" + (anchor_slug(title) or pid or "note")
        )
        item_options.claim_id(document, node, anchor)
        node["label"] = label
        children = self.parse_content_to_nodes()
        if not has_content(children):
            item_options.warn(
                self,
                f"{what} has no text: write it on the lines inside the block, or remove the block",
                Subtype.EMPTY,
            )
        node.extend(children)
        return [node]


# --- HTML ----------------------------------------------------------------------------------


def visit_news_memo(translator: HTML5Translator, node: news_memo) -> None:
    kind = escape(_("Memo"))
    title = (
        (
            f'<span class="newsdesk-memo-kind">{kind}</span>'
            '<span class="newsdesk-dash" aria-hidden="true"> · </span>'
            f"{escape(node['title'])}"
        )
        if node["title"]
        else kind
    )
    # Labelled by its title line; on a person's page the memo has no id (ids belong to
    # the post), so the title is its label instead.
    anchor = node["ids"][0] if node["ids"] else ""
    label = f"{_('Memo')}: {node['title']}" if node["title"] else _("Memo")
    labelled_by: dict[str, Any] = (
        {"aria-labelledby": f"{anchor}-title"} if anchor else {"aria-label": label}
    )
    translator.body.append(
        translator.starttag(node, "div", CLASS="newsdesk-memo", role="note", **labelled_by)
    )
    src = escape(memo_icon_src(translator))
    title_id = f' id="{anchor}-title"' if anchor else ""
    translator.body.append(
        f'<p class="newsdesk-memo-title"{title_id}>'
        f'<img class="newsdesk-memo-icon dark-light" src="{src}" alt="" width="24" height="24">'
        f'{title}</p>\n<div class="newsdesk-memo-body">\n'
    )


def depart_news_memo(translator: HTML5Translator, node: news_memo) -> None:
    pid = node["person"]
    # Attributed as a take is: the name first, linked to the profile, with the picture,
    # the role and the link to the person's page on the site.
    byline = attribution_html(translator, pid) if pid else escape(_("Unattributed memo"))
    if node["date"]:
        byline += (
            '<span class="newsdesk-memo-date"><span aria-hidden="true">· </span>'
            + story_date_html(translator, node["date"])
            + "</span>"
        )
    translator.body.append(f'</div>\n<p class="newsdesk-memo-by">{byline}</p>\n</div>\n')


# --- other builders ------------------------------------------------------------------------


def memos_to_standard_nodes(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved: outside HTML a memo is a bold "Memo: title" line and a block
    quote attributed to the person, like a take."""
    if app.builder.format == "html":
        return
    for node in list(doctree.findall(news_memo)):
        title = _("Memo") + (f": {node['title']}" if node["title"] else "")
        pid = node["person"]
        attribution = nodes.attribution(
            "", "", name_node(app.config, pid) if pid else nodes.Text(_("Unattributed memo"))
        )
        if node["date"]:
            attribution += nodes.Text(f", {node['date']}")
        node.replace_self(
            nodes.container(
                "",
                nodes.target("", "", ids=node["ids"]),
                nodes.paragraph(
                    "", "", nodes.strong(title, title), classes=["newsdesk-memo-title"]
                ),
                nodes.block_quote("", *node.children, attribution),
                classes=["newsdesk-memo"],
            )
        )


def check_memo_icon(app: Sphinx, config: Config) -> None:
    """config-inited: the icon is a path under _static/ or an http(s) image; anything else
    is a warning, and our icon is used."""
    icon = config.newsdesk_memo_icon
    if SCHEME.match(icon) and not icon.lower().startswith(("https://", "http://")):
        logger.warning(
            f"newsdesk_memo_icon = {icon!r} in conf.py: use a path under _static/ "
            f"(default {DEFAULT_MEMO_ICON!r}) or an https:// image address; using the default",
            type="newsdesk",
            subtype=Subtype.CONFIG,
        )
        config.newsdesk_memo_icon = DEFAULT_MEMO_ICON


def setup(app: Sphinx) -> None:
    add_html_node(app, news_memo, visit_news_memo, depart_news_memo)
    app.add_directive("memo", MemoDirective)
