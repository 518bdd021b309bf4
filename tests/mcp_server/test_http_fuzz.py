"""No tool call to `/mcp` yields a server error: arguments generated from each tool's own input schema (right and
wrong types, out-of-range numbers, unknown keys) always get either a result or a tool error that says what was
wrong (`invalid input: …` naming the field, `forbidden: …` or `refused: …`), never a crash, as the API's
schemathesis test asks of the JSON API."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from apps.api.tokens import token_create
from apps.deployments import services as deployments
from tests.portal.conftest import People, save_design

HEADERS = {"HTTP_ACCEPT": "application/json, text/event-stream", "HTTP_MCP_PROTOCOL_VERSION": "2025-06-18"}
JSON = st.recursive(st.none() | st.booleans() | st.integers(-(2**40), 2**40) | st.floats(allow_nan=False)
                    | st.text(max_size=20), lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=6)
BY_TYPE = {"integer": st.integers(-3, 5) | st.integers(), "number": st.floats(allow_nan=False),
           "string": st.sampled_from(["", "template.yaml", "EB-02", "nightly", "api", "../x", "x" * 90]) | st.text(),
           "boolean": st.booleans(), "object": st.dictionaries(st.text(max_size=8), JSON, max_size=3)}


def _post(client: Client, token: str, method: str, params: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/mcp", json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": params}),
                           content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}", **HEADERS)
    body: dict[str, Any] = response.json()
    if response.status_code == 400:  # a NUL character anywhere in the request is refused before any tool runs
        assert "holds a NUL character" in body["error"]["message"], body
        return body
    assert response.status_code == 200, response.content
    return body


def _value(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    types = [option.get("type") for option in schema.get("anyOf", [schema])]
    return st.one_of(*[BY_TYPE[t] for t in types if t in BY_TYPE], JSON)


def _arguments(schema: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    properties = schema.get("properties", {})
    known = st.fixed_dictionaries({}, optional={name: _value(prop) for name, prop in properties.items()})
    return st.tuples(known, st.dictionaries(st.text(max_size=6), JSON, max_size=2)).map(
        lambda pair: {**pair[1], **pair[0]})


@pytest.fixture
def admin_token(people: People) -> str:
    save_design(people.membership(people.alice), blueprint="scheduled-job", name="nightly", options={"dlq": False})
    deployments.target_create_sandbox(team=people.shop)
    return token_create(membership=people.membership(people.alice), name="fuzz",
                        scopes=["read", "write", "deploy"]).plaintext


def _fuzz(client: Client, token: str, name: str, schema: dict[str, Any]) -> None:
    @hypothesis_settings(max_examples=8, deadline=None, database=None,
                         suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(arguments=_arguments(schema))
    def call(arguments: dict[str, Any]) -> None:
        body = _post(client, token, "tools/call", {"name": name, "arguments": arguments})
        if "error" in body:  # a protocol-level refusal of the request must still not be an internal error
            assert body["error"]["code"] != -32603, (name, arguments, body)
            return
        result = body["result"]
        if result.get("isError"):
            text = " ".join(block.get("text", "") for block in result["content"])
            assert text.startswith((f"Error executing tool {name}: invalid input: ",
                                    f"Error executing tool {name}: refused: ",
                                    f"Error executing tool {name}: forbidden: ")), (name, arguments, text)

    call()


def test_no_generated_tool_call_gets_a_server_error(admin_token: str) -> None:
    client = Client()
    tools = _post(client, admin_token, "tools/list", {})["result"]["tools"]
    assert len(tools) >= 18
    for tool in tools:
        _fuzz(client, admin_token, tool["name"], tool["inputSchema"])


@pytest.fixture(autouse=True)
def _generous_rate_limit(settings: Any) -> None:
    settings.API_RATE_LIMIT_PER_MINUTE = 100_000


SEGMENT = st.sampled_from(["1", "2", "0", "-1", "x", "99999999999999999999", "１", "template.yaml", ""]) | st.text(
    alphabet=st.characters(blacklist_categories=["Cs"]), max_size=8)


def test_no_generated_resource_read_or_prompt_gets_a_server_error(admin_token: str) -> None:
    """Every resource template with generated segments, and every prompt with generated arguments: a result or a
    protocol error that is not an internal one (-32603), and never a crash."""
    client = Client()
    templates = _post(client, admin_token, "resources/templates/list", {})["result"]["resourceTemplates"]
    prompts = _post(client, admin_token, "prompts/list", {})["result"]["prompts"]
    assert len(templates) >= 3
    assert len(prompts) >= 2

    def uri(template: str) -> st.SearchStrategy[str]:
        parts = template.replace("{+", "{").split("{")
        pieces: list[st.SearchStrategy[str]] = [st.just(parts[0])]
        for part in parts[1:]:
            pieces += [SEGMENT, st.just(part.split("}", 1)[1])]
        return st.tuples(*pieces).map("".join)

    @hypothesis_settings(max_examples=40, deadline=None, database=None,
                         suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(address=st.one_of(*[uri(t["uriTemplate"]) for t in templates]))
    def read(address: str) -> None:
        body = _post(client, admin_token, "resources/read", {"uri": address})
        if "error" in body:
            assert body["error"]["code"] != -32603, (address, body)
            assert "Traceback" not in body["error"]["message"]
        else:
            assert body["result"]["contents"], (address, body)

    @hypothesis_settings(max_examples=20, deadline=None, database=None,
                         suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(prompt=st.sampled_from([p["name"] for p in prompts]),
           arguments=st.dictionaries(st.sampled_from(["what", "source", "design", "other"]), st.text(max_size=30)))
    def prompt(prompt: str, arguments: dict[str, str]) -> None:
        body = _post(client, admin_token, "prompts/get", {"name": prompt, "arguments": arguments})
        if "error" in body:
            assert body["error"]["code"] != -32603, (prompt, arguments, body)

    read()
    prompt()
