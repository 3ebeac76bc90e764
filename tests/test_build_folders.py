"""Files a checkout brings into the build folders are refused before anything loads them.

Read the Docs and CI build pull requests with the doctree folder inside the checkout
(``-d _build/doctrees``): a committed ``environment.pickle`` would run its code when Sphinx
unpickles it, and a committed page in the output folder would be published. Each payload
below writes a marker file if it is ever loaded.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import REPO, copy_site

pytestmark = pytest.mark.skipif(not os.path.exists("/usr/bin/git"), reason="needs git")


class WritesMarker:
    """Unpickled, it creates the file at ``path`` (as an attacker's code would run)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self) -> tuple[object, tuple[Path]]:
        return (Path.touch, (self.path,))


def git(checkout: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Guest", "-c", "user.email=guest@example.org", *args],
        cwd=checkout,
        check=True,
        capture_output=True,
    )


def commit_everything(checkout: Path) -> None:
    git(checkout, "add", "--all", "--force")
    git(checkout, "commit", "--quiet", "--allow-empty", "-m", "A pull request")


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """The site as a fresh git clone of a pull request: sources committed."""
    site = copy_site(tmp_path / "checkout")
    git(site, "init", "--quiet")
    commit_everything(site)
    return site


def read_the_docs(checkout: Path) -> subprocess.CompletedProcess[str]:
    """Exactly what Read the Docs runs (its output folder is inside the checkout too)."""
    command = [sys.executable, "-m", "sphinx", "-T", "-W", "--keep-going", "-b", "html"]
    command += ["-d", "_build/doctrees", "-D", "language=en", ".", "_readthedocs/html"]
    return subprocess.run(command, cwd=checkout, capture_output=True, text=True, check=False)


def plant(checkout: Path, relative: str, marker: Path) -> None:
    path = checkout / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if relative.endswith(".html"):
        path.write_text('<script>document.title = "owned"</script>', encoding="utf-8")
    else:
        path.write_bytes(pickle.dumps(WritesMarker(marker)))


def assert_refused(result: subprocess.CompletedProcess[str], named: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    error = [line for line in result.stderr.splitlines() if line.startswith("ERROR:")]
    assert len(error) == 1, result.stderr
    assert "hold files that git tracks: " + named in error[0]
    assert "git rm -r --cached" in error[0]  # how to fix it


@pytest.mark.parametrize(
    "committed",
    [
        "_build/doctrees/environment.pickle",  # Sphinx's saved environment
        "_build/doctrees/posts/2024/week-40.doctree",  # a document's doctree
        "_build/doctrees/newsdesk-cards/share-0.pickle",  # newsdesk's kept person-page cards
        "_readthedocs/html/posts/owned.html",  # a page the output folder would publish
    ],
)
def test_a_committed_build_file_stops_the_build_before_it_loads(
    checkout: Path, tmp_path: Path, committed: str
) -> None:
    marker = tmp_path / "code-ran"
    plant(checkout, committed, marker)
    commit_everything(checkout)
    result = read_the_docs(checkout)
    assert_refused(result, committed)
    assert not marker.exists()
    assert not (checkout / "_readthedocs/html/index.html").exists()  # nothing was built
    assert (checkout / committed).is_file()  # the checkout is left as it is


def test_a_committed_symlink_to_a_committed_environment_is_refused(
    checkout: Path, tmp_path: Path
) -> None:
    """``_build`` committed as a link to a folder of the pull request: Sphinx resolves the
    link, and the files it would load are tracked where the link leads."""
    marker = tmp_path / "code-ran"
    plant(checkout, "attack/doctrees/environment.pickle", marker)
    (checkout / "_build").symlink_to("attack")
    commit_everything(checkout)
    result = read_the_docs(checkout)
    assert_refused(result, "attack/doctrees/environment.pickle")
    assert not marker.exists()


def test_the_fix_the_message_gives_builds_again(checkout: Path, tmp_path: Path) -> None:
    """Untracked files in the build folders are what earlier builds wrote: following the
    message (untrack, delete) gives a build, and a second build (incremental) loads the
    first one's environment."""
    plant(checkout, "_build/doctrees/environment.pickle", tmp_path / "code-ran")
    commit_everything(checkout)
    assert read_the_docs(checkout).returncode == 2
    git(checkout, "rm", "-r", "--cached", "--quiet", "_build")
    git(checkout, "commit", "--quiet", "-m", "Untrack the build folder")
    (checkout / "_build/doctrees/environment.pickle").unlink()
    first = read_the_docs(checkout)
    assert first.returncode == 0, first.stderr
    second = read_the_docs(checkout)
    assert second.returncode == 0, second.stderr
    assert "loading pickled environment... done" in second.stdout
    assert not (tmp_path / "code-ran").exists()


@pytest.mark.slow
def test_the_preview_refuses_to_start_on_a_committed_environment(
    checkout: Path, tmp_path: Path
) -> None:
    """``make serve`` preloads the saved environment between builds: its first build
    stops at the same check, and the preview ends instead of serving."""
    marker = tmp_path / "code-ran"
    plant(checkout, "_build/preview-doctrees/environment.pickle", marker)
    commit_everything(checkout)
    command = [str(REPO / ".venv/bin/newsdesk"), "serve", "--port", "0"]
    command += ["-d", "_build/preview-doctrees", ".", "_build/preview"]
    result = subprocess.run(
        command, cwd=checkout, capture_output=True, text=True, timeout=60, check=False
    )
    assert_refused(result, "_build/preview-doctrees/environment.pickle")
    assert "Serving on" not in result.stdout
    assert not marker.exists()
