"""`/mcp`: the MCP server of the web app over streamable HTTP, driven by the MCP SDK's own client against a live
server. Personal access tokens authenticate (same scopes as the API); the services decide (roles, org policies,
approvals); every change is in the audit log marked as made through MCP with the tool's name."""

from __future__ import annotations

import base64
import io
import json
import zipfile
from typing import Any

import httpx2
import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from mcp.client.session import ClientSession
from mcp.client.streamable_http import streamable_http_client

from apps.api.tokens import token_create
from apps.approvals import services as approvals
from apps.approvals.models import Approval
from apps.audit.models import AuditEntry
from apps.deployments import services as deployments
from apps.deployments.models import Deployment
from apps.policies import services as policy_services
from apps.teams.models import Role
from apps.teams.services import membership_add
from tests.mcp_server import fresh_loop
from tests.portal.conftest import People, client_for, save_design

INITIALIZE = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
    "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "test", "version": "1"}}}


def _token(people: People, user: Any, *scopes: str) -> str:
    return token_create(membership=people.membership(user), name="assistant", scopes=list(scopes)).plaintext


def _session(url: str, token: str, steps: Any) -> Any:
    async def main() -> Any:
        async with httpx2.AsyncClient(headers={"Authorization": f"Bearer {token}"}, timeout=60) as http, \
                streamable_http_client(f"{url}/mcp", http_client=http, terminate_on_close=False) as (read, write), \
                ClientSession(read, write) as session:
            await session.initialize()
            return await steps(session)

    return fresh_loop.run(main)


def _text(result: Any) -> str:
    return "\n".join(block.text for block in result.content if getattr(block, "type", "") == "text")


def test_mcp_needs_a_valid_token(people: People) -> None:
    client = Client()
    missing = client.post("/mcp", json.dumps(INITIALIZE), content_type="application/json",
                          HTTP_ACCEPT="application/json, text/event-stream")
    wrong = client.post("/mcp", json.dumps(INITIALIZE), content_type="application/json",
                        HTTP_ACCEPT="application/json, text/event-stream", HTTP_AUTHORIZATION="Bearer sdp_abc_def")

    assert missing.status_code == 401
    assert missing["WWW-Authenticate"].startswith("Bearer")
    assert "Authorization: Bearer sdp_" in missing.json()["error"]["message"]
    assert wrong.status_code == 401
    assert "unknown token" in wrong.json()["error"]["message"]


def test_each_token_is_rate_limited_like_the_api(people: People, settings: Any) -> None:
    settings.API_RATE_LIMIT_PER_MINUTE = 2
    token = _token(people, people.bob, "read")
    answers = [Client().post("/mcp", json.dumps(INITIALIZE), content_type="application/json",
                             HTTP_ACCEPT="application/json, text/event-stream", HTTP_AUTHORIZATION=f"Bearer {token}")
               for _ in range(3)]

    assert [a.status_code for a in answers] == [200, 200, 429]
    assert int(answers[2]["Retry-After"]) > 0
    assert "rate limit of 2 requests per minute" in answers[2].json()["error"]["message"]


def test_the_django_test_client_speaks_the_protocol_too(people: People) -> None:
    token = _token(people, people.bob, "read")
    response = Client().post("/mcp", json.dumps(INITIALIZE), content_type="application/json",
                             HTTP_ACCEPT="application/json, text/event-stream", HTTP_AUTHORIZATION=f"Bearer {token}")

    assert response.status_code == 200, response.content
    assert response.json()["result"]["serverInfo"]["name"] == "serverless-designer"


@pytest.mark.parametrize("method", ["get", "delete", "put"])
def test_anything_but_post_is_answered_405_at_once(people: People, method: str) -> None:
    token = _token(people, people.bob, "read")
    response = getattr(Client(), method)("/mcp", HTTP_ACCEPT="application/json, text/event-stream",
                                         HTTP_AUTHORIZATION=f"Bearer {token}")

    assert response.status_code == 405
    assert response["Allow"] == "POST"


def test_an_assistant_designs_checks_fixes_compares_and_reads_the_project(
        people: People, live_server: Any, transactional_db: Any) -> None:
    token = _token(people, people.erin, "read", "write")

    async def steps(session: ClientSession) -> dict[str, Any]:
        seen: dict[str, Any] = {"tools": sorted(tool.name for tool in (await session.list_tools()).tools)}
        created = await session.call_tool("create_design", {
            "name": "nightly", "blueprint": "scheduled-job", "options": {"dlq": False}, "message": "by the agent"})
        seen["created"] = created
        design_id = created.structured_content["design_id"]
        seen["fixed"] = await session.call_tool("apply_fix", {"design_id": design_id, "rule": "EB-02"})
        seen["checked"] = await session.call_tool("check_design", {"design_id": design_id})
        seen["compared"] = await session.call_tool("compare_revisions", {"design_id": design_id, "old": 1, "new": 2})
        seen["files"] = await session.call_tool("list_files", {"design_id": design_id})
        seen["template"] = await session.call_tool("read_file", {"design_id": design_id, "path": "template.yaml"})
        seen["cost"] = await session.call_tool("estimate_cost", {"design_id": design_id,
                                                                 "requests_per_month": 5000})
        seen["zip"] = await session.call_tool("download_zip", {"design_id": design_id, "revision": 2})
        seen["design"] = await session.call_tool("get_design", {"design_id": design_id})
        seen["document"] = await session.read_resource(f"design://{design_id}/document")
        seen["listed"] = await session.call_tool("list_designs", {})
        return seen

    seen = _session(live_server.url, token, steps)

    assert {"list_project_types", "list_designs", "get_design", "create_design", "check_design", "apply_fix",
            "estimate_cost", "list_files", "read_file", "download_zip", "compare_revisions", "list_targets",
            "start_deployment", "get_deployment", "confirm_deployment"} <= set(seen["tools"])
    assert not seen["created"].is_error, _text(seen["created"])
    assert [f["rule"] for f in seen["created"].structured_content["check"]["findings"]] == ["EB-02"]
    assert not seen["fixed"].is_error, _text(seen["fixed"])
    assert seen["fixed"].structured_content["revision"] == 2
    assert seen["checked"].structured_content["findings"] == []
    compared = seen["compared"].structured_content
    assert compared["components_added"] or compared["components_changed"]
    assert "template.yaml" in [f["path"] for f in seen["files"].structured_content["files"]]
    assert "AWS::Serverless" in seen["template"].structured_content["content"]
    assert seen["cost"].structured_content["total_usd_month"] >= 0
    blob = next(block for block in seen["zip"].content if block.type == "resource").resource
    assert "nightly/template.yaml" in zipfile.ZipFile(io.BytesIO(base64.b64decode(blob.blob))).namelist()
    assert [r["number"] for r in seen["design"].structured_content["revisions"]] == [2, 1]
    assert "nightly" in seen["document"].contents[0].text
    assert [d["name"] for d in seen["listed"].structured_content["result"]] == ["nightly"]

    entries = list(AuditEntry.objects.exclude(action="token_created").order_by("id").values_list(
        "action", "via", "actor_name", "detail"))
    assert [(a, v, who, d["tool"]) for a, v, who, d in entries] == [
        ("created", "mcp", "erin", "create_design"), ("changed", "mcp", "erin", "apply_fix"),
        ("downloaded", "mcp", "erin", "download_zip")]
    assert all(d["token"].startswith("assistant (sdp_") for *_, d in entries)


def test_scopes_roles_and_teams_limit_what_a_token_does(people: People, live_server: Any,
                                                        transactional_db: Any) -> None:
    theirs = save_design(people.membership(people.carol, people.rivals), name="secret")
    ours = save_design(people.membership(people.alice))
    sandbox = deployments.target_create_sandbox(team=people.shop)
    read_only = _token(people, people.erin, "read")
    viewer = _token(people, people.bob, "read", "write", "deploy")

    async def as_reader(session: ClientSession) -> list[Any]:
        return [await session.call_tool("create_design", {"name": "x", "blueprint": "api"}),
                await session.call_tool("get_design", {"design_id": theirs.pk}),
                await session.call_tool("check_design", {"design_id": ours.pk})]

    async def as_viewer(session: ClientSession) -> list[Any]:
        return [await session.call_tool("start_deployment", {"design_id": ours.pk, "target_id": sandbox.pk}),
                await session.call_tool("create_design", {"name": "x", "blueprint": "api"})]

    no_write, other_team, allowed = _session(live_server.url, read_only, as_reader)
    no_deploy, no_edit = _session(live_server.url, viewer, as_viewer)

    assert no_write.is_error
    assert "lacks the write scope" in _text(no_write)
    assert other_team.is_error
    assert f"no design {theirs.pk} in your team" in _text(other_team)
    assert "secret" not in _text(other_team)
    assert not allowed.is_error
    assert no_deploy.is_error
    assert "Only a team deployer or above may deploy to dev targets" in _text(no_deploy)
    assert no_edit.is_error
    assert "your role in shop is viewer" in _text(no_edit)
    assert not Deployment.objects.exists()


def test_a_production_deployment_by_an_agent_waits_for_another_admin_and_is_audited(
        people: People, live_server: Any, transactional_db: Any) -> None:
    design = save_design(people.membership(people.alice))
    prod = deployments.target_create(team=people.shop, name="prod", kind="role", environment="prod",
                                     role_arn="arn:aws:iam::123456789012:role/prod")
    # the team turned the gate off for people; an agent's production deployment waits for an approval all the same
    approvals.target_set_gate(target=prod, requires_approval=False, changed_by=people.alice)
    frank = User.objects.create_user("frank", password="frank-secret-1")
    membership_add(team=people.shop, user=frank, role=Role.ADMIN)
    token = _token(people, people.alice, "read", "deploy", "approve")

    async def start(session: ClientSession) -> list[Any]:
        return [await session.call_tool("list_targets", {}),
                await session.call_tool("start_deployment", {"design_id": design.pk, "target_id": prod.pk})]

    targets, started = _session(live_server.url, token, start)
    deployment_id = started.structured_content["id"]
    Deployment.objects.filter(pk=deployment_id).update(status=Deployment.Status.REVIEW)  # the worker's part

    async def confirm(session: ClientSession) -> list[Any]:
        return [await session.call_tool("confirm_deployment", {"deployment_id": deployment_id}),
                await session.call_tool("get_deployment", {"deployment_id": deployment_id})]

    confirmed, followed = _session(live_server.url, token, confirm)
    # the token's owner may not approve her own agent's deployment, even with the approve scope; another admin's
    # token may not either: a person decides in the portal
    decision = {"decision": "approve", "comment": "looks right"}
    by_owner = Client(HTTP_AUTHORIZATION=f"Bearer {token}").post(
        f"/api/deployments/{deployment_id}/approval", decision, content_type="application/json")
    frank_token = token_create(membership=people.membership(frank), name="frank's agent", scopes=["approve"])
    by_other_token = Client(HTTP_AUTHORIZATION=f"Bearer {frank_token.plaintext}").post(
        f"/api/deployments/{deployment_id}/approval", decision, content_type="application/json")
    by_other = client_for(frank).post(reverse("approval-decide", args=[deployment_id]), decision)
    confirmed_after, followed_after = _session(live_server.url, token, confirm)

    assert targets.structured_content["result"][0]["requires_approval"] is True
    assert not started.is_error, _text(started)
    assert started.structured_content["approval"]["status"] == "pending"
    assert confirmed.is_error
    assert "prod requires approval; it waits for an admin other" in _text(confirmed)
    assert followed.structured_content["events"][0]["message"].startswith("Deployment of revision 1")
    assert by_owner.status_code == 403
    assert "another admin of the team must approve" in by_owner.json()["detail"]
    assert by_other_token.status_code == 403  # another admin's token is no person: the portal decides
    assert "a person approves or rejects it in the portal" in by_other_token.json()["detail"]
    assert by_other.status_code in (200, 302), by_other.content[:300]
    assert not confirmed_after.is_error, _text(confirmed_after)
    assert followed_after.structured_content["approval"]["status"] == "approved"
    assert followed_after.structured_content["approval"]["decided_by"] == "frank"
    assert followed_after.structured_content["status"] != "review"
    assert Approval.objects.get().requested_by == people.alice
    entries = list(AuditEntry.objects.filter(subject_type="deployment").order_by("id").values_list(
        "action", "via", "actor_name", "target", "outcome", "detail"))
    assert [(a, v, who, target, outcome, d.get("tool")) for a, v, who, target, outcome, d in entries] == [
        ("deploy_requested", "mcp", "alice", "prod", "ok", "start_deployment"),
        ("approval_requested", "mcp", "alice", "prod", "pending", "start_deployment"),
        ("approved", "web", "frank", "prod", "approved", None),
        ("changed", "mcp", "alice", "prod", "ok", "confirm_deployment")]


def test_bad_input_is_a_tool_error_naming_the_field(people: People, live_server: Any,
                                                    transactional_db: Any) -> None:
    token = _token(people, people.erin, "read", "write")

    async def steps(session: ClientSession) -> list[Any]:
        return [
            await session.call_tool("create_design", {"name": "ingest", "blueprint": "event-processor",
                                                      "options": {"batch_size": 20000}}),
            await session.call_tool("create_design", {"name": "ingest", "blueprint": "event-processor",
                                                      "project": {"region": "mars-1"}}),
            await session.call_tool("check_design", {}),
            await session.call_tool("check_design", {"design_id": "many"}),
            await session.call_tool("create_design", {"name": "doc", "document": {"project": {"name": "x"},
                                                                                  "components": 3}}),
            await session.call_tool("read_file", {"design_id": 999, "path": "x"}),
        ]

    results = _session(live_server.url, token, steps)
    texts = [_text(r) for r in results]

    assert all(r.is_error for r in results), texts
    assert all("Traceback" not in text for text in texts), texts
    assert "options.batch_size" in texts[0]
    assert "10000" in texts[0]
    assert "region" in texts[1]
    assert "design_id: Field required" in texts[2]
    assert "design_id" in texts[3]
    assert "document.components" in texts[4]
    assert "no design 999 in your team" in texts[5]


@pytest.fixture(autouse=True)
def _no_rate_limit_leftovers(settings: Any) -> None:
    settings.API_RATE_LIMIT_PER_MINUTE = 1000


def _call(token: str, tool: str, arguments: dict[str, Any]) -> dict[str, Any]:
    """One tools/call as JSON-RPC through the Django test client (the stateless transport needs no handshake)."""
    response = Client().post("/mcp", json.dumps({"jsonrpc": "2.0", "id": 7, "method": "tools/call",
                                                 "params": {"name": tool, "arguments": arguments}}),
                             content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}",
                             HTTP_ACCEPT="application/json, text/event-stream", HTTP_MCP_PROTOCOL_VERSION="2025-06-18")
    assert response.status_code == 200, response.content
    result: dict[str, Any] = response.json()["result"]
    return result


def test_the_org_policy_blocks_what_an_agent_saves_and_deploys_and_the_block_is_audited(people: People) -> None:
    design = save_design(people.membership(people.alice))
    sandbox = deployments.target_create_sandbox(team=people.shop)
    policy_services.policy_update(membership=people.membership(people.alice),
                                  data={"allowed_regions": ["eu-west-1"], "max_memory_mb": "1024"})
    token = _token(people, people.alice, "read", "write", "deploy")

    saved = _call(token, "create_design", {"name": "big", "blueprint": "event-processor",
                                           "options": {"memory_mb": 2048}, "project": {"region": "eu-west-1"}})
    deployed = _call(token, "start_deployment", {"design_id": design.pk, "target_id": sandbox.pk})

    assert saved["isError"]
    assert "refused: blocked by the team's policy at save: rule max-memory" in saved["content"][0]["text"]
    assert deployed["isError"]
    assert "allowed-regions" in deployed["content"][0]["text"]
    assert not Deployment.objects.exists()
    blocks = AuditEntry.objects.filter(action="policy_blocked").order_by("id")
    assert [(b.via, b.detail["tool"], b.outcome) for b in blocks] == [
        ("mcp", "create_design", "blocked"), ("mcp", "start_deployment", "blocked")]


def test_download_zip_as_a_link_to_the_api_that_the_same_token_fetches(people: People) -> None:
    design = save_design(people.membership(people.alice))
    token = _token(people, people.bob, "read")

    linked = _call(token, "download_zip", {"design_id": design.pk, "as_link": True})
    missing = _call(token, "download_zip", {"design_id": design.pk, "revision": 9, "as_link": True})

    assert not linked.get("isError"), linked
    link = next(block for block in linked["content"] if block["type"] == "resource_link")
    assert link["uri"].endswith(f"/api/designs/{design.pk}/revisions/1/zip")
    assert link["mimeType"] == "application/zip"
    assert missing["isError"]
    assert "revision: orders-importer has no revision 9" in missing["content"][0]["text"]
    assert not AuditEntry.objects.filter(action="downloaded").exists()  # a link is not a download yet
    fetched = Client().get(link["uri"].split("testserver", 1)[-1], HTTP_AUTHORIZATION=f"Bearer {token}")
    assert fetched.status_code == 200
    assert link["name"] == "my-processor.zip"
    assert "my-processor/template.yaml" in zipfile.ZipFile(io.BytesIO(fetched.content)).namelist()
    assert AuditEntry.objects.filter(action="downloaded", actor_name="bob").exists()
