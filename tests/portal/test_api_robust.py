"""The API answers hostile bodies with documented client errors: 400 for what cannot be parsed, 413 for bodies over
the size limit, 422 with field paths (bounded messages) for what the model refuses — never a 500."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from tests.portal.conftest import People
from tests.portal.test_api import bearer, make_token

EMPTY = {"project": {"name": "empty"}, "components": [], "connections": []}


def _post(people: People, body: Any, *, raw: bytes | None = None) -> Any:
    content = raw if raw is not None else json.dumps(body)
    return Client().post("/api/designs", content, content_type="application/json",
                         **bearer(make_token(people, people.erin)))


def test_a_design_without_components_is_refused_with_the_field_named(people: People) -> None:
    response = _post(people, {"name": "empty", "document": EMPTY})
    assert response.status_code == 422
    assert [p["field"] for p in response.json()["problems"]] == ["document.components"]


def test_project_settings_that_fail_the_model_are_a_422_not_a_500(people: People) -> None:
    response = _post(people, {"name": "shop", "blueprint": "api", "project": {"tags": {"aws:team": "x"}}})
    assert response.status_code == 422
    assert response.json()["problems"][0]["field"] == "tags"


def test_a_body_over_the_size_limit_is_a_413(people: People, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = _post(people, {"name": "big", "message": "x" * 20_000, "blueprint": "api"})
    assert response.status_code == 413
    assert "over 10,000 bytes" in response.json()["detail"]


@pytest.mark.parametrize(("case", "raw"), [
    ("not JSON", b"{nope"),
    ("NaN", b'{"name": "x", "blueprint": "api", "options": {"memory_mb": NaN}}'),
    ("nested far too deep", b'{"name": "x", "document": ' + b"[" * 5000 + b"]" * 5000 + b"}"),
    ("a JSON list", b"[1, 2]"),
])
def test_a_body_that_cannot_be_parsed_is_a_400(case: str, raw: bytes, people: People) -> None:
    response = _post(people, None, raw=raw)
    assert response.status_code == 400, (case, response.content[:200])


def test_a_megabyte_value_is_quoted_with_a_bounded_message(people: People) -> None:
    document = {"project": {"name": "shop"}, "components": [{"kind": "function", "name": "f" * 4000}]}
    response = _post(people, {"name": "shop", "document": document})
    assert response.status_code == 422
    assert len(response.content) < 2_000


def test_a_name_outside_the_documented_pattern_is_a_422(people: People) -> None:
    response = _post(people, {"name": "Orders API", "blueprint": "api"})
    assert response.status_code == 422
    assert response.json()["problems"][0]["field"] == "name"


def test_the_openapi_document_lists_every_client_error_and_the_name_pattern(people: People) -> None:
    spec = Client().get("/api/openapi.json").json()
    create = spec["paths"]["/api/designs"]["post"]
    assert {"400", "413", "422", "429"} <= set(create["responses"])
    body = spec["components"]["schemas"]["DesignIn"]["properties"]["name"]
    assert body["pattern"].startswith("^[a-z]")
