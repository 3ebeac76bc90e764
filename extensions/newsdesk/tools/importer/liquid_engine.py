"""Jekyll's Liquid, rendered by python-liquid in a sandbox: outputs (``{{ site.a.b }}``,
filters), blocks (``for``, ``if``, ``capture``...) and ``_includes/`` files.

Liquid cannot run code by design; the limits below stop a hostile blog from making the
import loop or grow without end. Jekyll's own tags and filters that matter for a post
(``include``, ``relative_url``, ``absolute_url``, ``slugify``...) are added here; an
unknown filter or tag is an error the caller reports with its line.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import quote

from liquid import Environment
from liquid.ast import Node
from liquid.context import RenderContext
from liquid.exceptions import LiquidError
from liquid.stream import TokenStream
from liquid.tag import Tag
from liquid.token import TOKEN_EXPRESSION, TOKEN_TAG

from .permalink import slugify_default, slugify_pretty

MAX_INCLUDE_DEPTH = 5
MAX_INCLUDE_BYTES = 200_000
INCLUDE_ARG = re.compile(
    r"""(?P<key>[\w-]+)\s*=\s*(?P<value>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s"']+)"""
)


class LiquidFailure(Exception):
    """Liquid this import cannot render; the message says why."""


class _SandboxedEnvironment(Environment):
    loop_iteration_limit: ClassVar[int | None] = 10_000
    local_namespace_limit: ClassVar[int | None] = 2_000_000
    output_stream_limit: ClassVar[int | None] = 2_000_000
    context_depth_limit: ClassVar[int] = 30


class _IncludeNode(Node):
    __slots__ = ("args", "owner")

    def __init__(self, token: Any, args: str, owner: JekyllLiquid) -> None:
        super().__init__(token)
        self.args, self.owner = args, owner
        self.blank = False  # it writes text: a loop around it is not a blank block

    def render_to_output(self, context: RenderContext, buffer: Any) -> int:
        # The variables in scope here: a loop's too, for params such as src=image.path.
        text, _ = self.owner.include(self.args, dict(context.scope))
        buffer.write(text)
        return len(text)


def _include_tag(owner: JekyllLiquid) -> type[Tag]:
    class JekyllInclude(Tag):
        """Jekyll's include (``{% include file.html key=value %}``), not Shopify's."""

        name = "include"
        block = False

        def parse(self, stream: TokenStream) -> Node:
            token = stream.expect(TOKEN_TAG)
            args = ""
            if stream.peek.kind == TOKEN_EXPRESSION:
                next(stream)
                args = stream.current.value
            return _IncludeNode(token, args, owner)

    return JekyllInclude


def _date(value: Any) -> date | None:
    if isinstance(value, (date, datetime)):
        return value
    try:
        return datetime.fromisoformat(str(value)[:19])
    except ValueError:
        return None


def _date_format(pattern: str) -> Any:
    def render(value: Any) -> str:
        moment = _date(value)
        return moment.strftime(pattern).replace(" 0", " ") if moment else str(value)

    return render


def _where(items: Any, key: str, value: Any) -> list[Any]:
    seq = items.values() if isinstance(items, dict) else items or []
    return [item for item in seq if isinstance(item, dict) and item.get(key) == value]


class JekyllLiquid:
    """One sandboxed Liquid environment for a Jekyll site's posts."""

    def __init__(self, url: str, baseurl: str, includes: Path | None) -> None:
        self.includes = includes
        self.depth = 0  # includes being rendered, one inside the other
        self.env = _SandboxedEnvironment()
        self.env.add_tag(_include_tag(self))  # Jekyll's include, from _includes/ only
        filters = {
            "relative_url": lambda v: baseurl + str(v) if str(v).startswith("/") else str(v),
            "absolute_url": lambda v: url + baseurl + str(v) if str(v).startswith("/") else v,
            "markdownify": str,  # the text is Markdown already, rendered by the new site
            "slugify": lambda v, mode="default": (
                slugify_pretty(str(v)) if mode == "pretty" else slugify_default(str(v))
            ),
            "xml_escape": lambda v: (
                str(v).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            ),
            "cgi_escape": lambda v: quote(str(v), safe=""),
            "uri_escape": lambda v: quote(str(v), safe="/:?#[]@!$&'()*+,;="),
            "jsonify": lambda v: json.dumps(v, default=str),
            "number_of_words": lambda v: len(str(v).split()),
            "date_to_string": _date_format("%d %b %Y"),
            "date_to_long_string": _date_format("%d %B %Y"),
            "where": _where,
        }
        for name, function in filters.items():
            self.env.add_filter(name, function)

    def render(self, source: str, variables: dict[str, Any]) -> str:
        """Render Liquid source; LiquidFailure (with Liquid's reason) when it cannot be."""
        try:
            return self.env.from_string(source).render(**variables)
        except LiquidError as exc:
            raise LiquidFailure(str(exc).split("\n")[0]) from None
        except (RecursionError, TypeError, ValueError, KeyError, AttributeError) as exc:
            raise LiquidFailure(f"{type(exc).__name__}: {exc}") from None

    def include(
        self, args: str, variables: dict[str, Any], relative: tuple[Path, Path] | None = None
    ) -> tuple[str, str]:
        """``{% include name.html key=value %}``: (the rendered file, its name). With
        ``relative`` (the post's folder, the site root): ``include_relative``, from the
        post's folder, never outside the site."""
        name, _, params_text = args.strip().partition(" ")
        if "{{" in name or not name:
            raise LiquidFailure(f"include file name {name!r} is computed, not a file name")
        if ".." in Path(name).parts:
            raise LiquidFailure(f"{name!r} goes up a folder, which Jekyll does not allow")
        folder, confine = relative if relative else (self.includes, self.includes)
        if folder is None or confine is None:
            raise LiquidFailure("the blog has no _includes folder")
        path = (folder / name).resolve()
        shown = name if relative else f"_includes/{name}"
        if not path.is_relative_to(confine.resolve()) or not path.is_file():
            raise LiquidFailure(f"{shown} does not exist in the blog")
        if self.depth >= MAX_INCLUDE_DEPTH:
            raise LiquidFailure(f"includes nested more than {MAX_INCLUDE_DEPTH} deep")
        params: dict[str, Any] = {}
        for match in INCLUDE_ARG.finditer(params_text):
            value = match["value"]
            if value[0] in "'\"":
                params[match["key"]] = value[1:-1]
            else:  # a variable, as in Jekyll: param=page.image
                params[match["key"]] = self.render("{{ " + value + " }}", variables)
        try:
            raw = path.read_bytes()[:MAX_INCLUDE_BYTES].decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise LiquidFailure(f"{shown} cannot be read ({exc})") from None
        self.depth += 1
        try:
            return self.render(raw, {**variables, "include": params}), name
        finally:
            self.depth -= 1
