"""Person pages' cards kept between builds, beside the doctrees.

A card (a take or memo in its story's card: ``content.stored_bodies.render_card``) is
rendered for the page that shows it. A post added in the middle of the archive moves the
later takes of its people to other numbered pages: at 520 posts 152 person pages are
made again, with 1,674 cards, each the HTML it was. A card whose content stands alone
(``NoteRecord.self_contained``) is a function of its post's records, its place among
them and the folder of the page it is on (its links are relative to that folder): it is
kept under its post's digest (``NewsDomain.page_digests``, taken when the post was read),
its order in the post and that folder, for the builder.

Everything else a card shows comes from the configuration (the people registry, the
labels' language, newsdesk's own settings) and newsdesk's code: whenever the configuration
or a site page changed, or the environment is new (an ``ENV_VERSION`` change), the kept
cards are dropped before any is read (:func:`drop_when_site_changed`, env-updated), as
regeneration then makes every generated page again. Each process of the build
(``build.parallel_pages`` shares) keeps the cards it rendered and those of its last
file whose post is unchanged, in its own file, so no two processes write one file.
"""

from __future__ import annotations

import os
import pickle
import posixpath
import re
import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..build.regeneration import site_pages_changed
from ..content.news_domain import get_news_domain
from ..content.records import NoteRecord

CACHE_FOLDER = "newsdesk-cards"
FORMAT = 1
_SHARE_FILE = re.compile(r"share-(\d+)\.pickle")

# (the post's digest, the note's order in the post, builder name, the page's folder)
CardKey = tuple[str, int, str, str]


def cache_folder(app: Sphinx) -> Path:
    return Path(app.doctreedir, CACHE_FOLDER)


def drop_when_site_changed(app: Sphinx, env: BuildEnvironment) -> None:
    """env-updated (before any page is made): the kept cards go when the configuration
    or a site page changed, or the environment is new."""
    if site_pages_changed(app):
        shutil.rmtree(cache_folder(app), ignore_errors=True)


class KeptCards:
    """The cards of earlier builds (every process's file), and those this process
    renders, saved in its own file when its pages are made."""

    def __init__(self, app: Sphinx, share: int) -> None:
        self.app = app
        self.share = share
        self.digests = get_news_domain(app.env).page_digests
        self.kept: dict[CardKey, str] | None = None  # loaded at the first card asked for
        self.own: dict[CardKey, str] = {}  # this process's file: what it will save

    def key(self, note: NoteRecord, page: str) -> CardKey | None:
        digest = self.digests.get(note.docname)
        if not digest or not note.self_contained:
            return None
        builder = self.app.builder
        return (digest, note.order, builder.name, posixpath.dirname(builder.get_target_uri(page)))

    def _load(self) -> dict[CardKey, str]:
        if self.kept is None:
            self.kept = {}
            folder = cache_folder(self.app)
            for path in sorted(folder.glob("share-*.pickle")) if folder.is_dir() else []:
                match = _SHARE_FILE.fullmatch(path.name)
                cards = _read(path)
                self.kept.update(cards)
                if match and int(match.group(1)) == self.share:
                    current = set(self.digests.values())
                    self.own.update((k, v) for k, v in cards.items() if k[0] in current)
        return self.kept

    def card(self, note: NoteRecord, page: str) -> str | None:
        """The card kept for ``note`` on ``page``, if any."""
        key = self.key(note, page)
        return None if key is None else self._load().get(key)

    def keep(self, note: NoteRecord, page: str, html: str) -> None:
        key = self.key(note, page)
        if key is not None:
            self._load()
            self.own[key] = html

    def save(self) -> None:
        """This process's cards, replacing its file (written whole, then renamed)."""
        if self.kept is None:  # no card was asked for: the file stays as it is
            return
        folder = cache_folder(self.app)
        path = folder / f"share-{self.share}.pickle"
        temporary = folder / f".share-{self.share}.{os.getpid()}.tmp"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            temporary.write_bytes(
                pickle.dumps({"format": FORMAT, "cards": self.own}, pickle.HIGHEST_PROTOCOL)
            )
            os.replace(temporary, path)
        except OSError:  # no cache: cards are rendered as without it
            temporary.unlink(missing_ok=True)


def _read(path: Path) -> dict[CardKey, str]:
    try:
        data = pickle.loads(path.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return {}
    cards = data.get("cards")
    return cards if isinstance(cards, dict) else {}
