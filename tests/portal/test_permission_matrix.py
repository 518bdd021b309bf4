"""Every URL of the portal × every role × own/other team. Two teams work side by side: shop (alice admin, dave
deployer, erin editor, bob viewer) and rivals (carol, admin of her own team only).

The table names, for each URL, the weakest role allowed to use it. Below that role the answer is 403; a member of
another team gets 404 for anything that belongs to shop (and sees only her own team on team-wide pages). A test
also checks that the table covers every URL the project routes, so a new URL cannot skip the matrix.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from apps.api.tokens import token_create
from apps.approvals.models import Approval
from apps.audit.services import audit_record
from apps.deployments.models import Deployment, Target
from apps.deployments.services import target_create
from apps.designs import services as design_services
from apps.designs.models import Design
from apps.teams.models import ROLE_RANK, Membership
from tests.portal.conftest import People, client_for, save_revision

# URLs outside the matrix, and why
PUBLIC = {"home": "a page with links only", "healthz": "public by design (no sign-in)", "login": "sign-in page",
          "logout": "signs out whoever asks", "team-switch": "acts on the user's own memberships only (tested below)",
          "mcp": "a personal access token, not a session, authorises it; every tool x role x team is checked "
                 "against the API's permission table in tests/mcp_server/test_http_matrix.py"}

TEAM_WIDE = "team"  # a page about the current team (no object id): another team's member sees their own team


@dataclass
class World:
    people: People
    design: Design
    draft_id: str
    dev: Target
    prod: Target
    review: Deployment
    gated: Deployment  # a production deployment waiting for approval (requested by the system)
    tokens: dict[str, int]  # each persona's own API token
    bob_membership: int
    me: str = "alice"
    golden: int = 0  # a golden path of shop's, at version 2
    derived: int = 0  # a design made from its version 1 (an upgrade is waiting)

    def revision(self) -> int:
        return self.design.current_revision.number  # type: ignore[union-attr]


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    role: str  # weakest role allowed
    url: Callable[[World], str]
    data: Callable[[World], dict[str, Any]] | None = None
    scope: str = "object"  # object (404 for other teams) | team (their own team's page) | own (the user's own)


def _d(w: World) -> list[Any]:
    return [w.design.pk]


def _r(w: World) -> list[Any]:
    return [w.design.pk, w.revision()]


CASES = [
    Case("wizard-start", "get", "viewer", lambda w: reverse("wizard-start"), scope=TEAM_WIDE),
    Case("wizard-start", "post", "editor", lambda w: reverse("wizard-start"), lambda w: {"blueprint": "api"},
         scope=TEAM_WIDE),
    Case("wizard-options", "get", "viewer", lambda w: reverse("wizard-options", args=[w.draft_id])),
    Case("wizard-options", "post", "editor", lambda w: reverse("wizard-options", args=[w.draft_id]),
         lambda w: {"source": "sqs"}),
    Case("wizard-project", "get", "viewer", lambda w: reverse("wizard-project", args=[w.draft_id])),
    Case("wizard-project", "post", "editor", lambda w: reverse("wizard-project", args=[w.draft_id]),
         lambda w: {"name": "orders-importer"}),
    Case("wizard-compose", "get", "viewer", lambda w: reverse("wizard-compose", args=[w.draft_id])),
    Case("wizard-compose", "post", "editor", lambda w: reverse("wizard-compose", args=[w.draft_id]),
         lambda w: {"action": "add", "kind": "queue", "name": "matrix-queue"}),
    Case("wizard-components", "get", "viewer", lambda w: reverse("wizard-components", args=[w.draft_id])),
    Case("wizard-component", "get", "viewer", lambda w: reverse("wizard-component", args=[w.draft_id, "processor"])),
    Case("wizard-component", "post", "editor",
         lambda w: reverse("wizard-component", args=[w.draft_id, "processor"]), lambda w: {"memory_mb": "1024"}),
    Case("wizard-fix", "post", "editor", lambda w: reverse("wizard-fix", args=[w.draft_id]),
         lambda w: {"rule": "FN-07"}),
    Case("wizard-traffic", "post", "editor", lambda w: reverse("wizard-traffic", args=[w.draft_id]),
         lambda w: {"requests_per_month": "1000"}),
    Case("wizard-review", "get", "viewer", lambda w: reverse("wizard-review", args=[w.draft_id])),
    Case("wizard-review", "post", "editor", lambda w: reverse("wizard-review", args=[w.draft_id]),
         lambda w: {"name": "orders-importer", "message": "matrix"}),
    Case("wizard-file", "get", "viewer", lambda w: reverse("wizard-file", args=[w.draft_id, "template.yaml"])),
    Case("wizard-download", "get", "viewer", lambda w: reverse("wizard-download", args=[w.draft_id])),
    Case("design-list", "get", "viewer", lambda w: reverse("design-list"), scope=TEAM_WIDE),
    Case("design-import", "get", "viewer", lambda w: reverse("design-import"), scope=TEAM_WIDE),
    Case("design-import", "post", "editor", lambda w: reverse("design-import"),
         lambda w: {"name": "imported", "text": "Resources:\n  JobsQueue:\n    Type: AWS::SQS::Queue\n"},
         scope=TEAM_WIDE),
    Case("design-detail", "get", "viewer", lambda w: reverse("design-detail", args=_d(w))),
    Case("design-open", "post", "editor", lambda w: reverse("design-open", args=_d(w))),
    Case("revision-detail", "get", "viewer", lambda w: reverse("revision-detail", args=_r(w))),
    Case("revision-open", "post", "editor", lambda w: reverse("revision-open", args=_r(w))),
    Case("revision-file", "get", "viewer", lambda w: reverse("revision-file", args=[*_r(w), "template.yaml"])),
    Case("revision-download", "get", "viewer", lambda w: reverse("revision-download", args=_r(w))),
    Case("design-history", "get", "viewer", lambda w: reverse("design-history", args=_d(w))),
    Case("design-compare", "get", "viewer", lambda w: reverse("design-compare", args=_d(w)) + "?from=1&to=2"),
    Case("revision-restore", "post", "editor", lambda w: reverse("revision-restore", args=[w.design.pk, 1])),
    Case("design-delete", "post", "editor", lambda w: reverse("design-delete", args=_d(w)),
         lambda w: {"confirm": "orders-importer"}),
    Case("member-list", "get", "viewer", lambda w: reverse("member-list"), scope=TEAM_WIDE),
    Case("member-list", "post", "admin", lambda w: reverse("member-list"),
         lambda w: {"username": "carol", "role": "viewer"}, scope=TEAM_WIDE),
    Case("member-change", "post", "admin", lambda w: reverse("member-change", args=[w.bob_membership]),
         lambda w: {"role": "editor"}),
    Case("revision-patch", "get", "viewer", lambda w: reverse("revision-patch", args=_r(w)) + "?from=1"),
    Case("target-list", "get", "viewer", lambda w: reverse("target-list"), scope=TEAM_WIDE),
    Case("target-list", "post", "admin", lambda w: reverse("target-list"),
         lambda w: {"name": "staging", "region": "eu-west-1", "environment": "staging",
                    "role_arn": "arn:aws:iam::123456789012:role/deployer", "account_id": "", "external_id": ""},
         scope=TEAM_WIDE),
    Case("target-check", "post", "deployer", lambda w: reverse("target-check", args=[w.dev.pk])),
    Case("target-delete", "post", "admin", lambda w: reverse("target-delete", args=[w.prod.pk])),
    Case("deploy-start", "get", "viewer", lambda w: reverse("deploy-start", args=_r(w))),
    Case("deploy-start", "post", "deployer", lambda w: reverse("deploy-start", args=_r(w)),
         lambda w: {"target": w.dev.pk}),
    Case("deploy-start", "post", "admin", lambda w: reverse("deploy-start", args=_r(w)),
         lambda w: {"target": w.prod.pk}),
    Case("deployment-detail", "get", "viewer", lambda w: reverse("deployment-detail", args=[w.review.pk])),
    Case("deployment-confirm", "post", "deployer", lambda w: reverse("deployment-confirm", args=[w.review.pk])),
    Case("deployment-recreate", "post", "deployer", lambda w: reverse("deployment-recreate", args=[w.review.pk])),
    Case("deployment-cancel", "post", "deployer", lambda w: reverse("deployment-cancel", args=[w.review.pk])),
    Case("deployment-teardown", "get", "viewer", lambda w: reverse("deployment-teardown", args=[w.review.pk])),
    Case("deployment-teardown", "post", "deployer", lambda w: reverse("deployment-teardown", args=[w.review.pk]),
         lambda w: {"confirm": w.review.stack_name, "stack_name": w.review.stack_name}),
    Case("approval-decide", "post", "admin", lambda w: reverse("approval-decide", args=[w.gated.pk]),
         lambda w: {"decision": "approve", "comment": "looks right"}),
    Case("target-gate", "post", "admin", lambda w: reverse("target-gate", args=[w.dev.pk]),
         lambda w: {"requires_approval": "on"}),
    Case("token-list", "get", "viewer", lambda w: reverse("token-list"), scope=TEAM_WIDE),
    Case("token-list", "post", "viewer", lambda w: reverse("token-list"),
         lambda w: {"name": "ci", "scopes": ["read"], "days": "5"}, scope=TEAM_WIDE),
    Case("token-revoke", "post", "viewer", lambda w: reverse("token-revoke", args=[w.tokens[w.me]]),
         scope="own"),
    Case("audit-list", "get", "admin", lambda w: reverse("audit-list"), scope=TEAM_WIDE),
    Case("audit-export", "get", "admin", lambda w: reverse("audit-export"), scope=TEAM_WIDE),
    Case("policy-edit", "get", "viewer", lambda w: reverse("policy-edit"), scope=TEAM_WIDE),
    Case("policy-edit", "post", "admin", lambda w: reverse("policy-edit"),
         lambda w: {"allowed_regions": ["us-east-1"], "max_memory_mb": "2048"}, scope=TEAM_WIDE),
    Case("golden-list", "get", "viewer", lambda w: reverse("golden-list"), scope=TEAM_WIDE),
    Case("golden-publish", "get", "admin", lambda w: reverse("golden-publish"), scope=TEAM_WIDE),
    Case("golden-publish", "post", "admin", lambda w: reverse("golden-publish"),
         lambda w: {"design": w.design.pk, "slug": "matrix-path", "title": "Matrix path", "scope": "team"},
         scope=TEAM_WIDE),
    Case("golden-detail", "get", "viewer", lambda w: reverse("golden-detail", args=[w.golden])),
    Case("golden-detail", "post", "admin", lambda w: reverse("golden-detail", args=[w.golden]),
         lambda w: {"design": w.design.pk, "notes": "v3"}),
    Case("golden-use", "get", "viewer", lambda w: reverse("golden-use", args=[w.golden])),
    Case("golden-use", "post", "editor", lambda w: reverse("golden-use", args=[w.golden]),
         lambda w: {"name": "from-golden"}),
    Case("golden-export", "get", "viewer", lambda w: reverse("golden-export", args=[w.golden, 1])),
    Case("golden-upgrade", "get", "viewer", lambda w: reverse("golden-upgrade", args=[w.derived])),
    Case("golden-upgrade", "post", "editor", lambda w: reverse("golden-upgrade", args=[w.derived])),
]


def _route_names(patterns: list[Any], skip_admin: bool = True) -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if skip_admin and str(pattern.pattern).startswith("admin/"):
                continue  # Django's admin: staff only, its own permission system
            if str(pattern.pattern).startswith("api/"):
                continue  # the JSON API has its own matrix (tests/portal/test_api_permissions.py)
            names |= _route_names(pattern.url_patterns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(pattern.name)
    return names


def test_the_matrix_covers_every_url_the_project_routes() -> None:
    routed = _route_names(get_resolver().url_patterns)
    covered = {case.name for case in CASES} | set(PUBLIC)

    assert routed - covered == set(), "add these URLs to the permission matrix"
    assert covered - routed == set()


@pytest.fixture
def world(people: People) -> World:
    alice = people.membership(people.alice)
    from tests.portal.conftest import save_design

    design = save_design(alice)
    save_revision(alice, design, options={"source": "sqs", "memory_mb": 1024}, message="more memory")
    draft = design_services.design_open(membership=alice, design=design)
    dev = target_create(team=people.shop, name="dev", kind="role", environment="dev",
                        role_arn="arn:aws:iam::123456789012:role/dev")
    prod = target_create(team=people.shop, name="prod", kind="role", environment="prod",
                         role_arn="arn:aws:iam::123456789012:role/prod")
    review = Deployment.objects.create(target=dev, design=design, revision=design.current_revision,
                                       stack_name="orders-importer-dev", status=Deployment.Status.REVIEW,
                                       requested_by=people.dave)
    gated = Deployment.objects.create(target=prod, design=design, revision=design.current_revision,
                                      stack_name="orders-importer-prod", status=Deployment.Status.REVIEW)
    Approval.objects.create(deployment=gated, revision=design.current_revision)
    audit_record(team=people.shop, actor=people.alice, action="created", subject_type="design",
                 subject="orders-importer secret-marker")
    tokens = {name: token_create(membership=Membership.objects.filter(user=getattr(people, name)).first(),
                                 name="mine", scopes=["read"]).token.pk
              for name in ("alice", "dave", "erin", "bob", "carol")}
    from apps.golden import services as golden_services

    v1 = golden_services.golden_path_publish(membership=alice, design=design, slug="shop-events",
                                             title="Shop events")
    derived = golden_services.golden_path_use(membership=alice, golden_path=v1.golden_path, name="derived-ingest",
                                              values={})
    assert derived.design is not None, derived.problems
    golden_services.golden_path_version_publish(membership=alice, golden_path=v1.golden_path, design=design,
                                                notes="v2")
    return World(people, design, str(draft.pk), dev, prod, review, gated, tokens,
                 people.membership(people.bob).pk, golden=v1.golden_path_id, derived=derived.design.pk)


PERSONAS = {"alice": "admin", "dave": "deployer", "erin": "editor", "bob": "viewer"}
DENIED = (403,)
LEAKS = ("orders-importer",)


def _call(client: Any, case: Case, world: World, htmx: bool) -> Any:
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    data = case.data(world) if case.data else {}
    # every request runs in a transaction that is rolled back: each case sees the same world
    with transaction.atomic():
        response = getattr(client, case.method)(case.url(world), data, **headers)
        transaction.set_rollback(True)
    return response


@pytest.mark.parametrize("persona", [*PERSONAS, "carol"])
def test_each_role_can_do_exactly_what_its_role_allows_and_nothing_across_teams(world: World, persona: str) -> None:
    user = getattr(world.people, persona)
    client = client_for(user)
    world.me = persona
    problems = []
    for case in CASES:
        for htmx in (False, True):
            response = _call(client, case, world, htmx)
            code = response.status_code
            where = f"{case.method.upper()} {case.name} (htmx={htmx}) as {persona}: {code}"
            if code >= 500:
                problems.append(f"{where}: server error")
            elif persona == "carol":
                body = b"".join(response.streaming_content) if response.streaming else response.content
                if case.scope == "own" and code in (403, 404):
                    problems.append(f"{where}: one's own token is one's own, in any team")
                elif case.scope == "object" and code != 404:
                    problems.append(f"{where}: expected 404 for another team's object")
                elif case.scope == TEAM_WIDE and any(leak.encode() in body for leak in LEAKS):
                    problems.append(f"{where}: shows the other team's data")
            else:
                allowed = ROLE_RANK[PERSONAS[persona]] >= ROLE_RANK[case.role]
                if allowed and code in (403, 404):
                    problems.append(f"{where}: expected to be allowed ({case.role} or above)")
                if not allowed and code not in DENIED:
                    problems.append(f"{where}: expected 403 (needs {case.role})")
    assert problems == []


def test_switching_to_a_team_one_is_not_a_member_of_changes_nothing(world: World) -> None:
    client = client_for(world.people.carol)
    client.post(reverse("team-switch"), {"team": world.people.shop.pk})

    assert client.get(reverse("design-detail", args=[world.design.pk])).status_code == 404
    assert b"orders-importer" not in client.get(reverse("design-list")).content
