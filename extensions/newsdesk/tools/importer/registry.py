"""Add the people found in takes to ``people.yaml``, as text appended to the file, so its
comments, order and formatting stay exactly as the editors wrote them."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from ...people.registry import Person, load_registry, person_id_for

FALLBACK_ID = "person"  # for names with no Latin letters, e.g. in Chinese script


def url_key(url: str) -> str:
    """Two profile URLs name one person when they differ only in scheme, 'www.', case of
    the host, a trailing slash, a query or a fragment."""
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}"


def id_for_name(name: str) -> str:
    """Jackson -> jackson; Zoë Ångström -> zoe-angstrom (accents folded, not dropped)."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return person_id_for(folded) or FALLBACK_ID


class PeopleRegistry:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.text = path.read_text(encoding="utf-8") if path.is_file() else ""
        self.people: dict[str, Person] = load_registry(path)  # RegistryError if broken
        self.added: dict[str, Person] = {}

    def all(self) -> dict[str, Person]:
        return {**self.people, **self.added}

    def find_by_url(self, url: str) -> str | None:
        key = url_key(url)
        return next((pid for pid, p in self.all().items() if url_key(p.url) == key), None)

    def find_author(self, name: str) -> str | None:
        """A post author written as a name (or an id) in Jekyll front matter."""
        wanted = id_for_name(name)
        for pid, person in self.all().items():
            if pid in (name, wanted) or person.name.casefold() == name.casefold():
                return pid
        return None

    def resolve(self, name: str, url: str) -> tuple[str, str | None]:
        """The id of the person behind a take; a new one is added. Returns (id, notice)."""
        found = self.find_by_url(url)
        if found is not None:
            return found, None
        base = id_for_name(name)
        pid, number = base, 1
        while pid in self.all():
            number += 1
            pid = f"{base}-{number}"
        self.added[pid] = Person(id=pid, name=name, url=url)
        if pid == base:
            return pid, None
        other = self.all()[base]
        return pid, (
            f"{name!r} with profile {url} is not {base!r} ({other.name}, {other.url}): "
            f"added as {pid!r}; give them a clearer id in people.yaml and the post if you like"
        )

    def add_author(self, key: str, name: str, url: str) -> str:
        """Add a post author who is not in the registry yet; their id."""
        base = id_for_name(key)
        pid, number = base, 1
        while pid in self.all():
            number += 1
            pid = f"{base}-{number}"
        self.added[pid] = Person(id=pid, name=name, url=url)
        return pid

    def mark(self) -> int:
        return len(self.added)

    def rollback(self, mark: int) -> None:
        """Forget the people added since ``mark`` (their post was not imported)."""
        for pid in list(self.added)[mark:]:
            del self.added[pid]

    def updated_text(self) -> str | None:
        """The file with the new people appended, or None when nobody is new."""
        if not self.added:
            return None
        entries = {pid: {"name": p.name, "url": p.url} for pid, p in self.added.items()}
        appended = yaml.safe_dump(
            entries, allow_unicode=True, sort_keys=False, default_flow_style=False, width=10**6
        )
        head = self.text if not self.text or self.text.endswith("\n") else self.text + "\n"
        return head + appended


# Where _data/authors.yml (jekyll-seo-tag, jekyll-feed, minimal-mistakes) keeps a profile.
PROFILE_KEYS = ("url", "uri", "web", "website", "homepage", "home")
SOCIAL = {"twitter": "https://twitter.com/", "github": "https://github.com/"}


def author_profile(fields: object) -> str:
    """The profile URL of an author entry of _data/authors.yml (or an author mapping)."""
    if not isinstance(fields, dict):
        return ""
    for key in PROFILE_KEYS:
        if usable_profile(str(fields.get(key) or "")):
            return str(fields[key])
    links = fields.get("links")
    for link in links if isinstance(links, list) else []:
        url = str(link.get("url") or "") if isinstance(link, dict) else ""
        if usable_profile(url):
            return url
    for key, prefix in SOCIAL.items():
        handle = str(fields.get(key) or "").strip().lstrip("@")
        if handle and all(c.isalnum() or c in "-_" for c in handle):
            return prefix + handle
    return ""


def usable_profile(url: str) -> bool:
    """The registry accepts only absolute http(s) URLs without quotes or spaces."""
    parts = urlsplit(url)
    return (
        parts.scheme in ("http", "https")
        and bool(parts.netloc)
        and not any(char in url for char in " \t\"'<>")
    )
