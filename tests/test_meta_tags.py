"""rST's ``.. meta::`` (reached from Markdown through ``{eval-rst}``) writes ``<meta>`` tags:
no refresh to another site, no header set by a page, no URL-valued tag outside the link
policy; a description stays."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import script_incidents
from helpers import build, copy_site, parse

pytestmark = pytest.mark.slow  # the whole site, strict and lenient

META_BLOCK = """

```{eval-rst}
.. meta::
   :http-equiv=refresh: 0;url=https://evil.example/
   :HTTP-EQUIV=Set-Cookie: session=stolen
   :og:url: JaVaScRiPt:alert(1)
   :twitter:image: data:text/html,<script>alert(2)</script>
   :description lang=en: What this page is about
```
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    tmp = tmp_path_factory.mktemp("meta")
    site = copy_site(tmp / "site")
    about = site / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + META_BLOCK, encoding="utf-8")
    return {
        "site": site,
        "strict": build(site, tmp / "strict"),
        "lenient": build(site, tmp / "lenient", strict=False),
        "html": tmp / "lenient" / "html",
    }


def test_each_unsafe_meta_tag_is_a_warning_with_file_and_line(built: dict) -> None:
    for name in ("strict", "lenient"):
        result = built[name]
        assert "Traceback" not in result.stderr + result.stdout
        refused = [line for line in result.stderr.splitlines() if "meta tag refused" in line]
        assert len(refused) == 4, result.stderr
        assert all("about.md:" in line and "[newsdesk.link]" in line for line in refused)
    assert built["strict"].returncode != 0
    assert built["lenient"].returncode == 0


def test_refused_tags_are_left_out_and_the_description_stays(built: dict) -> None:
    page = parse(Path(built["html"]) / "about.html")
    assert not page.find_all("meta", attrs={"http-equiv": True})
    contents = [str(meta.get("content", "")) for meta in page.find_all("meta")]
    assert not [c for c in contents if "alert" in c or "evil.example" in c or "stolen" in c]
    assert page.find("meta", attrs={"name": "description", "content": "What this page is about"})


@pytest.mark.sitecheck
def test_the_page_stays_where_it_is_in_chromium(built: dict) -> None:
    assert script_incidents(Path(built["html"]), ["about.html"], click_links=True) == []
