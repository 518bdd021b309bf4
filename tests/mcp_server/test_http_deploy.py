"""An assistant deploys through `/mcp` with the MCP SDK's own client: it designs, starts a deployment to the team's
sandbox target, follows it to the change-set review, confirms it and follows it to success. The sandbox is a real
moto server and the worker's task runs inline (Celery eager) in the live server, as in the API's deploy test."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from mcp.client.session import ClientSession

from apps.audit.models import AuditEntry
from apps.deployments import services as deployments
from apps.deployments.models import Deployment
from designer.celery import app as celery_app
from tests.deployments.conftest import sandbox, sandbox_server  # noqa: F401  (fixtures)
from tests.mcp_server.test_http_server import _session, _text, _token
from tests.portal.conftest import People


@pytest.fixture
def inline_worker(settings: Any) -> Iterator[None]:
    settings.DEPLOYMENT_LEASE_SECONDS = 3600  # runs finish long before a lease would need renewing
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = eager


async def _follow(session: ClientSession, deployment_id: int, until: tuple[str, ...], seen: list[dict[str, Any]]
                  ) -> dict[str, Any]:
    """get_deployment, following its events from the last one seen, until the status is one of `until` or
    terminal (the worker runs inline, so the first answer is usually already there)."""
    after = max([0, *(e["id"] for state in seen for e in state["events"])])
    for _ in range(30):
        result = await session.call_tool("get_deployment", {"deployment_id": deployment_id, "after_event": after})
        assert not result.is_error, _text(result)
        state = result.structured_content
        seen.append(state)
        after = max([after, *(e["id"] for e in state["events"])])
        if state["status"] in until or state["terminal"]:
            return state
    raise AssertionError(f"deployment {deployment_id} stayed {seen[-1]['status']}")


@pytest.mark.django_db(transaction=True)
def test_an_assistant_deploys_to_the_sandbox_and_follows_it_to_success(
        people: People, live_server: Any, sandbox: str, inline_worker: None) -> None:  # noqa: F811
    deployments.target_create_sandbox(team=people.shop)
    token = _token(people, people.dave, "read", "write", "deploy")  # a deployer: dev targets (the sandbox is dev)

    async def steps(session: ClientSession) -> dict[str, Any]:
        seen: dict[str, Any] = {}
        created = await session.call_tool("create_design", {"name": "nightly", "blueprint": "scheduled-job",
                                                            "options": {"dlq": False}})
        assert not created.is_error, _text(created)
        design_id = created.structured_content["design_id"]
        targets = (await session.call_tool("list_targets", {})).structured_content["result"]
        seen["targets"] = targets
        started = await session.call_tool("start_deployment", {"design_id": design_id,
                                                               "target_id": targets[0]["id"]})
        assert not started.is_error, _text(started)
        deployment_id = started.structured_content["id"]
        seen["states"] = []
        seen["prepared"] = await _follow(session, deployment_id, ("review",), seen["states"])
        confirmed = await session.call_tool("confirm_deployment", {"deployment_id": deployment_id})
        assert not confirmed.is_error, _text(confirmed)
        seen["finished"] = await _follow(session, deployment_id, (), seen["states"])
        return seen

    seen = _session(live_server.url, token, steps)

    assert [(t["kind"], t["environment"], t["requires_approval"]) for t in seen["targets"]] == [
        ("sandbox", "dev", False)]
    events = [e for state in seen["states"] for e in state["events"]]
    prepared, finished = seen["prepared"], seen["finished"]
    assert prepared["status"] == "review", [e["message"] for e in events]
    assert prepared["changes"], prepared
    assert finished["status"] == "succeeded", [e["message"] for e in events]
    assert len(events) == len({e["id"] for e in events})  # following with after_event sends each event once
    assert events[0]["message"].startswith("Deployment of revision 1")
    assert events[-1]["message"].startswith("Deployed: the stack is CREATE_COMPLETE")
    deployment = Deployment.objects.get()
    assert deployment.status == Deployment.Status.SUCCEEDED
    assert deployment.requested_by == people.dave
    trail = list(AuditEntry.objects.filter(subject_type="deployment").order_by("id").values_list(
        "action", "actor_name", "outcome", "via"))
    assert ("deploy_requested", "dave", "ok", "mcp") in trail
    assert ("deployed", "dave", "succeeded", "mcp") in trail
