"""The compose step (issue 12): what its page shows — the palette of every catalog kind, the add form with the
kind's defaults, the components with their connections, the connect chooser, the undo list and the change
summary of the last edit. Decisions stay in the engine (generators.editing) and the services."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, get_args

from apps.designs import convert, forms
from apps.designs.models import Draft
from apps.designs.presenters import SKIPPED_FIELDS
from apps.designs.recipe import describe_edit
from apps.designs.workspace import Workspace, workspace_for
from apps.history.graphdiff import GraphDiff, graph_diff
from generators.catalog import COMPONENTS, CONNECTIONS
from generators.editing import allowed_connection_kinds
from generators.editing.summary import ChangeSummary, summarize
from generators.model import Component, Design

SETTINGS_PREFIX = "s-"


@lru_cache(maxsize=1)
def _models() -> dict[str, Any]:
    union = get_args(Component)[0]
    return {model.model_fields["kind"].default: model for model in get_args(union)}


def palette() -> list[dict[str, str]]:
    return [{"kind": row.kind, "label": row.label, "help": row.help, "colour": row.diagram.colours[0],
             "border": row.diagram.colours[1]} for row in COMPONENTS.values()]


def add_specs(kind: str) -> tuple[forms.Spec, ...]:
    return forms.specs_for(_models()[kind], skip=SKIPPED_FIELDS | {"description"})


def defaults(kind: str) -> dict[str, Any]:
    from generators.editing import component_defaults

    return component_defaults(kind)


@dataclass
class AddForm:
    kind: str
    label: str
    help: str
    name: str
    form: forms.Form
    errors: list[str] = field(default_factory=list)

    @classmethod
    def blank(cls, kind: str, name: str = "") -> AddForm:
        row = COMPONENTS[kind]
        return cls(kind, row.label, row.help, name, forms.bind(add_specs(kind), defaults(kind),
                                                               prefix=SETTINGS_PREFIX))


def clean_add(kind: str, data: Any) -> tuple[AddForm, dict[str, Any], list[tuple[str, str]]]:
    """The add form as posted (values kept) and the settings that differ from the kind's defaults."""
    specs = add_specs(kind)
    add = AddForm.blank(kind, str(data.get("name", "")).strip())
    if not data.get("_settings"):  # posted without the settings form (no JavaScript needed, scripts): defaults
        return add, {}, []
    cleaned = forms.clean(specs, data, prefix=SETTINGS_PREFIX)
    add.form = forms.bind(specs, cleaned.values, prefix=SETTINGS_PREFIX)
    add.form.add_problems(cleaned.problems)
    return add, forms.changed_values(cleaned.values, defaults(kind)), cleaned.problems


def connect_choice(design: Design, source: str, target: str) -> dict[str, Any]:
    """The connection kinds offered from `source` to `target`, or why the pair cannot connect."""
    names = {c.name: c for c in design.components}
    if source not in names or target not in names:
        return {"source": source, "target": target, "kinds": [], "reason": "pick two components of this design"}
    a, b = names[source], names[target]
    kinds = allowed_connection_kinds(a.kind, b.kind)
    reason = ""
    if source == target:
        kinds, reason = [], "a component cannot connect to itself"
    elif not kinds:
        back = allowed_connection_kinds(b.kind, a.kind)
        reason = (f"a {COMPONENTS[a.kind].label} cannot connect to a {COMPONENTS[b.kind].label}"
                  + (f"; the other way round it can ({', '.join(back)}): start from {target}" if back else
                     "; no connection kind joins these two kinds"))
    return {"source": source, "target": target, "source_kind": COMPONENTS[a.kind].label,
            "target_kind": COMPONENTS[b.kind].label, "reason": reason,
            "kinds": [{"kind": k, "label": CONNECTIONS[k].label, "help": CONNECTIONS[k].help} for k in kinds]}


def nodes(design: Design | None) -> list[dict[str, Any]]:
    if design is None:
        return []
    out = []
    for component in design.components:
        row = COMPONENTS[component.kind]
        out.append({
            "name": component.name, "kind": component.kind, "label": row.label, "colour": row.diagram.colours[0],
            "border": row.diagram.colours[1],
            "outgoing": [{"kind": c.kind, "source": c.source, "target": c.target}
                         for c in design.outgoing(component.name)],
            "incoming": [{"kind": c.kind, "source": c.source, "target": c.target}
                         for c in design.incoming(component.name)],
        })
    return out


def history(draft: Draft) -> list[str]:
    return [describe_edit(e) for e in draft.edits if e.get("op") == "compose"]


def previous_workspace(draft: Draft) -> Workspace | None:
    """The draft before its last compose edit (None when the last edit is not one)."""
    recipe = convert.recipe_of_draft(draft)
    if not recipe.edits or recipe.edits[-1].get("op") != "compose":
        return None
    return workspace_for(replace(recipe, edits=recipe.edits[:-1]), requests_per_month=draft.requests_per_month)


def last_change(draft: Draft, workspace: Workspace) -> ChangeSummary | None:
    """What the last compose edit changed in the generated template (None when the last edit was not one)."""
    before = previous_workspace(draft)
    if before is None or before.design is None or workspace.design is None:
        return None
    return summarize(before.template_facts, workspace.template_facts)


def last_graph_change(draft: Draft, workspace: Workspace) -> GraphDiff | None:
    """The same edit as the revision compare page shows a change: components and connections added, removed or
    with settings changed (apps.history.graphdiff)."""
    before = previous_workspace(draft)
    if before is None or before.design is None or workspace.design is None:
        return None
    return graph_diff(before.design, workspace.design)


def describe(edit: dict[str, Any]) -> str:
    return describe_edit({"op": "compose", "edits": edit.get("edits", [])})


def parse_settings(text: str) -> dict[str, Any] | str:
    """The connect form's optional settings (JSON); a message when they are not a JSON object."""
    from generators.model import DesignInputError
    from generators.model.loading import parse_json

    text = text.strip()
    if not text:
        return {}
    try:
        value = parse_json(text.encode())
    except DesignInputError as exc:
        return f"Settings: not valid JSON ({exc})"
    if not isinstance(value, dict):
        return "Settings: a JSON object is expected, e.g. {\"batch_size\": 10}"
    return value


def suggested_settings(design: Design, source: str, target: str, kind: str) -> str:
    """Settings a connection of this pair needs to be valid, prefilled in the connect form (JSON)."""
    import json

    names = {c.name: c for c in design.components}
    if kind == "routes":
        return json.dumps({"method": "ANY", "path": f"/{target}"})
    if kind == "triggers" and source in names and names[source].kind == "event_bus":
        return json.dumps({"event_pattern": {"detail-type": [f"{target}.requested"]}})
    return ""


def connect_choice_of(draft: Draft, data: Any) -> dict[str, Any] | None:
    workspace = workspace_for(convert.recipe_of_draft(draft), requests_per_month=draft.requests_per_month)
    if workspace.design is None:
        return None
    choice = connect_choice(workspace.design, str(data.get("source", "")), str(data.get("target", "")))
    for kind in choice["kinds"]:
        kind["settings"] = suggested_settings(workspace.design, choice["source"], choice["target"], kind["kind"])
    return choice


def removal(design: Design | None, name: str) -> dict[str, Any] | None:
    """What removing `name` takes along (its connections), for the confirmation."""
    if design is None or not name or name not in {c.name for c in design.components}:
        return None
    return {"name": name, "connections": [f"{c.source} -{c.kind}-> {c.target}" for c in design.connections
                                          if name in (c.source, c.target)]}


def auth_follows(draft: Draft, operation: dict[str, Any], *, connect: bool) -> list[dict[str, Any]]:
    """Connecting an authorizer to an API sets the API's auth to match (jwt for a user pool, lambda for a
    function); disconnecting it sets auth back to none. One edit, so the design is never left half done."""
    if operation.get("kind") != "authorizes":
        return []
    workspace = workspace_for(convert.recipe_of_draft(draft), requests_per_month=draft.requests_per_month)
    names = {c.name: c for c in workspace.design.components} if workspace.design else {}
    source, target = names.get(operation.get("source", "")), names.get(operation.get("target", ""))
    if source is None or target is None or target.kind not in ("http_api", "rest_api"):
        return []
    auth = ({"user_pool": "jwt", "function": "lambda"}.get(source.kind) if connect else "none")
    return [{"op": "update_component", "name": target.name, "settings": {"auth": auth}}] if auth else []
