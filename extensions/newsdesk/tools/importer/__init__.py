"""``newsdesk import-jekyll``: bring posts of the old Jekyll blog over in the site's format.

One module per step: :mod:`.sources` finds the posts and the site's ``_config.yml``,
:mod:`.liquid` renders the Liquid Jekyll would have rendered, :mod:`.parsing` reads front
matter and Markdown tokens, :mod:`.permalink` computes each post's old URL,
:mod:`.convert` writes the new post, :mod:`.registry` adds people to ``people.yaml``,
:mod:`.report` says what became what, :mod:`newsdesk.build.writing` writes atomically, and
:mod:`.command` ties them together.
"""
