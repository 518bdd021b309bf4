"""Team services: keyword-only, typed, named <entity>_<action>. Views, commands and tests all call these."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from apps.teams.models import Membership, Role, Team

SESSION_KEY = "current_team_id"


@transaction.atomic
def team_create(*, name: str, owner: AbstractBaseUser) -> Team:
    """A new team whose first member, `owner`, is its admin."""
    team = Team.objects.create(name=name)
    Membership.objects.create(team=team, user=owner, role=Role.ADMIN)
    return team


def membership_add(*, team: Team, user: AbstractBaseUser, role: str = "editor") -> Membership:
    if role not in Role.values:
        raise ValueError(f"role {role!r} is not one of {', '.join(Role.values)}")
    membership, _ = Membership.objects.update_or_create(team=team, user=user, defaults={"role": role})
    return membership


def team_switch(*, session: dict[str, object], user: AbstractBaseUser, team_id: int) -> Membership | None:
    """Make `team_id` the team the user works in; None (and nothing changes) when they are not a member."""
    membership = Membership.objects.select_related("team").filter(user=user, team_id=team_id).first()
    if membership is not None:
        session[SESSION_KEY] = membership.team_id
    return membership


@dataclass(frozen=True)
class FirstUser:
    username: str
    password: str
    team: Team


@transaction.atomic
def first_user_create(*, username: str = "admin", team_name: str = "My team") -> FirstUser | None:
    """On an empty database: a first user (an admin of Django's admin too) with a random password, and a team.

    Returns the credentials to show once, or None when any user exists already (nothing is changed then)."""
    user_model = get_user_model()
    if user_model.objects.exists():
        return None
    password = secrets.token_urlsafe(12)
    user = user_model.objects.create_superuser(username=username, email="", password=password)
    team = team_create(name=team_name, owner=user)
    return FirstUser(username=username, password=password, team=team)
