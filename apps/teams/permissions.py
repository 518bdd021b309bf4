"""What each team role may do, in one table. Services call `membership_require` before acting; templates only
hide buttons (`membership_can`), they never decide.

| action                 | viewer | editor | deployer | admin |
|------------------------|--------|--------|----------|-------|
| read, download         |   x    |   x    |    x     |   x   |
| create/edit/delete designs, restore revisions, use and upgrade golden paths | | x | x | x |
| deploy to dev/staging  |        |        |    x     |   x   |
| deploy to prod, approve, manage members, targets, policies, read the audit log, publish golden paths | | | | x |
"""

from __future__ import annotations

from enum import StrEnum

from apps.teams.models import ROLE_RANK, Membership


class Action(StrEnum):
    READ = "read"
    DOWNLOAD = "download"
    EDIT = "edit"
    DELETE = "delete"
    DEPLOY = "deploy"  # to a non-production target
    DEPLOY_PROD = "deploy_prod"
    APPROVE = "approve"
    MANAGE_MEMBERS = "manage_members"
    MANAGE_TARGETS = "manage_targets"
    MANAGE_POLICIES = "manage_policies"
    READ_AUDIT = "read_audit"
    PUBLISH_GOLDEN = "publish_golden"  # publish a golden path or a new version of one


REQUIRED_ROLE: dict[Action, str] = {
    Action.READ: "viewer",
    Action.DOWNLOAD: "viewer",
    Action.EDIT: "editor",
    Action.DELETE: "editor",
    Action.DEPLOY: "deployer",
    Action.DEPLOY_PROD: "admin",
    Action.APPROVE: "admin",
    Action.MANAGE_MEMBERS: "admin",
    Action.MANAGE_TARGETS: "admin",
    Action.MANAGE_POLICIES: "admin",
    Action.READ_AUDIT: "admin",
    Action.PUBLISH_GOLDEN: "admin",
}

DESCRIPTION: dict[Action, str] = {
    Action.READ: "read designs", Action.DOWNLOAD: "download projects", Action.EDIT: "create and edit designs",
    Action.DELETE: "delete designs", Action.DEPLOY: "deploy to dev and staging targets",
    Action.DEPLOY_PROD: "deploy to production targets", Action.APPROVE: "approve production deployments",
    Action.MANAGE_MEMBERS: "manage members", Action.MANAGE_TARGETS: "manage targets",
    Action.MANAGE_POLICIES: "manage policies", Action.READ_AUDIT: "read the audit log",
    Action.PUBLISH_GOLDEN: "publish golden paths and their versions",
}


class NotAllowed(Exception):
    """The member's role does not allow the action; the message names the role needed (shown as a 403)."""


def membership_can(*, membership: Membership | None, action: Action | str) -> bool:
    if membership is None:
        return False
    return ROLE_RANK[membership.role] >= ROLE_RANK[REQUIRED_ROLE[Action(action)]]


def membership_require(*, membership: Membership | None, action: Action | str) -> None:
    """Raise NotAllowed unless the member's role allows `action` in their team."""
    action = Action(action)
    if membership is None:
        raise NotAllowed(f"you are not a member of this team; to {DESCRIPTION[action]} you need the "
                         f"{REQUIRED_ROLE[action]} role or above")
    if not membership_can(membership=membership, action=action):
        raise NotAllowed(f"your role in {membership.team.name} is {membership.role}; to {DESCRIPTION[action]} "
                         f"you need the {REQUIRED_ROLE[action]} role or above")


def membership_of(*, user: object, team_id: int) -> Membership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Membership.objects.select_related("team", "user").filter(user=user, team_id=team_id).first()
