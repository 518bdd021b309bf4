"""The audit log of the current team: a filterable list and its CSV export. Read-only: there is no URL that
changes or deletes an entry."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from apps.audit import selectors
from apps.audit.models import AuditEntry
from apps.teams.permissions import Action, membership_require
from apps.teams.web import current_membership, refusals_as_403


@require_safe
@refusals_as_403
def audit_list(request: HttpRequest) -> HttpResponse:
    membership = current_membership(request)
    membership_require(membership=membership, action=Action.READ_AUDIT)
    cleaned = selectors.audit_filter_clean(data=request.GET)
    entries = selectors.audit_entries(team_id=membership.team_id, filters=cleaned.values)
    page = Paginator(entries.select_related("actor"), 100).get_page(request.GET.get("page"))
    query = urlencode(cleaned.values)
    return render(request, "audit/list.html", {
        "membership": membership, "page": page, "filters": cleaned.values, "problems": cleaned.problems,
        "actions": AuditEntry.Action.values, "query": query,
    }, status=400 if cleaned.problems else 200)


@require_safe
@refusals_as_403
def audit_export(request: HttpRequest) -> HttpResponse:
    membership = current_membership(request)
    membership_require(membership=membership, action=Action.READ_AUDIT)
    cleaned = selectors.audit_filter_clean(data=request.GET)
    if cleaned.problems:
        return HttpResponse("; ".join(f"{f}: {m}" for f, m in cleaned.problems), status=400,
                            content_type="text/plain; charset=utf-8")
    body = selectors.audit_csv(entries=selectors.audit_entries(team_id=membership.team_id, filters=cleaned.values))
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="audit-{membership.team_id}-{stamp}.csv"'
    return response
