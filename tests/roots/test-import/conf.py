# A new site like the real one (conf.py at its root), that test_importer_build imports into.
project = "Import root"
extensions = ["myst_parser", "ablog", "newsdesk"]
include_patterns = ["index.md", "posts/*/*.md"]
exclude_patterns = ["_build"]
html_theme = "sphinx_book_theme"
html_baseurl = "https://new.example.org/"
blog_baseurl = html_baseurl
blog_post_pattern = ["posts/*/*.md"]
blog_title = "Import root"
newsdesk_people_file = "people.yaml"
newsdesk_timezone = "+07:00"
nitpicky = True
myst_enable_extensions = ["colon_fence", "deflist", "smartquotes"]
myst_heading_anchors = 3
