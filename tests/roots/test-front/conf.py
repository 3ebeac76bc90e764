# A site that uses newsdesk's front templates with sphinx-book-theme, but has no base URL
# (so no feeds are written) and names an about page it does not have.
project = "Front root"
extensions = ["myst_parser", "ablog", "newsdesk"]
include_patterns = ["index.md", "guide.md", "posts/*/*.md"]
html_theme = "sphinx_book_theme"
blog_post_pattern = ["posts/*/*.md"]
blog_title = "Front root"
html_logo = "_static/logo.svg"
html_sidebars = {"**": ["newsdesk/masthead.html", "newsdesk/sidebar-nav.html"]}
html_theme_options = {"home_page_in_toc": True, "footer_content_items": ["newsdesk/footer.html"]}
newsdesk_tagline = "A front for tests"
newsdesk_about_page = "colophon"
newsdesk_guide_page = "guide"
nitpicky = True
