from __future__ import annotations

from django.conf import settings
from django.db import models


class Role(models.TextChoices):
    """Roles of a team member, weakest first (the portal issue enforces them per action; see ROLE_RANK)."""

    VIEWER = "viewer", "Viewer (read, download)"
    EDITOR = "editor", "Editor (create and edit designs)"
    DEPLOYER = "deployer", "Deployer (deploy to non-production targets)"
    ADMIN = "admin", "Admin (members, targets, policies, production approvals)"


ROLE_RANK = {role.value: rank for rank, role in enumerate(Role)}


class Team(models.Model):
    name = models.CharField(max_length=80, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.EDITOR)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["team", "user"], name="one_membership_per_team_and_user")]
        ordering = ["team__name"]

    def __str__(self) -> str:
        return f"{self.user} in {self.team} ({self.role})"

    def at_least(self, role: str) -> bool:
        return ROLE_RANK[self.role] >= ROLE_RANK[role]
