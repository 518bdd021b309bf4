"""A member of another team gets 404 for every design URL; a viewer reads and downloads but cannot change."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from apps.designs.models import Design, DesignRevision, Draft
from apps.teams.services import first_user_create
from tests.web.designs.conftest import HTMX, client_for

pytestmark = pytest.mark.django_db


def _design_urls(draft: Draft, design: Design) -> list[tuple[str, str]]:
    d, n = design.pk, design.current_revision.number  # type: ignore[union-attr]
    return [
        ("get", reverse("wizard-options", args=[draft.pk])),
        ("post", reverse("wizard-options", args=[draft.pk])),
        ("get", reverse("wizard-project", args=[draft.pk])),
        ("post", reverse("wizard-project", args=[draft.pk])),
        ("get", reverse("wizard-components", args=[draft.pk])),
        ("get", reverse("wizard-component", args=[draft.pk, "processor"])),
        ("post", reverse("wizard-component", args=[draft.pk, "processor"])),
        ("post", reverse("wizard-fix", args=[draft.pk])),
        ("post", reverse("wizard-traffic", args=[draft.pk])),
        ("get", reverse("wizard-review", args=[draft.pk])),
        ("post", reverse("wizard-review", args=[draft.pk])),
        ("get", reverse("wizard-file", args=[draft.pk, "template.yaml"])),
        ("get", reverse("wizard-download", args=[draft.pk])),
        ("get", reverse("design-detail", args=[d])),
        ("post", reverse("design-open", args=[d])),
        ("get", reverse("revision-detail", args=[d, n])),
        ("post", reverse("revision-open", args=[d, n])),
        ("get", reverse("revision-file", args=[d, n, "template.yaml"])),
        ("get", reverse("revision-download", args=[d, n])),
    ]


def test_every_design_and_draft_url_is_a_404_for_a_member_of_another_team(carol: User, draft: Draft,
                                                                          saved_design: Design) -> None:
    client = client_for(carol)
    for method, url in _design_urls(draft, saved_design):
        for headers in ({}, HTMX):
            response = getattr(client, method)(url, {"name": "stolen", "rule": "FN-07"}, **headers)
            assert response.status_code == 404, (method, url, response.status_code)
    assert Draft.objects.filter(team__name="rivals").count() == 0
    assert DesignRevision.objects.count() == 1


def test_another_team_does_not_see_the_design_in_its_list(carol: User, saved_design: Design) -> None:
    page = client_for(carol).get("/designs/").content.decode()

    assert saved_design.name not in page
    assert "Designs of rivals" in page


def test_a_viewer_reads_and_downloads_but_cannot_change_anything(bob: User, draft: Draft,
                                                                 saved_design: Design) -> None:
    client = client_for(bob)
    for method, url in _design_urls(draft, saved_design):
        response = getattr(client, method)(url, {"name": "changed", "rule": "FN-07", "source": "kinesis"})
        if method == "get":
            assert response.status_code in (200, 302), url  # file previews without htmx redirect to their page
        else:
            assert response.status_code == 403, url
    assert client.post("/designs/new/", {"blueprint": "api"}).status_code == 403
    assert DesignRevision.objects.count() == 1
    assert Draft.objects.get(pk=draft.pk).options == {}


def test_the_first_start_creates_one_user_and_team_with_a_random_password_shown_once(
    db: None, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("first_user", url="http://127.0.0.1:8000/")
    printed = capsys.readouterr().out
    password = printed.split("password: ")[1].split()[0]
    user = User.objects.get(username="admin")
    assert user.check_password(password)
    assert user.memberships.get().role == "admin"

    call_command("first_user")
    assert capsys.readouterr().out == ""
    assert User.objects.count() == 1


def test_two_first_starts_never_share_a_password(db: None) -> None:
    first = first_user_create()
    assert first is not None
    User.objects.all().delete()
    second = first_user_create(team_name="Another team")
    assert second is not None
    assert first.password != second.password
    assert len(first.password) >= 16
