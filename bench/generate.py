"""Generate synthetic Tech Pulse sites shaped like real issues, for the benchmark.

Each post: an essay of about 600 words (TL;DR, an excerpt break, headings, lists), then
"Tech News" with 4-6 ``{news}`` items of one or two takes by 6 people; 3-5 tags from a
pool of 40; one post a week, 52 a year. The same seed gives the same corpus, and every
flavour gets the same posts (same words, same tags, same takes):
  newsdesk  this site (conf.py, people.yaml, ``{news}``/``{take}`` directives)
  plain     Sphinx + MyST + book theme only, the news as Markdown (``plain=True``)
  jekyll    a Jekyll blog in the newsletter's shape (_posts/, jekyll-feed, jekyll-archives)
  hugo      a Hugo site with the layouts in bench/hugo (tags and years taxonomies, RSS, Atom)
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
SITE_PAGES = ["index.md", "about.md", "authoring.md"]
PEOPLE = ["jackson", "jason", "priya", "mei", "omar", "sofia"]
TAGS = [
    f"topic-{name}"
    for name in [
        "ai",
        "agents",
        "chips",
        "cloud",
        "compilers",
        "databases",
        "devops",
        "edge",
        "energy",
        "ethics",
        "finance",
        "gpus",
        "hardware",
        "health",
        "identity",
        "iot",
        "languages",
        "latency",
        "llms",
        "mobile",
        "networks",
        "observability",
        "open-source",
        "policy",
        "privacy",
        "quantum",
        "robotics",
        "rust",
        "search",
        "security",
        "sensors",
        "startups",
        "storage",
        "streaming",
        "supply-chain",
        "testing",
        "vision",
        "wasm",
        "web3",
        "workflows",
    ]
]
WORDS = [
    "model",
    "data",
    "system",
    "network",
    "training",
    "inference",
    "latency",
    "memory",
    "compute",
    "cluster",
    "developer",
    "platform",
    "release",
    "benchmark",
    "accuracy",
    "scale",
    "research",
    "market",
    "product",
    "language",
    "vision",
    "robot",
    "sensor",
    "chip",
    "cloud",
    "edge",
    "privacy",
    "policy",
    "security",
    "open",
    "source",
    "team",
    "startup",
    "customer",
    "pipeline",
    "feature",
    "quality",
    "energy",
    "cost",
    "hardware",
    "software",
]
FIRST_MONDAY = date(2015, 1, 5)


def sentence(rng: random.Random, length: int = 14) -> str:
    words = [rng.choice(WORDS) for _ in range(length)]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random, sentences: int = 4) -> str:
    return " ".join(sentence(rng, rng.randint(10, 18)) for _ in range(sentences))


def essay(rng: random.Random, topic: str) -> list[str]:
    lines = [f"## {topic}", "", "**TL;DR:**", "", paragraph(rng, 3), "", "% more", ""]
    for heading in ("Introduction", "Why it matters", "What to watch"):
        lines += [f"### {heading}", "", paragraph(rng, 5), ""]
        lines += [f"* **{rng.choice(WORDS).title()}:** {sentence(rng)}" for _ in range(4)]
        lines += ["", paragraph(rng, 4), ""]
    return lines


@dataclass(frozen=True)
class Take:
    person: str
    text: str


@dataclass(frozen=True)
class Story:
    headline: str
    url: str
    takes: tuple[Take, ...]


@dataclass(frozen=True)
class Post:
    """One generated issue, independent of the site generator that will build it."""

    number: int
    day: date
    week: int
    topic: str
    slug: str
    tags: tuple[str, ...]
    author: str
    essay: tuple[str, ...]  # Markdown lines; "% more" marks the end of the excerpt
    stories: tuple[Story, ...]

    @property
    def title(self) -> str:
        return f"Week #{self.week} {self.day.isocalendar()[0]} - {self.topic}"


def story(rng: random.Random, index: int) -> Story:
    headline = sentence(rng, 8).rstrip(".")
    url = f"https://news.example.com/{index}/{'-'.join(headline.lower().split()[:5])}"
    takes = rng.sample(PEOPLE, rng.randint(1, 2))
    return Story(headline, url, tuple(Take(person, paragraph(rng, 2)) for person in takes))


def make_post(rng: random.Random, number: int) -> Post:
    # The order of the draws is the corpus: changing it changes every post after the first.
    day = FIRST_MONDAY + timedelta(weeks=number)
    _, week, _ = day.isocalendar()
    topic = " ".join(rng.choice(WORDS) for _ in range(3)).title()
    slug = f"week-{week}-{topic.lower().replace(' ', '-')}-{number}"
    tags = tuple(rng.sample(TAGS, rng.randint(3, 5)))
    author = rng.choice(PEOPLE)
    body = tuple(essay(rng, topic))
    stories = tuple(story(rng, number * 10 + item) for item in range(rng.randint(4, 6)))
    return Post(number, day, week, topic, slug, tags, author, body, stories)


def posts(count: int, seed: int = 40) -> list[Post]:
    """The corpus: ``count`` posts, the same for every flavour and every run with ``seed``."""
    rng = random.Random(seed)
    return [make_post(rng, number) for number in range(count)]


def newsdesk_news(item: Story) -> list[str]:
    lines = [f"::::{{news}} {item.headline}", f":url: {item.url}", ""]
    for take in item.takes:
        lines += [f":::{{take}} {take.person}", take.text, ":::", ""]
    return [*lines, "::::", ""]


def markdown_news(item: Story) -> list[str]:
    """The news as the Jekyll newsletter writes it: a linked headline, then each take."""
    lines = [f"*[{item.headline}]({item.url})*", ""]
    for take in item.takes:
        person = f"[{take.person.title()}](https://people.example.com/{take.person})"
        lines += [f'{person}: "{take.text}"', ""]
    return lines


NEWS_HEADING = ["## Tech News", "", "### Current Tech Pulse: Our Team's Take", ""]


def newsdesk_post(post: Post) -> str:
    lines = [
        "---",
        f"date: {post.day.isoformat()} 20:00:00 +0700",
        f"tags: [{', '.join(post.tags)}]",
    ]
    lines += [f"author: [{post.author}]", "---", "", f"# {post.title}", ""]
    lines += [*post.essay, *NEWS_HEADING]
    for item in post.stories:
        lines += newsdesk_news(item)
    return "\n".join(lines)


def plain_post(post: Post) -> str:
    lines = [
        "---",
        f"date: {post.day.isoformat()} 20:00:00 +0700",
        f"tags: [{', '.join(post.tags)}]",
    ]
    lines += ["---", "", f"# {post.title}", ""]
    lines += [*post.essay, *NEWS_HEADING]
    for item in post.stories:
        lines += markdown_news(item)
    return "\n".join(lines)


def peer_body(post: Post) -> list[str]:
    """The body for Jekyll and Hugo: the title is front matter, the excerpt ends at <!--more-->."""
    essay_lines = ["<!--more-->" if line == "% more" else line for line in post.essay]
    lines = [*essay_lines, *NEWS_HEADING]
    for item in post.stories:
        lines += markdown_news(item)
    return lines


def peer_front_matter(post: Post, extra: list[str], tags: list[str] | None = None) -> list[str]:
    # json.dumps quotes a title as YAML accepts it (a JSON string is a YAML string).
    return [
        "---",
        f"title: {json.dumps(post.title)}",
        f"date: {post.day.isoformat()} 20:00:00 +0700",
        f"tags: [{', '.join(tags or post.tags)}]",
        f"author: {post.author}",
        *extra,
        "---",
        "",
    ]


def jekyll_post(post: Post) -> tuple[str, str]:
    # jekyll-feed writes a tag's feed only for a name of letters, digits and "_".
    tags = [tag.replace("-", "_") for tag in post.tags]
    lines = peer_front_matter(post, ["layout: post"], tags) + peer_body(post)
    return f"_posts/{post.day.isoformat()}-{post.slug}.md", "\n".join(lines)


def hugo_post(post: Post) -> tuple[str, str]:
    lines = peer_front_matter(post, [f'years: ["{post.day.year}"]']) + peer_body(post)
    return f"content/posts/{post.day.year}/{post.slug}.md", "\n".join(lines)


def people_yaml() -> str:
    return "".join(
        f"{pid}:\n  name: {pid.title()}\n  url: https://people.example.com/{pid}\n"
        for pid in PEOPLE
    )


PLAIN_CONF = """
# Reference: Sphinx + MyST + the book theme, without ablog or newsdesk.
project = "Tech Pulse (plain reference)"
extensions = ["myst_parser"]
include_patterns = ["index.md", "about.md", "posts/*/*.md"]
html_theme = "sphinx_book_theme"
myst_enable_extensions = ["colon_fence", "deflist", "smartquotes"]
suppress_warnings = ["toc.not_included"]
"""
FLAVOURS = ("newsdesk", "plain", "jekyll", "hugo")


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + "\n", encoding="utf-8")


def generate(
    dest: Path, count: int, *, plain: bool = False, seed: int = 40, flavour: str = "newsdesk"
) -> Path:
    """Write a site with ``count`` posts into ``dest`` (replacing what was there).

    ``flavour``: "newsdesk" (this site), "plain" (Sphinx + MyST + book theme only; also
    ``plain=True``), "jekyll" or "hugo" (the same posts for the peers, with the site
    skeletons in bench/jekyll and bench/hugo).
    """
    flavour = "plain" if plain else flavour
    if flavour not in FLAVOURS:
        raise ValueError(f"unknown flavour {flavour!r}: one of {', '.join(FLAVOURS)}")
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    corpus = posts(count, seed)
    if flavour in ("jekyll", "hugo"):
        shutil.copytree(BENCH / flavour, dest, dirs_exist_ok=True)
        writer = jekyll_post if flavour == "jekyll" else hugo_post
        for post in corpus:
            relative, text = writer(post)
            write(dest / relative, text)
        return dest
    (dest / "posts").mkdir()
    if flavour == "plain":
        (dest / "conf.py").write_text(PLAIN_CONF, encoding="utf-8")
        (dest / "index.md").write_text("# Tech Pulse\n\nThe reference site.\n", encoding="utf-8")
        (dest / "about.md").write_text("# About\n\nAbout the reference site.\n", encoding="utf-8")
    else:
        shutil.copy(REPO / "conf.py", dest / "conf.py")
        for name in SITE_PAGES:
            shutil.copy(REPO / name, dest / name)
        for folder in ("_static", "_templates"):
            shutil.copytree(REPO / folder, dest / folder)
        (dest / "people.yaml").write_text(people_yaml(), encoding="utf-8")
    render = plain_post if flavour == "plain" else newsdesk_post
    for post in corpus:
        write(dest / "posts" / str(post.day.year) / f"{post.slug}.md", render(post))
    return dest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("dest", type=Path)
    parser.add_argument("--plain", action="store_true", help="the reference variant")
    parser.add_argument("--flavour", choices=FLAVOURS, default="newsdesk")
    args = parser.parse_args()
    generate(args.dest, args.count, plain=args.plain, flavour=args.flavour)


if __name__ == "__main__":
    main()
