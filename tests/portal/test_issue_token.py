"""`manage.py issue_token USER --scopes read,write --days N` prints a token that works with the API."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from apps.api.models import ApiToken
from tests.portal.conftest import People


def test_issue_token_prints_a_working_token_with_the_scopes(people: People) -> None:
    out = StringIO()
    call_command("issue_token", "erin", "--scopes", "read,write", "--days", "7", stdout=out)
    token = out.getvalue().strip()
    assert token.startswith("sdp_")
    stored = ApiToken.objects.get()
    assert stored.scopes == ["read", "write"]
    assert Client().get("/api/designs", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200


def test_bad_scopes_and_unknown_users_are_refused_naming_the_field(people: People) -> None:
    with pytest.raises(CommandError, match="scopes: root given"):
        call_command("issue_token", "erin", "--scopes", "root", stdout=StringIO())
    with pytest.raises(CommandError, match="username: no user 'nobody'"):
        call_command("issue_token", "nobody", stdout=StringIO())
    assert not ApiToken.objects.exists()
