"""The compose step (issue 12): what its page shows — the palette of every catalog kind, the add form with the
kind's defaults, the components with their connections, the connect chooser, the undo list and the change
summary of the last edit. Decisions stay in the engine (generators.editing) and the services."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, get_args

from apps.designs import convert, forms
from apps.designs.models import Draft
from apps.designs.presenters import SKIPPED_FIELDS, TRIGGER_PATTERN_FIELDS, UNEDITABLE_TRIGGER_FIELDS
from apps.designs.recipe import describe_edit
from apps.designs.workspace import Workspace, workspace_for
from apps.history.graphdiff import GraphDiff, graph_diff
from generators.catalog import COMPONENTS, CONNECTIONS
from generators.editing import allowed_connection_kinds
from generators.editing.summary import ChangeSummary, summarize
from generators.model import Component, Connection, Design
from generators.model.connections import SETTINGS_BY_SOURCE

SETTINGS_PREFIX = "s-"


def _by_kind(annotated_union: Any) -> dict[str, Any]:
    """The model classes of a discriminated union (Component, Connection) by their `kind`."""
    return {model.model_fields["kind"].default: model for model in get_args(get_args(annotated_union)[0])}


@lru_cache(maxsize=1)
def _models() -> dict[str, Any]:
    return _by_kind(Component)


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


_NOT_SETTINGS = frozenset({"source", "target", "kind"})


@lru_cache(maxsize=1)
def _connection_models() -> dict[str, Any]:
    return _by_kind(Connection)


@lru_cache(maxsize=64)
def connection_specs(kind: str, source_kind: str) -> tuple[tuple[forms.Spec, ...], tuple[str, ...]]:
    """The typed fields and the JSON pattern fields a connection of `kind` from a `source_kind` may set."""
    model = _connection_models().get(kind)
    if model is None:
        return (), ()
    if kind == "triggers":
        allowed = SETTINGS_BY_SOURCE.get(source_kind, frozenset())
        return (forms.specs_for(model, only=allowed - UNEDITABLE_TRIGGER_FIELDS),
                tuple(f for f in TRIGGER_PATTERN_FIELDS if f in allowed))
    return forms.specs_for(model, skip=_NOT_SETTINGS), ()


def _prefix(kind: str) -> str:
    return f"k-{kind}-"  # one connect form per offered kind on the page: ids stay unique


@dataclass
class ConnectForm:
    """A connect form as posted: the settings that differ from the defaults, the typed values and pattern texts as
    posted (to show them again), and the problems (field, message) of fields that could not be read."""

    settings: dict[str, Any]
    values: dict[str, Any]
    texts: dict[str, str]
    problems: list[tuple[str, str]]


def clean_connect(kind: str, source_kind: str, data: Any) -> ConnectForm:
    """Read a posted connect form of `kind` from a `source_kind`."""
    from generators.model import DesignInputError
    from generators.model.loading import parse_json

    specs, patterns = connection_specs(kind, source_kind)
    cleaned = forms.clean(specs, data, prefix=_prefix(kind))
    settings = forms.changed_values({k: v for k, v in cleaned.values.items() if v is not None},
                                    {spec.name: spec.default for spec in specs})
    problems = list(cleaned.problems)
    texts: dict[str, str] = {}
    for name in patterns:
        text = texts[name] = str(data.get(f"{_prefix(kind)}{name}", "")).strip()
        if not text:
            continue
        try:
            value = parse_json(text.encode())
        except DesignInputError as exc:
            problems.append((name, f"not valid JSON ({exc})"))
            continue
        wanted = list if name == "filter_patterns" else dict
        if not isinstance(value, wanted):
            problems.append((name, "a JSON list of patterns is expected, e.g. [{\"body\": {\"type\": [\"order\"]}}]"
                             if wanted is list else "a JSON object is expected, e.g. {\"detail-type\": [\"x\"]}"))
            continue
        settings[name] = value
    return ConnectForm(settings, cleaned.values, texts, problems)


def connect_settings(draft: Draft, data: Any) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The settings of a posted connect form, or the problems of its fields (unknown pairs: the engine says)."""
    workspace = workspace_for(convert.recipe_of_draft(draft), requests_per_month=draft.requests_per_month)
    names = {c.name: c for c in workspace.design.components} if workspace.design else {}
    source = names.get(str(data.get("source", "")))
    if source is None:
        return {}, []
    posted = clean_connect(str(data.get("kind", "")), source.kind, data)
    return posted.settings, posted.problems


def suggested_settings(design: Design, source: str, target: str, kind: str) -> dict[str, Any]:
    """Settings a connection of this pair needs to be valid, prefilled in the connect form."""
    names = {c.name: c for c in design.components}
    if kind == "routes":
        return {"method": "ANY", "path": f"/{target}"}
    if kind == "triggers" and source in names and names[source].kind == "event_bus":
        return {"event_pattern": {"detail-type": [f"{target}.requested"]}}
    return {}


def connect_choice_of(draft: Draft, data: Any) -> dict[str, Any] | None:
    """The connect chooser for the pair in `data`: one form per allowed kind, prefilled; after a refused POST the
    posted kind's form shows what was posted, with its problems on the fields."""
    import json

    workspace = workspace_for(convert.recipe_of_draft(draft), requests_per_month=draft.requests_per_month)
    if workspace.design is None:
        return None
    design = workspace.design
    choice = connect_choice(design, str(data.get("source", "")), str(data.get("target", "")))
    if not choice["kinds"]:
        return choice
    source_kind = design.component(choice["source"]).kind
    posted_kind = data.get("kind", "") if data.get("action") == "connect" else ""
    for offered in choice["kinds"]:
        kind = offered["kind"]
        specs, patterns = connection_specs(kind, source_kind)
        if kind == posted_kind:
            posted = clean_connect(kind, source_kind, data)
            values, texts, problems = posted.values, posted.texts, posted.problems
        else:
            suggested = suggested_settings(design, choice["source"], choice["target"], kind)
            values, problems = suggested, []
            texts = {name: json.dumps(suggested[name]) for name in patterns if name in suggested}
        offered["form"] = forms.bind(specs, values, prefix=_prefix(kind))
        offered["form"].add_problems([p for p in problems if p[0] not in patterns])
        offered["patterns"] = [
            {"name": name, "key": f"{_prefix(kind)}{name}", "label": forms.label_of(name), "value": texts.get(name, ""),
             "errors": [message for field_, message in problems if field_ == name]} for name in patterns]
        offered["open"] = bool(problems)
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
