"""What templates show, prepared from engine values: cards, steps, panels, file tree and previews.

No decisions live here (services decide); only formatting and the forms' wiring for components."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import TextLexer, get_lexer_for_filename
from pygments.util import ClassNotFound

from apps.designs import forms
from apps.designs.models import Draft
from apps.designs.workspace import Workspace
from generators.blueprints import BLUEPRINTS, ProjectOptions
from generators.model import Component, Design, Triggers
from generators.model.components import LOG_RETENTION_DAYS
from generators.model.connections import SETTINGS_BY_SOURCE
from generators.model.design import REGIONS, default_environments
from generators.renderers.diagram_svg import KIND_LABEL, draw, key_settings

PREVIEW_LIMIT = 200_000  # bytes shown highlighted; larger files are cut with a note
STEPS = (("type", "Project type"), ("options", "Options"), ("project", "Project settings"),
         ("compose", "Compose"), ("components", "Components"), ("review", "Review and download"))


@lru_cache(maxsize=1)
def type_cards() -> tuple[dict[str, Any], ...]:
    cards = []
    for name, blueprint in BLUEPRINTS.items():
        design = blueprint.build(ProjectOptions(name="example"), {})
        cards.append({"name": name, "title": blueprint.title, "summary": blueprint.summary,
                      "diagram": mark_safe(draw(design, compact=True, title=f"{blueprint.title}: default design"))})
    cards.append({"name": "blank", "title": "Blank design", "diagram": "",
                  "summary": "Start from nothing: add any component from the palette and connect them yourself."})
    return tuple(cards)


def steps(draft: Draft) -> list[dict[str, Any]]:
    urls = {"type": reverse("wizard-start"), "options": reverse("wizard-options", args=[draft.pk]),
            "project": reverse("wizard-project", args=[draft.pk]),
            "compose": reverse("wizard-compose", args=[draft.pk]),
            "components": reverse("wizard-components", args=[draft.pk]),
            "review": reverse("wizard-review", args=[draft.pk])}
    return [{"key": key, "title": title, "url": urls[key], "number": i + 1} for i, (key, title) in enumerate(STEPS)
            if key != "options" or draft.blueprint]


def panels(draft: Draft, workspace: Workspace, step: str) -> dict[str, Any]:
    design = workspace.design

    def node_link(component: Component) -> Mapping[str, str]:
        url = reverse("wizard-component", args=[draft.pk, component.name])
        return {"href": url, "hx-get": url, "hx-target": "#component-editor", "hx-swap": "outerHTML"}

    estimate = workspace.estimate
    return {
        "diagram": mark_safe(workspace.diagram(node_link)) if design else "",
        "findings": [_finding(f) for f in workspace.findings],
        "counts": workspace.counts,
        "cost": _cost(estimate) if estimate else None,
        "requests_per_month": draft.requests_per_month,
        "stale": workspace.stale,
        "problems": workspace.problems,
        # a callable: templates call it only where they show it (it renders the whole project)
        "unsupported": (lambda: workspace.unsupported) if design else None,
        "step": step,
        "here": reverse(f"wizard-{step}", args=[draft.pk]) if step != "type" else reverse("wizard-start"),
    }


def _finding(finding: Any) -> dict[str, Any]:
    return {"rule": finding.rule, "severity": finding.severity, "title": finding.title, "message": finding.message,
            "hint": finding.hint, "component": finding.component, "path": finding.path,
            "fix": finding.fix.description if finding.fix else None, "silenced": finding.silenced,
            "saving": finding.saving_usd_month, "source": finding.source}


def _cost(estimate: Any) -> dict[str, Any]:
    return {"total": estimate.total_usd,
            "components": [{"name": c.name, "kind": KIND_LABEL.get(c.kind, c.kind), "usd": c.usd,
                            "lines": [{"item": line.item, "formula": line.formula, "usd": line.usd}
                                      for line in c.lines]} for c in estimate.components],
            "credits": [{"item": line.item, "usd": line.usd} for line in estimate.credits],
            "notes": estimate.notes, "requests": estimate.traffic.requests_per_month}


# ---------------------------------------------------------------- project settings (step 3)


def project_specs() -> tuple[forms.Spec, ...]:
    return forms.specs_for(ProjectOptions, choices={"region": REGIONS,
                                                    "log_retention_days": (0, *LOG_RETENTION_DAYS)})


def project_values(draft: Draft) -> dict[str, Any]:
    return {"environments": [e.model_dump() for e in default_environments()], **draft.project}


# ---------------------------------------------------------------- component settings


SKIPPED_FIELDS = frozenset({"name", "kind", "workload", "steps", "partition_key", "sort_key", "query_language"})
# Trigger settings that are JSON patterns (EventBridge event pattern, SNS filter policy, ESM filter criteria): the
# component editor leaves them to the design file; the compose page's connect form takes them as JSON text.
TRIGGER_PATTERN_FIELDS = ("event_pattern", "filter_policy", "filter_patterns")
UNEDITABLE_TRIGGER_FIELDS = frozenset(TRIGGER_PATTERN_FIELDS)


@dataclass
class ComponentEditor:
    """The settings form of one component plus one form per trigger that reaches it (batch size, ...)."""

    component: Component
    form: forms.Form
    triggers: list[dict[str, Any]] = field(default_factory=list)
    summary: str = ""

    @classmethod
    def of(cls, design: Design, name: str) -> ComponentEditor | None:
        component = next((c for c in design.components if c.name == name), None)
        if component is None:
            return None
        specs = forms.specs_for(type(component), skip=SKIPPED_FIELDS)
        editor = cls(component, forms.bind(specs, component.model_dump(mode="json")),
                     summary=f"{KIND_LABEL[component.kind]} · {key_settings(component)}")
        for connection in design.connections:
            if isinstance(connection, Triggers) and connection.target == name:
                source = design.component(connection.source)
                allowed = SETTINGS_BY_SOURCE[source.kind] - UNEDITABLE_TRIGGER_FIELDS
                if not allowed:
                    continue
                conn_specs = forms.specs_for(Triggers, only=allowed)
                key = f"triggers|{connection.source}|{connection.target}"
                editor.triggers.append({
                    "key": key, "source": connection.source, "source_kind": KIND_LABEL[source.kind],
                    "form": forms.bind(conn_specs, connection.model_dump(mode="json"), prefix="c-"),
                    "current": connection.model_dump(mode="json"),
                })
        return editor

    def clean(self, data: Any) -> tuple[dict[str, Any] | None, list[tuple[str, str]]]:
        """The edit the posted form asks for (only the values that changed), or the problems found."""
        target = data.get("_connection", "")
        if target:
            trigger = next((t for t in self.triggers if t["key"] == target), None)
            if trigger is None:
                raise Http404("no such connection")
            form = trigger["form"]
            cleaned = forms.clean(form.specs, data, prefix="c-")
            trigger["form"] = rebound = forms.bind(form.specs, cleaned.values, prefix="c-")
            rebound.add_problems(cleaned.problems)
            kind, source, dest = target.split("|")
            values = forms.changed_values(cleaned.values, trigger["current"])
            return ({"op": "set_connection", "kind": kind, "source": source, "target": dest, "values": values},
                    cleaned.problems)
        cleaned = forms.clean(self.form.specs, data)
        current = self.component.model_dump(mode="json")
        self.form = forms.bind(self.form.specs, cleaned.values)
        self.form.add_problems(cleaned.problems)
        values = forms.changed_values(cleaned.values, current)
        return {"op": "set", "component": self.component.name, "values": values}, cleaned.problems

    def show_problems(self, problems: list[tuple[str, str]]) -> None:
        forms_with_prefix = [self.form] + [t["form"] for t in self.triggers]
        for form in forms_with_prefix:
            if any(form.all_errors()):
                return  # the cleaning problems are on the form already
        self.form.add_problems([(_component_path(path), message) for path, message in problems])


def _component_path(path: str) -> str:
    """`components[2] (processor).memory_mb` -> `memory_mb`: engine paths point into the whole design."""
    _, dot, rest = path.partition(").")
    return rest if dot and path.startswith("components[") else path


# ---------------------------------------------------------------- files and previews


def file_list(workspace: Workspace) -> list[dict[str, Any]]:
    tree = workspace.tree
    if tree is None:
        return []
    return [{"path": path, "depth": path.count("/"), "name": path.rsplit("/", 1)[-1],
             "folder": path.rsplit("/", 1)[0] if "/" in path else "", "size": len(tree[path].content)}
            for path in tree]


def first_file(workspace: Workspace) -> str | None:
    tree = workspace.tree
    if tree is None:
        return None
    for candidate in ("template.yaml", "README.md"):
        if candidate in tree:
            return candidate
    return next(iter(tree), None)


_FORMATTER = HtmlFormatter(linenos="table", cssclass="highlight", wrapcode=True)


@lru_cache(maxsize=512)
def _highlight(path: str, text: str) -> str:
    try:
        lexer = get_lexer_for_filename(path, stripnl=False)
    except ClassNotFound:
        lexer = TextLexer(stripnl=False)
    return highlight(text, lexer, _FORMATTER)


def preview(workspace: Workspace, path: str | None) -> dict[str, Any] | None:
    tree = workspace.tree
    if tree is None or path is None or path not in tree:
        return None
    content = tree[path].content
    try:
        text = content[:PREVIEW_LIMIT].decode("utf-8")
    except UnicodeDecodeError:
        return {"path": path, "html": SafeString(""), "note": "binary file: download the zip to see it"}
    note = f"showing the first {PREVIEW_LIMIT:,} bytes of {len(content):,}" if len(content) > PREVIEW_LIMIT else ""
    return {"path": path, "html": mark_safe(_highlight(path, text)), "note": note,
            "ownership": tree[path].ownership}


def zip_response(workspace: Workspace) -> HttpResponse:
    data = workspace.zip_bytes
    if data is None or workspace.design is None:
        raise Http404(workspace.unsupported or "the design is not valid yet")
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{workspace.design.project.name}.zip"'
    return response


def default_name(draft: Draft, workspace: Workspace) -> str:
    if draft.design is not None:
        return draft.design.name
    return workspace.design.project.name if workspace.design else str(draft.project.get("name", ""))
