"""Issue 9, sec-config: posts cannot change the build's configuration, nothing runs or is
fetched at build time because a post asks, and file references stay inside the site.

tests/roots/test-security-config has posts that try (config.md, files.md, fetch.md).
Each is built strictly and leniently (no -W), from the site's folder as Read the Docs
runs it (so the folder is on ``sys.path``), with a secret file next to the site and a
symbolic link out of it. Every attempt is a ``newsdesk`` warning with file and line; no
output file holds the secret, /etc/passwd or what a command would print; a local HTTP
server sees no request; the pages run no script in Chromium.
"""

from __future__ import annotations

import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from browser import script_incidents
from helpers import copy_root, parse, warnings_in

SECRET = "OUTSIDE-SECRET-7f3a"
# What a payload prints or reads if it ran; never in any output (the sources hold the
# unexpanded forms: $((6*7)) is 42 only once a shell has run it).
LEAKS = [SECRET, "root:x:0:0", "JINJA-RAN-42", "PART-RAN-42", "GIT-CONFIG-SECRET", "uid="]
POSTS = ["posts/2024/config.html", "posts/2024/files.html", "posts/2024/fetch.html"]

CONFIG_REFUSED = [  # (line, front matter key)
    (5, "myst.enable_extensions"),
    (6, "myst.html_meta"),
    (8, "myst.url_schemes"),
    (9, "myst.fence_as_directive"),
    (10, "myst.suppress_warnings"),
    (12, "html_meta"),
    (14, "substitutions"),
]
EXPECTED = sorted(
    [
        *(("config.md", line, "newsdesk.myst") for line, _ in CONFIG_REFUSED),
        ("files.md", 26, "newsdesk.file"),  # literalinclude ../../../outside-secret.txt
        ("files.md", 29, "newsdesk.file"),  # literalinclude :diff: outside
        ("files.md", 33, "newsdesk.file"),  # {include} outside
        ("files.md", 36, "newsdesk.file"),  # {include} <../../etc/passwd>
        ("files.md", 39, "newsdesk.file"),  # literalinclude of a symlink out
        ("files.md", 42, "newsdesk.file"),  # literalinclude /.git/config (hidden)
        ("files.md", 45, "newsdesk.file"),  # ![](../../../outside-secret.txt)
        ("files.md", 47, "newsdesk.file"),  # ![](//etc/passwd)
        ("files.md", 49, "newsdesk.file"),  # {download} //etc/passwd
        ("files.md", 51, "newsdesk.file"),  # [](outside) MyST makes a download of
        ("files.md", 53, "newsdesk.file"),  # {figure} of a symlink out
        ("files.md", 58, "newsdesk.file"),  # .. include:: outside
        ("files.md", 60, "newsdesk.file"),  # .. include:: /../../outside :literal:
        ("files.md", 63, "newsdesk.file"),  # .. raw:: html :file: outside
        ("files.md", 69, "newsdesk.file"),  # .. csv-table:: :file: ../../etc/passwd
        ("files.md", 72, "newsdesk.file"),  # .. image:: outside
        ("fetch.md", 8, "newsdesk.buildtime"),  # csv-table :url:
        ("fetch.md", 11, "newsdesk.buildtime"),  # raw :url:
        ("fetch.md", 14, "newsdesk.buildtime"),  # include :parser: pwnmod
        ("fetch.md", 21, "newsdesk.buildtime"),  # {csv-table} :url: in Markdown
        ("part.md", 3, "newsdesk.myst"),  # the included file's myst: enable_extensions
        ("part.md", 4, "newsdesk.myst"),  # ... and html_meta
    ]
)
# Not newsdesk's: ':file: /etc/passwd' means <site>/etc/passwd (Sphinx's reading of an
# absolute path), which does not exist; the eval-rst fence stayed a code block.
OTHERS = [("config.md", 26, "misc.highlighting_failure")]
NOT_FOUND = 'files.md:66: CRITICAL: Problems with "csv-table" directive path:'


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.requests.append(self.path)
        body = b"a,b\nFETCHED-AT-BUILD,1\n"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def http_server() -> Iterator[tuple[int, list[str]]]:
    """A local server a fetch would reach: its port, and the paths it was asked for."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], _Recorder.requests
    finally:
        server.shutdown()


def prepare(tmp: Path, port: int, conf_extra: str = "") -> Path:
    """The root beside a secret file, with a link out, a .git/config and the server port."""
    (tmp / "outside-secret.txt").write_text(
        f"{SECRET} <img src=x onerror=alert(1)>\n", encoding="utf-8"
    )
    src = copy_root("security-config", tmp / "src")
    (src / "posts/2024/link-out.txt").symlink_to(tmp / "outside-secret.txt")
    (src / ".git").mkdir()
    (src / ".git/config").write_text("[core]\nGIT-CONFIG-SECRET\n", encoding="utf-8")
    fetch = src / "posts/2024/fetch.md"
    fetch.write_text(fetch.read_text(encoding="utf-8").replace("PORT", str(port)), "utf-8")
    if conf_extra:
        with (src / "conf.py").open("a", encoding="utf-8") as conf:
            conf.write(conf_extra)
    return src


def build_from_site(src: Path, out: Path, strict: bool) -> subprocess.CompletedProcess[str]:
    """``python -m sphinx`` run from the site's folder, as Read the Docs runs it."""
    args = [sys.executable, "-m", "sphinx", "-b", "html", "-d", str(out / "doctrees")]
    if strict:
        args += ["-n", "-W", "--keep-going"]
    args += [".", str(out / "html")]
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(args, cwd=src, capture_output=True, text=True, env=env, check=False)


def every_output_file(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture(scope="module", params=[True, False], ids=["strict", "lenient"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, http_server):
    port, requests = http_server
    tmp = tmp_path_factory.mktemp("security-config")
    src = prepare(tmp, port)
    result = build_from_site(src, tmp / "out", strict=request.param)
    return request.param, src, tmp / "out", result, requests


def test_each_attempt_is_a_newsdesk_warning_with_file_and_line(built) -> None:
    strict, _, _, result, _ = built
    assert "Traceback" not in result.stderr
    assert (result.returncode != 0) == strict, result.stderr
    found = [w for w in warnings_in(result.stderr) if w.kind.startswith("newsdesk.")]
    assert sorted((w.path, w.line, w.kind) for w in found) == EXPECTED, result.stderr
    messages = "\n".join(w.message for w in found)
    for _, key in CONFIG_REFUSED:
        assert f"front matter setting {key!r} refused: a page cannot change" in messages
    assert "literalinclude '../../../outside-secret.txt' refused: it is outside" in messages
    assert "literalinclude '/.git/config' refused: it is a hidden file" in messages
    assert "include ':parser: pwnmod' refused" in messages
    assert "nothing is downloaded at build time" in messages
    others = [w for w in warnings_in(result.stderr) if not w.kind.startswith("newsdesk.")]
    assert sorted((w.path, w.line, w.kind) for w in others) == sorted(OTHERS), result.stderr
    assert NOT_FOUND in result.stderr and "No such file or directory: 'etc/passwd'" in result.stderr


def test_no_secret_command_output_or_fetch_reaches_any_output_file(built) -> None:
    _, src, out, _, requests = built
    files = every_output_file(out)  # html, _images, _downloads, _sources, doctrees...
    assert files
    for leak in LEAKS:
        assert [name for name, data in files.items() if leak.encode() in data] == [], leak
    assert not [name for name in files if "outside-secret" in name or "passwd" in name]
    # Only the site's own files were copied for the pages.
    copied = sorted(p.name for p in (out / "html").glob("_[id][mo]*/**/*") if p.is_file())
    assert copied == ["ok.png", "snippet.py"]
    assert not (src / "PWNED-BY-IMPORT").exists(), "include :parser: imported a module"
    assert requests == [], f"the build fetched {requests}"


def test_refused_settings_are_not_applied_and_allowed_ones_are(built) -> None:
    _, _, out, _, _ = built
    page = parse(out / "html/posts/2024/config.html")
    assert not page.find("meta", attrs={"http-equiv": True})
    assert "evil.example" not in str(page)
    body = page.find("article") or page
    text = body.get_text()
    # Substitution stays off: the braces show as text, nothing expanded.
    assert "{{ lipsum." in text and "JINJA-RAN-$((6*7))" in text and "{{ who }}" in text
    assert not page.select("img[src=x]")
    # fence_as_directive refused: the eval-rst fence is a code block, not raw HTML.
    assert "window.__pwned=1" in text
    assert not [s for s in page.find_all("script") if "__pwned" in s.get_text()]
    # number_code_blocks is on the allowlist: the python block has line numbers.
    python = page.select_one("div.highlight-python")
    assert python is not None and python.select(".linenos")


def test_files_inside_the_site_still_work(built) -> None:
    _, _, out, _, _ = built
    page = parse(out / "html/posts/2024/files.html")
    text = page.get_text()
    assert "IN-TREE-SNIPPET" in text  # literalinclude
    assert "IN-TREE-INCLUDED text, with Markdown" in text  # {include}
    assert "IN-TREE-CSV" in text  # csv-table :file:
    assert page.select('img[src$="ok.png"]') and (out / "html/_images/ok.png").is_file()
    downloads = [a["href"] for a in page.select("a.download")]
    assert len(downloads) == 1 and downloads[0].endswith("snippet.py")
    assert "A caption that stays." in text  # the refused figure's caption is kept
    fetch = parse(out / "html/posts/2024/fetch.html")
    assert "PART-INCLUDED" in fetch.get_text()  # include :parser: myst, through our parser
    assert "FETCHED-AT-BUILD" not in fetch.get_text()


@pytest.mark.sitecheck
def test_payload_pages_run_no_script_in_chromium(built) -> None:
    _, _, out, _, _ = built
    assert script_incidents(out / "html", POSTS, click_links=True) == []


# --- conf.py enables substitutions: the Jinja environment is sandboxed ----------------------

JINJA_SITE = """
myst_enable_extensions = ["colon_fence", "substitution"]
myst_substitutions = {"greeting": "Hello from conf.py", "number": 6}
"""
JINJA_POST = """---
date: 2024-11-04
---
# Jinja payloads

Allowed: {{ greeting }}, {{ number * 7 }} and {{ greeting | upper }}.

Globals: {{ lipsum.__globals__['os'].popen('echo JINJA-RAN-$((6*7))').read() }}

Classes: {{ ''.__class__.__mro__[1].__subclasses__() }}

Cycler: {{ cycler.__init__.__globals__.os.popen('id').read() }}

Format: {{ '{0.__class__.__init__.__globals__}'.format(greeting) }}

Sphinx: {{ env.app.setup_extension('pwnmod') }}
"""
JINJA_EXPECTED = [
    (8, "newsdesk.myst"),  # lipsum.__globals__
    (10, "newsdesk.myst"),  # ''.__class__
    (12, "newsdesk.myst"),  # cycler.__init__
    (14, "newsdesk.myst"),  # str.format reaching attributes
]


@pytest.fixture(scope="module", params=[True, False], ids=["strict", "lenient"])
def jinja_built(request, tmp_path_factory, http_server):
    port, _ = http_server
    tmp = tmp_path_factory.mktemp("security-jinja")
    src = prepare(tmp, port, JINJA_SITE)
    for name in ("config.md", "files.md", "fetch.md"):
        (src / "posts/2024" / name).unlink()
    shutil.rmtree(src / "posts/2024/parts")
    (src / "posts/2024/jinja.md").write_text(JINJA_POST, encoding="utf-8")
    result = build_from_site(src, tmp / "out", strict=request.param)
    return request.param, src, tmp / "out", result


def test_site_substitutions_render_in_a_sandbox(jinja_built) -> None:
    strict, src, out, result = jinja_built
    assert "Traceback" not in result.stderr
    assert (result.returncode != 0) == strict, result.stderr
    found = [w for w in warnings_in(result.stderr) if w.path == "jinja.md"]
    newsdesk = sorted((w.line, w.kind) for w in found if w.kind.startswith("newsdesk."))
    assert newsdesk == JINJA_EXPECTED, result.stderr
    assert "is unsafe" in "\n".join(w.message for w in found)
    # `env` is not in the context: an undefined name, reported by MyST.
    assert [(w.line, w.kind) for w in found if not w.kind.startswith("newsdesk.")] == [
        (16, "myst.substitution")
    ]
    text = parse(out / "html/posts/2024/jinja.html").get_text()
    assert "Allowed: Hello from conf.py, 42 and HELLO FROM CONF.PY." in text
    files = every_output_file(out)
    for leak in LEAKS:
        assert [name for name, data in files.items() if leak.encode() in data] == [], leak
    assert not (src / "PWNED-BY-IMPORT").exists()


@pytest.mark.sitecheck
def test_jinja_page_runs_no_script_in_chromium(jinja_built) -> None:
    _, _, out, _ = jinja_built
    assert script_incidents(out / "html", ["posts/2024/jinja.html"], click_links=True) == []
