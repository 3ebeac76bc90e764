"""``newsdesk import-jekyll PATH...``: import posts of a Jekyll blog into the site.

Every post is read and converted before anything is written. A post that cannot be read
(no front matter, bad YAML, no date) or that would replace a different existing file is
skipped with a message naming the file and line; the others are still imported, and the
command exits with status 1. Files whose bytes would not change are not touched, so a
second run changes nothing.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ...build.writing import same_bytes, write_atomically
from ...input.front_matter_reader import read_values
from ...people.registry import RegistryError
from ...site.url_policy import ablog_slug
from .convert import Asset, ConvertContext, convert_post, url_variants
from .manifest import MANIFEST_NAME, Manifest
from .metadata import PostMeta, list_value, read_meta
from .parsing import JekyllPost, ParseError, read_post
from .registry import PeopleRegistry
from .report import FileReport
from .sitezone import timezone_notes
from .sources import SourceError, SourcePost, find_posts

PROG = "newsdesk import-jekyll"


@dataclass
class Planned:
    report: FileReport
    post: JekyllPost | None = None
    meta: PostMeta | None = None
    data: bytes = b""
    assets: list[Asset] = field(default_factory=list)
    edited: bool = False  # --update: edited since its import, so left as it is


def _read(source: SourcePost) -> Planned:
    planned = Planned(FileReport(source.path))
    report = planned.report
    try:
        planned.post = read_post(source.path.read_bytes())
        url_tz = source.site.timezone()
        planned.meta = read_meta(source, planned.post.front, report, url_tz)
    except ParseError as exc:
        report.error(exc.line, f"{exc.message}; the file was not imported")
    except SourceError as exc:
        report.error(0, str(exc))
    except OSError as exc:
        report.error(0, f"cannot be read ({exc.strerror or exc})")
    return planned


def _post_keys(meta: PostMeta) -> list[str]:
    """The names ``{% post_url %}`` and ``{% link %}`` use for a post."""
    path = meta.source.path.resolve()
    keys = [path.stem]
    for parent in path.parents:
        if parent.name == "_posts":
            keys.append(path.relative_to(parent).with_suffix("").as_posix())
            break
    if path.is_relative_to(meta.source.site.root):
        keys.append(path.relative_to(meta.source.site.root).as_posix())
    return keys


def existing_values(path: Path, key: str) -> list[str]:
    """A key's texts in an existing post's front matter (tags, category)."""
    try:
        data = read_values(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError):
        return []
    value = data.get(key) if isinstance(data, dict) else None
    values = list_value(value) if value is not None else None
    return values or []


class Importer:
    def __init__(self, args: argparse.Namespace, registry: PeopleRegistry) -> None:
        self.dest = Path(args.dest)
        self.site_root = Path(args.site)
        self.dry_run: bool = args.dry_run
        self.force: bool = args.force
        self.update: bool = args.update
        self.manifest = Manifest(self.dest)
        self.keep_bold: bool = args.keep_bold_headings
        self.registry = registry

    def target(self, meta: PostMeta) -> Path:
        return self.dest / meta.target

    def plan(self, sources: list[SourcePost]) -> list[Planned]:
        planned = [_read(source) for source in sources]
        readable = [p for p in planned if p.meta is not None]
        claimed: dict[Path, Path] = {}
        for item in readable:
            assert item.meta is not None
            target = self.target(item.meta)
            if target in claimed:
                item.report.error(
                    0,
                    f"would be written to {target}, as {claimed[target]} is: "
                    "rename one of the two files; it was not imported",
                )
                item.meta = None
            else:
                claimed[target] = item.report.source
        self.unify_spellings([p for p in planned if p.meta is not None])
        metas = [p.meta for p in planned if p.meta is not None]
        ctx = ConvertContext(
            registry=self.registry,
            old_urls={v: m.target for m in metas for v in url_variants(m.old_url)},
            site_root=self.site_root,
            keep_bold_headings=self.keep_bold,
            liquid_posts={key: m.old_url for m in metas for key in _post_keys(m)},
            site_posts=[
                {"title": m.title, "url": m.old_url, "date": m.moment, "tags": m.tags}
                for m in sorted(metas, key=lambda m: m.moment.timestamp(), reverse=True)
            ],
        )
        for item in planned:
            if item.meta is None or item.post is None:
                continue
            try:
                self.convert(item, ctx)
            except Exception as exc:  # one odd file must not stop the others
                item.report.error(
                    0,
                    f"could not be converted ({type(exc).__name__}: {exc}); "
                    "please report this with the file; it was not imported",
                )
                item.meta = None
        return planned

    def unify_spellings(self, items: list[Planned]) -> None:
        """One spelling per tag page: Jekyll keeps "AI" and "ai" apart, but both would be
        blog/tag/ai on the site (a build error). Keep the spelling the site's posts
        already use, else the first one imported, and report each change."""
        claimed = {self.target(item.meta).resolve() for item in items if item.meta}
        for key, attribute in (("tags", "tags"), ("category", "categories")):
            spelling: dict[str, tuple[str, str]] = {}
            for path in sorted(self.dest.glob("*/*.md")):
                if path.resolve() in claimed:
                    continue
                for value in existing_values(path, key):
                    spelling.setdefault(ablog_slug(value), (value, str(path)))
            for item in items:
                assert item.meta is not None
                values = []
                for value in getattr(item.meta, attribute):
                    first, where = spelling.setdefault(
                        ablog_slug(value), (value, str(item.report.source))
                    )
                    if first != value:
                        item.report.converted(
                            item.meta.source_line(attribute),
                            f"{key} {value!r} -> {first!r}, as spelled in {where} "
                            "(both would be one page)",
                        )
                    if first not in values:
                        values.append(first)
                setattr(item.meta, attribute, values)

    def convert(self, item: Planned, ctx: ConvertContext) -> None:
        assert item.meta is not None and item.post is not None
        report = item.report
        mark = self.registry.mark()
        converted = convert_post(item.post, item.meta, ctx, report)
        item.data, item.assets = converted.text.encode("utf-8"), converted.assets
        target = self.target(item.meta)
        report.target = target
        clashes = [(target, item.data)] if target.exists() else []
        clashes += [(a.target, a.source.read_bytes()) for a in item.assets if a.target.exists()]
        differing = [path for path, data in clashes if not same_bytes(path, data)]
        if self.update and not self.force:
            edited = [path for path in differing if not self.manifest.unedited(path)]
            if edited:
                for path in edited:
                    report.kept(
                        0,
                        f"{path} was edited since its import (or imported before "
                        f"{MANIFEST_NAME} was kept): left as it is; --force replaces it",
                    )
                self.registry.rollback(mark)
                item.meta, item.edited = None, True
            return
        if differing and not self.force:
            for path in differing:
                report.error(
                    0,
                    f"{path} exists and differs from what the import would write; "
                    "it was left untouched: pass --update to rewrite only posts not edited "
                    "since their import, or --force to replace it",
                )
            self.registry.rollback(mark)  # nobody is added for a post that is not written
            item.meta = None

    def write(self, planned: list[Planned]) -> None:
        for item in planned:
            if item.meta is None:
                item.report.outcome = "kept: edited since its import" if item.edited else "skipped"
                continue
            target = self.target(item.meta)
            if self.dry_run:
                changed = not same_bytes(target, item.data)
                item.report.outcome = "would write" if changed else "unchanged"
                continue
            try:
                for asset in item.assets:
                    write_atomically(asset.target, asset.source.read_bytes())
                changed = write_atomically(target, item.data)
            except OSError as exc:
                item.report.error(
                    0, f"cannot write {exc.filename or target}: {exc.strerror or exc}"
                )
                item.report.outcome = "skipped"
                continue
            item.report.outcome = "written" if changed else "unchanged"
            self.manifest.record(target, item.data)
            for asset in item.assets:
                self.manifest.record(asset.target, asset.source.read_bytes())
        if not self.dry_run:
            self.manifest.save()


def run(args: argparse.Namespace) -> int:
    overrides = {"permalink": args.permalink, "timezone": args.timezone}
    try:
        sources = find_posts([Path(p) for p in args.paths], overrides)
        registry = PeopleRegistry(Path(args.people))
    except (SourceError, RegistryError) as exc:
        print(f"{PROG}: {exc}; nothing was imported", file=sys.stderr)
        return 1
    importer = Importer(args, registry)
    planned = importer.plan(sources)
    importer.write(planned)
    people_text = registry.updated_text()
    added = ", ".join(registry.added)
    people_failed = False
    if people_text is not None and not args.dry_run:
        try:
            write_atomically(registry.path, people_text.encode("utf-8"))
        except OSError as exc:
            print(f"{PROG}: cannot write {registry.path}: {exc.strerror or exc}", file=sys.stderr)
            people_failed = True
    for item in planned:
        stream = sys.stderr if item.report.failed else sys.stdout
        print(item.report.render(), file=stream)
    metas = [item.meta for item in planned if item.meta is not None]
    for note in timezone_notes(metas, Path(args.site), from_option=args.timezone is not None):
        print(f"{PROG}: {note}")
    failed = [item for item in planned if item.report.failed]
    outcomes = [item.report.outcome for item in planned]
    edited = sum(item.edited for item in planned)
    summary = (
        f"{PROG}: {len(planned) - len(failed) - edited} of {len(planned)} posts imported "
        f"({outcomes.count('written')} written, {outcomes.count('unchanged')} unchanged"
        + (f", {outcomes.count('would write')} to write" if args.dry_run else "")
        + f"), {len(failed)} skipped"
        + (f", {edited} edited since their import kept as they are" if edited else "")
    )
    if added:
        summary += f"; {registry.path}: {'would add' if args.dry_run else 'added'} {added}"
    if args.dry_run:
        summary += "; dry run: nothing was written"
    print(summary, file=sys.stderr if failed else sys.stdout)
    return 1 if failed or people_failed else 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import-jekyll",
        help="import posts of a Jekyll blog",
        description=(
            "Convert Jekyll posts to the site's format: posts/YYYY/<slug>.md with news "
            "items and takes as directives, people added to people.yaml, and each post's "
            "old URL recorded so the built site redirects it. Reports what became what."
        ),
    )
    parser.add_argument(
        "paths", nargs="+", metavar="PATH", help="a Jekyll site, a _posts folder, or post files"
    )
    parser.add_argument("--dest", default="posts", help="the posts folder (default: posts)")
    parser.add_argument(
        "--people", default="people.yaml", help="the people registry (default: people.yaml)"
    )
    parser.add_argument(
        "--site",
        default=".",
        help="the new site's source folder; images the posts use are copied under it "
        "(default: the current folder)",
    )
    parser.add_argument("--dry-run", action="store_true", help="report only; write nothing")
    parser.add_argument(
        "--force", action="store_true", help="replace existing posts and images that differ"
    )
    parser.add_argument(
        "--update",
        action="store_true",
        help="re-import: rewrite the posts not edited since their import (their digest "
        f"is kept in {MANIFEST_NAME} in the posts folder), leave edited ones as they are",
    )
    parser.add_argument(
        "--keep-bold-headings",
        action="store_true",
        help="keep bold lines such as __Introduction:__ as they are instead of headings",
    )
    parser.add_argument(
        "--permalink",
        help="the Jekyll site's permalink setting, when its _config.yml is not at hand "
        "(default: _config.yml's, else Jekyll's 'date' style)",
    )
    parser.add_argument(
        "--timezone",
        help="the time zone the Jekyll site was built in, e.g. Asia/Bangkok, for the dates "
        "it showed and those in old URLs (default: _config.yml's timezone, else each post's "
        "own offset)",
    )
    parser.set_defaults(func=run)
