"""Org policies block saves and downloads with a message naming the rule; the audit log records who did what."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from apps.audit.models import AuditEntry
from apps.designs import services as design_services
from apps.policies import services as policy_services
from apps.teams.permissions import NotAllowed
from tests.portal.conftest import People, client_for, save_design


def test_a_save_that_breaks_the_memory_rule_is_blocked_naming_the_rule(people: People) -> None:
    policy_services.policy_update(membership=people.membership(people.alice), data={"max_memory_mb": "1024"})
    erin = people.membership(people.erin)
    draft = design_services.draft_start(membership=erin, blueprint="event-processor")
    design_services.draft_update_options(membership=erin, draft=draft, options={"memory_mb": 2048})

    saved = design_services.draft_save(membership=erin, draft=draft, name="big")

    assert saved.design is None
    (field, message), = saved.problems
    assert field == "policy"
    assert "rule max-memory (Maximum function memory): function processor has memory_mb 2048; the maximum is 1024" \
        in message
    blocked = AuditEntry.objects.get(action="policy_blocked")
    assert (blocked.actor_name, blocked.outcome, blocked.detail["stage"]) == ("erin", "blocked", "save")


def test_a_download_in_a_region_the_policy_does_not_allow_is_refused(people: People) -> None:
    design = save_design(people.membership(people.alice))
    policy_services.policy_update(membership=people.membership(people.alice),
                                  data={"allowed_regions": ["eu-west-1"], "required_tags": "team"})

    response = client_for(people.bob).get(reverse("revision-download", args=[design.pk, 1]))

    assert response.status_code == 403
    text = response.content.decode()
    assert "rule allowed-regions (Allowed regions): region us-east-1 is not allowed; allowed: eu-west-1" in text
    assert "rule required-tags (Required tags): project.tags is missing team" in text


@pytest.mark.parametrize(
    ("rule", "data", "options", "message"),
    [
        ("required-dlqs", {"require_dlqs": True}, {"source": "kinesis", "on_failure_dlq": False},
         "-triggers-> processor has on_failure_dlq off"),
        ("no-public-endpoints", {"forbid_public_endpoints": True}, None, "auth none (public)"),
        ("allowed-runtimes", {"allowed_runtimes": ["nodejs22.x"]}, None, "python3.12, which is not allowed"),
        ("max-timeout", {"max_timeout_s": "5"}, None, "the maximum is 5"),
    ],
)
def test_each_rule_names_itself_when_it_blocks(people: People, rule: str, data: dict[str, object],
                                               options: dict[str, object] | None, message: str) -> None:
    from generators.blueprints import BLUEPRINTS
    from generators.model import Project

    blueprint = "api" if rule == "no-public-endpoints" else "event-processor"
    opts = {"auth": "none"} if rule == "no-public-endpoints" else (options or {})
    design = BLUEPRINTS[blueprint].build(Project(name="x"), opts)
    policy_services.policy_update(membership=people.membership(people.alice), data=data)

    results = policy_services.policy_evaluate(team_id=people.shop.pk, design=design)

    failed = {r.rule: r.message for r in results if not r.passed}
    assert rule in failed
    assert message in failed[rule]


def test_policy_input_is_validated_naming_the_field_and_the_allowed_values(people: People) -> None:
    with pytest.raises(policy_services.PolicyInvalid) as invalid:
        policy_services.policy_update(membership=people.membership(people.alice),
                                      data={"allowed_regions": ["mars-1"], "max_memory_mb": "99999",
                                            "allowed_runtimes": ["cobol"]})

    fields = dict(invalid.value.problems)
    assert fields["allowed_regions"].startswith("mars-1 not known; allowed: us-east-1")
    assert fields["max_memory_mb"] == "99999 is out of range; allowed: 128 to 10240, or empty for no limit"
    assert fields["allowed_runtimes"] == "cobol not known; allowed: python3.12, nodejs22.x"


def test_only_an_admin_changes_the_policy(people: People) -> None:
    for persona in (people.dave, people.erin, people.bob):
        with pytest.raises(NotAllowed, match="manage policies you need the admin role"):
            policy_services.policy_update(membership=people.membership(persona), data={})
    assert client_for(people.bob).get(reverse("policy-edit")).status_code == 200  # everyone may read the rules


def test_the_audit_log_records_saves_and_downloads_and_exports_csv(people: People) -> None:
    design = save_design(people.membership(people.alice))
    client_for(people.bob).get(reverse("revision-download", args=[design.pk, 1]))
    admin = client_for(people.alice)

    page = admin.get(reverse("audit-list")).content.decode()
    assert "created" in page
    assert "downloaded" in page
    assert "orders-importer r1" in page
    only_downloads = admin.get(reverse("audit-list"), {"action": "downloaded"}).content.decode()
    assert "bob" in only_downloads
    assert "<td>created</td>" not in only_downloads

    exported = admin.get(reverse("audit-export"), {"actor": "bob"})
    assert exported["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(exported.content.decode())))
    assert [(r["actor"], r["action"], r["subject"]) for r in rows] == [("bob", "downloaded", "orders-importer r1")]


def test_audit_filters_are_validated_and_entries_cannot_be_changed_from_the_ui(people: People) -> None:
    admin = client_for(people.alice)

    bad = admin.get(reverse("audit-list"), {"action": "hacked", "since": "yesterday"})
    assert bad.status_code == 400
    assert "action: &#x27;hacked&#x27; is not an action; allowed: created" in bad.content.decode()
    assert "since: &#x27;yesterday&#x27; is not a date; use YYYY-MM-DD" in bad.content.decode()
    assert admin.post(reverse("audit-list")).status_code == 405
    assert admin.post(reverse("audit-export")).status_code == 405
    entry = AuditEntry.objects.create(team=people.shop, action="created", subject_type="x", subject="y")
    assert admin.get(f"/admin/audit/auditentry/{entry.pk}/delete/").status_code in (302, 403)


def test_a_csv_cell_that_looks_like_a_formula_is_neutralised(people: People) -> None:
    AuditEntry.objects.create(team=people.shop, action="created", subject_type="design", subject="=HYPERLINK(1)")

    body = client_for(people.alice).get(reverse("audit-export")).content.decode()

    assert "'=HYPERLINK(1)" in body


def test_adding_and_removing_a_target_is_on_record(people: People) -> None:
    from apps.deployments.services import target_create, target_delete

    target = target_create(team=people.shop, name="staging", kind="role", environment="staging",
                           role_arn="arn:aws:iam::123456789012:role/staging", created_by=people.alice)
    target_delete(target=target, deleted_by=people.alice)

    trail = list(AuditEntry.objects.filter(subject_type="target").order_by("id").values_list(
        "action", "actor_name", "target", "detail"))
    details = {"environment": "staging", "region": "us-east-1", "kind": "role"}
    assert trail == [("created", "alice", "staging", details), ("deleted", "alice", "staging", details)]
