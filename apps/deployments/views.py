"""Deploy pages: thin views over the services. Each renders its page, or only the named partial for htmx.

The deployment page polls its `deployment-progress` partial every second while a worker is working; the
partial rendered for a waiting or finished deployment has no trigger, so polling stops by itself.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import HttpResponseClientRedirect

from apps.deployments import forms, presenters, selectors, services
from apps.deployments.models import Target
from apps.designs import selectors as design_selectors
from apps.teams.models import Membership
from apps.teams.permissions import Action, membership_can


def _respond(request: HttpRequest, template: str, context: dict[str, Any], partial: str, status: int = 200
             ) -> HttpResponse:
    fragment = bool(request.htmx and not request.htmx.boosted and request.htmx.target == partial)
    return render(request, f"{template}#{partial}" if fragment else template, context, status=status)


def _go(request: HttpRequest, url: str) -> HttpResponse:
    return HttpResponseClientRedirect(url) if request.htmx and not request.htmx.boosted else redirect(url)


def _membership(request: HttpRequest) -> Membership:
    membership = request.membership
    if not membership:
        raise PermissionDenied("You are not a member of any team yet; ask a team admin to add you.")
    return membership


def _refused(error: services.DeploymentError) -> None:
    if isinstance(error, services.NotAllowed):
        raise PermissionDenied(str(error)) from error


# ---------------------------------------------------------------------------------------------- targets
@require_http_methods(["GET", "POST"])
def target_list(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    form = forms.TargetForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                target = services.target_create(team=membership.team, kind=Target.Kind.ROLE,
                                                created_by=request.user, **form.cleaned_data)
            except services.TargetInvalid as error:
                for field, message in error.problems.items():
                    form.add_error(field if field in form.fields else None, message)
            except services.DeploymentError as error:
                _refused(error)
                form.add_error(None, str(error))
            else:
                services.target_check_request(target=target, requested_by=request.user)
                messages.success(request, f"Target {target.name} added; checking it now.")
                return _go(request, reverse("target-list"))
        status = 400
    targets = selectors.targets_of_team(team_id=membership.team_id)
    context = {"membership": membership, "targets": targets, "form": form,
               # the page offers only what the role can do (the services refuse the rest anyway)
               "can_manage": membership_can(membership=membership, action=Action.MANAGE_TARGETS),
               "can_check": membership_can(membership=membership, action=Action.DEPLOY),
               "polling": any(t.check_status == Target.CheckStatus.CHECKING for t in targets)}
    return _respond(request, "deployments/targets.html", context, partial="target-list", status=status)


@require_POST
def target_check(request: HttpRequest, pk: int) -> HttpResponse:
    target = selectors.target_get(user=request.user, pk=pk)
    try:
        services.target_check_request(target=target, requested_by=request.user)
    except services.DeploymentError as error:
        _refused(error)
    return _go(request, reverse("target-list"))


@require_POST
def target_delete(request: HttpRequest, pk: int) -> HttpResponse:
    target = selectors.target_get(user=request.user, pk=pk)
    try:
        services.target_delete(target=target, deleted_by=request.user)
        messages.success(request, f"Target {target.name} removed.")
    except services.DeploymentError as error:
        _refused(error)
        messages.error(request, str(error))
    return _go(request, reverse("target-list"))


# ---------------------------------------------------------------------------------------------- deploy
@require_http_methods(["GET", "POST"])
def deploy_start(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """Deploy a saved revision: choose a target; the worker then prepares the change set for review."""
    design = design_selectors.design_get(user=request.user, pk=pk)
    revision = design_selectors.revision_get(design=design, number=number)
    targets = selectors.targets_of_team(team_id=design.team_id)
    error = ""
    if request.method == "POST":
        target = targets.filter(pk=request.POST.get("target") or 0).first()
        if target is None:
            error = "Choose a target."
        else:
            try:
                deployment = services.deployment_create(revision=revision, target=target, requested_by=request.user)
            except services.DeploymentBusy as busy:
                error = str(busy)
                if busy.active is not None:
                    return _busy(request, busy)
            except services.DeploymentError as refused:
                _refused(refused)
                error = str(refused)
            else:
                return _go(request, reverse("deployment-detail", args=[deployment.pk]))
    context = {"design": design, "revision": revision, "targets": targets, "error": error,
               "recent": selectors.latest_by_target(design_id=design.pk)}
    return _respond(request, "deployments/start.html", context, partial="deploy-form",
                    status=400 if error else 200)


def _busy(request: HttpRequest, busy: services.DeploymentBusy) -> HttpResponse:
    messages.error(request, str(busy))
    assert busy.active is not None
    return _go(request, reverse("deployment-detail", args=[busy.active.pk]))


@require_safe
def deployment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    deployment = selectors.deployment_get(user=request.user, pk=pk)
    services.deployment_expire_overdue()
    deployment.refresh_from_db()
    services.deployment_reconcile_request(deployment=deployment)  # is its stack still there? (a worker looks)
    context = presenters.deployment_context(deployment)
    return _respond(request, "deployments/detail.html", context, partial="deployment-progress")


def _act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    deployment = selectors.deployment_get(user=request.user, pk=pk)
    try:
        if action == "confirm":
            services.deployment_confirm(deployment=deployment, confirmed_by=request.user)
        elif action == "recreate":
            services.deployment_confirm_recreate(deployment=deployment, confirmed_by=request.user)
        else:
            services.deployment_cancel(deployment=deployment, cancelled_by=request.user)
    except services.DeploymentError as error:
        _refused(error)
        messages.error(request, str(error))
    return _go(request, reverse("deployment-detail", args=[deployment.pk]))


@require_POST
def deployment_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "confirm")


@require_POST
def deployment_recreate(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "recreate")


@require_POST
def deployment_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "cancel")


@require_http_methods(["GET", "POST"])
def deployment_teardown(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete the stack, after the user typed its name."""
    deployment = selectors.deployment_get(user=request.user, pk=pk)
    form = forms.TeardownForm(request.POST or None, expected=deployment.stack_name)
    if request.method == "POST" and form.is_valid():
        try:
            teardown = services.deployment_teardown(deployment=deployment, requested_by=request.user)
        except services.DeploymentBusy as busy:
            if busy.active is not None:
                return _busy(request, busy)
            form.add_error(None, str(busy))
        except services.DeploymentError as error:
            _refused(error)
            form.add_error(None, str(error))
        else:
            return _go(request, reverse("deployment-detail", args=[teardown.pk]))
    status = 400 if request.method == "POST" else 200
    return _respond(request, "deployments/teardown.html", {"deployment": deployment, "form": form},
                    partial="teardown-form", status=status)

