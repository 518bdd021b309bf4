"""`manage.py first_user`: on an empty database, create a first user and team and print how to sign in.

`make run` calls it after the migrations. The password is random and shown only this once."""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand

from apps.teams.services import first_user_create


class Command(BaseCommand):
    help = "Create a first user (random password, printed once) and team when the database has no user."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--username", default="admin")
        parser.add_argument("--team", default="My team")
        parser.add_argument("--url", default=f"http://127.0.0.1:{os.environ.get('PORT') or '8000'}/")

    def handle(self, *args: Any, **options: Any) -> None:
        created = first_user_create(username=options["username"], team_name=options["team"])
        if created is None:
            return
        line = "=" * 72
        self.stdout.write(
            f"\n{line}\n  First start: created the user {created.username!r} in the team {created.team.name!r}.\n"
            f"  Sign in at {options['url']} with\n"
            f"      username: {created.username}\n"
            f"      password: {created.password}\n"
            f"  This password is shown only now. Change it with: .venv/bin/python manage.py changepassword "
            f"{created.username}\n{line}\n"
        )
