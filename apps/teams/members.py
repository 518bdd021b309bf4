"""Managing a team's members (admins): add an existing user with a role, change a role, remove a member. Every
change is in the audit log. A team always keeps at least one admin."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from apps.audit.services import Action as AuditAction
from apps.audit.services import audit_record
from apps.teams.models import Membership, Role
from apps.teams.permissions import Action, membership_require

ADMIN = str(Role.ADMIN)  # the value (mypy sees the choice members as tuples without Django's stubs)


class MemberInvalid(Exception):
    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(f"{field}: {message}")


def _role(role: str) -> str:
    if role not in Role.values:
        raise MemberInvalid("role", f"{role[:20]!r} is not a role; allowed: {', '.join(Role.values)}")
    return role


def _keeps_an_admin(member: Membership, new_role: str | None) -> None:
    if member.role == ADMIN and new_role != ADMIN and not Membership.objects.filter(
            team_id=member.team_id, role=ADMIN).exclude(pk=member.pk).exists():
        raise MemberInvalid("role", f"{member.user.get_username()} is the last admin of {member.team.name}; "
                                    "make someone else admin first")


def member_add(*, membership: Membership, username: str, role: str) -> Membership:
    membership_require(membership=membership, action=Action.MANAGE_MEMBERS)
    role = _role(role)
    user = get_user_model().objects.filter(username=username.strip()).first()
    if user is None:
        raise MemberInvalid("username", f"no user named {username.strip()[:150]!r} (an administrator creates "
                                        "accounts in /admin/)")
    if Membership.objects.filter(team_id=membership.team_id, user=user).exists():
        raise MemberInvalid("username", f"{user.get_username()} is already a member; change their role instead")
    added = Membership.objects.create(team_id=membership.team_id, user=user, role=role)
    audit_record(team=membership.team_id, actor=membership.user, action=AuditAction.MEMBER_CHANGED,
                 subject_type="member", subject_id=added.pk, subject=user.get_username(), detail={"added as": role})
    return added


def member_change_role(*, membership: Membership, member_id: int, role: str) -> Membership:
    membership_require(membership=membership, action=Action.MANAGE_MEMBERS)
    role = _role(role)
    with transaction.atomic():
        member = _member(membership, member_id)
        _keeps_an_admin(member, role)
        before = member.role
        member.role = role
        member.save(update_fields=["role"])
        audit_record(team=membership.team_id, actor=membership.user, action=AuditAction.MEMBER_CHANGED,
                     subject_type="member", subject_id=member.pk, subject=member.user.get_username(),
                     detail={"role": f"{before} → {role}"})
    return member


def member_remove(*, membership: Membership, member_id: int) -> None:
    membership_require(membership=membership, action=Action.MANAGE_MEMBERS)
    with transaction.atomic():
        member = _member(membership, member_id)
        _keeps_an_admin(member, None)
        name = member.user.get_username()
        member.delete()
        audit_record(team=membership.team_id, actor=membership.user, action=AuditAction.MEMBER_CHANGED,
                     subject_type="member", subject_id=member_id, subject=name, detail={"removed": "yes"})


def _member(membership: Membership, member_id: int) -> Membership:
    member = Membership.objects.select_for_update().select_related("user", "team").filter(
        pk=member_id, team_id=membership.team_id).first()
    if member is None:
        raise MemberInvalid("member", "no such member of this team")
    return member


def members_of(*, membership: Membership) -> list[Any]:
    membership_require(membership=membership, action=Action.READ)
    return list(Membership.objects.filter(team_id=membership.team_id).select_related("user").order_by(
        "user__username"))
