"""Redirect pages from a post's old URLs, listed in its front matter::

    redirect_from: /2024/10/14/week-40-foundational-models.html

(one path or a list). The HTML build writes, at each such path, a small standalone page
that sends readers and search engines on at once: an immediate ``http-equiv="refresh"``
with a relative URL (so it works on any host and in a local build), a canonical link with
the absolute URL from ``html_baseurl``, a plain link for readers without refresh, and
``noindex``. ablog's own ``redirect:`` writes a full themed page that waits 5 seconds.
A path is written as Jekyll wrote it: ``/a/`` as ``a/index.html``, ``/a`` as ``a.html``.

ablog's own ``redirect:`` (front matter or ``{post}`` option) wrote a page at any path
given, absolute or ``../`` included, and ``redirect: index`` replaced the home page. Its
values are taken from ablog's post records as soon as ablog has read them (so ablog
writes none) and go through the same checks as ``redirect_from``: ablog's page name
``blog/old-post`` is the path ``/blog/old-post.html``. Every file name must also pass
:func:`newsdesk.build.output_paths.unsafe_reason` (safe characters, not too long), and a
redirect never needs a folder where the build writes a file (``/a.html/b.html``).

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
from dataclasses import replace
from html import escape
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.locale import get_translation
from sphinx.util import logging

from ..blog.ablog.internals import posts_read
from ..blog.posts import get_posts_domain
from ..blog.records import PostRecord
from ..build.output_paths import unsafe_reason
from ..build.outputs import MANIFEST, note_output, written_outputs
from ..build.writing import write_atomically
from ..diagnostics import Subtype
from ..input.front_matter_reader import YAMLError, compose, find_front_matter, key_lines
from .url_policy import page_file

logger = logging.getLogger(__name__)
_ = get_translation("newsdesk")

BUILDERS = ("html", "dirhtml")  # builders whose output is a web site
# Sphinx's own folders: a redirect there would be overwritten or shadow a file.
RESERVED = ("_static/", "_images/", "_sources/", "_downloads/")
PAGE_SUFFIXES = (".html", ".htm")  # a redirect page stands only where a page stood
# Marks our redirect pages, so a later build knows it may replace them.
GENERATOR = '<meta name="generator" content="newsdesk redirect">'


def old_paths(value: Any) -> list[str]:
    """``redirect_from`` as the front matter holds it: one text or a list of texts (ablog's
    ``redirect`` values: a tuple of texts)."""
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, list | tuple):
        return [str(item).strip() for item in value if str(item).strip()]
    return []


def ablog_path(value: str) -> str | None:
    """ablog's ``redirect`` value (a page name from the site root, ``blog/old-post``) as a
    ``redirect_from`` path; None when it is absolute or leaves the site."""
    if value.startswith("/") or "\\" in value or any(p in (".", "..") for p in value.split("/")):
        return None
    return "/" + value + ("" if value.lower().endswith(PAGE_SUFFIXES) else ".html")


def old_page_paths(post: PostRecord) -> list[tuple[str, str, str | None]]:
    """(front matter key, the value as written, its redirect_from path or None)."""
    found: list[tuple[str, str, str | None]] = [
        ("redirect_from", path, path) for path in old_paths(post.redirect_from)
    ]
    found += [("redirect", value, ablog_path(value)) for value in old_paths(post.redirect)]
    return found


def redirect_file(path: str) -> str | None:
    """The output file for an old path; None when it is not a path inside the site."""
    if not path.startswith("/") or "\\" in path or any(c in path for c in "?#\0"):
        return None
    if any(part in (".", "..") for part in path.split("/")):
        return None
    return page_file(path)


def is_page_file(file: str) -> bool:
    """Whether a redirect may be written at ``file``: an HTML page that is not hidden."""
    return file.lower().endswith(PAGE_SUFFIXES) and not any(
        part.startswith(".") for part in file.split("/")
    )


def _key_line(env: BuildEnvironment, docname: str, key: str) -> int | None:
    """The line of ``key`` in the post's front matter, for warnings."""
    try:
        found = find_front_matter(Path(env.doc2path(docname)).read_text(encoding="utf-8"))
        if found is None:
            return None
        root = compose(found.text)
    except (OSError, YAMLError):
        return None
    return key_lines(root, found.first_line).get(key)


def _option_line(env: BuildEnvironment, docname: str, key: str) -> int:
    """The line of a ``:redirect:`` option (ablog's ``{post}`` directive); else line 1."""
    try:
        lines = Path(env.doc2path(docname)).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    return next((n for n, text in enumerate(lines, 1) if text.strip().startswith(f":{key}:")), 1)


def _warn(env: BuildEnvironment, docname: str, message: str, key: str = "redirect_from") -> None:
    logger.warning(
        message,
        location=(docname, _key_line(env, docname, key) or _option_line(env, docname, key)),
        type="newsdesk",
        subtype=Subtype.REDIRECT,
    )


def claimed_files(env: BuildEnvironment) -> dict[str, list[tuple[str, str, str]]]:
    """Output file -> [(docname, key, value as written)] for every published post."""
    claims: dict[str, list[tuple[str, str, str]]] = {}
    for docname, post in sorted(get_posts_domain(env).posts.items()):
        if post.draft:
            continue  # a redirect would publish a draft's address
        for key, value, path in old_page_paths(post):
            file = redirect_file(path) if path is not None else None
            if file is not None and is_page_file(file) and unsafe_reason(file) is None:
                claims.setdefault(file, []).append((docname, key, value))
    return claims


def check_redirects(env: BuildEnvironment) -> None:
    """Bad paths, and one old path claimed by two posts. Checked on every HTML build
    (not at env-check-consistency, which a build that re-reads nothing skips)."""
    for docname, post in sorted(get_posts_domain(env).posts.items()):
        for key, value, path in old_page_paths(post):
            file = redirect_file(path) if path is not None else None
            if key == "redirect" and path is None:
                _warn(
                    env,
                    docname,
                    f"redirect {value!r} is not a page of the site: write the old page's "
                    "name from the site root, e.g. 'redirect: blog/old-post'",
                    key,
                )
            elif file is None:
                _warn(
                    env,
                    docname,
                    f"{key} {value!r} is not a site path: write the "
                    "old URL's path, e.g. /2024/10/14/week-40-foundational-models.html",
                    key,
                )
            elif not is_page_file(file):
                _warn(
                    env,
                    docname,
                    f"{key} {value!r} is not the address of a page (it would write "
                    f"{file}); a redirect can only replace an old page: write a path ending "
                    "in .html, .htm or / (e.g. /2024/10/14/week-40.html or /week-40/), "
                    f"or remove it from {key}",
                    key,
                )
            elif (reason := unsafe_reason(file)) is not None:
                _warn(
                    env,
                    docname,
                    f"{key} {value[:120]!r}: the file it would write {reason}; use letters, "
                    f"digits and -_.~ only, in names of at most 200 bytes, or remove it",
                    key,
                )
        for key, raw in (("redirect_from", post.redirect_from), ("redirect", post.redirect)):
            if raw not in (None, "", [], ()) and not old_paths(raw):
                _warn(env, docname, f"{key} must be a path or a list of paths", key)
    for file, claimants in claimed_files(env).items():
        first_doc = claimants[0][0]
        for docname, key, value in claimants[1:]:
            _warn(
                env,
                docname,
                f"{key} {value!r} is also claimed by {first_doc} "
                f"(both would write {file}); keep it in one post",
                key,
            )


def take_over_ablog_redirects(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read, after ablog and newsdesk.blog.posts: move ablog's ``redirect`` values into
    the post's record, so ablog writes no redirect page of its own (it writes one at any
    path, outside the output folder too)."""
    env = app.env
    posts = get_posts_domain(env).posts
    post = posts.get(env.docname)
    values: list[str] = []
    for info in posts_read(env).get(env.docname, []):
        values += [str(value) for value in info.get("redirect") or []]
        info["redirect"] = []
    if post is not None:
        posts[env.docname] = replace(post, redirect=tuple(values))


def _folder_clash(file: str, outdir: Path, taken: set[str]) -> str | None:
    """A folder ``file`` needs where the build writes (or has) a file: /a.html/b.html."""
    parts = file.split("/")[:-1]
    for index in range(1, len(parts) + 1):
        folder = "/".join(parts[:index])
        if folder in taken or (outdir / folder).is_file():
            return folder
    return None


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
    that newsdesk.build.outputs deletes after this handler; a redirect may take their place."""
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
    generated = written_outputs(app)
    dropped = dropped_outputs(app, generated | pages)
    check_redirects(env)
    posts = get_posts_domain(env).posts
    base = (app.config.html_baseurl or "").rstrip("/")
    claims = claimed_files(env)
    taken = pages | generated | set(claims)
    for file, claimants in sorted(claims.items()):
        docname, key, path = claimants[0]
        if file in pages or file in generated or file.startswith(RESERVED):
            _warn(
                env,
                docname,
                f"{key} {path!r}: the site has a page at {file}; "
                f"remove the path from {key} or move that page",
                key,
            )
            continue
        existing = outdir / file
        if (existing.is_file() or existing.is_dir()) and (
            not is_our_redirect(existing) and file not in dropped
        ):
            _warn(
                env,
                docname,
                f"{key} {path!r} would replace {file}, which this build wrote "
                "(a file of html_extra_path, or of Sphinx or another extension); "
                f"remove the path from {key}, or move that file",
                key,
            )
            continue
        folder = _folder_clash(file, outdir, taken)
        if folder is not None:
            _warn(
                env,
                docname,
                f"{key} {path!r} would need a folder {folder}/, where the site has a file "
                f"{folder}; remove the path from {key}",
                key,
            )
            continue
        target = builder.get_target_uri(docname)
        relative = posixpath.relpath(target, posixpath.dirname(file) or ".")
        if target.endswith("/"):
            relative += "/"
        canonical = f"{base}/{target}" if base else relative
        html = redirect_page(posts[docname].title, relative, canonical, app.config.language)
        try:
            write_atomically(outdir / file, html.encode("utf-8"))
        except OSError as exc:  # a limit of this file system that the checks did not know
            _warn(env, docname, f"{key} {path!r}: cannot write {file} ({exc.strerror})", key)
            continue
        note_output(app, file)
