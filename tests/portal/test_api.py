"""The JSON API: tokens (shown once, hashed, scoped, expiring, rate-limited), the same services and messages as
the UI, and a spec that matches what is served."""

from __future__ import annotations

import hashlib
import io
import zipfile
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.api.models import ApiToken
from apps.api.tokens import token_create
from apps.audit.models import AuditEntry
from tests.portal.conftest import People, client_for, save_design


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def make_token(people: People, user: Any, scopes: tuple[str, ...] = ("read", "write"), team: Any = None) -> str:
    return token_create(membership=people.membership(user, team), name="ci", scopes=list(scopes)).plaintext


def test_a_token_is_shown_once_and_stored_only_as_a_hash(people: People) -> None:
    client = client_for(people.erin)

    response = client.post(reverse("token-list"), {"name": "ci", "scopes": ["read", "write"], "days": "7"})

    assert response.status_code == 201
    plaintext = response.context["created"].plaintext
    assert plaintext.startswith("sdp_")
    assert plaintext in response.content.decode()
    stored = ApiToken.objects.get()
    assert stored.digest == hashlib.sha256(plaintext.encode()).hexdigest()
    assert plaintext not in str(ApiToken.objects.values().get())
    assert plaintext not in client.get(reverse("token-list")).content.decode()
    assert (stored.expires_at - timezone.now()).days in (6, 7)


def test_token_input_is_validated_naming_field_and_allowed_values(people: People) -> None:
    response = client_for(people.erin).post(reverse("token-list"), {"name": "", "scopes": ["root"], "days": "999"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "name: a name of 1 to 80 characters is required" in page
    assert "scopes: root given; allowed: read, write, deploy, approve" in page
    assert "days: 999 is out of range; allowed: 1 to 365" in page


def test_the_api_creates_a_design_from_blueprint_options_and_serves_its_zip_and_findings(people: People) -> None:
    token = make_token(people, people.erin)
    api = Client()

    created = api.post("/api/designs", {"name": "orders", "blueprint": "event-processor",
                                        "options": {"source": "sqs", "memory_mb": 1024}},
                       content_type="application/json", **bearer(token))
    assert created.status_code == 201, created.content
    design_id = created.json()["design"]["id"]

    listed = api.get("/api/designs", **bearer(token)).json()
    assert [d["name"] for d in listed] == ["orders"]
    archive = api.get(f"/api/designs/{design_id}/revisions/1/zip", **bearer(token))
    assert archive.status_code == 200
    assert archive["Content-Type"] == "application/zip"
    assert "orders/template.yaml" in zipfile.ZipFile(io.BytesIO(archive.content)).namelist()
    report = api.get(f"/api/designs/{design_id}/revisions/1/findings", **bearer(token)).json()
    assert report["revision"] == 1
    assert report["monthly_cost_usd"] is not None
    assert AuditEntry.objects.filter(via="api", action="created").count() == 1
    assert AuditEntry.objects.filter(via="api", action="downloaded").count() == 1


def test_a_design_document_makes_a_new_revision_and_bad_values_get_the_wizards_messages(people: People) -> None:
    design = save_design(people.membership(people.alice))
    token = make_token(people, people.erin)
    api = Client()
    document = api.get(f"/api/designs/{design.pk}", **bearer(token)).json()["document"]

    function = next(i for i, c in enumerate(document["components"]) if c["kind"] == "function")
    document["components"][function]["memory_mb"] = 64
    bad = api.put(f"/api/designs/{design.pk}", {"name": design.name, "document": document},
                  content_type="application/json", **bearer(token))
    assert bad.status_code == 422
    problem = bad.json()["problems"][0]
    assert problem["field"].startswith("document.components")
    assert "128" in problem["message"]

    document["components"][function]["memory_mb"] = 2048
    good = api.put(f"/api/designs/{design.pk}", {"name": design.name, "document": document, "message": "via api"},
                   content_type="application/json", **bearer(token))
    assert good.status_code == 200, good.content
    assert good.json()["revision"] == 2


def test_an_unknown_option_is_named_with_the_allowed_values(people: People) -> None:
    response = Client().post("/api/designs", {"name": "x", "blueprint": "event-processor",
                                              "options": {"source": "carrier-pigeon"}},
                             content_type="application/json", **bearer(make_token(people, people.erin)))

    assert response.status_code == 422
    (problem,) = response.json()["problems"]
    assert problem["field"] == "options.source"
    assert "sqs" in problem["message"]


@pytest.mark.parametrize(
    ("persona", "scopes", "status", "says"),
    [
        ("bob", ("read", "write"), 403, "your role in shop is viewer; to create and edit designs you need the editor"),
        ("erin", ("read",), 403, "this token lacks the write scope"),
    ],
)
def test_the_role_and_the_tokens_scopes_both_limit_what_it_does(people: People, persona: str,
                                                                scopes: tuple[str, ...], status: int,
                                                                says: str) -> None:
    token = make_token(people, getattr(people, persona), scopes)

    response = Client().post("/api/designs", {"name": "x", "blueprint": "api"}, content_type="application/json",
                             **bearer(token))

    assert response.status_code == status
    assert says in response.json()["detail"]


def test_another_teams_token_gets_404_for_our_designs(people: People) -> None:
    design = save_design(people.membership(people.alice))
    token = make_token(people, people.carol, team=people.rivals)

    assert Client().get(f"/api/designs/{design.pk}", **bearer(token)).status_code == 404
    assert Client().get(f"/api/designs/{design.pk}/revisions/1/zip", **bearer(token)).status_code == 404
    assert Client().get("/api/designs", **bearer(token)).json() == []


def test_expired_revoked_and_missing_tokens_are_refused_with_the_reason(people: People) -> None:
    token = make_token(people, people.erin)
    api = Client()
    assert api.get("/api/designs").status_code == 401
    assert api.get("/api/designs", **bearer("sdp_nope_nope")).json()["detail"] == "token: unknown token"

    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert "expired" in api.get("/api/designs", **bearer(token)).json()["detail"]
    ApiToken.objects.update(expires_at=timezone.now() + timedelta(days=1), revoked_at=timezone.now())
    assert "revoked" in api.get("/api/designs", **bearer(token)).json()["detail"]


def test_each_token_has_its_own_rate_limit(people: People, settings: Any) -> None:
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    first, second = make_token(people, people.erin), make_token(people, people.bob, ("read",))
    api = Client()

    codes = [api.get("/api/designs", **bearer(first)).status_code for _ in range(4)]

    assert codes == [200, 200, 200, 429]
    limited = api.get("/api/designs", **bearer(first))
    assert int(limited["Retry-After"]) <= 60
    assert "rate limit of 3 requests per minute" in limited.json()["detail"]
    assert api.get("/api/designs", **bearer(second)).status_code == 200


def test_the_openapi_spec_is_served_and_lists_every_operation(db: Any) -> None:
    spec = Client().get("/api/openapi.json").json()

    paths = spec["paths"]
    assert {"/api/designs", "/api/designs/{design_id}", "/api/designs/{design_id}/revisions/{number}/zip",
            "/api/designs/{design_id}/revisions/{number}/findings", "/api/targets", "/api/deployments",
            "/api/deployments/{deployment_id}", "/api/deployments/{deployment_id}/confirm",
            "/api/deployments/{deployment_id}/approval"} <= set(paths)
    assert spec["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"
