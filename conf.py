"""Sphinx configuration of the Tech Pulse site (the repository root is the source)."""

from __future__ import annotations

import os

from newsdesk.build.quiet import import_opengraph_quietly

project = "Tech Pulse"
author = "The Tech Pulse team"
copyright = "2024-2026, The Tech Pulse team"
language = "en"

extensions = [
    "myst_parser",
    "ablog",
    "sphinx_copybutton",
    "sphinxext.opengraph",
    "sphinx_sitemap",
    "newsdesk",
]

# Only site pages are documents: never .venv, _build, README.md, tests/ or extensions/.
root_doc = "index"
include_patterns = ["index.md", "about.md", "authoring.md", "posts/*/*.md"]
exclude_patterns = ["_build", ".venv", "**/.*"]
templates_path = ["_templates"]
html_static_path = ["_static"]
html_css_files = ["techpulse.css"]

# Read the Docs sets the canonical URL (with a trailing slash) and runs no Makefile.
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "https://techpulse.example.org/")
nitpicky = True  # Read the Docs passes no -n

# --- MyST --------------------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist", "smartquotes"]
myst_heading_anchors = 3

# --- ablog -------------------------------------------------------------------------------
blog_title = "Tech Pulse"
blog_path = "blog"
blog_baseurl = html_baseurl
blog_post_pattern = ["posts/*/*.md"]
blog_feed_subtitle = "Weekly tech news with our team's take"
blog_feed_length = 50
post_date_format = "%d %B %Y"
post_date_format_short = "%d %b %Y"
post_show_prev_next = True

# --- newsdesk ----------------------------------------------------------------------------
newsdesk_people_file = "people.yaml"
newsdesk_timezone = "+07:00"
newsdesk_page_size = 10  # posts (or a person's takes) per listing page
# The front (masthead, subscribe block, footer): see authoring.md, "Configuration".
newsdesk_tagline = "Weekly tech news with our team's take"
newsdesk_signup_url = ""  # the https:// address of the list service's sign-up form

# --- social and search metadata -----------------------------------------------------------
ogp_site_url = html_baseurl
ogp_site_name = "Tech Pulse"
ogp_image = "_static/tech-pulse-card.png"
ogp_image_alt = "Tech Pulse: weekly tech news with our team's take"
ogp_social_cards = {"enable": False}
# sphinxext-opengraph prints a matplotlib notice on import even with cards off.
import_opengraph_quietly(ogp_social_cards)
sitemap_url_scheme = "{link}"
sitemap_excludes = ["search.html", "genindex.html"]

# --- theme -------------------------------------------------------------------------------
html_theme = "sphinx_book_theme"
html_title = "Tech Pulse"
html_theme_options = {
    "home_page_in_toc": True,
    "show_toc_level": 2,
    "search_bar_text": "Search the newsletter...",
    # The book theme's layout has no top navbar; pydata would put a second search in one.
    "navbar_persistent": [],
    # A newsletter, not documentation: no download/fullscreen buttons, no in-page
    # contents panel, no back-to-top pill (issue 11).
    "use_download_button": False,
    "use_fullscreen_button": False,
    "back_to_top_button": False,
    "secondary_sidebar_items": [],
    # A newsletter's front (newsdesk/site/front.py): the logo and title in the article
    # header on phones (the sidebar's masthead is folded away there), and our footer:
    # feeds, people, about, the authoring guide, the copyright line.
    "article_header_start": ["toggle-primary-sidebar.html", "newsdesk/brand.html"],
    "footer_content_items": ["newsdesk/footer.html"],
}
# pydata-sphinx-theme reads the colour mode from html_context; without one its script
# logs "Got invalid theme mode" on every page (a Lighthouse best-practices failure).
html_context = {"default_mode": "auto"}
# One mark, drawn for light and dark pages: the masthead's logo is the favicon.
html_logo = "_static/tech-pulse-logo.svg"
html_favicon = "_static/tech-pulse-logo.svg"
html_sidebars = {
    "**": [
        "newsdesk/masthead.html",  # logo, title, tagline (the theme's navbar-logo.html)
        "search-button-field.html",
        # The site's pages first: the theme scrolls the sidebar to the current page's
        # link, which under the tag cloud and archives opened it scrolled to the bottom.
        # The theme's sbt-sidebar-nav.html with People in it.
        "newsdesk/sidebar-nav.html",
        "ablog/recentposts.html",
        "ablog/tagcloud.html",
        "ablog/archives.html",
    ]
}
html_show_sourcelink = False
# A newsletter's headings carry no "#" permalink (their ids stay: links to them work).
html_permalinks = False
html_copy_source = False  # sources are not linked; don't publish them
