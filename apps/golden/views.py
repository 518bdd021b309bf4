"""Golden path pages: the list, publishing (admins), a path's page with its versions and the designs still on an
older version, starting a design from it (editors; the wizard's first step links here), and a design's upgrade
page (graph and file diff, conflicts resolved in the page). Thin: parse, call the services, render."""

from __future__ import annotations

from typing import Any

import yaml
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from apps.designs import forms
from apps.designs import selectors as design_selectors
from apps.designs import services as design_services
from apps.designs.models import Design
from apps.designs.services import NotAllowed as DesignNotAllowed
from apps.golden import selectors, services
from apps.golden.models import GoldenPath, GoldenPathVersion
from apps.teams.permissions import Action, membership_can, membership_of
from apps.teams.web import current_membership, refusals_as_403
from generators.golden import options_model
from generators.model import DesignInputError
from generators.model.loading import parse_document
from generators.options_info import describe_options


def _refusals(view: Any) -> Any:
    wrapped = refusals_as_403(view)

    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return wrapped(request, *args, **kwargs)
        except DesignNotAllowed as refused:
            raise PermissionDenied(str(refused)) from refused

    wrapper.__name__ = view.__name__
    return wrapper


@require_safe
@_refusals
def golden_list(request: HttpRequest) -> HttpResponse:
    membership = current_membership(request)
    rows = [{"path": g, "latest": g.latest} for g in selectors.golden_paths_visible(membership=membership)]
    return render(request, "golden/list.html", {
        "rows": rows, "can_publish": membership_can(membership=membership, action=Action.PUBLISH_GOLDEN)})


def _yaml_list(raw: str, field: str, problems: list[str]) -> list[Any]:
    if not raw.strip():
        return []
    try:
        value = parse_document(raw)
    except DesignInputError as exc:
        problems.extend(f"{field}: {m}" for _, m in exc.problems)
        return []
    if not isinstance(value, list):
        problems.append(f"{field}: a YAML list is expected (one item per parameter or lock)")
        return []
    return value


def _publish_form(request: HttpRequest, membership: Any, golden: GoldenPath | None) -> tuple[dict[str, Any],
                                                                                             list[str]]:
    post = request.POST
    problems: list[str] = []
    values = {k: post.get(k, "") for k in ("design", "slug", "title", "description", "scope", "parameters",
                                           "locked", "notes")}
    design = Design.objects.filter(team_id=membership.team_id, pk=values["design"]).first() \
        if values["design"].isdigit() else None
    if design is None:
        problems.append("design: choose one of your team's saved designs")
    parameters = _yaml_list(values["parameters"], "parameters", problems)
    locked = _yaml_list(values["locked"], "locked", problems)
    return {"values": values, "design": design, "parameters": parameters, "locked": locked}, problems


def _latest_text(golden: GoldenPath | None) -> dict[str, str]:
    version = golden.latest if golden else None
    if version is None:
        return {"parameters": "", "locked": "", "scope": "team"}
    def dump(value: Any) -> str:
        return yaml.safe_dump(value, sort_keys=False, allow_unicode=True, default_flow_style=False)

    return {"parameters": dump(version.document.get("parameters", [])),
            "locked": dump(version.document.get("locked", [])),
            "design": str(version.source_design_id or ""), "title": golden.title if golden else "",
            "description": golden.description if golden else "", "scope": golden.scope if golden else "team"}


@require_http_methods(["GET", "POST"])
@_refusals
def golden_publish(request: HttpRequest) -> HttpResponse:
    membership = current_membership(request)
    if not membership_can(membership=membership, action=Action.PUBLISH_GOLDEN):
        raise PermissionDenied("publishing a golden path needs the admin role")
    problems: list[str] = []
    values: dict[str, str] = {"scope": "team", "design": request.GET.get("design", "")}
    if request.method == "POST":
        form, problems = _publish_form(request, membership, None)
        values = form["values"]
        if not problems:
            try:
                version = services.golden_path_publish(
                    membership=membership, design=form["design"], slug=values["slug"].strip(),
                    title=values["title"].strip(), description=values["description"].strip(),
                    scope=values["scope"], parameters=form["parameters"], locked=form["locked"],
                    notes=values["notes"])
            except services.GoldenError as error:
                problems = [f"{p}: {m}" if p else m for p, m in error.problems]
            else:
                messages.success(request, f"Published {version.golden_path.title} v1.")
                return redirect("golden-detail", pk=version.golden_path_id)
    return render(request, "golden/publish.html", {
        "values": values, "problems": problems, "designs": Design.objects.filter(team_id=membership.team_id),
        "scopes": GoldenPath.Scope.choices}, status=422 if problems else 200)


@require_http_methods(["GET", "POST"])
@_refusals
def golden_detail(request: HttpRequest, pk: int) -> HttpResponse:
    membership = current_membership(request)
    golden = selectors.golden_path_get(membership=membership, pk=pk)
    can_publish = golden.team_id == membership.team_id and membership_can(membership=membership,
                                                                           action=Action.PUBLISH_GOLDEN)
    problems: list[str] = []
    values = _latest_text(golden)
    if request.method == "POST":  # a new version
        if not can_publish:
            raise PermissionDenied("publishing a new version needs the admin role in the team that publishes it")
        form, problems = _publish_form(request, membership, golden)
        values = form["values"]
        if not problems:
            try:
                version = services.golden_path_version_publish(
                    membership=membership, golden_path=golden, design=form["design"],
                    parameters=form["parameters"], locked=form["locked"], notes=values["notes"])
            except services.GoldenError as error:
                problems = [f"{p}: {m}" if p else m for p, m in error.problems]
            else:
                messages.success(request, f"Published {golden.title} v{version.number}.")
                return redirect("golden-detail", pk=golden.pk)
    latest = golden.latest
    document = selectors.version_document(latest) if latest else None
    return render(request, "golden/detail.html", {
        "golden": golden, "latest": latest, "versions": golden.versions.select_related("published_by"),
        "options": describe_options(options_model(document)) if document else [],
        "locked": document.locked if document else [], "can_publish": can_publish,
        "can_use": membership_can(membership=membership, action=Action.EDIT),
        "outdated": services.golden_outdated(membership=membership, golden_path=golden),
        "designs": Design.objects.filter(team_id=membership.team_id), "values": values, "problems": problems,
    }, status=422 if problems else 200)


@require_safe
@_refusals
def golden_export(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """The version's document as a YAML file for `python -m generators new --path FILE`."""
    membership = current_membership(request)
    golden = selectors.golden_path_get(membership=membership, pk=pk)
    version = get_object_or_404(GoldenPathVersion, golden_path=golden, number=number)
    text = yaml.safe_dump(version.document, sort_keys=False, allow_unicode=True)
    response = HttpResponse(text, content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{golden.slug}-v{number}.yaml"'
    return response


@require_http_methods(["GET", "POST"])
@_refusals
def golden_use(request: HttpRequest, pk: int) -> HttpResponse:
    membership = current_membership(request)
    golden = selectors.golden_path_get(membership=membership, pk=pk)
    latest = golden.latest
    if latest is None:
        raise PermissionDenied("this golden path has no published version")
    document = selectors.version_document(latest)
    specs = forms.specs_for(options_model(document))
    name = ""
    problems: list[str] = []
    if request.method == "POST":
        name = request.POST.get("name", "").strip()
        cleaned = forms.clean(specs, request.POST)
        form = forms.bind(specs, cleaned.values)
        form.add_problems(cleaned.problems)
        if not cleaned.problems:
            saved = services.golden_path_use(membership=membership, golden_path=golden, name=name,
                                             values=cleaned.values)
            if saved.design is not None:
                messages.success(request, f"Created {saved.design.name} from {golden.title} v{latest.number}; "
                                          "continue with its components.")
                draft = design_services.design_open(membership=membership, design=saved.design)
                return redirect("wizard-components", pk=draft.pk)  # on in the wizard, like a project type
            form.add_problems([(p.removeprefix("parameters."), m) for p, m in saved.problems
                               if p.startswith("parameters.")])
            problems = [f"{p}: {m}" if p else m for p, m in saved.problems if not p.startswith("parameters.")]
    else:
        form = forms.bind(specs, {})
    return render(request, "golden/use.html", {"golden": golden, "latest": latest, "form": form, "name": name,
                                               "problems": problems, "locked": document.locked},
                  status=422 if problems or not form.is_valid else 200)


@require_http_methods(["GET", "POST"])
@_refusals
def golden_upgrade(request: HttpRequest, pk: int) -> HttpResponse:
    design = design_selectors.design_get(user=request.user, pk=pk)
    membership = membership_of(user=request.user, team_id=design.team_id)
    if membership is None:
        raise PermissionDenied("not a member of this design's team")
    data = request.POST if request.method == "POST" else request.GET
    resolutions = {key.removeprefix("resolve:"): value for key, value in data.items() if key.startswith("resolve:")}
    problems: list[str] = []
    if request.method == "POST":
        old = design.current_revision
        saved = services.golden_upgrade_apply(membership=membership, design=design, resolutions=resolutions,
                                              message=request.POST.get("message", ""))
        if saved.revision is not None and old is not None:
            messages.success(request, f"Upgraded {design.name}: revision {saved.revision.number}. Download the "
                                      "patch below to bring your generated project up to date.")
            return redirect(reverse("design-compare", args=[design.pk]) + f"?from={old.number}"
                                                                          f"&to={saved.revision.number}")
        problems = [f"{p}: {m}" if p else m for p, m in saved.problems]
    try:
        upgrade = services.golden_upgrade_preview(membership=membership, design=design, resolutions=resolutions)
    except services.GoldenError as error:
        return render(request, "golden/upgrade.html", {"design": design, "problems": [str(error)]}, status=422)
    old_svg = new_svg = ""
    if upgrade.graph is not None:
        old_marks, new_marks = upgrade.graph.marks()
        if upgrade.current is not None:
            old_svg = upgrade.current.diagram(lambda c: {"data-diff": old_marks[c.name]} if c.name in old_marks
                                              else {})
        if upgrade.upgraded is not None:
            new_svg = upgrade.upgraded.diagram(lambda c: {"data-diff": new_marks[c.name]} if c.name in new_marks
                                               else {})
    return render(request, "golden/upgrade.html", {
        "design": design, "upgrade": upgrade, "g": upgrade.graph, "problems": problems,
        "conflicts": [c.as_dict() for c in upgrade.merge.conflicts], "old_svg": old_svg, "new_svg": new_svg,
        "can_edit": membership_can(membership=membership, action=Action.EDIT),
        "same": upgrade.source.version_id == upgrade.target.pk}, status=422 if problems else 200)
