"""The preview shows each page's build warnings on the page, as well as in the terminal.

With ``newsdesk_warning_banners`` (on when NEWSDESK_PREVIEW=1, i.e. ``make serve``) a
handler on Sphinx's logger records every warning whose location is a page, and the page
starts with a banner listing them. Warnings met while reading a page are kept in the
environment until the page is read again, so a page rewritten without being re-read (an
incremental preview build) still shows them; warnings met later (references, consistency)
come anew with every build. ``make html`` never installs the handler: no banner there.
"""

from __future__ import annotations

import logging
import os
from html import escape
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.locale import get_translation
from sphinx.util.build_phase import BuildPhase

from ..internals.sphinx import attach, attached, attached_or_new, detach

_ = get_translation("newsdesk")

READ_KEY = "newsdesk_read_warnings"  # env attribute: docname -> [message]
SEEN = "_newsdesk_page_warning_seen"  # set on a record once it is counted
RECORDER_KEY = "_newsdesk_page_warnings"  # app attribute: the PageWarningRecorder


class PageWarningRecorder(logging.Handler):
    def __init__(self, app: Sphinx) -> None:
        super().__init__(level=logging.WARNING)
        self.app = app
        self.this_build: dict[str, list[str]] = {}

    def emit(self, record: logging.LogRecord) -> None:
        # Sphinx replays postponed warnings through the logger again: count each once.
        if attached(record, SEEN, False):
            return
        attach(record, SEEN, True)
        env = getattr(self.app, "env", None)
        if env is None:
            return
        place = page_of(env, getattr(record, "location", None))
        if place is None:
            return
        docname, line = place
        kind = ".".join(filter(None, (getattr(record, "type", ""), getattr(record, "subtype", ""))))
        message = (f"line {line}: " if line else "") + record.getMessage()
        if kind:
            message += f" [{kind}]"
        builder = getattr(self.app, "builder", None)
        if builder is not None and builder.phase == BuildPhase.READING:
            store: dict[str, list[str]] = attached_or_new(env, READ_KEY, dict)
        else:
            store = self.this_build
        messages = store.setdefault(docname, [])
        if message not in messages:
            messages.append(message)


def page_of(env: BuildEnvironment, location: Any) -> tuple[str, int | None] | None:
    """(docname, line) of a warning's location, in any form Sphinx accepts."""
    if isinstance(location, tuple) and len(location) == 2:
        docname, line = location
        return (docname, line) if docname in env.found_docs else None
    if isinstance(location, nodes.Node):
        source, line = location.source, location.line
    elif isinstance(location, str):  # "docname", "path", "path:line" or "path:"
        source, sep, tail = location.rpartition(":")
        if not (sep and (tail.isdigit() or not tail)):
            source, tail = location, ""
        line = int(tail) if tail else None
        if source in env.found_docs:
            return source, line
    else:
        return None
    if not source:
        return None
    docname = env.path2doc(os.path.abspath(source))
    return (docname, line) if docname in env.found_docs else None


def forget_read_warnings(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    """env-purge-doc: the page is read again, its reading warnings come again."""
    read: dict[str, list[str]] = attached(env, READ_KEY, {})
    read.pop(docname, None)


def add_banner(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """html-page-context, late: the page's warnings above its body."""
    recorder = attached(app, RECORDER_KEY, None)
    if recorder is None or "body" not in context:
        return
    messages = [
        *attached(app.env, READ_KEY, {}).get(pagename, []),
        *recorder.this_build.get(pagename, []),
    ]
    if not messages:
        return
    items = "".join(f"<li>{escape(message)}</li>" for message in messages)
    title = escape(_("Build warnings on this page (shown in the preview only)"))
    context["body"] = (
        f'<div class="admonition error newsdesk-page-warnings" role="alert">'
        f'<p class="admonition-title">{title}</p><ul>{items}</ul></div>\n' + context["body"]
    )


def install(app: Sphinx, config: Any) -> None:
    """config-inited: record warnings only when banners are on."""
    if not config.newsdesk_warning_banners:
        return
    recorder = PageWarningRecorder(app)
    attach(app, RECORDER_KEY, recorder)
    logging.getLogger("sphinx").addHandler(recorder)


def uninstall(app: Sphinx, exception: Exception | None) -> None:
    recorder = detach(app, RECORDER_KEY)
    if recorder is not None:
        logging.getLogger("sphinx").removeHandler(recorder)
