"""Golden paths in the portal: an admin publishes one, editors start designs from it, nobody changes a locked
setting, and designs made from version 1 are upgraded to version 2 by a three-way merge whose patch `git apply`
takes on a project generated from version 1."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.urls import reverse

from apps.audit.models import AuditEntry
from apps.designs import authoring
from apps.designs.editing import design_apply_edits
from apps.designs.models import Design
from apps.designs.services import NotAllowed as DesignNotAllowed
from apps.designs.services import revision_workspace
from apps.golden import services
from apps.golden.models import GoldenPath
from apps.history.services import HistoryError, revision_patch, revision_restore
from apps.teams.permissions import NotAllowed
from generators.cli import main as cli_main
from generators.writer import write_directory
from tests.engine.golden.paths_fixture import LOCKED, PARAMETERS, golden_v1, golden_v2
from tests.portal.conftest import People, client_for

GIT = shutil.which("git")


def _source(people: People, design: dict[str, Any], existing: Design | None = None) -> Design:
    saved = authoring.design_save_document(membership=people.membership(people.alice), name="acme-events-source",
                                           document=design, design=existing, via="web")
    assert saved.design is not None, saved.problems
    return saved.design


def _publish_v1(people: People) -> GoldenPath:
    source = Design.objects.filter(team=people.shop, name="acme-events-source").first() \
        or _source(people, golden_v1()["design"])
    version = services.golden_path_publish(
        membership=people.membership(people.alice), design=source,
        slug="acme-events", title="ACME event processor", description="tags, retention and DLQs our way",
        parameters=PARAMETERS, locked=LOCKED, notes="first")
    return version.golden_path


def _publish_v2(people: People, golden: GoldenPath) -> None:
    source = Design.objects.get(team=people.shop, name="acme-events-source")
    services.golden_path_version_publish(membership=people.membership(people.alice), golden_path=golden,
                                         design=_source(people, golden_v2()["design"], source),
                                         parameters=PARAMETERS, locked=LOCKED,
                                         notes="audit queue; prod logs kept a year")


def _use(people: People, golden: GoldenPath, name: str, **values: Any) -> Design:
    saved = services.golden_path_use(membership=people.membership(people.erin), golden_path=golden, name=name,
                                     values=values)
    assert saved.design is not None, saved.problems
    return saved.design


def _edit(people: People, design: Design, edits: list[dict[str, Any]]) -> Any:
    design.refresh_from_db()
    return design_apply_edits(membership=people.membership(people.erin), design=design, edits=edits,
                              message="our edit", via="web")


def test_only_an_admin_publishes_and_an_editor_uses_it(people: People) -> None:
    source = _source(people, golden_v1()["design"])
    for user in (people.erin, people.dave):
        with pytest.raises(NotAllowed, match="publish golden paths and their versions you need the admin role"):
            services.golden_path_publish(membership=people.membership(user), design=source, slug="x", title="x")
    golden = _publish_v1(people)
    with pytest.raises(DesignNotAllowed):
        services.golden_path_use(membership=people.membership(people.bob), golden_path=golden, name="b",
                                 values={})

    design = _use(people, golden, "shop-ingest", memory_mb=1024)

    assert design.golden_source.version.number == 1  # type: ignore[attr-defined]
    assert design.golden_source.parameters == {"memory_mb": 1024, "batch_size": 10,  # type: ignore[attr-defined]
                                               "language": "python"}
    document = design.current_revision.document  # type: ignore[union-attr]
    assert document["project"]["tags"] == {"CostCenter": "platform", "Owner": "team-a"}
    entries = {(e.actor_name, e.action, e.subject) for e in AuditEntry.objects.filter(subject_type__in=(
        "golden path", "design"))}
    assert ("alice", "created", "ACME event processor v1") in entries
    assert ("erin", "created", "shop-ingest from golden path ACME event processor v1") in entries


def test_a_bad_parameter_value_is_refused_naming_the_parameter(people: People) -> None:
    golden = _publish_v1(people)
    saved = services.golden_path_use(membership=people.membership(people.erin), golden_path=golden,
                                     name="shop-ingest", values={"memory_mb": 4096, "log_retention_days": 1})

    assert saved.design is None
    assert ("parameters.memory_mb", "4096 is out of range; allowed: 256 to 2048") in saved.problems
    assert any(p == "parameters.log_retention_days" and "security keeps prod logs for audits" in m
               for p, m in saved.problems)


def test_an_editor_cannot_change_a_locked_setting_and_is_told_why(people: People) -> None:
    golden = _publish_v1(people)
    design = _use(people, golden, "shop-ingest")
    document = dict(design.current_revision.document)  # type: ignore[union-attr]
    document["project"] = {**document["project"], "tags": {"CostCenter": "marketing", "Owner": "team-a"}}

    saved = authoring.design_save_document(membership=people.membership(people.erin), name="shop-ingest",
                                           document=document, design=design)
    edited = _edit(people, design, [{"op": "update_component", "name": "input-queue", "settings": {"dlq": False}}])

    assert saved.problems == [("project.tags.CostCenter", "locked by golden path acme-events v1: finance bills by "
                                                          "cost centre (it must stay 'platform')")]
    assert edited.problems == [("components[input-queue].dlq", "locked by golden path acme-events v1: every "
                                                               "queue has a dead-letter queue (it must stay True)")]
    assert design.revisions.count() == 1


def _git(cwd: Path, *args: str) -> str:
    assert GIT is not None
    result = subprocess.run([GIT, *args], cwd=cwd, capture_output=True, text=True, timeout=60, check=False,
                            env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
                                 "GIT_COMMITTER_EMAIL": "t@example.com", "HOME": str(cwd), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.skipif(GIT is None, reason="git is not installed")
def test_version_2_upgrades_three_designs_keeping_edits_showing_the_conflict_and_the_patch_applies(
        people: People, tmp_path: Path) -> None:
    golden = _publish_v1(people)
    plain = _use(people, golden, "plain-ingest")
    edited = _use(people, golden, "edited-ingest", memory_mb=1024)
    conflicting = _use(people, golden, "conflicting-ingest")
    assert _edit(people, edited, [{"op": "add_component", "kind": "topic", "name": "done"},
                                  {"op": "connect", "kind": "publishes", "source": "processor",
                                   "target": "done"}]).design is not None
    assert _edit(people, conflicting, [{"op": "update_component", "name": "processor",
                                        "settings": {"timeout_s": 45}}]).design is not None
    generated = {}  # each team generated its project from its current revision (made from version 1)
    for design in (plain, edited, conflicting):
        design.refresh_from_db()
        generated[design.name] = design.current_revision
        tree = revision_workspace(revision=design.current_revision).tree  # type: ignore[arg-type]
        assert tree is not None
        write_directory(tree, tmp_path / design.name)
        _git(tmp_path / design.name, "init", "-q")
        _git(tmp_path / design.name, "add", "-A")
        _git(tmp_path / design.name, "commit", "-qm", "generated from v1")

    _publish_v2(people, golden)
    alice, erin = people.membership(people.alice), people.membership(people.erin)
    outdated = services.golden_outdated(membership=erin, golden_path=golden)
    assert [s.design.name for s in outdated] == ["conflicting-ingest", "edited-ingest", "plain-ingest"]

    preview = services.golden_upgrade_preview(membership=erin, design=edited)
    assert preview.ready
    assert preview.graph is not None
    assert preview.graph.components_added == ["audit-queue"]
    template = next(f for f in preview.files if f.path == "template.yaml")
    assert "+  AuditQueueDLQDepthAlarm:" in template.diff  # version 2 adds an alarm
    assert "RetentionInDays: 365" in template.diff or "365" in template.diff

    conflict = services.golden_upgrade_preview(membership=erin, design=conflicting)
    assert [c.as_dict()["path"] for c in conflict.merge.conflicts] == ["components[processor].timeout_s"]
    refused = services.golden_upgrade_apply(membership=erin, design=conflicting)
    assert refused.design is None
    assert refused.problems[0][0] == "resolutions.components[processor].timeout_s"

    with pytest.raises(DesignNotAllowed):
        services.golden_upgrade_apply(membership=people.membership(people.bob), design=plain)
    upgraded = {
        "plain-ingest": services.golden_upgrade_apply(membership=erin, design=plain),
        "edited-ingest": services.golden_upgrade_apply(membership=erin, design=edited),
        "conflicting-ingest": services.golden_upgrade_apply(
            membership=erin, design=conflicting, resolutions={"components[processor].timeout_s": "mine"}),
    }
    for name, saved in upgraded.items():
        assert saved.revision is not None, (name, saved.problems)
        document = saved.revision.document
        processor = next(c for c in document["components"] if c["name"] == "processor")
        assert document["project"]["environments"][2]["log_retention_days"] == 365  # the locked setting is v2's
        assert "audit-queue" in [c["name"] for c in document["components"]]
        assert processor["timeout_s"] == (45 if name == "conflicting-ingest" else 60)
        design = saved.design
        assert design is not None
        assert design.golden_source.version.number == 2  # type: ignore[attr-defined]
        patch = revision_patch(membership=alice, design=design, old=generated[name], new=saved.revision)
        (tmp_path / f"{name}.patch").write_bytes(patch.content)
        _git(tmp_path / name, "apply", "--check", str(tmp_path / f"{name}.patch"))
        _git(tmp_path / name, "apply", str(tmp_path / f"{name}.patch"))
        new_tree = revision_workspace(revision=saved.revision).tree
        assert new_tree is not None
        assert (tmp_path / name / "template.yaml").read_bytes() == new_tree["template.yaml"].content
    edited_doc = upgraded["edited-ingest"].revision.document  # type: ignore[union-attr]
    assert "done" in [c["name"] for c in edited_doc["components"]]  # the user's own edit survived
    assert next(c for c in edited_doc["components"] if c["name"] == "processor")["memory_mb"] == 1024
    assert services.golden_outdated(membership=erin, golden_path=golden) == []
    with pytest.raises(HistoryError, match="locked by golden path acme-events v2: security keeps prod logs"):
        revision_restore(membership=erin, design=plain, revision=generated["plain-ingest"])  # v1's retention
    assert AuditEntry.objects.filter(actor_name="erin", action="changed",
                                     subject="edited-ingest upgraded to golden path ACME event processor v2").exists()
    assert AuditEntry.objects.filter(actor_name="alice", subject="ACME event processor v2").exists()


def test_another_teams_golden_path_is_not_found_unless_organisation_wide(people: People) -> None:
    golden = _publish_v1(people)
    carol = people.membership(people.carol, people.rivals)
    client = client_for(people.carol)
    assert client.get(reverse("golden-detail", args=[golden.pk])).status_code == 404
    GoldenPath.objects.filter(pk=golden.pk).update(scope=GoldenPath.Scope.ORGANISATION)
    saved = services.golden_path_use(membership=carol, golden_path=golden, name="rival-ingest", values={})
    assert saved.design is not None
    assert saved.design.team_id == people.rivals.pk


def test_the_pages_publish_offer_in_the_wizard_use_and_upgrade_with_the_conflict_resolved_in_the_page(
        people: People, tmp_path: Path) -> None:
    admin, editor = client_for(people.alice), client_for(people.erin)
    source = _source(people, golden_v1()["design"])

    response = admin.post(reverse("golden-publish"), {
        "design": source.pk, "slug": "acme-events", "title": "ACME event processor", "scope": "team",
        "description": "ours", "parameters": yaml.safe_dump(PARAMETERS), "locked": yaml.safe_dump(LOCKED)})
    assert response.status_code == 302, response.content.decode()[:2000]
    golden = GoldenPath.objects.get(slug="acme-events")
    assert editor.post(reverse("golden-publish"), {"design": source.pk}).status_code == 403

    start = editor.get(reverse("wizard-start")).content.decode()
    assert 'data-golden="acme-events"' in start
    assert reverse("golden-use", args=[golden.pk]) in start
    form = editor.get(reverse("golden-use", args=[golden.pk])).content.decode()
    assert 'name="memory_mb"' in form
    assert 'max="2048"' in form
    assert "security keeps prod logs" in form
    refused = editor.post(reverse("golden-use", args=[golden.pk]), {"name": "shop-ingest", "memory_mb": "4096",
                                                                    "batch_size": "10", "language": "python"})
    assert refused.status_code == 422
    assert "4096 is out of range; allowed: 256 to 2048" in refused.content.decode()
    created = editor.post(reverse("golden-use", args=[golden.pk]), {"name": "shop-ingest", "memory_mb": "1024",
                                                                    "batch_size": "10", "language": "python"})
    assert created.status_code == 302
    wizard = editor.get(created["Location"])
    assert wizard.status_code == 200
    assert "processor" in wizard.content.decode()
    draft_id = created["Location"].split("/")[2]
    unlocked = editor.post(reverse("wizard-component", args=[draft_id, "input-queue"]),
                           {"visibility_timeout_s": "180", "message_retention_s": "345600", "delay_s": "0",
                            "max_receive_count": "3", "dlq_retention_s": "1209600"})  # the dlq box unticked
    assert "every queue has a dead-letter queue" in unlocked.content.decode()
    design = Design.objects.get(name="shop-ingest")
    assert _edit(people, design, [{"op": "update_component", "name": "processor",
                                   "settings": {"timeout_s": 45}}]).design is not None

    response = admin.post(reverse("golden-detail", args=[golden.pk]), {
        "design": _source(people, golden_v2()["design"], source).pk, "parameters": yaml.safe_dump(PARAMETERS),
        "locked": yaml.safe_dump(LOCKED), "notes": "audit queue"})
    assert response.status_code == 302
    detail = editor.get(reverse("design-detail", args=[design.pk])).content.decode()
    assert reverse("golden-upgrade", args=[design.pk]) in detail

    page = editor.get(reverse("golden-upgrade", args=[design.pk])).content.decode()
    assert 'name="resolve:components[processor].timeout_s"' in page
    assert "audit-queue" in page
    assert "AuditQueueDLQDepthAlarm" in page
    assert editor.post(reverse("golden-upgrade", args=[design.pk])).status_code == 422  # the conflict is open
    done = editor.post(reverse("golden-upgrade", args=[design.pk]),
                       {"resolve:components[processor].timeout_s": "theirs"})
    assert done.status_code == 302
    assert reverse("design-compare", args=[design.pk]) in done["Location"]
    design.refresh_from_db()
    processor = next(c for c in design.current_revision.document["components"]  # type: ignore[union-attr]
                     if c["name"] == "processor")
    assert processor["timeout_s"] == 60
    assert processor["memory_mb"] == 1024
    exported = editor.get(reverse("golden-export", args=[golden.pk, 2]))
    assert yaml.safe_load(exported.content)["version"] == 2
    (tmp_path / "acme-events-v2.yaml").write_bytes(exported.content)  # the CLI takes the exported file
    assert cli_main(["new", "--path", str(tmp_path / "acme-events-v2.yaml"), "--name", "cli-ingest",
                     "--set", "memory_mb=768", "--out", str(tmp_path / "cli-ingest")]) == 0
    assert "AuditQueueDLQDepthAlarm" in (tmp_path / "cli-ingest" / "template.yaml").read_text()


def test_the_api_publishes_uses_refuses_a_lock_and_upgrades(people: People) -> None:
    from django.test import Client

    from apps.api.tokens import token_create

    def client(user: Any) -> Client:
        token = token_create(membership=people.membership(user), name="t", scopes=["read", "write"]).plaintext
        return Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    admin, editor = client(people.alice), client(people.erin)
    source = _source(people, golden_v1()["design"])
    body = {"design_id": source.pk, "slug": "acme-events", "title": "ACME event processor",
            "parameters": PARAMETERS, "locked": LOCKED}
    assert editor.post("/api/golden-paths", body, content_type="application/json").status_code == 403
    created = admin.post("/api/golden-paths", body, content_type="application/json")
    assert created.status_code == 201, created.json()
    golden_id = created.json()["id"]
    assert admin.post("/api/golden-paths", body, content_type="application/json").status_code == 409

    detail = editor.get(f"/api/golden-paths/{golden_id}").json()
    assert {p["name"]: (p["minimum"], p["maximum"]) for p in detail["parameters"]}["memory_mb"] == (256, 2048)
    assert detail["document"]["kind"] == "golden-path"
    locked = editor.post(f"/api/golden-paths/{golden_id}/designs",
                         {"name": "api-ingest", "parameters": {"log_retention_days": 1}},
                         content_type="application/json")
    assert locked.status_code == 422
    assert locked.json()["problems"] == [{"field": "parameters.log_retention_days", "message": (
        "project.environments[prod].log_retention_days is locked by golden path acme-events v1: security keeps "
        "prod logs for audits")}]
    used = editor.post(f"/api/golden-paths/{golden_id}/designs",
                       {"name": "api-ingest", "parameters": {"memory_mb": 1024}}, content_type="application/json")
    assert used.status_code == 201, used.json()
    design_id = used.json()["design"]["id"]
    assert editor.post(f"/api/designs/{design_id}/edits", {"edits": [
        {"op": "update_component", "name": "processor", "settings": {"timeout_s": 45}}]},
        content_type="application/json").status_code == 201

    v2 = admin.post(f"/api/golden-paths/{golden_id}/versions",
                    {"design_id": _source(people, golden_v2()["design"], source).pk, "parameters": PARAMETERS,
                     "locked": LOCKED, "notes": "audit queue"}, content_type="application/json")
    assert v2.status_code == 201
    assert v2.json()["latest_version"] == 2
    preview = editor.get(f"/api/designs/{design_id}/upgrade").json()
    assert (preview["from_version"], preview["to_version"], preview["ready"]) == (1, 2, False)
    assert [c["path"] for c in preview["conflicts"]] == ["components[processor].timeout_s"]
    assert preview["components_added"] == ["audit-queue"]
    assert editor.post(f"/api/designs/{design_id}/upgrade", {}, content_type="application/json").status_code == 422
    done = editor.post(f"/api/designs/{design_id}/upgrade",
                       {"resolutions": {"components[processor].timeout_s": "mine"}}, content_type="application/json")
    assert done.status_code == 201, done.json()
    assert editor.get(f"/api/designs/{design_id}/upgrade").json()["from_version"] == 2
