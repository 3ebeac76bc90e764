"""Redirect pages from a post's old URLs, listed in its front matter::

    redirect_from: /2024/10/14/week-40-foundational-models.html

(one path or a list). The HTML build writes, at each such path, a small standalone page
that sends readers and search engines on at once: an immediate ``http-equiv="refresh"``
with a relative URL (so it works on any host and in a local build), a canonical link with
the absolute URL from ``html_baseurl``, a plain link for readers without refresh, and
``noindex``. ablog's own ``redirect:`` writes a full themed page that waits 5 seconds.
A path is written as Jekyll wrote it: ``/a/`` as ``a/index.html``, ``/a`` as ``a.html``.

Only old *pages* get a redirect: the file must be ``.html`` or ``.htm`` (``/a/`` and ``/a``
are), so ``redirect_from: /searchindex.js`` or ``/objects.inv`` cannot replace Sphinx's
files. Nor may a redirect replace a file that this build wrote: a page, a generated page
(search, genindex, ablog's, people pages), ``html_extra_path`` files, anything another
extension put there. Only our own redirect pages (recognised by their generator meta
tag) and outputs the last build wrote that this one drops may be replaced.
"""

from __future__ import annotations

import json
import posixpath
from html import escape
from pathlib import Path
from typing import Any

import yaml
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.locale import get_translation
from sphinx.util import logging

from .frontmatter import read_front_matter
from .importer.permalink import output_file
from .outputs import MANIFEST, WRITTEN_KEY, note_output
from .posts import get_posts_domain
from .writing import write_atomically

logger = logging.getLogger(__name__)
_ = get_translation("newsdesk")

BUILDERS = ("html", "dirhtml")  # builders whose output is a web site
# Sphinx's own folders: a redirect there would be overwritten or shadow a file.
RESERVED = ("_static/", "_images/", "_sources/", "_downloads/")
PAGE_SUFFIXES = (".html", ".htm")  # a redirect page stands only where a page stood
# Marks our redirect pages, so a later build knows it may replace them.
GENERATOR = '<meta name="generator" content="newsdesk redirect">'


def old_paths(value: Any) -> list[str]:
    """``redirect_from`` as the front matter holds it: one text or a list of texts."""
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, list):
        return [str(item).strip() for item in value if str(item).strip()]
    return []


def redirect_file(path: str) -> str | None:
    """The output file for an old path; None when it is not a path inside the site."""
    if not path.startswith("/") or "\\" in path or any(c in path for c in "?#\0"):
        return None
    if any(part in (".", "..") for part in path.split("/")):
        return None
    return output_file(path)


def is_page_file(file: str) -> bool:
    """Whether a redirect may be written at ``file``: an HTML page that is not hidden."""
    return file.lower().endswith(PAGE_SUFFIXES) and not any(
        part.startswith(".") for part in file.split("/")
    )


def _key_line(env: BuildEnvironment, docname: str, key: str) -> int | None:
    """The line of ``key`` in the post's front matter, for warnings."""
    try:
        found = read_front_matter(Path(env.doc2path(docname)).read_text(encoding="utf-8"))
        if found is None:
            return None
        root = yaml.compose(found[0], Loader=yaml.SafeLoader)
    except (OSError, yaml.YAMLError):
        return None
    if isinstance(root, yaml.MappingNode):
        for key_node, _value in root.value:
            if key_node.value == key:
                return found[1] + key_node.start_mark.line
    return None


def _warn(env: BuildEnvironment, docname: str, message: str) -> None:
    logger.warning(
        message,
        location=(docname, _key_line(env, docname, "redirect_from")),
        type="newsdesk",
        subtype="redirect",
    )


def claimed_files(env: BuildEnvironment) -> dict[str, list[tuple[str, str]]]:
    """Output file -> [(docname, old path)] for every published post, in docname order."""
    claims: dict[str, list[tuple[str, str]]] = {}
    for docname, post in sorted(get_posts_domain(env).posts.items()):
        if post.get("draft"):
            continue  # a redirect would publish a draft's address
        for path in old_paths(post.get("redirect_from")):
            file = redirect_file(path)
            if file is not None and is_page_file(file):
                claims.setdefault(file, []).append((docname, path))
    return claims


def check_redirects(env: BuildEnvironment) -> None:
    """Bad paths, and one old path claimed by two posts. Checked on every HTML build
    (not at env-check-consistency, which a build that re-reads nothing skips)."""
    for docname, post in sorted(get_posts_domain(env).posts.items()):
        for path in old_paths(post.get("redirect_from")):
            file = redirect_file(path)
            if file is None:
                _warn(
                    env,
                    docname,
                    f"redirect_from {path!r} is not a site path: write the "
                    "old URL's path, e.g. /2024/10/14/week-40-foundational-models.html",
                )
            elif not is_page_file(file):
                _warn(
                    env,
                    docname,
                    f"redirect_from {path!r} is not the address of a page (it would write "
                    f"{file}); a redirect can only replace an old page: write a path ending "
                    "in .html, .htm or / (e.g. /2024/10/14/week-40.html or /week-40/), "
                    "or remove it from redirect_from",
                )
        raw = post.get("redirect_from")
        if raw not in (None, "", []) and not old_paths(raw):
            _warn(env, docname, "redirect_from must be a path or a list of paths")
    for file, claimants in claimed_files(env).items():
        first_doc = claimants[0][0]
        for docname, path in claimants[1:]:
            _warn(
                env,
                docname,
                f"redirect_from {path!r} is also claimed by {first_doc} "
                f"(both would write {file}); keep it in one post",
            )


def redirect_page(title: str, relative: str, canonical: str, language: str) -> str:
    title_html, href = escape(title), escape(relative, quote=True)
    moved = escape(_("This page has moved to"))
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(language, quote=True)}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        f"<title>{title_html}</title>\n"
        f"{GENERATOR}\n"
        '<meta name="robots" content="noindex">\n'
        f'<meta http-equiv="refresh" content="0; url={href}">\n'
        f'<link rel="canonical" href="{escape(canonical, quote=True)}">\n'
        "</head>\n"
        "<body>\n"
        f'<p>{moved} <a href="{href}">{title_html}</a>.</p>\n'
        "</body>\n"
        "</html>\n"
    )


def is_our_redirect(path: Path) -> bool:
    try:
        return GENERATOR in path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def dropped_outputs(app: Sphinx, written: set[str]) -> set[str]:
    """What the last build wrote (newsdesk's manifest) that this one does not: stale files
    that newsdesk.outputs deletes after this handler; a redirect may take their place."""
    try:
        previous = json.loads((Path(app.builder.outdir) / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return set()
    if not isinstance(previous, list):
        return set()
    # dirhtml's pages are listed by address (a/b/): the file is a/b/index.html.
    return {name + "index.html" if name.endswith("/") else name for name in previous} - written


def write_redirects(app: Sphinx, exception: Exception | None) -> None:
    """build-finished: write (when its bytes change) every redirect page."""
    builder = app.builder
    if exception is not None or builder.name not in BUILDERS:
        return
    env, outdir = app.env, Path(builder.outdir)
    pages = {
        Path(builder.get_outfilename(doc)).relative_to(outdir).as_posix()  # type: ignore[attr-defined]
        for doc in env.found_docs
    }
    generated = set(getattr(builder, WRITTEN_KEY, set()))
    dropped = dropped_outputs(app, generated | pages)
    check_redirects(env)
    posts = get_posts_domain(env).posts
    base = (app.config.html_baseurl or "").rstrip("/")
    for file, claimants in sorted(claimed_files(env).items()):
        docname, path = claimants[0]
        if file in pages or file in generated or file.startswith(RESERVED):
            _warn(
                env,
                docname,
                f"redirect_from {path!r}: the site has a page at {file}; "
                "remove the path from redirect_from or move that page",
            )
            continue
        existing = outdir / file
        if existing.is_file() and not is_our_redirect(existing) and file not in dropped:
            _warn(
                env,
                docname,
                f"redirect_from {path!r} would replace {file}, which this build wrote "
                "(a file of html_extra_path, or of Sphinx or another extension); "
                "remove the path from redirect_from, or move that file",
            )
            continue
        target = builder.get_target_uri(docname)
        relative = posixpath.relpath(target, posixpath.dirname(file) or ".")
        if target.endswith("/"):
            relative += "/"
        canonical = f"{base}/{target}" if base else relative
        html = redirect_page(posts[docname]["title"], relative, canonical, app.config.language)
        write_atomically(outdir / file, html.encode("utf-8"))
        note_output(app, file)


def setup(app: Sphinx) -> None:
    app.connect("build-finished", write_redirects)
