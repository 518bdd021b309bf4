"""The compose step's view (`/drafts/<pk>/compose`): add, connect, rename, remove, disconnect, undo and redo.
Each POST applies typed edit operations through apps.designs.editing; an htmx request gets the compose area
back with the diagram, findings and cost swapped out of band. A refused edit is shown next to its control,
with what was typed kept."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from apps.designs import compose, editing, forms, selectors
from apps.designs.models import Draft
from apps.designs.views import _allowed, _membership, _respond, _wizard_context
from generators.catalog import COMPONENTS

Problems = list[tuple[str, str]]
REDO_LIMIT = 50


def _words(problems: Problems) -> list[str]:
    """Engine paths (`edits[0].settings.delay_s`) as the form labels them (`Delay s: …`)."""
    out = []
    for path, message in problems:
        _, _, rest = path.partition("]")
        rest = rest.lstrip(".")
        if rest.startswith("settings."):
            out.append(f"{forms.label_of(rest.removeprefix('settings.').split('.')[0])}: {message}")
        else:
            out.append(message)
    return out


def _redo_key(draft: Draft) -> str:
    return f"compose-redo-{draft.pk}"


def _ops(request: HttpRequest, draft: Draft, action: str) -> tuple[list[dict[str, Any]], str, Any]:
    """The edit operations a posted form asks for, the control it came from, and the add form when adding."""
    post = request.POST
    if action == "add":
        kind = post.get("kind", "")
        if kind not in COMPONENTS:
            return [{"op": "add_component", "kind": kind, "name": post.get("name", "")}], "add", None
        add, settings, problems = compose.clean_add(kind, post)
        if problems:
            add.errors = ["check the settings marked below"]
            return [], "add", add
        ops: list[dict[str, Any]] = [{"op": "add_component", "kind": kind, "name": add.name, "settings": settings}]
        if kind == "function_url":
            ops.append({"op": "connect", "kind": "routes", "source": add.name, "target": post.get("route_to", "")})
        return ops, "add", add
    if action == "connect":
        settings, problems = compose.connect_settings(draft, post)
        if problems:
            return [], "connect", "check the settings marked below"
        ops = [{"op": "connect", "kind": post.get("kind", ""), "source": post.get("source", ""),
                "target": post.get("target", ""), "settings": settings}]
        return [*ops, *compose.auth_follows(draft, ops[0], connect=True)], "connect", None
    if action == "rename":
        return [{"op": "rename_component", "name": post.get("name", ""),
                 "new_name": post.get("new_name", "").strip()}], f"rename-{post.get('name', '')}", None
    if action == "remove":
        return [{"op": "remove_component", "name": post.get("name", "")}], f"remove-{post.get('name', '')}", None
    if action == "disconnect":
        key = f"disconnect-{post.get('kind', '')}-{post.get('source', '')}-{post.get('target', '')}"
        ops = [{"op": "disconnect", "kind": post.get("kind", ""), "source": post.get("source", ""),
                "target": post.get("target", "")}]
        return [*ops, *compose.auth_follows(draft, ops[0], connect=False)], key, None
    return [], "", None


@require_http_methods(["GET", "POST"])
@_allowed
def wizard_compose(request: HttpRequest, pk: str) -> HttpResponse:
    draft = selectors.draft_get(user=request.user, pk=pk)
    errors: dict[str, list[str]] = {}
    add_form: compose.AddForm | None = None
    choice: dict[str, Any] | None = None
    if request.method == "POST":
        membership = _membership(request, draft.team_id)
        action = request.POST.get("action", "")
        redo: list[dict[str, Any]] = request.session.get(_redo_key(draft), [])
        if action == "undo":
            undone = editing.draft_undo(membership=membership, draft=draft)
            if undone is None:
                errors["history"] = ["nothing to undo here: undo takes back the edits made on this step"
                                     if draft.edits else "nothing to undo"]
            else:
                request.session[_redo_key(draft)] = [*redo, undone][-REDO_LIMIT:]
                messages.success(request, f"Undone: {compose.describe(undone)}.")
        elif action == "redo":
            if not redo:
                errors["history"] = ["nothing to redo"]
            else:
                outcome = editing.draft_redo(membership=membership, draft=draft, edit=redo[-1])
                if outcome.ok:
                    request.session[_redo_key(draft)] = redo[:-1]
                    messages.success(request, f"Redone: {compose.describe(redo[-1])}.")
                else:
                    errors["history"] = _words(outcome.problems)
        else:
            ops, control, extra = _ops(request, draft, action)
            if isinstance(extra, compose.AddForm):
                add_form = extra
            if isinstance(extra, str):
                errors[control] = [extra]
            elif add_form is not None and add_form.errors:
                errors[control] = add_form.errors
            elif not ops:
                errors["compose"] = [f"unknown action {action!r}"]
            else:
                outcome = editing.draft_apply_edits(membership=membership, draft=draft, edits=ops)
                if outcome.ok:
                    request.session[_redo_key(draft)] = []
                    add_form = None
                    messages.success(request, f"Done: {compose.describe({'edits': ops})}.")
                else:
                    errors[control] = _words(outcome.problems)
                    if add_form is not None:  # mark the field itself too
                        add_form.form.add_problems([(p.partition(".settings.")[2], m) for p, m in outcome.problems
                                                    if ".settings." in p])
        if action == "connect" and errors.get("connect"):  # the chooser again, with what was posted
            choice = compose.connect_choice_of(draft, request.POST)
        if not request.htmx and not errors:
            return redirect("wizard-compose", pk=draft.pk)
    else:
        kind = request.GET.get("add", "")
        if kind in COMPONENTS:
            add_form = compose.AddForm.blank(kind)
        if request.GET.get("source") and request.GET.get("target"):
            choice = compose.connect_choice_of(draft, request.GET)
    context = _wizard_context(request, draft, "compose", oob=request.method == "POST")
    workspace = context["workspace"]
    nodes = compose.nodes(workspace.design)
    for node in nodes:
        node["errors"] = [*errors.get(f"rename-{node['name']}", []), *errors.get(f"remove-{node['name']}", []),
                          *(e for c in node["outgoing"]
                            for e in errors.get(f"disconnect-{c['kind']}-{c['source']}-{c['target']}", []))]
    context.update({
        "palette": compose.palette(), "add_form": add_form, "choice": choice, "errors": errors,
        "nodes": nodes, "history": compose.history(draft),
        "can_redo": bool(request.session.get(_redo_key(draft))),
        "change": compose.last_change(draft, workspace),
        "graph_change": compose.last_graph_change(draft, workspace),
        "picking": request.GET.get("source", "") if not request.GET.get("target") else "",
        "removing": compose.removal(workspace.design, request.GET.get("remove", "")),
        "functions": [c.name for c in workspace.design.components if c.kind == "function"]
        if workspace.design else [],
        "compose_url": reverse("wizard-compose", args=[draft.pk]),
    })
    status = 422 if errors and request.method == "POST" and not request.htmx else 200
    return _respond(request, "designs/compose.html", context, partial="compose-area", status=status)
