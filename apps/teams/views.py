from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from apps.teams import services


@require_POST
def team_switch(request: HttpRequest) -> HttpResponse:
    raw = request.POST.get("team", "")
    membership = services.team_switch(session=request.session, user=request.user,
                                      team_id=int(raw) if raw.isdigit() else -1)
    if membership is None:
        messages.error(request, "team: you are not a member of that team; choose one of your teams.")
    else:
        messages.success(request, f"You are now working in {membership.team.name}.")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target or "/")
