from __future__ import annotations

from django.apps import AppConfig


class TeamsConfig(AppConfig):
    """Teams, memberships (with the role each member has) and the team a user works in at the moment."""

    name = "apps.teams"
    label = "teams"
