"""The newsletter's front: the masthead, the subscribe block, the readers' navigation and
the footer, as every page's template gets them (``newsdesk_front``).

sphinx-book-theme dresses a site as documentation: no masthead, the guide for editors in
the readers' navigation, "By ... / (c) Copyright" under each page. The site's templates
(``newsdesk/masthead.html``, ``front.html``, ``subscribe.html``, ``sidebar-nav.html``,
``footer.html``) show instead:

- the logo (``html_logo``), the title and ``newsdesk_tagline``; on the home page as a
  masthead above the issues;
- a subscribe block: the feed of the page's own listing first (a tag's, category's,
  year's or author's posts, a person's takes), the site's feed always, and the sign-up
  form of ``newsdesk_signup_url`` (checked by :func:`newsdesk.config.check_signup_url`
  against the URL policy);
- People in the navigation (the people index, which is not a document);
- a footer with the site's feed, People, ``newsdesk_about_page`` and
  ``newsdesk_guide_page`` (the guide is out of the navigation: no toctree holds it);
- no "Previous: Tech Pulse" under a plain page such as About: the theme's neighbours in
  the toctree are a manual's reading order. Posts link the issues before and after them,
  listings their pages (newsdesk.blog.pagination), the home page all issues.

Only feeds the build writes are linked (:func:`newsdesk.blog.feeds.feed_paths`, person
feeds as :mod:`newsdesk.people.pages` reports them), only pages that exist.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.locale import get_translation
from sphinx.util import logging

from ..blog.feeds import feed_paths, site_feed_path
from ..blog.posts import get_posts_domain
from ..config import SETTINGS, conf_py_location
from ..content.attribution import PERSON_PAGE_BUILDERS, people_path
from ..diagnostics import Subtype

_ = get_translation("newsdesk")
logger = logging.getLogger(__name__)

CONTEXT_KEY = "newsdesk_front"
PAGE_SETTINGS = ("newsdesk_about_page", "newsdesk_guide_page")
# Pages that are tools, not reading: no subscribe block under them.
NO_SUBSCRIBE = frozenset({"search", "genindex"})


def default_of(name: str) -> object:
    return next(setting.default for setting in SETTINGS if setting.name == name)


def check_front_pages(app: Sphinx, env: BuildEnvironment) -> None:
    """env-updated: the about page and the guide named in conf.py exist. A page set in
    conf.py that is not a document is a warning (the footer leaves it out); the defaults
    ("about", "authoring") are left out quietly where a site has no such page."""
    for name in PAGE_SETTINGS:
        docname = str(getattr(app.config, name) or "")
        if not docname or docname in env.found_docs or docname == default_of(name):
            continue
        logger.warning(
            f"{name} = {docname!r} in conf.py names no page (no {docname}.md or other "
            "source file is in the site); the footer leaves the link out. Set it to the "
            'docname of an existing page (a path without suffix, like "about"), or to "" '
            "for none",
            location=conf_py_location(app, name),
            type="newsdesk",
            subtype=Subtype.CONFIG,
        )


def existing_page(app: Sphinx, name: str) -> str:
    docname = str(getattr(app.config, name) or "")
    return docname if docname in app.env.found_docs else ""


def page_title(app: Sphinx, docname: str) -> str:
    title = app.env.titles.get(docname)
    return title.astext() if title is not None else docname


def people_index(app: Sphinx) -> str:
    """The people index's pagename when this build writes it (newsdesk.people.pages)."""
    index = f"{people_path(app.config)}/index"
    if app.builder.name not in PERSON_PAGE_BUILDERS or index in app.env.all_docs:
        return ""
    return index


def page_feed(app: Sphinx, context: dict[str, Any]) -> dict[str, str] | None:
    """The feed of the listing this page shows: an ablog collection's, a person's takes."""
    person_feed = context.get("newsdesk_feed")
    if person_feed and context.get("newsdesk_person"):
        return {"path": str(person_feed), "title": str(context.get("newsdesk_feed_title", ""))}
    collection = context.get("collection")
    path = getattr(collection, "path", None)
    if collection is None or not path:
        return None
    feed = f"{path}/atom.xml"
    if feed == site_feed_path(app) or feed not in feed_paths(app):
        return None
    header = context.get("header") or ""
    return {"path": feed, "title": f"{header} {collection}".strip()}


def add_front_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """html-page-context: what the masthead, subscribe block, navigation and footer show."""
    plain_page = (
        pagename in app.env.all_docs
        and pagename != app.config.root_doc
        and pagename not in get_posts_domain(app.env).posts
    )
    if plain_page:
        context["prev"] = context["next"] = None
    feeds = []
    own = page_feed(app, context)
    if own:
        feeds.append(
            {"path": own["path"], "text": _("Atom feed: %(title)s") % {"title": own["title"]}}
        )
    site_feed = site_feed_path(app)
    has_site_feed = site_feed in feed_paths(app)
    if has_site_feed:
        feeds.append({"path": site_feed, "text": _("Atom feed: all issues")})
    about = existing_page(app, "newsdesk_about_page")
    guide = existing_page(app, "newsdesk_guide_page")
    people = people_index(app)
    context[CONTEXT_KEY] = {
        "home": pagename == app.config.root_doc,
        "tagline": app.config.newsdesk_tagline,
        "feeds": feeds,
        # The page's own feed, for the head's <link rel="alternate"> (a person's page
        # links its own in newsdesk/person.html).
        "alternate": own if own and not context.get("newsdesk_person") else None,
        "site_feed": site_feed if has_site_feed else "",
        "signup": app.config.newsdesk_signup_url,
        "subscribe_below": pagename not in NO_SUBSCRIBE and pagename != app.config.root_doc,
        "people": people,
        "people_current": bool(people) and pagename.startswith(f"{people_path(app.config)}/"),
        "about": about,
        "about_title": page_title(app, about) if about else "",
        "guide": guide,
        "guide_title": page_title(app, guide) if guide else "",
        "labels": {
            "home": _("Home"),
            "subscribe": _("Subscribe"),
            "signup": _("Email sign-up"),
            "people": _("People"),
            "feed": _("Atom feed"),
            "site": _("Site"),
        },
    }
