"""Social and search metadata for post pages: Open Graph article tags, a Twitter card,
and JSON-LD (schema.org BlogPosting with the news items it discusses).

sphinxext-opengraph writes og:title/url/site_name/description/image; it reads per-page
overrides from the page's metadata, which is where the post's own values go.
"""

from __future__ import annotations

import json
from datetime import datetime
from html import escape
from typing import Any
from urllib.parse import urljoin

from sphinx.application import Sphinx

from ..blog.feeds import site_base_url
from ..blog.posts import get_posts_domain
from ..blog.records import PostRecord
from ..people.registry import Person

# Other components add to a post's JSON-LD by handling this event:
# handler(app, docname) -> dict of properties to merge (e.g. the news items it mentions).
JSONLD_EVENT = "newsdesk-post-jsonld"


def meta_tag(attribute: str, name: str, content: str) -> str:
    return f'<meta {attribute}="{escape(name)}" content="{escape(content)}" />'


# Inside <script>, "</script", "<!--" and "-->" end the element or change how the HTML
# parser reads it. These characters only occur inside JSON strings, where the \u escape
# means the same character: the JSON parsed back is the data, and the HTML cannot end early.
# U+2028/2029 end a line in older JavaScript engines (a JSON-LD consumer may eval).
SCRIPT_UNSAFE = str.maketrans({ch: f"\\u{ord(ch):04x}" for ch in "<>&\u2028\u2029"})


def script_json(data: Any) -> str:
    """``data`` as JSON that is safe as the whole content of a <script> element."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return text.translate(SCRIPT_UNSAFE)


def post_jsonld(app: Sphinx, docname: str, post: PostRecord, url: str) -> dict[str, Any]:
    people: dict[str, Person] = app.config.newsdesk_people
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": post.title,
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": post.date,
        "dateModified": post.date,
        "description": post.excerpt,
        "keywords": list(post.tags),
        "publisher": {
            "@type": "Organization",
            "name": app.config.project,
            "url": site_base_url(app),
        },
        "isPartOf": {"@type": "Blog", "name": app.config.blog_title, "url": site_base_url(app)},
    }
    authors = [people[pid] for pid in post.author if pid in people]
    if authors:
        data["author"] = [{"@type": "Person", "name": p.name, "url": p.url} for p in authors]
    else:
        data["author"] = {"@type": "Organization", "name": app.config.author}
    if post.reading_minutes:
        data["timeRequired"] = f"PT{post.reading_minutes}M"
    for extra in app.events.emit(JSONLD_EVENT, docname):
        if extra:
            data.update(extra)
    return data


def add_post_metadata(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """html-page-context, before sphinxext-opengraph reads context['meta']."""
    post = get_posts_domain(app.env).posts.get(pagename)
    if post is None or doctree is None or not post.date:
        return  # no date: newsdesk.blog.front_matter has already failed the build, saying why
    url = urljoin(site_base_url(app), app.builder.get_target_uri(pagename))
    meta = context.get("meta") or {}
    context["meta"] = meta
    meta.setdefault("og:type", "article")
    if post.image:  # front matter image: a path in the built site, or https://
        meta.setdefault("og:image", urljoin(site_base_url(app), post.image))
    if post.excerpt:
        meta.setdefault("og:description", post.excerpt)
    people: dict[str, Person] = app.config.newsdesk_people
    tags = [
        meta_tag(
            "property", "article:published_time", datetime.fromisoformat(post.date).isoformat()
        ),
        *(
            meta_tag("property", "article:author", people[p].url)
            for p in post.author
            if p in people
        ),
        *(meta_tag("property", "article:tag", tag) for tag in post.tags),
        meta_tag("name", "twitter:card", "summary_large_image"),
        meta_tag("name", "twitter:title", post.title),
    ]
    if post.excerpt:
        tags.append(meta_tag("name", "twitter:description", post.excerpt))
        if "description" not in context.get("metatags", ""):
            tags.append(meta_tag("name", "description", post.excerpt))
    jsonld = script_json(post_jsonld(app, pagename, post, url))
    tags.append(f'<script type="application/ld+json">{jsonld}</script>')
    context["metatags"] = context.get("metatags", "") + "\n".join(tags) + "\n"
