"""A NUL character (U+0000) in any input is refused naming the field, and nothing is saved.

PostgreSQL cannot store one in a text or JSON column (SQLite can), so an input that reached the database with one
was a server error on PostgreSQL only: the wizard fuzz found it on the design name. The class is closed at the
doors: form fields and query parameters (a middleware, for every page), JSON bodies of the API (the engine's loading
path) and of /mcp, and design files (the engine's loading path). These tests walk every field of every wizard form
and of the compose page rather than the one that failed."""

from __future__ import annotations

import html
import json
import re
from typing import Any

import pytest
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse

from apps.api.tokens import token_create
from apps.designs import services
from apps.designs.models import Design, Draft
from generators.importing.parse import TemplateError, parse_template
from generators.model.loading import parse_document
from generators.model.messages import DesignInputError
from tests.portal.conftest import People, client_for

_NAME_RE = re.compile(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"')
NUL_TEXT = "orders\x00importer"


def _form_urls(draft: Draft) -> list[str]:
    design = services.draft_workspace(draft=draft).design
    assert design is not None
    steps = ["wizard-options", "wizard-project", "wizard-traffic", "wizard-review", "wizard-compose"]
    return [reverse(step, args=[draft.pk]) for step in steps] + [
        reverse("wizard-component", args=[draft.pk, c.name]) for c in design.components]


def _fields(client: Client, url: str) -> list[str]:
    page = client.get(url).content.decode()
    return sorted({name for name in _NAME_RE.findall(page) if name != "csrfmiddlewaretoken"})


def _state(draft: Draft) -> dict[str, Any]:
    draft.refresh_from_db()
    return {k: v for k, v in model_to_dict(draft).items() if k != "updated_at"}


def test_every_wizard_and_compose_field_refuses_a_nul_naming_the_field_and_keeps_the_draft(people: People) -> None:
    membership = people.membership(people.alice)
    draft = services.draft_start(membership=membership, blueprint="api")
    client = client_for(people.alice)
    before, designs = _state(draft), Design.objects.count()
    checked = 0
    for url in _form_urls(draft):
        for field in _fields(client, url):
            page = client.post(url, {field: NUL_TEXT})
            assert page.status_code == 400, (url, field, page.status_code)
            assert f"The field {field!r} holds a NUL character" in html.unescape(page.content.decode()), (url, field)
            fragment = client.post(url, {field: NUL_TEXT}, HTTP_HX_REQUEST="true")
            assert fragment.status_code == 422
            assert fragment["HX-Retarget"] == "#request-problem"
            assert "NUL character" in fragment.content.decode()
            assert "<html" not in fragment.content.decode()
            checked += 1
    assert checked >= 20  # the walk reached the forms' fields, not an empty page
    assert _state(draft) == before
    assert Design.objects.count() == designs


def test_a_nul_in_a_query_parameter_or_a_field_name_is_refused_too(people: People) -> None:
    client = client_for(people.alice)
    assert client.get(reverse("design-list"), {"q": "a\x00"}).status_code == 400
    draft = services.draft_start(membership=people.membership(people.alice), blueprint="scheduled-job")
    page = client.post(reverse("wizard-review", args=[draft.pk]), {"na\x00me": "x"})
    assert page.status_code == 400
    assert "na\\\\0me" in html.unescape(page.content.decode())


def test_the_api_refuses_a_nul_in_a_json_body_naming_the_field(people: People) -> None:
    token = token_create(membership=people.membership(people.alice), name="ci", scopes=["read", "write"]).plaintext
    body = json.dumps({"name": NUL_TEXT, "blueprint": "scheduled-job"})
    response = Client().post("/api/designs", body, content_type="application/json",
                             HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code in (400, 422)
    assert "NUL character" in response.content.decode()
    assert "name" in response.content.decode()
    assert not Design.objects.exists()


def test_mcp_refuses_a_nul_in_tool_arguments_naming_the_argument(people: People) -> None:
    token = token_create(membership=people.membership(people.alice), name="mcp", scopes=["read", "write"]).plaintext
    call = {"jsonrpc": "2.0", "id": 1, "method": "tools/call",
            "params": {"name": "create_design", "arguments": {"name": NUL_TEXT, "blueprint": "scheduled-job"}}}
    response = Client().post("/mcp", json.dumps(call), content_type="application/json",
                             HTTP_AUTHORIZATION=f"Bearer {token}",
                             HTTP_ACCEPT="application/json, text/event-stream", HTTP_MCP_PROTOCOL_VERSION="2025-06-18")
    assert response.status_code == 400
    assert response.json()["error"]["message"].startswith("params.arguments.name: holds a NUL character")
    assert not Design.objects.exists()


@pytest.mark.parametrize("text", ['{"project": {"name": "a\\u0000b"}}', 'project:\n  description: "a\\0b"\n'])
def test_a_design_file_with_a_nul_is_refused_naming_the_field(text: str) -> None:
    with pytest.raises(DesignInputError) as refused:
        parse_document(text)
    assert "NUL character" in str(refused.value)
    assert "project." in str(refused.value)


def test_an_imported_template_with_a_nul_is_refused_naming_where() -> None:
    template = ('Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n'
                '      Tags:\n        - Key: a\n          Value: "x\\0y"\n')
    with pytest.raises(TemplateError) as refused:
        parse_template(template, "template.yaml")
    assert "template.yaml: Resources.Queue.Properties.Tags[0].Value: holds a NUL character" in str(refused.value)
