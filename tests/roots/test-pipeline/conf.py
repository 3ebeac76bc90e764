project = "Pipeline root"
# The site's extensions, so the order of newsdesk's handlers against theirs shows.
extensions = ["myst_parser", "ablog", "sphinxext.opengraph", "sphinx_sitemap", "newsdesk"]
include_patterns = ["index.md"]
html_baseurl = "https://pipeline.example.org/"
blog_baseurl = html_baseurl
ogp_site_url = html_baseurl
ogp_social_cards = {"enable": False}
