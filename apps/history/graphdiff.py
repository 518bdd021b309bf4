"""What changed between two designs, as a graph: components and connections added, removed or changed (with the
settings that changed), and the IAM grants the generated functions gain or lose (from the renderers' own plans,
`generators.renderers.analysis.plan_functions`, so the grants shown are the ones the templates will write)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generators.model import Design
from generators.renderers.analysis import plan_functions


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


@dataclass
class GraphDiff:
    components_added: list[str] = field(default_factory=list)
    components_removed: list[str] = field(default_factory=list)
    components_changed: dict[str, list[Change]] = field(default_factory=dict)
    connections_added: list[str] = field(default_factory=list)
    connections_removed: list[str] = field(default_factory=list)
    connections_changed: dict[str, list[Change]] = field(default_factory=dict)
    grants_added: list[str] = field(default_factory=list)
    grants_removed: list[str] = field(default_factory=list)
    project_changed: list[Change] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any((self.components_added, self.components_removed, self.components_changed,
                        self.connections_added, self.connections_removed, self.connections_changed,
                        self.grants_added, self.grants_removed, self.project_changed))

    def marks(self) -> tuple[dict[str, str], dict[str, str]]:
        """Per-component marks for the two diagrams: (old: removed/changed, new: added/changed)."""
        old = dict.fromkeys(self.components_removed, "removed")
        new = dict.fromkeys(self.components_added, "added")
        for name in self.components_changed:
            old[name] = new[name] = "changed"
        return old, new


def _flat(value: Any, prefix: str = "") -> dict[str, str]:
    if isinstance(value, dict):
        out: dict[str, str] = {}
        for key, item in value.items():
            out.update(_flat(item, f"{prefix}.{key}" if prefix else str(key)))
        return out
    if isinstance(value, list) and value and isinstance(value[0], dict):
        out = {}
        for index, item in enumerate(value):
            out.update(_flat(item, f"{prefix}[{index}]"))
        return out
    return {prefix: "—" if value is None else str(value)}


def _changes(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    a, b = _flat(old), _flat(new)
    return [Change(key, a.get(key, "—"), b.get(key, "—")) for key in sorted(set(a) | set(b))
            if a.get(key, "—") != b.get(key, "—")]


def _edge(data: dict[str, Any]) -> str:
    return f"{data['source']} -{data['kind']}-> {data['target']}"


def _grants(design: Design) -> set[str]:
    return {f"{plan.name} may {grant.access.replace('_', '/')} {grant.kind} {grant.component}"
            for plan in plan_functions(design) for grant in plan.grants}


def graph_diff(old: Design, new: Design) -> GraphDiff:
    diff = GraphDiff()
    old_components = {c.name: c.model_dump(mode="json") for c in old.components}
    new_components = {c.name: c.model_dump(mode="json") for c in new.components}
    diff.components_added = sorted(set(new_components) - set(old_components))
    diff.components_removed = sorted(set(old_components) - set(new_components))
    for name in sorted(set(old_components) & set(new_components)):
        changes = _changes(old_components[name], new_components[name])
        if changes:
            diff.components_changed[name] = changes
    old_edges = {_edge(d): d for d in (c.model_dump(mode="json") for c in old.connections)}
    new_edges = {_edge(d): d for d in (c.model_dump(mode="json") for c in new.connections)}
    diff.connections_added = sorted(set(new_edges) - set(old_edges))
    diff.connections_removed = sorted(set(old_edges) - set(new_edges))
    for key in sorted(set(old_edges) & set(new_edges)):
        changes = _changes(old_edges[key], new_edges[key])
        if changes:
            diff.connections_changed[key] = changes
    old_grants, new_grants = _grants(old), _grants(new)
    diff.grants_added = sorted(new_grants - old_grants)
    diff.grants_removed = sorted(old_grants - new_grants)
    diff.project_changed = _changes(old.project.model_dump(mode="json"), new.project.model_dump(mode="json"))
    return diff
