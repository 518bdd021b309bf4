"""Organisation defaults in the portal: an admin sets them with the team's policy (page or service); every render,
download and deployment of the team's designs applies them; the policy rules report them."""

from __future__ import annotations

import io
import zipfile

import pytest
import yaml
from django.urls import reverse

from apps.designs import services as design_services
from apps.designs.models import DesignRevision
from apps.policies import services as policy_services
from tests.engine.variants import SAMPLE_ORG_DEFAULTS
from tests.portal.conftest import People, client_for, save_design

DEFAULTS = SAMPLE_ORG_DEFAULTS.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
BOUNDARY = SAMPLE_ORG_DEFAULTS.permission_boundary_arn


def _zip_text(content: bytes, suffix: str) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        name = next(n for n in archive.namelist() if n.endswith(suffix))
        return archive.read(name).decode()


def test_an_admin_sets_the_defaults_on_the_policy_page_and_every_download_prints_them(people: People) -> None:
    design = save_design(people.membership(people.alice))
    page = client_for(people.alice).post(reverse("policy-edit"), {"org_defaults": yaml.safe_dump(DEFAULTS)})
    assert page.status_code == 302

    response = client_for(people.bob).get(reverse("revision-download", args=[design.pk, 1]))

    assert response.status_code == 200
    template = _zip_text(response.content, "/template.yaml")
    assert f"PermissionsBoundary: {BOUNDARY}" in template
    assert "VpcConfig:" in template
    assert "KmsMasterKeyId: arn:aws:kms:us-east-1:123456789012:key/" in template
    assert 'owner=\\"platform-team\\"' in _zip_text(response.content, "/samconfig.toml")
    # applied when rendered, never written into the team's design
    assert all("organisation" not in r.document for r in DesignRevision.objects.all())


def test_the_wizard_preview_of_a_draft_prints_them_too(people: People) -> None:
    alice = people.membership(people.alice)
    policy_services.policy_update(membership=alice, data={"org_defaults": {**DEFAULTS, "ci": "gitlab-ci"}})
    draft = design_services.draft_start(membership=alice, blueprint="api")

    tree = design_services.draft_workspace(draft=draft).tree

    assert tree is not None
    assert ".gitlab-ci.yml" in tree
    assert ".github/workflows/ci.yml" not in tree


@pytest.mark.parametrize(("text", "field", "says"), [
    ("vpc: {subnet_ids: [subnet-1], security_group_ids: [sg-0123456789abcdef0]}", "org_defaults.vpc.subnet_ids",
     "not a subnet id"),
    ("kms: {topics: alias/aws/sns}", "org_defaults.kms.topics", "not a customer managed KMS key ARN"),
    ("permission_boundary_arn: Boundary", "org_defaults.permission_boundary_arn", "not an IAM managed policy ARN"),
    ("- not a mapping", "org_defaults", "a mapping"),
])
def test_bad_defaults_are_refused_naming_the_field(people: People, text: str, field: str, says: str) -> None:
    response = client_for(people.alice).post(reverse("policy-edit"), {"org_defaults": text})

    assert response.status_code == 400
    assert f"{field}: " in response.content.decode()
    assert says in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert policy_services.policy_get(team=people.shop.pk).pk is None  # nothing saved


def test_the_rules_report_the_defaults_and_count_their_tags(people: People) -> None:
    from generators.blueprints import BLUEPRINTS
    from generators.model import Project

    policy_services.policy_update(membership=people.membership(people.alice),
                                  data={"required_tags": "cost-centre", "org_defaults": DEFAULTS})
    design = BLUEPRINTS["api"].build(Project(name="x"), {})

    results = {r.rule: r for r in policy_services.policy_evaluate(team_id=people.shop.pk, design=design)}

    assert results["required-tags"].passed  # the organisation's tags are on every stack
    assert results["org-log-retention"].message == ("raised by the organisation default: dev 7 → 365 days, "
                                                    "staging 30 → 365 days, prod 90 → 365 days")
    assert results["org-vpc"].passed
    assert results["org-vpc"].message == "1 function(s) run in the organisation VPC"
    assert results["org-permission-boundary"].passed


def test_an_imported_template_the_defaults_cannot_reach_is_flagged(people: People) -> None:
    from generators.importing import import_template

    template = """
AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Worker:
    Type: AWS::Serverless::Function
    Properties: {Handler: app.handler, Runtime: python3.12, CodeUri: src/}
"""
    design = import_template(template).design
    policy_services.policy_update(membership=people.membership(people.alice), data={"org_defaults": DEFAULTS})

    results = {r.rule: r for r in policy_services.policy_evaluate(team_id=people.shop.pk, design=design)}

    assert not results["org-vpc"].passed
    assert "outside the organisation VPC" in results["org-vpc"].message
    assert not results["org-permission-boundary"].passed


def test_the_api_reads_and_replaces_the_defaults(people: People) -> None:
    from django.test import Client

    from apps.api.tokens import token_create

    token = token_create(membership=people.membership(people.alice), name="t", scopes=["read", "write"]).plaintext
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    bad = client.put("/api/policy/org-defaults", {"org_defaults": {"vpc": {"subnet_ids": ["subnet-1"],
                                                                            "security_group_ids": []}}},
                     content_type="application/json")
    assert bad.status_code == 422
    fields = {p["field"] for p in bad.json()["problems"]}
    assert fields == {"org_defaults.vpc.subnet_ids", "org_defaults.vpc.security_group_ids"}

    saved = client.put("/api/policy/org-defaults", {"org_defaults": DEFAULTS}, content_type="application/json")

    assert saved.status_code == 200
    assert client.get("/api/policy/org-defaults").json() == {"org_defaults": DEFAULTS}
    design = save_design(people.membership(people.alice))
    zipped = client.get(f"/api/designs/{design.pk}/revisions/1/zip")
    assert f"PermissionsBoundary: {BOUNDARY}" in _zip_text(zipped.content, "/template.yaml")
