"""How the wizard makes a design: a base (a blueprint with its options and project settings, or a design
document) plus the edits made after it (component settings, applied fixes), replayed in order.

Keeping the edits apart from the base means changing a blueprint option later keeps the component edits and
fixes that still apply. Pure Python on top of `generators` (no Django), so it is easy to test and cache.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from generators.advisor import advise
from generators.blueprints import BLUEPRINTS, ProjectOptions
from generators.editing import apply_edits
from generators.model import Design, DesignInputError
from generators.model.io import design_from_data, design_to_data, validation_problems

Edit = dict[str, Any]
BLANK_MESSAGE = ("a blank design has no component yet: add one in the Compose step; a project can be generated "
                 "once the design has a component")


@dataclass(frozen=True)
class Recipe:
    blueprint: str | None
    options: dict[str, Any] = field(default_factory=dict)
    project: dict[str, Any] = field(default_factory=dict)
    base_document: dict[str, Any] | None = None
    edits: tuple[Edit, ...] = ()

    def key(self) -> str:
        """A canonical text form: equal recipes give equal keys (the workspace cache is keyed on it)."""
        return json.dumps([self.blueprint, self.options, self.project, self.base_document, list(self.edits)],
                          sort_keys=True, separators=(",", ":"))

    @property
    def blank(self) -> bool:
        """A design started from nothing ("Blank design"): a document without components."""
        return self.base_document is not None and not self.base_document.get("components")

    def base_data(self) -> dict[str, Any]:
        data = dict(self.base_document or {})
        if self.project:
            data["project"] = {**data.get("project", {}), **self.project}
        return data

    def base_design(self) -> Design:
        """The design before any edit. Raises DesignInputError naming the bad option or field."""
        if self.blank:
            raise DesignInputError([("components", BLANK_MESSAGE)])
        if self.base_document is not None:
            return design_from_data(self.base_data())
        if self.blueprint is None or self.blueprint not in BLUEPRINTS:
            raise DesignInputError([("blueprint", f"unknown project type {self.blueprint!r}; allowed: "
                                                  f"{', '.join(BLUEPRINTS)}")])
        try:
            project = ProjectOptions.model_validate(self.project)
        except ValidationError as exc:
            raise DesignInputError(validation_problems(exc, self.project)) from None
        return BLUEPRINTS[self.blueprint].build(project, self.options)

    def design(self) -> tuple[Design, list[str]]:
        """The design with every edit that still applies, and a sentence for each edit that no longer does."""
        edits = self.edits
        if self.blank and edits and edits[0].get("op") == "compose":  # the first components of a blank design
            design = apply_edits(self.base_data(), list(edits[0].get("edits", [])))
            edits = edits[1:]
        else:
            design = self.base_design()
        stale: list[str] = []
        for group in _runs_of_compose(edits):
            if len(group) > 1:  # consecutive compose edits: validated once together when they all still apply
                try:
                    design = apply_edits(design, [op for edit in group for op in edit.get("edits", [])])
                    continue
                except (DesignInputError, KeyError, ValueError):
                    pass  # one by one, to say which one no longer applies
            for edit in group:
                try:
                    design = apply_edit(design, edit)
                except (DesignInputError, KeyError, ValueError) as exc:
                    stale.append(f"{describe_edit(edit)} no longer applies: {exc}")
        return design, stale


def _runs_of_compose(edits: tuple[Edit, ...]) -> list[list[Edit]]:
    """The edits in order, consecutive compose edits grouped (every other edit alone)."""
    groups: list[list[Edit]] = []
    for edit in edits:
        if edit.get("op") == "compose" and groups and groups[-1][-1].get("op") == "compose":
            groups[-1].append(edit)
        else:
            groups.append([edit])
    return groups


def describe_edit(edit: Edit) -> str:
    if edit.get("op") == "compose":
        return "; ".join(describe_operation(o) for o in edit.get("edits", [])) or "an empty edit"
    if edit.get("op") == "fix":
        where = f" on {edit['component']}" if edit.get("component") else ""
        return f"fix {edit.get('rule')}{where}"
    if edit.get("op") == "set_connection":
        return f"settings of the {edit.get('kind')} connection {edit.get('source')} → {edit.get('target')}"
    return f"settings of {edit.get('component')}"


def describe_operation(operation: dict[str, Any]) -> str:
    """A typed edit operation (generators.editing) in words, for the undo list and stale-edit messages."""
    op = operation.get("op")
    if op == "add_component":
        return f"add {operation.get('kind')} {operation.get('name')}"
    if op == "connect" or op == "disconnect":
        return f"{op} {operation.get('source')} -{operation.get('kind')}-> {operation.get('target')}"
    if op == "rename_component":
        return f"rename {operation.get('name')} to {operation.get('new_name')}"
    if op == "remove_component":
        return f"remove {operation.get('name')}"
    return f"change {operation.get('name')}"


def apply_edit(design: Design, edit: Edit) -> Design:
    """One edit on a design, returning a new validated design. Raises KeyError when its component is gone,
    DesignInputError when the values are not valid any more."""
    op = edit.get("op")
    if op == "compose":  # typed edit operations (generators.editing), applied all or nothing
        return apply_edits(design, list(edit.get("edits", [])))
    if op == "fix":
        for finding in advise(design):
            if finding.fix is None or finding.silenced or finding.rule != edit.get("rule"):
                continue
            if finding.component == edit.get("component") and (edit.get("component") or
                                                                 finding.path == edit.get("path")):
                return finding.fix.apply(design)
        raise KeyError("the finding is resolved or gone")
    data = design_to_data(design)
    if op == "set":
        target = next((c for c in data["components"] if c["name"] == edit["component"]), None)
        if target is None:
            raise KeyError(f"there is no component {edit['component']!r} any more")
    elif op == "set_connection":
        target = next((c for c in data["connections"] if (c["kind"], c["source"], c["target"]) ==
                       (edit["kind"], edit["source"], edit["target"])), None)
        if target is None:
            raise KeyError("that connection is gone")
    else:
        raise ValueError(f"unknown edit {op!r}")
    for name, value in edit["values"].items():
        if value is None:
            target.pop(name, None)
        else:
            target[name] = value
    return design_from_data(data)


def with_edit(edits: tuple[Edit, ...], edit: Edit) -> tuple[Edit, ...]:
    """Add an edit; settings of the same component (or connection) are merged into the earlier edit."""
    if edit["op"] in ("set", "set_connection"):
        same = ("component",) if edit["op"] == "set" else ("kind", "source", "target")
        for i, earlier in enumerate(edits):
            if earlier["op"] == edit["op"] and all(earlier.get(k) == edit.get(k) for k in same):
                merged = {**earlier, "values": {**earlier["values"], **edit["values"]}}
                return (*edits[:i], merged, *edits[i + 1:])
    if edit["op"] == "fix" and edit in edits:
        return edits
    return (*edits, edit)
