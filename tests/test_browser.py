"""The payload detector itself: it must see each way a payload proves it ran, and nothing on
a clean page (else every payload test built on it could pass without meaning anything)."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import script_incidents

pytestmark = pytest.mark.sitecheck

PAGES = {
    "clean.html": "<p>Nothing to see</p><a href='other.html'>a link</a>",
    "onerror.html": "<img src=x onerror=alert('img')>",
    "script.html": "<script>window.__pwned = 1</script>",
    "refresh.html": "<meta http-equiv=refresh content='0;url=clean.html'>",
    "remote.html": "<img src='https://evil.example/p.gif' alt=''>",
    "link.html": "<a href='javascript:confirm(1)'>click</a>",
    "other.html": "<p>other</p>",
}


@pytest.fixture
def pages(tmp_path: Path) -> Path:
    for name, body in PAGES.items():
        (tmp_path / name).write_text(f"<!doctype html><title>t</title>{body}", encoding="utf-8")
    return tmp_path


def test_clean_page_has_no_incident(pages: Path) -> None:
    assert script_incidents(pages, ["clean.html"], click_links=True) == []


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("onerror.html", "alert(img)"),
        ("script.html", "__pwned=1"),
        ("refresh.html", "navigated to"),
        ("remote.html", "request to https://evil.example/p.gif"),
        ("link.html", "confirm(1)"),
    ],
)
def test_each_kind_of_payload_is_seen(pages: Path, page: str, expected: str) -> None:
    incidents = script_incidents(pages, [page], click_links=True)
    assert any(expected in incident for incident in incidents), incidents
