"""Find the posts to import and the Jekyll site they belong to (its ``_config.yml``)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ...input.front_matter_reader import YAMLError, as_values, compose
from .liquid_engine import JekyllLiquid

# The extensions Jekyll renders as Markdown (its markdown_ext default).
POST_SUFFIXES = (".md", ".markdown", ".mkdown", ".mkdn", ".mkd")
# Folders of a Jekyll site that never hold source posts.
SKIP_DIRS = {"_site", "node_modules", "vendor", ".git", ".jekyll-cache", ".sass-cache"}


class SourceError(Exception):
    """A PATH or ``_config.yml`` that cannot be used; the message names it and the fix."""


@dataclass
class JekyllSite:
    root: Path
    config: dict[str, Any] = field(default_factory=dict)

    @property
    def baseurl(self) -> str:
        """``/blog`` for ``blog``, ``/blog/`` or ``/blog``; "" for none or ``/``."""
        text = str(self.config.get("baseurl") or "").strip().strip("/")
        return "/" + text if text else ""

    @property
    def url(self) -> str:
        return str(self.config.get("url") or "").rstrip("/")

    @property
    def permalink(self) -> str:
        """``collections: posts: permalink:`` wins over the site's ``permalink`` (Jekyll 4)."""
        collections = self.config.get("collections")
        posts = collections.get("posts") if isinstance(collections, dict) else None
        if isinstance(posts, dict) and posts.get("permalink"):
            return str(posts["permalink"])
        return str(self.config.get("permalink") or "date")

    @property
    def old_site(self) -> str:
        """The old site's absolute address (``url`` + ``baseurl``), "" without ``url``."""
        return self.url + self.baseurl if self.url else ""

    def folder(self, key: str, default: str) -> Path | None:
        """A site folder such as ``_includes`` (``includes_dir``), only inside the site."""
        path = (self.root / str(self.config.get(key) or default)).resolve()
        return path if path.is_dir() and path.is_relative_to(self.root.resolve()) else None

    @cached_property
    def liquid(self) -> JekyllLiquid:
        """The sandboxed Liquid of this site (its ``_includes``, ``url``, ``baseurl``)."""
        return JekyllLiquid(self.url, self.baseurl, self.folder("includes_dir", "_includes"))

    @cached_property
    def data(self) -> dict[str, Any]:
        """``site.data``: the YAML and JSON files of ``_data/`` (sub-folders nest)."""
        folder = self.folder("data_dir", "_data")
        return _read_data(folder, self.root.resolve()) if folder else {}

    @property
    def excerpt_separator(self) -> str:
        return str(self.config.get("excerpt_separator") or "<!--more-->")

    def timezone(self) -> ZoneInfo | None:
        name = self.config.get("timezone")
        if not name:
            return None
        try:
            return ZoneInfo(str(name))
        except (ZoneInfoNotFoundError, ValueError):
            raise SourceError(
                f"{self.root / '_config.yml'}: timezone {name!r} is not a time zone name; "
                "write e.g. 'timezone: Asia/Bangkok', or pass --timezone"
            ) from None


def _read_data(folder: Path, root: Path, depth: int = 0) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for path in sorted(folder.iterdir()):
        if not path.resolve().is_relative_to(root) or path.name.startswith("."):
            continue  # a symlink out of the Jekyll site is not read
        if path.is_dir() and depth < 5:
            data[path.name] = _read_data(path, root, depth + 1)
        elif path.suffix.lower() in (".yml", ".yaml", ".json") and path.is_file():
            try:
                text = path.read_text(encoding="utf-8-sig")
                value = json.loads(text) if path.suffix == ".json" else as_values(compose(text))
            except (OSError, UnicodeDecodeError, ValueError, YAMLError):
                continue  # Jekyll would stop; here the posts still import, without it
            data[path.stem] = value
    return data


@dataclass(frozen=True)
class SourcePost:
    path: Path
    site: JekyllSite
    folder_categories: tuple[str, ...]  # Jekyll adds the folders above _posts as categories


def load_config(root: Path) -> dict[str, Any]:
    path = root / "_config.yml"
    if not path.is_file():
        return {}
    try:
        data = as_values(compose(path.read_text(encoding="utf-8-sig")))
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        raise SourceError(
            f"{where}: not valid YAML ({getattr(exc, 'problem', None) or exc}); fix the file "
            "or import the _posts folder with --permalink"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(f"{path}: cannot be read ({exc})") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise SourceError(f"{path}: expected 'key: value' settings")
    return data


def _posts_ancestor(path: Path) -> Path | None:
    for parent in [path, *path.parents]:
        if parent.name == "_posts":
            return parent
    return None


def _is_post_file(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in POST_SUFFIXES and not path.name.startswith(".")


def _post_files(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.rglob("*")
        if _is_post_file(p) and not SKIP_DIRS.intersection(p.relative_to(folder).parts)
    )


def _posts_folders(root: Path) -> list[Path]:
    return sorted(
        p
        for p in root.rglob("_posts")
        if p.is_dir() and not SKIP_DIRS.intersection(p.relative_to(root).parts)
    )


class SiteCache:
    """One JekyllSite (and one read of its _config.yml) per site root."""

    def __init__(self, overrides: dict[str, Any]) -> None:
        self.overrides = overrides
        self.sites: dict[Path, JekyllSite] = {}

    def site(self, root: Path) -> JekyllSite:
        root = root.resolve()
        if root not in self.sites:
            config = load_config(root)
            config.update({k: v for k, v in self.overrides.items() if v is not None})
            self.sites[root] = JekyllSite(root, config)
        return self.sites[root]

    def post(self, path: Path, root: Path | None = None) -> SourcePost:
        posts = _posts_ancestor(path.parent)
        if root is None:
            root = path.parent if posts is None else _site_root(posts.parent)
        site = self.site(root)
        categories: tuple[str, ...] = ()
        if posts is not None and posts.parent.resolve().is_relative_to(site.root):
            categories = posts.parent.resolve().relative_to(site.root).parts
        return SourcePost(path, site, categories)


def _site_root(folder: Path) -> Path:
    """The nearest folder with a _config.yml (posts may sit in category folders such as
    ``news/_posts``), else the folder holding ``_posts``."""
    for parent in [folder, *folder.parents]:
        if (parent / "_config.yml").is_file():
            return parent
    return folder


def find_posts(paths: Iterable[Path], overrides: dict[str, Any]) -> list[SourcePost]:
    """PATH is a Jekyll site, a ``_posts`` folder (or a folder in one) or post files."""
    cache = SiteCache(overrides)
    found: dict[Path, SourcePost] = {}
    for path in paths:
        if not path.exists():
            raise SourceError(f"{path}: no such file or folder")
        root: Path | None = None
        if path.is_file():
            files = [path]
        elif (path / "_posts").is_dir() or (path / "_config.yml").is_file():
            root = path
            files = [f for folder in _posts_folders(path) for f in _post_files(folder)]
        else:
            files = _post_files(path)
        if not files:
            raise SourceError(
                f"{path}: no Markdown posts found (looked for {', '.join(POST_SUFFIXES)} files)"
            )
        for file in files:
            resolved = file.resolve()
            if resolved not in found:
                found[resolved] = cache.post(file, root)
    # A Jekyll site: every post of the site, wherever it came from, in one stable order.
    return sorted(found.values(), key=lambda post: str(post.path))
