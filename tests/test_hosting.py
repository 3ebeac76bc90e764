"""Hosted builds (Read the Docs) and cross-references from other Sphinx projects."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import REPO, build, copy_site, parse
from sphinx.util.inventory import InventoryFile

CANONICAL = "https://techpulse.readthedocs.io/en/latest/"


def test_readthedocs_config_is_valid() -> None:
    result = subprocess.run(
        [
            Path(sys.executable).parent / "check-jsonschema",
            "--builtin-schema",
            "vendor.readthedocs",
            str(REPO / ".readthedocs.yaml"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def installed_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project as Read the Docs installs it: a real (non-editable) `pip install .`,
    into its own folder so the build imports newsdesk from there, not from the source."""
    target = tmp_path_factory.mktemp("rtd-install")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(REPO),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    assert (target / "newsdesk" / "__init__.py").is_file()
    return target


def test_read_the_docs_command_builds_clean(installed_package: Path, tmp_path: Path) -> None:
    site = copy_site(tmp_path / "checkout")
    out = tmp_path / "rtd-output"
    env = {
        **os.environ,
        "PYTHONPATH": str(installed_package),
        "READTHEDOCS": "True",
        "READTHEDOCS_CANONICAL_URL": CANONICAL,
    }
    # Exactly what Read the Docs runs, from the folder of conf.py (no -n: conf.py sets it).
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-T",
        "-W",
        "--keep-going",
        "-b",
        "html",
        "-d",
        "_build/doctrees",
        "-D",
        "language=en",
        ".",
        str(out / "html"),
    ]
    probe = subprocess.run(
        [sys.executable, "-c", "import newsdesk; print(newsdesk.__file__)"],
        env=env,
        cwd=site,
        capture_output=True,
        text=True,
        check=True,
    )
    assert probe.stdout.startswith(str(installed_package))
    result = subprocess.run(command, env=env, cwd=site, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    home = parse(out / "html/index.html")
    assert home.find("link", rel="canonical")["href"] == CANONICAL + "index.html"
    feed = (out / "html/blog/atom.xml").read_text(encoding="utf-8")
    assert f"<id>{CANONICAL}blog/atom.xml</id>" in feed
    assert f'href="{CANONICAL}posts/' in feed


def test_another_project_references_a_post_through_intersphinx(tmp_path: Path) -> None:
    site = copy_site(tmp_path / "site")
    result = build(site, tmp_path / "site-out")
    assert result.returncode == 0, result.stderr
    inventory_path = tmp_path / "site-out/html/objects.inv"
    with open(inventory_path, "rb") as stream:
        inventory = InventoryFile.load(stream, "https://techpulse.example.org/", lambda b, u: b + u)
    labels = inventory["std:label"]
    post_labels = sorted(name for name in labels if name.startswith("post-"))
    assert post_labels, "every post has a post-<year>-<slug> label"
    label = post_labels[0]
    consumer = tmp_path / "consumer"
    consumer.mkdir()
    mapping = {"blog": ("https://techpulse.example.org/", str(inventory_path))}
    (consumer / "conf.py").write_text(
        "extensions = ['myst_parser', 'sphinx.ext.intersphinx']\n"
        f"intersphinx_mapping = {mapping!r}\n"
    )
    (consumer / "index.md").write_text(
        f"# Consumer\n\nSee {{ref}}`{label}` and {{external+blog:ref}}`the issue <{label}>`.\n"
    )
    result = build(consumer, tmp_path / "consumer-out")
    assert result.returncode == 0, result.stderr
    page = parse(tmp_path / "consumer-out/html/index.html")
    links = [a for a in page.select("a.reference.external") if "posts/" in a["href"]]
    assert len(links) == 2
    for link in links:
        assert link["href"] == labels[label].uri
    # Without an explicit text, the link reads as the post's title.
    assert links[0].get_text() == labels[label].display_name
