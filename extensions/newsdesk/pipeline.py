"""The build pipeline: every handler newsdesk connects, with its event, priority and why.

Sphinx calls an event's handlers by priority (lower first; 500 is the default, also of
other extensions' handlers), and handlers of equal priority in the order they were
connected. :data:`PIPELINE` is in that order: grouped by event in the order Sphinx emits
them in a build, then by priority, then as connected. :func:`connect` connects them all
(``newsdesk.extension.setup`` calls it once, after the modules' own ``setup``), so this
table is the only place that says what runs when. tests/test_pipeline.py checks a real
Sphinx application's listeners against it.

``python -m newsdesk.pipeline`` prints the table as Markdown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sphinx.application import Sphinx

from . import config
from .blog import byline, drafts, excerpts, feeds, pagination, placeholders, posts, sidebars
from .blog.ablog import workarounds as ablog_workarounds
from .build import (
    atomic,
    config_state,
    garbage_collection,
    outputs,
    page_warnings,
    reading,
    references,
    regeneration,
    template_cache,
)
from .content import attribution, memo, news, news_domain
from .input import build_folders, control_characters, file_names, file_references
from .people import kept_cards, post_authors
from .people import pages as people_pages
from .site import (
    assets,
    front,
    icons,
    light_pages,
    link_safety,
    page_titles,
    redirects,
    searchpage,
    sitemap,
    social,
    theme,
    url_checks,
)

# Sphinx's default priority, which most handlers of every extension have.
DEFAULT = 500


@dataclass(frozen=True)
class Handler:
    event: str
    priority: int
    callback: Callable[..., Any]
    why: str

    @property
    def name(self) -> str:
        return f"{self.callback.__module__}.{self.callback.__name__}"


@dataclass(frozen=True)
class LateHandler:
    """A handler connected while the build runs (by ``connected_by``), not at setup."""

    event: str
    priority: int
    name: str
    connected_by: Callable[..., Any]
    why: str


# The events newsdesk handles, in the order a build emits them first, with when.
EVENTS: dict[str, str] = {
    "config-inited": "conf.py is read; the configuration can still be changed",
    "builder-inited": "the builder exists; the saved environment was compared with the config",
    "env-get-outdated": "Sphinx has found which documents to read",
    "env-before-read-docs": "the documents to read are known; Sphinx decides on -j next",
    "env-purge-doc": "a document's old data is dropped before it is read again (or removed)",
    "source-read": "a document's text, before it is parsed",
    "doctree-read": "a document's tree, after parsing and transforms (per document, per worker)",
    "env-merge-info": "a parallel worker's environment is merged into the main one",
    "env-updated": "every document is read; the environment is pickled next",
    "env-get-updated": "which more documents must be written",
    "write-started": "writing begins",
    "doctree-resolved": "a document's tree with references resolved, before it is written",
    "html-page-context": "an HTML page's template context, before it is rendered",
    social.JSONLD_EVENT: "newsdesk's own: a post's JSON-LD, emitted at html-page-context",
    "html-collect-pages": "after the documents are written: the pages made without a document",
    "build-finished": "the build ended, or failed (with the exception)",
}

# One event's handlers, in the order a build runs them.
PIPELINE: tuple[Handler, ...] = (
    # config-inited: read and check the configuration, before ablog and Sphinx read it.
    Handler(
        "config-inited",
        0,
        build_folders.refuse_tracked_build_files,
        "first (security): files git tracks in the output or doctree folder stop the build "
        "before Sphinx loads the saved environment",
    ),
    Handler(
        "config-inited",
        0,
        garbage_collection.unfreeze_objects,
        "first: what an earlier build in this process froze (build-finished) is collectable; "
        "no collections while the saved environment loads",
    ),
    Handler(
        "config-inited",
        300,
        config.load_people,
        "people.yaml becomes newsdesk_people, before ablog's authors are made from it (400)",
    ),
    Handler(
        "config-inited",
        300,
        config.enable_colon_fences,
        "news items are ':::{news}' blocks: MyST's colon fence is always on",
    ),
    Handler(
        "config-inited",
        300,
        config.check_timezone,
        "a newsdesk_timezone that is no timezone is a warning, and UTC is used",
    ),
    Handler(
        "config-inited",
        400,
        ablog_workarounds.adjust_ablog_config,
        "before ablog's own handler (500) reads them: authors from people.yaml, no ablog "
        "feeds, fontawesome_included set early so incremental builds stay incremental",
    ),
    Handler(
        "config-inited",
        DEFAULT,
        ablog_workarounds.cache_ablog_pages,
        "ablog's collection pages are made only when the listings changed, and in pages "
        "(replaces ablog's html-collect-pages handler: see LATE)",
    ),
    Handler(
        "config-inited",
        DEFAULT,
        ablog_workarounds.publish_by_newsdesk,
        "ablog's 'future date is a draft' (by the machine's clock) is off: "
        "newsdesk.blog.drafts decides what is published",
    ),
    Handler(
        "config-inited",
        DEFAULT,
        ablog_workarounds.declare_ablog_parallel_safe,
        "with merge_ablog_posts (env-merge-info) ablog's reading is parallel-safe (ablog "
        "issues 297, 327)",
    ),
    Handler(
        "config-inited",
        DEFAULT,
        assets.add_static_dir,
        "newsdesk's static files, before Sphinx checks html_static_path (800)",
    ),
    Handler(
        "config-inited",
        DEFAULT,
        memo.check_memo_icon,
        "a newsdesk_memo_icon that is no path or http(s) image is a warning; ours is used",
    ),
    Handler(
        "config-inited",
        DEFAULT,
        config.check_page_size,
        "a newsdesk_page_size below 1 is a warning, and 10 is used",
    ),
    Handler(
        "config-inited",
        DEFAULT,
        config.check_signup_url,
        "a newsdesk_signup_url the URL policy refuses is a warning, and no sign-up link is shown",
    ),
    Handler(
        "config-inited",
        DEFAULT,
        people_pages.add_templates,
        "newsdesk's templates come after the site's, so a site can override them",
    ),
    Handler(
        "config-inited",
        DEFAULT,
        page_warnings.install,
        "record each page's warnings, only when newsdesk_warning_banners is on",
    ),
    Handler(
        "config-inited",
        550,
        file_names.exclude_unsafe_file_names,
        "documents with unsafe names are left out: after Sphinx merged the source suffixes, "
        "before drafts (builder-inited 600), so a draft's unsafe name is reported too",
    ),
    Handler(
        "config-inited",
        1000,
        config_state.take_snapshot,
        "last: the configuration as every handler left it, for the next build to compare",
    ),
    # builder-inited: decide what this build reads and writes.
    Handler(
        "builder-inited",
        0,
        garbage_collection.freeze_loaded_environment,
        "first: the saved environment is loaded; it is frozen, and the collector runs again "
        "with a larger young generation",
    ),
    Handler(
        "builder-inited",
        100,
        atomic.start_build,
        "guard the writes, and find out whether the last build finished",
    ),
    Handler(
        "builder-inited",
        400,
        ablog_workarounds.reset_ablog_state,
        "before ablog's handler: ablog's posts are class state shared by every build in the "
        "process; each build starts empty",
    ),
    Handler(
        "builder-inited",
        DEFAULT,
        assets.add_stylesheet,
        "newsdesk's stylesheet, for HTML output only",
    ),
    Handler(
        "builder-inited",
        DEFAULT,
        template_cache.keep_compiled_templates,
        "before any template is rendered: compiled templates are kept beside the doctrees",
    ),
    Handler(
        "builder-inited",
        DEFAULT,
        theme.check_only_templates_that_can_be_empty,
        "before pages are written: pydata-sphinx-theme renders a sidebar template twice "
        "only when it can render empty",
    ),
    Handler(
        "builder-inited",
        600,
        drafts.exclude_unpublished,
        "after Sphinx compared the config with the last build's, before it looks for "
        "documents: unpublished (and undecodable) posts are left out unless previewing",
    ),
    # env-get-outdated
    Handler(
        "env-get-outdated",
        DEFAULT,
        regeneration.note_doc_changes,
        "remember which documents are read or dropped: generated pages depend on it",
    ),
    # env-before-read-docs
    Handler(
        "env-before-read-docs",
        DEFAULT,
        reading.remember_reading_process,
        "the process that forks -j's readers: a reader sends back only what it read",
    ),
    Handler(
        "env-before-read-docs",
        900,
        reading.read_few_serially,
        "last, with the final list: one document is read in this process (a worker would "
        "pickle the whole environment back)",
    ),
    # env-purge-doc
    Handler(
        "env-purge-doc",
        DEFAULT,
        page_warnings.forget_read_warnings,
        "a document read again reports its reading warnings again",
    ),
    # source-read: the text before MyST parses it.
    Handler(
        "source-read",
        0,
        reading.note_read,
        "in a -j reader: the documents it sends back to the main process",
    ),
    Handler(
        "source-read",
        100,
        control_characters.remove_control_characters,
        "first, so every other source-read handler sees the cleaned text",
    ),
    Handler(
        "source-read",
        900,
        link_safety.find_dropped_links,
        "last: the Markdown links MyST will drop (the text it parses), kept for doctree-read",
    ),
    # doctree-read: refuse what a page may not do, then record posts, news and labels.
    Handler(
        "doctree-read",
        100,
        link_safety.refuse_unsafe_links,
        "first: no refused link or raw HTML reaches any other handler",
    ),
    Handler(
        "doctree-read",
        200,
        file_references.refuse_outside_files,
        "before Sphinx's asset collectors (500): no image or download from outside the site",
    ),
    Handler(
        "doctree-read",
        DEFAULT,
        references.record_references,
        "the labels and documents this page links to (pages to rewrite when they change)",
    ),
    Handler(
        "doctree-read",
        550,
        url_checks.refuse_og_urls,
        "after Sphinx's metadata collector (500): og: URL fields must pass the URL policy",
    ),
    Handler(
        "doctree-read",
        600,
        posts.record_post,
        "after ablog (500): fix its label and excerpt, and record the post",
    ),
    Handler(
        "doctree-read",
        605,
        ablog_workarounds.dates_in_own_offset,
        "after ablog (500) and the post record (600): ablog's listings show the day in the "
        "post's own offset (an aware date), not in newsdesk_timezone",
    ),
    Handler(
        "doctree-read",
        610,
        byline.add_byline,
        "after the post is recorded (600): its date, authors and reading time",
    ),
    Handler(
        "doctree-read",
        610,
        redirects.take_over_ablog_redirects,
        "after ablog and the post record: ablog's redirect values move into the record, so "
        "newsdesk writes the redirect pages, inside the output",
    ),
    Handler(
        "doctree-read",
        620,
        post_authors.add_post_authors,
        "after the byline (610) made the line under the title: the authors, linked to "
        "their person pages",
    ),
    Handler(
        "doctree-read",
        650,
        drafts.mark_draft,
        "after the post is recorded: in the preview, a banner on a post not yet published",
    ),
    Handler(
        "doctree-read",
        700,
        news_domain.collect_news,
        "after the post record: the page's stories, takes and memos, and their labels",
    ),
    Handler(
        "doctree-read",
        700,
        placeholders.check_placeholders,
        "after ablog recorded the post: text left from the `newsdesk new` skeleton",
    ),
    # env-merge-info: what parallel workers read.
    Handler(
        "env-merge-info",
        DEFAULT,
        ablog_workarounds.merge_ablog_posts,
        "ablog has no merge handler (ablog issues 297, 327): copy the worker's posts",
    ),
    Handler(
        "env-merge-info",
        DEFAULT,
        news_domain.settle_merged_labels,
        "a label claimed in two workers goes to the first page by name, as in a serial build",
    ),
    # env-updated: everything is read; decide which pages to write again.
    Handler(
        "env-updated",
        100,
        reading.restore_parallel,
        "first: writing uses -j again (reading may have been serial)",
    ),
    Handler(
        "env-updated",
        DEFAULT,
        posts.rewrite_listing_pages,
        "pages whose sidebars, neighbours, post lists or navigation changed, by a digest "
        "per page (ablog issue 316)",
    ),
    Handler(
        "env-updated",
        DEFAULT,
        posts.warn_about_label_clashes,
        "two spellings of a tag or category would share one page: say which posts disagree",
    ),
    Handler(
        "env-updated",
        DEFAULT,
        news_domain.note_covered_stories,
        "a note (not a warning) for a story already covered in an earlier post",
    ),
    Handler(
        "env-updated",
        DEFAULT,
        kept_cards.drop_when_site_changed,
        "before any page is made: person pages' kept cards go when the configuration or a "
        "site page changed",
    ),
    Handler(
        "env-updated",
        DEFAULT,
        people_pages.register_person_labels,
        "a label per person and for the people index (pages that are not documents)",
    ),
    Handler(
        "env-updated",
        DEFAULT,
        front.check_front_pages,
        "the documents are known: an about page or guide named in conf.py must be one",
    ),
    Handler(
        "env-updated",
        900,
        references.rewrite_referencing_pages,
        "after the labels are registered (people at 500): pages whose references changed",
    ),
    Handler(
        "env-updated",
        1000,
        config_state.save_with_snapshot,
        "last: the environment is pickled with the configuration taken at config-inited",
    ),
    # env-get-updated
    Handler(
        "env-get-updated",
        DEFAULT,
        atomic.rewrite_everything,
        "after an unfinished build, every page is written (and indexed) again",
    ),
    # write-started
    Handler(
        "write-started",
        0,
        garbage_collection.freeze_read_environment,
        "first: every document is read and merged; one full collection, then the "
        "environment is frozen before -j forks the writers",
    ),
    Handler(
        "write-started",
        0,
        config_state.restore_live_config,
        "writing uses the live configuration again",
    ),
    Handler(
        "write-started",
        DEFAULT,
        ablog_workarounds.register_ablog_posts,
        "ablog's posts are registered even when no page of ablog's is made (sidebars)",
    ),
    # doctree-resolved: outside HTML, newsdesk's nodes become standard ones.
    Handler(
        "doctree-resolved",
        400,
        ablog_workarounds.postlists_outside_html,
        "before ablog's handler, which crashes outside HTML: post lists as text",
    ),
    Handler(
        "doctree-resolved",
        DEFAULT,
        attribution.person_refs_to_standard_nodes,
        "outside HTML a person's name is a plain link to their profile",
    ),
    Handler(
        "doctree-resolved",
        DEFAULT,
        news.news_to_standard_nodes,
        "outside HTML a story is a headline, a source line, a summary and quoted takes",
    ),
    Handler(
        "doctree-resolved",
        DEFAULT,
        memo.memos_to_standard_nodes,
        "outside HTML a memo is a title line and a quote attributed to the person",
    ),
    Handler(
        "doctree-resolved",
        DEFAULT,
        byline.tags_to_standard_nodes,
        "outside HTML a post's tags in its byline are text (tag pages are HTML only)",
    ),
    # html-page-context: what each page's template gets.
    Handler(
        "html-page-context",
        400,
        social.add_post_metadata,
        "before sphinxext-opengraph (500) reads context['meta']: a post's metadata",
    ),
    Handler(
        "html-page-context",
        DEFAULT,
        outputs.note_generated_page,
        "pages without a document (ablog's, people pages) are outputs of this build",
    ),
    Handler(
        "html-page-context",
        DEFAULT,
        excerpts.add_excerpt_renderer,
        "templates call newsdesk_excerpt(post, pagename)",
    ),
    Handler(
        "html-page-context",
        DEFAULT,
        sidebars.add_fragment_renderer,
        'templates call newsdesk_per_folder("template.html"); newsdesk_recent_posts: '
        "where the newest posts are listed",
    ),
    Handler(
        "html-page-context",
        DEFAULT,
        icons.add_icon_function,
        'templates call newsdesk_icon("search") (inline SVG, no icon font); ablog\'s '
        "templates show labels, not Font Awesome glyphs",
    ),
    Handler(
        "html-page-context",
        DEFAULT,
        light_pages.add_description,
        "a meta description for pages without one (listings, people pages)",
    ),
    Handler(
        "html-page-context",
        DEFAULT,
        pagination.link_home_to_all_issues,
        'the home page\'s "next" is the listing of all posts ("all issues")',
    ),
    Handler(
        "html-page-context",
        DEFAULT,
        front.add_front_context,
        "templates show the masthead, subscribe block, People in the navigation and the "
        "footer (newsdesk_front)",
    ),
    Handler(
        "html-page-context",
        DEFAULT,
        searchpage.add_search_script,
        "search.html only: the posts' dates and search.js (summaries from the article, "
        "equal scores newest first)",
    ),
    Handler(
        "html-page-context",
        501,
        theme.share_site_navigation,
        "after pydata-sphinx-theme's add_toctree_functions (500): the sidebar's site "
        "navigation made once per folder for pages in no toctree",
    ),
    Handler(
        "html-page-context",
        850,
        page_titles.escape_text_titles,
        "after sphinx-book-theme and ablog (500) set the titles: escape them",
    ),
    Handler(
        "html-page-context",
        900,
        light_pages.defer_scripts,
        "late, so scripts other extensions add at html-page-context are deferred too",
    ),
    Handler(
        "html-page-context",
        900,
        page_warnings.add_banner,
        "late: the page's warnings above its body (when banners are on)",
    ),
    # newsdesk-post-jsonld (emitted by newsdesk.site.social at html-page-context)
    Handler(
        social.JSONLD_EVENT,
        DEFAULT,
        news_domain.news_jsonld,
        "a post's JSON-LD names the stories it discusses, with the team's takes",
    ),
    # html-collect-pages: pages made without a document.
    Handler(
        "html-collect-pages",
        DEFAULT,
        outputs.drop_empty_search_terms,
        "before the search index is dumped: an incremental index equals a clean one",
    ),
    Handler(
        "html-collect-pages",
        DEFAULT,
        people_pages.cached_people_pages,
        "person pages, the people index and people's feeds (people.pages.collect_people_pages, "
        "cached by build.regeneration: made only when what they show changed)",
    ),
    # build-finished: files besides the pages, then bookkeeping, then the end marker.
    Handler(
        "build-finished",
        400,
        sitemap.complete_sitemap_links,
        "before sphinx-sitemap writes sitemap.xml (500): add the pages it misses",
    ),
    Handler(
        "build-finished",
        DEFAULT,
        feeds.write_feeds,
        "the site's Atom feed and one per tag, category, author and year",
    ),
    Handler(
        "build-finished",
        DEFAULT,
        redirects.write_redirects,
        "every redirect page (written when its bytes change)",
    ),
    Handler(
        "build-finished",
        DEFAULT,
        reading.restore_parallel,
        "after a build that failed while reading: the application's -j as it was",
    ),
    Handler(
        "build-finished",
        DEFAULT,
        page_warnings.uninstall,
        "stop recording each page's warnings (the recorder is per application)",
    ),
    Handler(
        "build-finished",
        800,
        light_pages.write_stylesheet,
        "after Sphinx copied the static files: the one stylesheet pages load",
    ),
    Handler(
        "build-finished",
        850,
        regeneration.save_state,
        "what was generated, before the outputs are pruned (the state file is one)",
    ),
    Handler(
        "build-finished",
        900,
        outputs.prune_stale_outputs,
        "after every file is written and noted: delete what this build no longer writes",
    ),
    Handler(
        "build-finished",
        1000,
        atomic.finish_build,
        "last to write: the marker of a finished build, if everything was written",
    ),
    Handler(
        "build-finished",
        1100,
        garbage_collection.freeze_objects,
        "after the build: its objects are frozen, so the process exits 0.8 s sooner; the "
        "collector's settings are back",
    ),
)

# Connected while the build runs, not by connect().
LATE: tuple[LateHandler, ...] = (
    LateHandler(
        "html-collect-pages",
        DEFAULT,  # ablog's
        "newsdesk.build.regeneration.cached_ablog_pages",
        ablog_workarounds.cache_ablog_pages,
        "replaces ablog's generate_archive_pages, at its priority: ablog's collection "
        "pages, paged (blog.pagination), made only when the listings changed",
    ),
)


def connect(app: Sphinx) -> None:
    """Declare newsdesk's own event and connect every handler, in the table's order."""
    app.add_event(social.JSONLD_EVENT)
    for handler in PIPELINE:
        app.connect(handler.event, handler.callback, priority=handler.priority)


def describe() -> str:
    """The pipeline as Markdown: per event, its handlers in order, with why."""
    lines: list[str] = []
    for event, when in EVENTS.items():
        lines += ["", f"### `{event}`: {when}", "", "| priority | handler | why |", "|---|---|---|"]
        lines += [
            f"| {h.priority} | `{h.name.removeprefix('newsdesk.')}` | {h.why} |"
            for h in PIPELINE
            if h.event == event
        ]
        lines += [
            f"| {h.priority} (later) | `{h.name.removeprefix('newsdesk.')}` | {h.why} |"
            for h in LATE
            if h.event == event
        ]
    return "\n".join(lines[1:]) + "\n"


if __name__ == "__main__":
    print(describe(), end="")
