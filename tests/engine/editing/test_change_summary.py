"""The change summary: what an edit adds and removes in the generated SAM template."""

from __future__ import annotations

from generators.blueprints import BLUEPRINTS
from generators.editing import apply_edits
from generators.editing.summary import change_summary
from generators.model import Project


def test_adding_a_queue_with_a_worker_lists_resources_grants_env_and_event_source() -> None:
    before = BLUEPRINTS["api"].build(Project(name="shop"))
    after = apply_edits(before, [
        {"op": "add_component", "kind": "queue", "name": "jobs"},
        {"op": "add_component", "kind": "function", "name": "worker"},
        {"op": "connect", "kind": "triggers", "source": "jobs", "target": "worker"},
        {"op": "connect", "kind": "publishes", "source": "router", "target": "jobs"},
        {"op": "disconnect", "kind": "writes", "source": "router", "target": "data-table"},
    ])
    summary = change_summary(before, after)
    assert "Jobs (AWS::SQS::Queue)" in summary.resources_added
    assert "Worker (AWS::Serverless::Function)" in summary.resources_added
    assert summary.resources_removed == []
    assert "RouterRole: sqs:SendMessage on Jobs.Arn" in summary.iam_granted
    assert any(line.startswith("RouterRole: dynamodb:PutItem") for line in summary.iam_revoked)
    assert not any("GetItem" in line for line in summary.iam_revoked)  # `reads` stays
    assert summary.env_added == ["Router: JOBS_URL"]
    assert summary.events_added == ["Worker ← JobsMessages (SQS)"]


def test_no_change_is_an_empty_summary_and_removal_is_the_mirror() -> None:
    design = BLUEPRINTS["event-processor"].build(Project(name="shop", iac="cdk", language="typescript"))
    assert change_summary(design, design).empty
    smaller = apply_edits(design, [{"op": "remove_component", "name": design.functions()[0].name}])
    summary = change_summary(design, smaller)
    assert summary.resources_added == []
    assert any("AWS::Serverless::Function" in line for line in summary.resources_removed)
    assert summary.events_removed


def test_a_state_machine_integration_shows_its_policy_template_and_substitution() -> None:
    before = apply_edits({"project": {"name": "p"}}, [{"op": "add_component", "kind": "state_machine", "name": "flow"},
                                                      {"op": "add_component", "kind": "table", "name": "orders"}])
    after = apply_edits(before, [{"op": "connect", "kind": "integrates", "source": "flow", "target": "orders"}])
    summary = change_summary(before, after)
    assert summary.iam_granted == ["Flow: DynamoDBWritePolicy on TableName=Orders"]
    assert summary.env_added == ["Flow: ${OrdersName} (definition substitution)"]
