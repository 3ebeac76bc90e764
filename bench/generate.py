"""Generate synthetic Tech Pulse sites shaped like real issues, for the benchmark.

Each post: an essay of about 600 words (TL;DR, an excerpt break, headings, lists), then
"Tech News" with 4-6 ``{news}`` items of one or two takes by 6 people; 3-5 tags from a
pool of 40; one post a week, 52 a year. The same seed gives the same corpus.
``plain=True`` writes the reference variant: the news as plain Markdown, for a site
without ablog or newsdesk.
"""

from __future__ import annotations

import argparse
import random
import shutil
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
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


def news(rng: random.Random, index: int, plain: bool) -> list[str]:
    headline = sentence(rng, 8).rstrip(".")
    url = f"https://news.example.com/{index}/{'-'.join(headline.lower().split()[:5])}"
    takes = rng.sample(PEOPLE, rng.randint(1, 2))
    if plain:
        lines = [f"**[{headline}]({url})**", ""]
        for person in takes:
            lines += [
                f"> [{person.title()}](https://people.example.com/{person}): {paragraph(rng, 2)}",
                "",
            ]
        return lines
    lines = [f"::::{{news}} {headline}", f":url: {url}", ""]
    for person in takes:
        lines += [f":::{{take}} {person}", paragraph(rng, 2), ":::", ""]
    return [*lines, "::::", ""]


def post(rng: random.Random, number: int, plain: bool) -> tuple[str, str]:
    day = FIRST_MONDAY + timedelta(weeks=number)
    year, week, _ = day.isocalendar()
    topic = " ".join(rng.choice(WORDS) for _ in range(3)).title()
    slug = f"week-{week}-{topic.lower().replace(' ', '-')}-{number}"
    tags = rng.sample(TAGS, rng.randint(3, 5))
    lines = ["---", f"date: {day.isoformat()} 20:00:00 +0700", f"tags: [{', '.join(tags)}]"]
    lines += [f"author: [{rng.choice(PEOPLE)}]", "---", ""] if not plain else ["---", ""]
    lines += [f"# Week #{week} {year} - {topic}", ""]
    lines += essay(rng, topic)
    lines += ["## Tech News", "", "### Current Tech Pulse: Our Team's Take", ""]
    for item in range(rng.randint(4, 6)):
        lines += news(rng, number * 10 + item, plain)
    return f"{day.year}/{slug}.md", "\n".join(lines)


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


def generate(dest: Path, count: int, *, plain: bool = False, seed: int = 40) -> Path:
    """Write a site with ``count`` posts into ``dest`` (replacing what was there)."""
    if dest.exists():
        shutil.rmtree(dest)
    (dest / "posts").mkdir(parents=True)
    rng = random.Random(seed)
    if plain:
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
    for number in range(count):
        relative, text = post(rng, number, plain)
        path = dest / "posts" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text + "\n", encoding="utf-8")
    return dest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("dest", type=Path)
    parser.add_argument("--plain", action="store_true", help="the reference variant")
    args = parser.parse_args()
    generate(args.dest, args.count, plain=args.plain)


if __name__ == "__main__":
    main()
