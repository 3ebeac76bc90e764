"""Who wrote a take or memo: the registry check, the ``{person}`` role, and the linked
name (with avatar) every attributed node renders.

In the HTML and dirhtml builders a name links to the person's page on the site
(:mod:`newsdesk.people.pages`); everywhere else (epub, singlehtml, LaTeX, text, man) to the
profile URL from the registry, because those outputs have no person pages.
"""

from __future__ import annotations

from html import escape
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.locale import get_translation
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole
from sphinx.util.osutil import relative_uri
from sphinx.writers.html5 import HTML5Translator

from ..diagnostics import Subtype
from ..people.registry import Person, closest_ids
from ..site.url_policy import UrlKind, url_kind

_ = get_translation("newsdesk")

logger = logging.getLogger(__name__)

PERSON_PAGE_BUILDERS = frozenset({"html", "dirhtml"})
# Builders whose translators are HTML ones (epub, json, ... share the html handlers, but a
# handler registered by name for one of them would hide the html ones; name them all).
HTML_BUILDERS = ("html", "dirhtml", "singlehtml", "epub", "json", "pickle")


class person_ref(nodes.Inline, nodes.TextElement):
    """``{person}`jackson```: a person's linked name; ``person`` holds the id."""


def people_of(config: Config) -> dict[str, Person]:
    """The people registry: ``newsdesk_people``, which newsdesk.extension fills at
    config-inited (id -> Person; frozen records, so the saved config compares equal)."""
    people: dict[str, Person] = config.newsdesk_people
    return people


def people_path(config: Config) -> str:
    return config.newsdesk_people_path.strip("/")


def person_docname(config: Config, pid: str) -> str:
    """The page name of a person's page, e.g. ``people/jackson``."""
    return f"{people_path(config)}/{pid}"


def person_problem(config: Config, pid: str, what: str) -> str | None:
    """Why ``pid`` cannot attribute ``what`` (with the fix), or None when it is known."""
    people = people_of(config)
    if pid in people:
        return None
    registry = config.newsdesk_people_file
    if not pid:
        return f"{what} needs a person id from the people registry ({registry})"
    hint = closest_ids(pid, people)
    suggestion = f"did you mean {' or '.join(map(repr, hint))}? " if hint else ""
    return (
        f"unknown person {pid!r} in {what}: {suggestion}use an id from the people "
        f"registry ({registry}), or add {pid!r} there"
    )


def warn_person(config: Config, pid: str, what: str, location: Any) -> bool:
    """Warn about an unknown person; True when the person is known."""
    problem = person_problem(config, pid, what)
    if problem:
        logger.warning(problem, location=location, type="newsdesk", subtype=Subtype.PERSON)
    return problem is None


def display_name(config: Config, pid: str) -> str:
    person = people_of(config).get(pid)
    return person.name if person else pid


# --- HTML fragments -------------------------------------------------------------------------


def page_relative(translator: HTML5Translator, target: str) -> str:
    """``target`` (a path from the output root, or an http(s) URL) as seen from this page."""
    if url_kind(target) is UrlKind.EXTERNAL:  # http(s), or //host: never a site path
        return target
    builder = translator.builder
    return relative_uri(builder.get_target_uri(builder.current_docname), target)


def name_html(translator: HTML5Translator, pid: str) -> str:
    """The person's name as a link: their page on the site, else their profile."""
    config = translator.config
    builder = translator.builder
    person = people_of(config).get(pid)
    if person is None:
        return f'<span class="newsdesk-person">{escape(pid)}</span>'
    name = escape(person.name)
    if builder.name in PERSON_PAGE_BUILDERS:
        href = builder.get_relative_uri(builder.current_docname, person_docname(config, pid))
        return f'<a class="newsdesk-person reference internal" href="{escape(href)}">{name}</a>'
    return (
        f'<a class="newsdesk-person reference external" href="{escape(person.url)}" '
        f'rel="noopener noreferrer">{name}</a>'
    )


def avatar_html(translator: HTML5Translator, pid: str) -> str:
    """The registry's avatar, decorative (the name next to it says who it is)."""
    person = people_of(translator.config).get(pid)
    avatar = person.avatar if person else ""
    if not avatar:  # refused avatars were dropped when people.yaml was read (urlchecks)
        return ""
    src = escape(page_relative(translator, avatar))
    # Lazy: a post shows a take's avatar many times, most of them below the fold.
    return (
        f'<img class="newsdesk-avatar dark-light" src="{src}" alt="" width="32" height="32" '
        'loading="lazy" decoding="async">'
    )


def initials(name: str) -> str:
    """Up to two initials of a name, for a person without an avatar."""
    words = [word for word in name.replace("-", " ").split() if word[:1].isalnum()]
    return "".join(word[0] for word in words[:2]).upper()


def on_own_page(translator: HTML5Translator, pid: str) -> bool:
    """The page being written is the person's own page (or one of its pages)."""
    page = person_docname(translator.config, pid)
    current = translator.builder.current_docname or ""
    return current == page or current.startswith(page + "/")


def attribution_html(translator: HTML5Translator, pid: str) -> str:
    """A take's attribution as the newsletter writes it: the person's name first, linked
    to their profile (the registry's ``url``), with their avatar (or initials) and role,
    then a link to their page of takes on the site where there is one (not on that page
    itself)."""
    config = translator.config
    builder = translator.builder
    person = people_of(config).get(pid)
    if person is None:
        return f'<span class="newsdesk-person">{escape(pid)}</span>'
    name = escape(person.name)
    picture = avatar_html(translator, pid) or (
        f'<span class="newsdesk-initials" aria-hidden="true">{escape(initials(person.name))}</span>'
    )
    parts = [
        picture,
        '<span class="newsdesk-take-who">'
        f'<a class="newsdesk-person reference external" href="{escape(person.url)}" '
        f'rel="noopener noreferrer">{name}</a>',
    ]
    if person.role:
        parts.append(f'<span class="newsdesk-role">{escape(person.role)}</span>')
    if builder.name in PERSON_PAGE_BUILDERS and not on_own_page(translator, pid):
        href = builder.get_relative_uri(builder.current_docname, person_docname(config, pid))
        label = escape(_("Takes by %(name)s") % {"name": person.name})
        parts.append(
            f'<a class="newsdesk-person-takes reference internal" href="{escape(href)}">{label}</a>'
        )
    return "".join(parts) + "</span>"


def visit_person_ref(translator: HTML5Translator, node: person_ref) -> None:
    translator.body.append(name_html(translator, node["person"]))
    raise nodes.SkipNode


def add_html_node(app: Sphinx, node: type[nodes.Element], visit: Any, depart: Any) -> None:
    """Register a node with its HTML visitors under every HTML builder's name."""
    handlers: dict[str, Any] = dict.fromkeys(HTML_BUILDERS, (visit, depart))
    app.add_node(node, **handlers)


# --- other builders -------------------------------------------------------------------------


def name_node(config: Config, pid: str) -> nodes.Node:
    """The person's name as a standard node: a link to their profile."""
    person = people_of(config).get(pid)
    if person is None:
        return nodes.Text(pid)
    return nodes.reference(person.name, person.name, refuri=person.url, classes=["newsdesk-person"])


def person_refs_to_standard_nodes(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved: outside HTML a person's name is a plain link to their profile."""
    if app.builder.format == "html":
        return
    for node in list(doctree.findall(person_ref)):
        node.replace_self(name_node(app.config, node["person"]))


class PersonRole(SphinxRole):
    """``{person}`jackson```: the person's name, linked."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        pid = self.text.strip()
        warn_person(self.config, pid, "{person}", self.get_location())
        node = person_ref(self.rawtext, display_name(self.config, pid), person=pid)
        self.set_source_info(node)
        return [node], []


def setup(app: Sphinx) -> None:
    add_html_node(app, person_ref, visit_person_ref, None)
    app.add_role("person", PersonRole())
