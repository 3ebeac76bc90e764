"""Write again the pages that reference a label or page title that changed.

Sphinx resolves a page's references only when it writes that page. After a news item's
headline (its label and title) or a page title changes, pages that link to it keep the
old link or text; after a label disappears, an incremental strict build passes while a
clean one fails on the now-undefined reference. This records which labels and documents
each page references, and at env-updated returns the pages whose targets changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment
from sphinx.util import docname_join

TRACKED = {"ref", "numref", "doc", "myst", "any"}


class ReferencesDomain(Domain):
    name = "newsdesk-references"
    label = "References between pages"
    # refs: docname -> sorted targets it references; targets: what they resolved to last
    initial_data: ClassVar[dict[str, Any]] = {"refs": {}, "targets": {}}

    @property
    def refs(self) -> dict[str, list[str]]:
        return self.data.setdefault("refs", {})

    def clear_doc(self, docname: str) -> None:
        self.refs.pop(docname, None)

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata.get("refs", {}):
                self.refs[docname] = otherdata["refs"][docname]

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[Any]:
        return []


def get_references_domain(env: BuildEnvironment) -> ReferencesDomain:
    domain = env.domains[ReferencesDomain.name]
    assert isinstance(domain, ReferencesDomain)
    return domain


def record_references(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read: the labels and documents this page links to."""
    docname = app.env.docname
    targets = set()
    for node in doctree.findall(pending_xref):
        if node.get("reftype") not in TRACKED or not node.get("reftarget"):
            continue
        target = str(node["reftarget"])
        targets.add(f"label:{target.lower()}")
        targets.add(f"doc:{docname_join(docname, target.removesuffix('.md'))}")
    if targets:
        get_references_domain(app.env).refs[docname] = sorted(targets)


def current_targets(env: BuildEnvironment) -> dict[str, Any]:
    std = env.domains.standard_domain
    targets: dict[str, Any] = {f"label:{name}": list(value) for name, value in std.labels.items()}
    for docname, title in env.titles.items():
        targets[f"doc:{docname}"] = title.astext()
    return targets


def rewrite_referencing_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """env-updated: pages whose references now resolve differently."""
    domain = get_references_domain(env)
    # Only what some page references: the environment is saved (and, under -j, sent back
    # by every worker) whole, so no copy of every label.
    referenced = set().union(*domain.refs.values()) if domain.refs else set()
    everything = current_targets(env)
    current = {key: everything[key] for key in sorted(referenced) if key in everything}
    previous: dict[str, Any] = domain.data.get("targets", {})
    domain.data["targets"] = current
    changed = {
        key for key in current.keys() | previous.keys() if current.get(key) != previous.get(key)
    }
    if not changed or not previous:
        return []  # nothing changed, or a first build (every page is written anyway)
    return sorted(
        docname
        for docname, refs in domain.refs.items()
        if docname in env.found_docs and not changed.isdisjoint(refs)
    )


def setup(app: Sphinx) -> None:
    app.add_domain(ReferencesDomain)
