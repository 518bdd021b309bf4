"""Read-only queries. Every lookup of a design or draft is scoped to the teams the user belongs to, so a member
of another team gets a 404, never someone else's design."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from apps.designs.models import Design, DesignRevision, Draft
from apps.teams.models import Membership


def designs_of_team(*, team_id: int) -> QuerySet[Design]:
    return Design.objects.filter(team_id=team_id).select_related("current_revision", "created_by")


def design_get(*, user: Any, pk: int) -> Design:
    return get_object_or_404(Design.objects.select_related("team", "current_revision"), pk=pk,
                             team__memberships__user=user)


def revision_get(*, design: Design, number: int) -> DesignRevision:
    return get_object_or_404(DesignRevision.objects.select_related("author"), design=design, number=number)


def draft_get(*, user: Any, pk: str) -> Draft:
    return get_object_or_404(Draft.objects.select_related("team", "design"), pk=pk, team__memberships__user=user)


def membership_in(*, user: Any, team_id: int) -> Membership:
    return get_object_or_404(Membership.objects.select_related("team", "user"), user=user, team_id=team_id)
