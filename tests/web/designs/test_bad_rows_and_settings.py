"""Designs that the engine refuses never give a 500: rows saved before a rule existed (a design without
components, a damaged document) still open as pages with a message, and project settings that pass the form but
fail the model are shown as field messages."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from apps.designs import services
from apps.designs.models import Design, DesignRevision
from apps.teams.models import Membership
from tests.portal.conftest import save_design

NESTED: Any = 1
for _ in range(200):
    NESTED = [NESTED]

BAD_DOCUMENTS = [
    ("a design with no components", {"project": {"name": "empty"}, "components": [], "connections": []}),
    ("a document that is a list", ["not", "a", "design"]),
    ("a document nested deeper than the limit", {"project": {"name": "x"}, "components": [], "deep": NESTED}),
    ("a filter policy bomb", {"project": {"name": "x"},
                              "components": [{"kind": "topic", "name": "t"}, {"kind": "function", "name": "f"}],
                              "connections": [{"kind": "triggers", "source": "t", "target": "f",
                                               "filter_policy": {"a": ["x"] * 100, "b": ["y"] * 100}}]}),
]


def _store_bad_revision(membership: Membership, document: Any) -> Design:
    design = save_design(membership, name="damaged")
    revision = DesignRevision.objects.create(design=design, number=2, document=document, recipe={},
                                             author=membership.user, message="stored before the rule existed")
    design.current_revision = revision
    design.save()
    return design


@pytest.mark.parametrize(("case", "document"), BAD_DOCUMENTS, ids=[c for c, _ in BAD_DOCUMENTS])
def test_every_page_of_a_stored_design_the_engine_refuses_answers_without_a_server_error(
        case: str, document: Any, alice_client: Client, membership: Membership) -> None:
    design = _store_bad_revision(membership, document)
    pages = [reverse("design-detail", args=[design.pk]), reverse("revision-detail", args=[design.pk, 2]),
             reverse("revision-download", args=[design.pk, 2])]
    for url in pages:
        response = alice_client.get(url)
        assert response.status_code < 500, (case, url, response.status_code)
    assert alice_client.get(reverse("design-detail", args=[design.pk])).status_code == 200
    opened = alice_client.post(reverse("design-open", args=[design.pk]))
    assert opened.status_code == 302
    for step in ("wizard-review", "wizard-components", "wizard-project"):
        response = alice_client.get(opened["Location"].replace("/review", "/" + step.split("-")[1]))
        assert response.status_code < 500, (case, step, response.status_code)


SETTINGS_THE_MODEL_REFUSES = [
    ("a tag key starting with aws:", {"tags": "aws:team=shop"}, "aws:"),
    ("a tag value over 256 characters", {"tags": "team=" + "v" * 300}, "tag"),
]


@pytest.mark.parametrize(("case", "post", "expected"), SETTINGS_THE_MODEL_REFUSES,
                         ids=[c for c, _, _ in SETTINGS_THE_MODEL_REFUSES])
def test_project_settings_that_pass_the_form_but_fail_the_model_are_messages(
        case: str, post: dict[str, str], expected: str, alice_client: Client, membership: Membership) -> None:
    draft = services.draft_start(membership=membership, blueprint="api")
    before = dict(draft.project)
    url = reverse("wizard-project", args=[draft.pk])
    form = {"name": "shop-api", "language": "python", "iac": "sam", "region": "us-east-1", "architecture": "arm64",
            **post}
    response = alice_client.post(url, form)
    assert response.status_code == 200
    assert expected in response.content.decode()
    draft.refresh_from_db()
    assert draft.project == before


def test_a_project_without_environments_is_refused_by_the_service_with_the_field_named(
        membership: Membership) -> None:
    draft = services.draft_start(membership=membership, blueprint="api")
    outcome = services.draft_update_project(membership=membership, draft=draft,
                                            project={"name": "shop-api", "environments": []})
    assert [path for path, _ in outcome.problems] == ["environments"]


def test_a_one_megabyte_value_is_quoted_with_at_most_about_a_hundred_characters(
        alice_client: Client, membership: Membership) -> None:
    draft = services.draft_start(membership=membership, blueprint="api")
    response = alice_client.post(reverse("wizard-project", args=[draft.pk]),
                                 {"name": "shop-api", "region": "r" * 1_000_000, "language": "python", "iac": "sam",
                                  "architecture": "arm64"})
    assert response.status_code == 200
    assert len(response.content) < 1_500_000  # the value once in its input box, not again in the messages
    assert "r" * 200 not in response.content.decode().split('value="', 2)[0]
