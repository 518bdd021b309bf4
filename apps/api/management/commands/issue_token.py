"""`manage.py issue_token USER --scopes read,write --days N`: a personal access token for automation (CI, scripts),
printed once on standard output, exactly as the API tokens page makes one (scopes checked, hashed, audited)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from apps.api.tokens import TokenInvalid, token_create
from apps.teams.models import Membership


class Command(BaseCommand):
    help = "Make a personal access token for USER (printed once) with scopes and an expiry in days."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")
        parser.add_argument("--scopes", default="read", help="comma-separated: read, write, deploy, approve")
        parser.add_argument("--days", default="30", help="days until it expires (1-365)")
        parser.add_argument("--team", default="", help="the team (default: the user's only team)")
        parser.add_argument("--name", default="automation", help="a name to recognise the token by")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"username: no user {options['username']!r}")
        memberships = Membership.objects.select_related("team", "user").filter(user=user)
        if options["team"]:
            memberships = memberships.filter(team__name=options["team"])
        found = list(memberships)
        if len(found) != 1:
            teams = ", ".join(m.team.name for m in Membership.objects.filter(user=user).select_related("team"))
            raise CommandError(f"team: {'no such team of the user' if not found else 'the user is in several teams'}"
                               f"; give --team (teams: {teams or 'none'})")
        scopes = [s.strip() for s in options["scopes"].split(",") if s.strip()]
        try:
            created = token_create(membership=found[0], name=options["name"], scopes=scopes, days=options["days"])
        except TokenInvalid as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(created.plaintext)
