"""Every /mcp tool × every persona (4 roles of shop, and carol of rivals), through the MCP SDK's own client against
a live server, with tokens that have every scope, so the role alone decides: 17 tools × 5 personas = 85 cases.

The expectations are not written here: each tool names the JSON API operation whose permission it shares, and the
role that operation needs comes from the API's own permission table (tests/portal/test_api_permissions.py, OPS).
Below that role a tool answers `forbidden: …` and changes nothing; at or above it, it succeeds; a member of
another team gets `no … in your team` for anything of shop's and sees none of shop's data in lists."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from mcp.client.session import ClientSession

from apps.api.tokens import token_create
from apps.approvals.models import Approval
from apps.audit.models import AuditEntry
from apps.deployments.models import Deployment, Target
from apps.deployments.services import target_create
from apps.designs.models import Design, DesignRevision
from apps.mcp.server import mcp_server
from apps.teams.models import ROLE_RANK
from tests.mcp_server import fresh_loop
from tests.mcp_server.test_http_server import _call, _session, _text
from tests.portal.conftest import People, save_design, save_revision
from tests.portal.test_api_permissions import ALL_SCOPES, IMPORT_TEMPLATE, OPS, PERSONAS

API_ROLE = {op.name: op.role for op in OPS}
API_TEAM_WIDE = {op.name for op in OPS if op.team_wide}

# each MCP tool -> the JSON API operation whose permission it shares (list_project_types shows no team's data)
TWIN = {
    "list_designs": "list_designs", "get_design": "get_design", "compare_revisions": "get_design",
    "create_design": "create_design", "import_template": "import_design", "update_design": "update_design",
    "apply_edits": "edit_design", "apply_fix": "edit_design", "check_design": "findings",
    "estimate_cost": "findings", "list_files": "findings", "read_file": "findings", "download_zip": "download_zip",
    "list_targets": "list_targets", "start_deployment": "start_deployment", "get_deployment": "get_deployment",
    "confirm_deployment": "confirm_deployment",
}
SHOP_ONLY = "orders-importer"  # shop's design: no word of it may reach another team


@dataclass
class World:
    people: People
    design: Design
    dev: Target
    review: Deployment


Arguments = Callable[[World], dict[str, Any]]
# in the order they are called: reads first, then writes, deployments last (a write must not hide a later check)
CALLS: list[tuple[str, Arguments]] = [
    ("list_designs", lambda w: {}),
    ("get_design", lambda w: {"design_id": w.design.pk}),
    ("compare_revisions", lambda w: {"design_id": w.design.pk, "old": 1, "new": 2}),
    ("check_design", lambda w: {"design_id": w.design.pk}),
    ("estimate_cost", lambda w: {"design_id": w.design.pk}),
    ("list_files", lambda w: {"design_id": w.design.pk}),
    ("read_file", lambda w: {"design_id": w.design.pk, "path": "template.yaml"}),
    ("download_zip", lambda w: {"design_id": w.design.pk}),
    ("list_targets", lambda w: {}),
    ("get_deployment", lambda w: {"deployment_id": w.review.pk}),
    ("create_design", lambda w: {"name": "another", "blueprint": "event-processor", "options": {"source": "sqs"}}),
    ("import_template", lambda w: {"name": "imported", "template": IMPORT_TEMPLATE}),
    ("apply_fix", lambda w: {"design_id": w.design.pk, "rule": "EB-02"}),
    ("apply_edits", lambda w: {"design_id": w.design.pk,
                               "edits": [{"op": "add_component", "kind": "topic", "name": "done"}]}),
    ("update_design", lambda w: {"design_id": w.design.pk, "document": w.design.current_revision.document}),  # type: ignore[union-attr]
    ("confirm_deployment", lambda w: {"deployment_id": w.review.pk}),
    ("start_deployment", lambda w: {"design_id": w.design.pk, "target_id": w.dev.pk}),
]


def _world(people: People) -> World:
    design = save_design(people.membership(people.alice), blueprint="scheduled-job", name=SHOP_ONLY,
                         options={"dlq": False})
    save_revision(people.membership(people.alice), design, message="second")
    design.refresh_from_db()
    dev = target_create(team=people.shop, name="dev", kind="role", environment="dev",
                        role_arn="arn:aws:iam::123456789012:role/dev")
    review = Deployment.objects.create(target=dev, design=design, revision=design.current_revision,
                                       stack_name="other-stack", status=Deployment.Status.REVIEW)
    return World(people, design, dev, review)


def _footprint() -> tuple[int, ...]:
    return (Design.objects.count(), DesignRevision.objects.count(), Deployment.objects.count(),
            Deployment.objects.exclude(status=Deployment.Status.REVIEW).count(), Approval.objects.count())


def test_the_matrix_covers_every_tool_and_names_only_api_operations() -> None:
    names = [tool.name for tool in fresh_loop.run(mcp_server().list_tools)]

    assert set(names) - {"list_project_types"} == set(TWIN) == {name for name, _ in CALLS}
    assert set(TWIN.values()) <= set(API_ROLE)
    assert len(CALLS) * (len(PERSONAS) + 1) >= 50


@pytest.mark.parametrize("persona", [*PERSONAS, "carol"])
def test_each_tool_does_what_the_api_lets_the_role_do_and_nothing_across_teams(
        people: People, live_server: Any, transactional_db: Any, persona: str) -> None:
    world = _world(people)
    user = getattr(people, persona)
    team = people.rivals if persona == "carol" else people.shop
    token = token_create(membership=people.membership(user, team), name="t", scopes=ALL_SCOPES).plaintext

    footprint = sync_to_async(_footprint, thread_sensitive=False)

    async def steps(session: ClientSession) -> list[tuple[str, bool, str, bool]]:
        seen = []
        for name, arguments in CALLS:
            before = await footprint()
            result = await session.call_tool(name, arguments(world))
            seen.append((name, bool(result.is_error), _text(result) + str(result.structured_content or ""),
                         await footprint() != before))
        return seen

    problems = []
    seen = _session(live_server.url, token, steps)
    for name, is_error, text, changed in seen:
        where = f"{name} as {persona}: {text[:300]!r}"
        if "Traceback" in text or ("Error executing tool" in text and not is_error):
            problems.append(f"{where}: a crash")
        if persona == "carol":
            if TWIN[name] in API_TEAM_WIDE:
                if SHOP_ONLY in text:
                    problems.append(f"{where}: shows shop's data")
            elif not (is_error and "in your team" in text):
                problems.append(f"{where}: expected `no … in your team`")
            continue
        allowed = ROLE_RANK[PERSONAS[persona]] >= ROLE_RANK[API_ROLE[TWIN[name]]]
        forbidden = is_error and ": forbidden: " in text
        if allowed and is_error:
            problems.append(f"{where}: expected to succeed ({API_ROLE[TWIN[name]]} or above)")
        if not allowed and not forbidden:
            problems.append(f"{where}: expected forbidden (needs {API_ROLE[TWIN[name]]})")
        if not allowed and changed:
            problems.append(f"{where}: forbidden, yet it changed something")
    assert problems == []


def test_every_call_that_changes_something_is_audited_as_made_through_mcp_with_its_tool(people: People) -> None:
    """Each tool once as the team's admin: whatever changed the team's designs, revisions or deployments wrote
    audit entries marked `via=mcp` with that tool's name and the token; a read wrote none (a download is one)."""
    world = _world(people)
    token = token_create(membership=people.membership(people.alice), name="agent", scopes=ALL_SCOPES).plaintext
    audited: dict[str, list[tuple[str, str, str, str]]] = {}
    changed = set()
    for name, arguments in CALLS:
        before, last = _footprint(), AuditEntry.objects.order_by("-id").values_list("id", flat=True).first()
        result = _call(token, name, arguments(world))
        assert not result.get("isError"), (name, result)
        if _footprint() != before:
            changed.add(name)
        audited[name] = [(e.action, e.via, e.actor_name, e.detail.get("tool", "")) for e in
                         AuditEntry.objects.filter(id__gt=last or 0).order_by("id")]

    assert changed == {"create_design", "import_template", "apply_fix", "apply_edits", "update_design",
                       "confirm_deployment", "start_deployment"}
    assert {name for name, entries in audited.items() if entries} == changed | {"download_zip"}
    for name, entries in audited.items():
        assert all((via, who, tool) == ("mcp", "alice", name) for _, via, who, tool in entries), (name, entries)
    assert AuditEntry.objects.filter(via="mcp").exclude(detail__token__startswith="agent (sdp_").count() == 0
