"""History pages: the list of revisions, the comparison of two, restore, and the patch download. Thin: they parse
the request, call the history services, and render."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from apps.designs import selectors
from apps.designs.models import Design, DesignRevision
from apps.history import services
from apps.policies.services import PolicyViolation
from apps.teams.permissions import Action, membership_can, membership_of, membership_require
from apps.teams.web import refusals_as_403


def _revision_number(raw: str | None, field: str, design: Design) -> tuple[DesignRevision | None, str]:
    numbers = list(design.revisions.order_by("number").values_list("number", flat=True))
    if not raw:
        return None, ""
    if not raw.isdigit() or int(raw) not in numbers:
        allowed = f"{numbers[0]} to {numbers[-1]}" if numbers else "none"
        return None, f"{field}: {raw[:20]!r} is not a revision of {design.name}; allowed: {allowed}"
    return selectors.revision_get(design=design, number=int(raw)), ""


@require_safe
@refusals_as_403
def design_history(request: HttpRequest, pk: int) -> HttpResponse:
    design = selectors.design_get(user=request.user, pk=pk)
    membership = membership_of(user=request.user, team_id=design.team_id)
    rows = services.history_of(membership=membership, design=design)  # type: ignore[arg-type]
    return render(request, "history/history.html", {
        "design": design, "rows": rows, "can_edit": membership_can(membership=membership, action=Action.EDIT)})


@require_safe
@refusals_as_403
def design_compare(request: HttpRequest, pk: int) -> HttpResponse:
    design = selectors.design_get(user=request.user, pk=pk)
    membership = membership_of(user=request.user, team_id=design.team_id)
    membership_require(membership=membership, action=Action.READ)
    current = design.current_revision
    old, problem_old = _revision_number(request.GET.get("from"), "from", design)
    new, problem_new = _revision_number(request.GET.get("to"), "to", design)
    problems = [p for p in (problem_old, problem_new) if p]
    new = new or current
    if old is None and new is not None and not problem_old:
        old = design.revisions.filter(number__lt=new.number).order_by("-number").first() or new
    numbers = list(design.revisions.order_by("-number").values_list("number", flat=True))
    context: dict[str, object] = {"design": design, "problems": problems, "old": old, "new": new,
                                  "numbers": numbers}
    if not problems and old is not None and new is not None:
        try:
            comparison = services.revision_compare(membership=membership, design=design, old=old,  # type: ignore[arg-type]
                                                   new=new)
        except services.HistoryError as error:
            problems.append(str(error))
        else:
            old_svg, new_svg = comparison.diagrams()
            context.update(comparison=comparison, old_svg=old_svg, new_svg=new_svg)
    return render(request, "history/compare.html", context, status=400 if problems else 200)


@require_POST
@refusals_as_403
def revision_restore(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    design = selectors.design_get(user=request.user, pk=pk)
    revision = selectors.revision_get(design=design, number=number)
    membership = membership_of(user=request.user, team_id=design.team_id)
    try:
        restored = services.revision_restore(membership=membership, design=design, revision=revision,  # type: ignore[arg-type]
                                             message=request.POST.get("message", ""))
    except (services.HistoryError, PolicyViolation) as error:
        messages.error(request, str(error))
        return redirect("design-history", pk=design.pk)
    messages.success(request, f"Restored revision {number} as revision {restored.number}.")
    return redirect("design-history", pk=design.pk)


@require_safe
@refusals_as_403
def revision_patch(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    design = selectors.design_get(user=request.user, pk=pk)
    new = selectors.revision_get(design=design, number=number)
    membership = membership_of(user=request.user, team_id=design.team_id)
    old, problem = _revision_number(request.GET.get("from"), "from", design)
    if old is None:
        problem = problem or "from: choose the revision your project was generated from"
        return HttpResponse(problem, status=400, content_type="text/plain; charset=utf-8")
    try:
        download = services.revision_patch(membership=membership, design=design, old=old, new=new)  # type: ignore[arg-type]
    except (services.HistoryError, PolicyViolation) as error:
        return HttpResponse(str(error), status=400 if isinstance(error, services.HistoryError) else 403,
                            content_type="text/plain; charset=utf-8")
    response = HttpResponse(download.content, content_type=download.content_type)
    response["Content-Disposition"] = f'attachment; filename="{download.filename}"'
    return response


@require_POST
@refusals_as_403
def design_delete(request: HttpRequest, pk: int) -> HttpResponse:
    design = selectors.design_get(user=request.user, pk=pk)
    membership = membership_of(user=request.user, team_id=design.team_id)
    name = design.name
    try:
        services.design_delete(membership=membership, design=design,  # type: ignore[arg-type]
                               confirm=request.POST.get("confirm", ""))
    except services.HistoryError as error:
        messages.error(request, str(error))
        return redirect("design-history", pk=pk)
    messages.success(request, f"Deleted {name}.")
    return redirect("design-list")
