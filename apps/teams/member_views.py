"""The team's members page: everyone sees who is in the team; admins add, change roles and remove."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from apps.teams import members
from apps.teams.models import Role
from apps.teams.permissions import Action, membership_can
from apps.teams.web import current_membership, refusals_as_403


@require_http_methods(["GET", "POST"])
@refusals_as_403
def member_list(request: HttpRequest) -> HttpResponse:
    membership = current_membership(request)
    problem = ""
    if request.method == "POST":
        try:
            added = members.member_add(membership=membership, username=request.POST.get("username", ""),
                                       role=request.POST.get("role", ""))
        except members.MemberInvalid as invalid:
            problem = str(invalid)
        else:
            messages.success(request, f"Added {added.user.get_username()} as {added.role}.")
            return redirect("member-list")
    return render(request, "teams/members.html", {
        "membership": membership, "members": members.members_of(membership=membership), "roles": Role.choices,
        "can_manage": membership_can(membership=membership, action=Action.MANAGE_MEMBERS), "problem": problem,
    }, status=400 if problem else 200)


@require_POST
@refusals_as_403
def member_change(request: HttpRequest, pk: int) -> HttpResponse:
    membership = current_membership(request)
    try:
        if request.POST.get("remove") == "yes":
            members.member_remove(membership=membership, member_id=pk)
            messages.success(request, "Member removed.")
        else:
            members.member_change_role(membership=membership, member_id=pk, role=request.POST.get("role", ""))
            messages.success(request, "Role changed.")
    except members.MemberInvalid as invalid:
        if invalid.field == "member":
            raise Http404(str(invalid)) from invalid
        messages.error(request, str(invalid))
    return redirect("member-list")
