"""`manage.py sandbox_target`: give the first team the local sandbox target (`make run` calls it after
`first_user`). Does nothing when that team already has a target, or when SANDBOX_ENABLED is false."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from apps.deployments.services import target_ensure_first_team_sandbox


class Command(BaseCommand):
    help = "Give the first team a 'Local sandbox' deployment target (once, while it has no target)."

    def handle(self, *args: Any, **options: Any) -> None:
        target = target_ensure_first_team_sandbox()
        if target is not None:
            self.stdout.write(f"  The team {target.team.name!r} can deploy to the local sandbox (target "
                              f"{target.name!r}).")
