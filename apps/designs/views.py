"""Wizard and design views: thin. They clean input with forms, call services, and render a page — or, for an
htmx request, only the named partial that changed (plus out-of-band panels)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import HttpResponseLocation, push_url

from apps.designs import forms, presenters, selectors, services
from apps.designs.models import Draft
from apps.golden.selectors import golden_paths_visible, golden_source_of
from apps.history import services as history_services
from apps.policies.services import PolicyViolation
from apps.teams.models import Membership
from apps.teams.permissions import Action, membership_can, membership_of
from generators.blueprints import BLUEPRINTS
from generators.model import DesignInputError
from generators.model.messages import shown


def _membership(request: HttpRequest, team_id: int | None = None) -> Membership:
    if team_id is not None:
        return selectors.membership_in(user=request.user, team_id=team_id)
    membership = request.membership
    if not membership:
        raise PermissionDenied("You are not a member of any team yet; ask a team admin to add you.")
    return membership


def _respond(request: HttpRequest, template: str, context: dict[str, Any], partial: str | None = None,
             status: int = 200) -> HttpResponse:
    """The page, or only `partial` for an htmx request that is not a boosted navigation."""
    htmx = request.htmx
    # Only the element the request targets is re-rendered (its id is the partial's name); boosted navigation,
    # HX-Location and plain requests get the whole page.
    fragment = bool(partial and htmx and htmx.target == partial)
    context["fragment"] = fragment
    response = render(request, f"{template}#{partial}" if fragment else template, context, status=status)
    if request.htmx and request.htmx.boosted and request.method == "GET":
        push_url(response, request.get_full_path())
    return response


def _local_path(request: HttpRequest, url: str) -> bool:
    """A path on this site (`/drafts/…`): anything else a client sends (another host, a bare word that
    `redirect()` would take for a view name) is not followed."""
    return url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()})


def _go(request: HttpRequest, url: str) -> HttpResponse:
    """Go to another page: a redirect, or for htmx an HX-Location (swap the body, push the URL, no reload)."""
    if not _local_path(request, url):
        url = reverse("design-list")
    if request.htmx:
        return HttpResponseLocation(url, target="body", swap="innerHTML")
    return redirect(url)


def _allowed(func: Any) -> Any:
    """Turn a role refusal from a service into a 403 page; a POST on a draft needs an editor up front (before
    any cleaning), so a viewer is told "not allowed" rather than shown form errors."""

    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            if request.method == "POST" and "pk" in kwargs and func.__name__.startswith("wizard_"):
                draft = selectors.draft_get(user=request.user, pk=kwargs["pk"])
                services.membership_require_editor(membership=_membership(request, draft.team_id))
            return func(request, *args, **kwargs)
        except services.NotAllowed as exc:
            raise PermissionDenied(str(exc)) from exc

    wrapper.__name__ = func.__name__
    wrapper.__doc__ = func.__doc__
    return wrapper


# ---------------------------------------------------------------- step 1: project type


@require_http_methods(["GET", "POST"])
@_allowed
def wizard_start(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    if request.method == "POST":
        blueprint = request.POST.get("blueprint", "")
        try:
            draft = services.draft_start(membership=membership, blueprint=blueprint)
        except DesignInputError as exc:
            messages.error(request, "; ".join(f"{p}: {m}" for p, m in exc.problems))
            return redirect("wizard-start")
        return redirect("wizard-options" if draft.blueprint else "wizard-compose", pk=draft.pk)
    golden = [{"path": g, "latest": g.latest} for g in golden_paths_visible(membership=membership)]
    return _respond(request, "designs/start.html", {"cards": presenters.type_cards(), "step": "type",
                                                    "golden_paths": [g for g in golden if g["latest"]]})


# ---------------------------------------------------------------- step 2: blueprint options


def _wizard_context(request: HttpRequest, draft: Draft, step: str, **extra: Any) -> dict[str, Any]:
    workspace = services.draft_workspace(draft=draft)
    return {"draft": draft, "workspace": workspace, "step": step,
            "steps": presenters.steps(draft), "panels": presenters.panels(draft, workspace, step), **extra}


@require_http_methods(["GET", "POST"])
@_allowed
def wizard_options(request: HttpRequest, pk: str) -> HttpResponse:
    draft = selectors.draft_get(user=request.user, pk=pk)
    if not draft.blueprint:
        return redirect("wizard-compose", pk=draft.pk)
    blueprint = BLUEPRINTS[draft.blueprint]
    specs = forms.specs_for(blueprint.options_model)
    if request.method == "POST":
        cleaned = forms.clean(specs, request.POST)
        form = forms.bind(specs, cleaned.values)
        form.add_problems(cleaned.problems)
        if not cleaned.problems:
            outcome = services.draft_update_options(membership=_membership(request, draft.team_id), draft=draft,
                                                    options=cleaned.values)
            form.add_problems(outcome.problems)
        if form.is_valid and not cleaned.changed_structure and request.POST.get("_next"):
            return _go(request, request.POST["_next"])
        if form.is_valid and not cleaned.changed_structure and not request.htmx:
            return redirect("wizard-options", pk=draft.pk)
    else:
        form = forms.bind(specs, draft.options)
    context = _wizard_context(request, draft, "options", form=form, blueprint=blueprint)
    return _respond(request, "designs/options.html", context, partial="options-form")


# ---------------------------------------------------------------- step 3: project settings


@require_http_methods(["GET", "POST"])
@_allowed
def wizard_project(request: HttpRequest, pk: str) -> HttpResponse:
    draft = selectors.draft_get(user=request.user, pk=pk)
    specs = presenters.project_specs()
    if request.method == "POST":
        cleaned = forms.clean(specs, request.POST)
        form = forms.bind(specs, cleaned.values)
        form.add_problems(cleaned.problems)
        if not cleaned.problems:
            outcome = services.draft_update_project(membership=_membership(request, draft.team_id), draft=draft,
                                                    project=cleaned.values)
            form.add_problems(outcome.problems)
        if form.is_valid and not cleaned.changed_structure and request.POST.get("_next"):
            return _go(request, request.POST["_next"])
        if form.is_valid and not cleaned.changed_structure and not request.htmx:
            return redirect("wizard-project", pk=draft.pk)
    else:
        form = forms.bind(specs, presenters.project_values(draft))
    context = _wizard_context(request, draft, "project", form=form)
    return _respond(request, "designs/project.html", context, partial="project-form")


# ---------------------------------------------------------------- components (after the blueprint)


@require_safe
def wizard_components(request: HttpRequest, pk: str) -> HttpResponse:
    draft = selectors.draft_get(user=request.user, pk=pk)
    context = _wizard_context(request, draft, "components")
    return _respond(request, "designs/components.html", context, partial="component-list")


@require_http_methods(["GET", "POST"])
@_allowed
def wizard_component(request: HttpRequest, pk: str, name: str) -> HttpResponse:
    draft = selectors.draft_get(user=request.user, pk=pk)
    workspace = services.draft_workspace(draft=draft)
    if workspace.design is None:
        return redirect("wizard-options", pk=draft.pk)
    editor = presenters.ComponentEditor.of(workspace.design, name)
    if editor is None:
        raise Http404(f"no component named {name!r}")
    if request.method == "POST":
        edit, problems = editor.clean(request.POST)
        if not problems and edit is not None:
            outcome = services.draft_edit(membership=_membership(request, draft.team_id), draft=draft, edit=edit)
            problems = outcome.problems
        if not problems:
            messages.success(request, f"Saved the settings of {name}.")
            if not request.htmx:
                return redirect("wizard-component", pk=draft.pk, name=name)
            workspace = services.draft_workspace(draft=draft)
            editor = presenters.ComponentEditor.of(workspace.design, name) if workspace.design else None
            if editor is None:
                return redirect("wizard-components", pk=draft.pk)
        else:
            editor.show_problems(problems)
    context = _wizard_context(request, draft, "components", editor=editor, oob=request.method == "POST")
    return _respond(request, "designs/component.html", context, partial="component-editor")


# ---------------------------------------------------------------- findings, fixes, cost


def _back(request: HttpRequest, draft: Draft) -> HttpResponse:
    target = request.POST.get("next", "")
    if not _local_path(request, target):
        target = reverse("wizard-review", args=[draft.pk])
    return redirect(target)


def _step(request: HttpRequest) -> str:
    """The wizard step a panel request came from (a value the client sends: only a known step is used)."""
    step = request.POST.get("step", "review")
    return step if step in {key for key, _ in presenters.STEPS} else "review"


@require_POST
@_allowed
def wizard_fix(request: HttpRequest, pk: str) -> HttpResponse:
    draft = selectors.draft_get(user=request.user, pk=pk)
    outcome = services.draft_apply_fix(membership=_membership(request, draft.team_id), draft=draft,
                                       rule=request.POST.get("rule", ""), component=request.POST.get("component"),
                                       path=request.POST.get("path"))
    if outcome.ok:
        messages.success(request, f"Applied the fix for {request.POST.get('rule', '')}.")
    else:
        messages.error(request, "; ".join(f"{p}: {m}" if p else m for p, m in outcome.problems))
    if not request.htmx:
        return _back(request, draft)
    context = _wizard_context(request, draft, _step(request), oob=True, fragment=True)
    return render(request, "designs/panels.html", context)  # every panel, swapped out of band


@require_POST
@_allowed
def wizard_traffic(request: HttpRequest, pk: str) -> HttpResponse:
    draft = selectors.draft_get(user=request.user, pk=pk)
    raw = request.POST.get("requests_per_month", "").strip().replace(",", "").replace("_", "")
    problems: list[tuple[str, str]] = []
    try:
        value = float(raw) if raw else None
    except ValueError:
        value, problems = None, [("requests_per_month", f"{shown(raw)} is not a number; allowed: 0 to 1e13")]
    if not problems:
        problems = services.draft_set_traffic(membership=_membership(request, draft.team_id), draft=draft,
                                              requests_per_month=value).problems
    if not request.htmx:
        for path, message in problems:
            messages.error(request, f"{path}: {message}")
        return _back(request, draft)
    context = _wizard_context(request, draft, _step(request), traffic_problems=problems,
                              oob=True, fragment=True)
    return render(request, "designs/panels.html", context)  # every panel, swapped out of band


# ---------------------------------------------------------------- review, preview, download, save


@require_http_methods(["GET", "POST"])
@_allowed
def wizard_review(request: HttpRequest, pk: str) -> HttpResponse:
    draft = selectors.draft_get(user=request.user, pk=pk)
    save_problems: list[tuple[str, str]] = []
    if request.method == "POST":
        saved = services.draft_save(membership=_membership(request, draft.team_id), draft=draft,
                                    name=request.POST.get("name", ""), message=request.POST.get("message", ""),
                                    as_new_design=request.POST.get("as_new_design") == "on")
        if saved.design is not None and saved.revision is not None:
            messages.success(request, f"Saved {saved.design.name} as revision {saved.revision.number}.")
            return _go(request, reverse("design-detail", args=[saved.design.pk]))
        save_problems = saved.problems
    workspace = services.draft_workspace(draft=draft)
    selected = request.GET.get("file") or presenters.first_file(workspace)
    context = _wizard_context(
        request, draft, "review", files=presenters.file_list(workspace), selected=selected,
        preview=presenters.preview(workspace, selected), save_problems=save_problems,
        save_name=request.POST.get("name") if request.method == "POST" else presenters.default_name(draft, workspace),
        file_url=reverse("wizard-file", args=[draft.pk, "_"])[:-1],
    )
    return _respond(request, "designs/review.html", context, partial="save-form" if save_problems else None)


@require_safe
def wizard_file(request: HttpRequest, pk: str, path: str) -> HttpResponse:
    draft = selectors.draft_get(user=request.user, pk=pk)
    workspace = services.draft_workspace(draft=draft)
    if workspace.tree is None or path not in workspace.tree:
        raise Http404("no such file in the generated project")
    if not request.htmx:
        return redirect(f"{reverse('wizard-review', args=[draft.pk])}?file={path}")
    return render(request, "designs/review.html#file-preview",
                  {"draft": draft, "selected": path, "preview": presenters.preview(workspace, path)})


@require_safe
def wizard_download(request: HttpRequest, pk: str) -> HttpResponse:
    draft = selectors.draft_get(user=request.user, pk=pk)
    return _download(lambda: history_services.draft_download(membership=_membership(request, draft.team_id),
                                                             draft=draft))


# ---------------------------------------------------------------- saved designs


@require_safe
def design_list(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    designs = selectors.designs_of_team(team_id=membership.team_id)
    return _respond(request, "designs/list.html", {"designs": designs, "membership": membership},
                    partial="design-list")


@require_safe
def design_detail(request: HttpRequest, pk: int, number: int | None = None) -> HttpResponse:
    design = selectors.design_get(user=request.user, pk=pk)
    revision = selectors.revision_get(design=design, number=number) if number else design.current_revision
    if revision is None:
        raise Http404("this design has no saved revision")
    workspace = services.revision_workspace(revision=revision)
    selected = request.GET.get("file") or presenters.first_file(workspace)
    membership = membership_of(user=request.user, team_id=design.team_id)
    context = {
        "design": design, "revision": revision, "workspace": workspace,
        "revisions": design.revisions.select_related("author"), "files": presenters.file_list(workspace),
        "selected": selected, "preview": presenters.preview(workspace, selected),
        "diagram": workspace.diagram(),
        "file_url": reverse("revision-file", args=[design.pk, revision.number, "_"])[:-1],
        "is_current": revision.pk == design.current_revision_id,
        # the page offers only what the role can do (the views refuse the rest anyway)
        "can_edit": membership_can(membership=membership, action=Action.EDIT),
        "can_deploy": membership_can(membership=membership, action=Action.DEPLOY),
        "role": membership.role if membership else "",
        "golden_source": golden_source_of(design_id=design.pk),
    }
    return _respond(request, "designs/detail.html", context, partial="revision-panel")


@require_safe
def revision_file(request: HttpRequest, pk: int, number: int, path: str) -> HttpResponse:
    design = selectors.design_get(user=request.user, pk=pk)
    workspace = services.revision_workspace(revision=selectors.revision_get(design=design, number=number))
    if workspace.tree is None or path not in workspace.tree:
        raise Http404("no such file in the generated project")
    if not request.htmx:
        return redirect(f"{reverse('revision-detail', args=[pk, number])}?file={path}")
    return render(request, "designs/review.html#file-preview",
                  {"selected": path, "preview": presenters.preview(workspace, path)})


@require_safe
def revision_download(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    design = selectors.design_get(user=request.user, pk=pk)
    revision = selectors.revision_get(design=design, number=number)
    return _download(lambda: history_services.revision_download(membership=_membership(request, design.team_id),
                                                                revision=revision))


def _download(make: Any) -> HttpResponse:
    """A zip download through the history services (role, org policy and audit log); refusals as plain text."""
    try:
        download = make()
    except PolicyViolation as violation:
        return HttpResponse(str(violation), status=403, content_type="text/plain; charset=utf-8")
    except history_services.DesignHasErrors as refused:
        return HttpResponse(str(refused), status=422, content_type="text/plain; charset=utf-8")
    except history_services.HistoryError as error:
        raise Http404(str(error)) from error
    response = HttpResponse(download.content, content_type=download.content_type)
    response["Content-Disposition"] = f'attachment; filename="{download.filename}"'
    return response


@require_POST
@_allowed
def design_open(request: HttpRequest, pk: int, number: int | None = None) -> HttpResponse:
    design = selectors.design_get(user=request.user, pk=pk)
    revision = selectors.revision_get(design=design, number=number) if number else None
    draft = services.design_open(membership=_membership(request, design.team_id), design=design, revision=revision)
    return redirect("wizard-review", pk=draft.pk)
