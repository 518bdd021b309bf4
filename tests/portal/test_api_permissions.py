"""Every JSON API operation × role × own/other team, with tokens that have every scope: the role alone decides
(403 below it), and another team's token gets 404 for shop's objects and sees only its own team in lists."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from apps.api.tokens import token_create
from apps.approvals.models import Approval
from apps.deployments.models import Deployment, Target
from apps.deployments.services import target_create
from apps.designs.models import Design
from apps.golden import services as golden_services
from apps.teams.models import ROLE_RANK
from tests.portal.conftest import People, save_design

ALL_SCOPES = ["read", "write", "deploy", "approve"]


@dataclass
class World:
    people: People
    design: Design
    dev: Target
    review: Deployment
    gated: Deployment
    golden: int = 0  # a golden path of shop's, at version 2
    derived: int = 0  # a design made from its version 1


@dataclass(frozen=True)
class Op:
    name: str  # the operation's function name (the completeness test compares them)
    method: str
    role: str
    path: Callable[[World], str]
    body: Callable[[World], dict[str, Any]] | None = None
    team_wide: bool = False


DOC_BODY = {"name": "orders-importer", "blueprint": "event-processor", "options": {"source": "sqs"}}
IMPORT_TEMPLATE = "Resources:\n  JobsQueue:\n    Type: AWS::SQS::Queue\n"
OPS = [
    Op("list_designs", "get", "viewer", lambda w: "/api/designs", team_wide=True),
    Op("get_design", "get", "viewer", lambda w: f"/api/designs/{w.design.pk}"),
    Op("create_design", "post", "editor", lambda w: "/api/designs",
       lambda w: {**DOC_BODY, "name": "another"}, team_wide=True),
    Op("import_design", "post", "editor", lambda w: "/api/designs/import",
       lambda w: {"name": "imported", "template": IMPORT_TEMPLATE}, team_wide=True),
    Op("update_design", "put", "editor", lambda w: f"/api/designs/{w.design.pk}", lambda w: DOC_BODY),
    Op("edit_design", "post", "editor", lambda w: f"/api/designs/{w.design.pk}/edits",
       lambda w: {"edits": [{"op": "add_component", "kind": "topic", "name": "done"}]}),
    Op("download_zip", "get", "viewer", lambda w: f"/api/designs/{w.design.pk}/revisions/1/zip"),
    Op("findings", "get", "viewer", lambda w: f"/api/designs/{w.design.pk}/revisions/1/findings"),
    Op("list_targets", "get", "viewer", lambda w: "/api/targets", team_wide=True),
    Op("start_deployment", "post", "deployer", lambda w: "/api/deployments",
       lambda w: {"design_id": w.design.pk, "target_id": w.dev.pk}),
    Op("get_deployment", "get", "viewer", lambda w: f"/api/deployments/{w.review.pk}"),
    Op("confirm_deployment", "post", "deployer", lambda w: f"/api/deployments/{w.review.pk}/confirm"),
    Op("cancel_deployment", "post", "deployer", lambda w: f"/api/deployments/{w.review.pk}/cancel"),
    Op("decide_approval", "post", "admin", lambda w: f"/api/deployments/{w.gated.pk}/approval",
       lambda w: {"decision": "approve", "comment": "ok"}),
    Op("list_golden_paths", "get", "viewer", lambda w: "/api/golden-paths", team_wide=True),
    Op("get_golden_path", "get", "viewer", lambda w: f"/api/golden-paths/{w.golden}"),
    Op("publish_golden_path", "post", "admin", lambda w: "/api/golden-paths",
       lambda w: {"design_id": w.design.pk, "slug": "api-path", "title": "API path"}, team_wide=True),
    Op("publish_golden_path_version", "post", "admin", lambda w: f"/api/golden-paths/{w.golden}/versions",
       lambda w: {"design_id": w.design.pk, "notes": "v3"}),
    Op("use_golden_path", "post", "editor", lambda w: f"/api/golden-paths/{w.golden}/designs",
       lambda w: {"name": "from-golden"}),
    Op("get_upgrade", "get", "viewer", lambda w: f"/api/designs/{w.derived}/upgrade"),
    Op("upgrade_design", "post", "editor", lambda w: f"/api/designs/{w.derived}/upgrade",
       lambda w: {"resolutions": {}}),
    Op("get_org_defaults", "get", "viewer", lambda w: "/api/policy/org-defaults", team_wide=True),
    Op("set_org_defaults", "put", "admin", lambda w: "/api/policy/org-defaults",
       lambda w: {"org_defaults": {"min_log_retention_days": 365}}, team_wide=True),
]


def test_the_matrix_covers_every_api_operation(db: Any) -> None:
    spec = Client().get("/api/openapi.json").json()
    operation_ids = {op["operationId"] for path in spec["paths"].values() for op in path.values()}

    assert {i.rsplit("_api_", 1)[-1] for i in operation_ids} == {op.name for op in OPS}


@pytest.fixture
def world(people: People) -> World:
    design = save_design(people.membership(people.alice))
    dev = target_create(team=people.shop, name="dev", kind="role", environment="dev",
                        role_arn="arn:aws:iam::123456789012:role/dev")
    prod = target_create(team=people.shop, name="prod", kind="role", environment="prod",
                         role_arn="arn:aws:iam::123456789012:role/prod")
    review = Deployment.objects.create(target=dev, design=design, revision=design.current_revision,
                                       stack_name="other-stack", status=Deployment.Status.REVIEW)
    gated = Deployment.objects.create(target=prod, design=design, revision=design.current_revision,
                                      stack_name="orders-importer-prod", status=Deployment.Status.REVIEW)
    Approval.objects.create(deployment=gated, revision=design.current_revision)
    alice = people.membership(people.alice)
    v1 = golden_services.golden_path_publish(membership=alice, design=design, slug="shop-events",
                                             title="Shop events")
    derived = golden_services.golden_path_use(membership=alice, golden_path=v1.golden_path, name="derived-ingest",
                                              values={})
    assert derived.design is not None, derived.problems
    golden_services.golden_path_version_publish(membership=alice, golden_path=v1.golden_path, design=design)
    return World(people, design, dev, review, gated, golden=v1.golden_path_id, derived=derived.design.pk)


PERSONAS = {"alice": "admin", "dave": "deployer", "erin": "editor", "bob": "viewer"}


@pytest.mark.parametrize("persona", [*PERSONAS, "carol"])
def test_each_token_can_do_what_its_users_role_allows_and_nothing_across_teams(world: World, persona: str) -> None:
    user = getattr(world.people, persona)
    team = world.people.rivals if persona == "carol" else world.people.shop
    token = token_create(membership=world.people.membership(user, team), name="t", scopes=ALL_SCOPES).plaintext
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    problems = []
    for op in OPS:
        with transaction.atomic():
            kwargs: dict[str, Any] = {"content_type": "application/json"} if op.body else {}
            response = getattr(client, op.method)(op.path(world), op.body(world) if op.body else None, **kwargs)
            transaction.set_rollback(True)
        code = response.status_code
        where = f"{op.method.upper()} {op.name} as {persona}: {code} {response.content[:200]!r}"
        if code >= 500:
            problems.append(f"{where}: server error")
        elif persona == "carol":
            if not op.team_wide and code != 404:
                problems.append(f"{where}: expected 404")
            if op.team_wide and b"orders-importer" in response.content and op.method == "get":
                problems.append(f"{where}: shows shop's data")
        else:
            allowed = ROLE_RANK[PERSONAS[persona]] >= ROLE_RANK[op.role]
            if allowed and code in (401, 403, 404):
                problems.append(f"{where}: expected to be allowed ({op.role} or above)")
            if not allowed and code != 403:
                problems.append(f"{where}: expected 403 (needs {op.role})")
    assert problems == []
