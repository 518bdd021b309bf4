"""The well-known ways a deployment goes wrong, each ending in a clear state and message.

States moto never reaches (ROLLBACK_COMPLETE, UPDATE_ROLLBACK_FAILED, a stack stuck in progress) and AWS
errors (throttling, 5xx) are injected at the aws.py seam; everything else is the real pipeline against the
sandbox."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from apps.deployments import accounts, aws, packaging, pipeline, presenters, services
from apps.deployments.models import Deployment, Target
from apps.designs.convert import design_of_revision
from tests.deployments.conftest import FakeAws, RevisionFactory, confirm, deploy, prepare, story

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore:Tried to parse AWS::")]

Status = Deployment.Status
BLUEPRINT = "event-processor"  # one function, quick to build


def _event(event_id: str, logical_id: str, kind: str, status: str, reason: str = "") -> dict[str, Any]:
    return {"StackId": "stack", "EventId": event_id, "StackName": "shop-dev", "LogicalResourceId": logical_id,
            "PhysicalResourceId": "", "ResourceType": kind, "ResourceStatus": status,
            "ResourceStatusReason": reason, "Timestamp": dt.datetime.now(dt.UTC)}


def _stack_status(status: str, active: dict[str, bool]) -> Any:
    def change(parsed: dict[str, Any]) -> None:
        if active["on"]:
            for stack in parsed.get("Stacks", []):
                stack["StackStatus"] = status
    return change


def _events(events: list[dict[str, Any]], active: dict[str, bool]) -> Any:
    def change(parsed: dict[str, Any]) -> None:
        if active["on"]:
            parsed["StackEvents"][:0] = events
    return change


# ---------------------------------------------------------------------------------------------- no change, update
def test_deploying_an_unchanged_revision_is_a_success_without_changes(saved_revision: RevisionFactory,
                                                                     sandbox_target: Target) -> None:
    first = deploy(saved_revision(BLUEPRINT), sandbox_target)
    again = prepare(saved_revision(BLUEPRINT), sandbox_target)

    assert first.status == Status.SUCCEEDED, story(first)
    assert again.status == Status.NO_CHANGES, story(again)
    assert again.is_successful
    assert again.is_terminal
    assert again.outputs == first.outputs
    assert "No changes" in story(again)


def test_a_changed_revision_updates_the_stack_through_a_reviewed_change_set(saved_revision: RevisionFactory,
                                                                           sandbox_target: Target) -> None:
    deploy(saved_revision(BLUEPRINT), sandbox_target)

    update = prepare(saved_revision(BLUEPRINT, {"batch_size": 5}), sandbox_target)
    assert update.status == Status.REVIEW, story(update)
    assert update.change_set_type == "UPDATE"
    assert {c["action"] for c in update.changes} == {"Modify"}

    update = confirm(update)
    assert update.status == Status.SUCCEEDED, story(update)
    assert update.stack_status == "UPDATE_COMPLETE"


# ---------------------------------------------------------------------------------------------- lint
def test_a_template_with_lint_errors_stops_before_anything_is_sent(saved_revision: RevisionFactory,
                                                                  sandbox_target: Target,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    real = packaging.PACKAGERS[("sam", "python")]

    def broken(tree: Any, context: packaging.BuildContext) -> packaging.Package:
        package = real(tree, context)
        package.template["Resources"]["InputQueue"]["Properties"]["VisibilityTimeout"] = "ten"
        return package

    monkeypatch.setitem(packaging.PACKAGERS, ("sam", "python"), broken)

    deployment = prepare(saved_revision(BLUEPRINT), sandbox_target)

    assert deployment.status == Status.FAILED
    assert "cfn-lint found 1 error(s)" in deployment.error
    assert "InputQueue" in deployment.error
    assert [p["resource"] for p in deployment.lint_problems if p["severity"] == "error"] == ["InputQueue"]
    assert accounts.account_for(sandbox_target).describe_stack(deployment.stack_name) is None


def test_an_unexpected_error_fails_the_deployment_without_showing_a_traceback(
        saved_revision: RevisionFactory, sandbox_target: Target, monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(tree: Any, context: packaging.BuildContext) -> packaging.Package:
        raise RuntimeError("KeyError in line 42 of secret_module.py")

    monkeypatch.setitem(packaging.PACKAGERS, ("sam", "python"), crash)

    deployment = prepare(saved_revision(BLUEPRINT), sandbox_target)

    assert deployment.status == Status.FAILED
    assert deployment.error == "Internal error in the deployment worker (the details are in the worker's log)."
    assert "secret_module" not in story(deployment)


# ---------------------------------------------------------------------------------------------- throttling
def test_throttling_is_retried_with_backoff_and_each_retry_is_logged(saved_revision: RevisionFactory,
                                                                    sandbox_target: Target,
                                                                    fake_aws: FakeAws) -> None:
    fake_aws.fail("cloudformation", "CreateChangeSet", "Throttling", times=2, message="Rate exceeded")

    deployment = prepare(saved_revision(BLUEPRINT), sandbox_target)

    assert deployment.status == Status.REVIEW, story(deployment)
    assert fake_aws.calls["CreateChangeSet"] == 3
    retries = deployment.events.filter(message__contains="CreateChangeSet: throttled; retrying")
    assert retries.count() == 2


def test_throttling_that_does_not_stop_fails_the_deployment_with_the_aws_message(
        saved_revision: RevisionFactory, sandbox_target: Target, fake_aws: FakeAws) -> None:
    fake_aws.fail("cloudformation", "CreateChangeSet", "Throttling", times=100, message="Rate exceeded")

    deployment = prepare(saved_revision(BLUEPRINT), sandbox_target)

    assert deployment.status == Status.FAILED
    assert deployment.error == "CreateChangeSet failed: Throttling: Rate exceeded"


def test_a_transient_server_error_while_executing_is_retried(saved_revision: RevisionFactory,
                                                            sandbox_target: Target, fake_aws: FakeAws) -> None:
    deployment = prepare(saved_revision(BLUEPRINT), sandbox_target)
    fake_aws.fail("cloudformation", "ExecuteChangeSet", "ServiceUnavailable", times=1, status=503)

    deployment = confirm(deployment)

    assert deployment.status == Status.SUCCEEDED, story(deployment)
    assert "a transient error (ServiceUnavailable)" in story(deployment)


# ---------------------------------------------------------------------------------------------- rollbacks
def test_a_failed_creation_names_the_failing_resource_and_is_recreated_only_after_confirmation(
        saved_revision: RevisionFactory, sandbox_target: Target, fake_aws: FakeAws) -> None:
    rolled_back = {"on": True}
    fake_aws.rewrite("cloudformation", "DescribeStacks", _stack_status("ROLLBACK_COMPLETE", rolled_back))
    fake_aws.rewrite("cloudformation", "DescribeStackEvents", _events([
        _event("e3", "shop-dev", "AWS::CloudFormation::Stack", "ROLLBACK_COMPLETE"),
        _event("e2", "InputQueue", "AWS::SQS::Queue", "DELETE_COMPLETE"),
        _event("e1", "Processor", "AWS::Lambda::Function", "CREATE_FAILED",
               "Resource handler returned message: \"Memory size 99999 is not valid\""),
    ], rolled_back))
    fake_aws.rewrite("cloudformation", "DeleteStack", lambda parsed: rolled_back.update(on=False))

    failed = deploy(saved_revision(BLUEPRINT), sandbox_target)

    assert failed.status == Status.FAILED
    assert "could not be created (ROLLBACK_COMPLETE)" in failed.error
    assert 'Processor (AWS::Lambda::Function): CREATE_FAILED — Resource handler returned message: "Memory size ' \
           '99999 is not valid"' in failed.error
    assert failed.events.filter(resource="Processor", resource_status="CREATE_FAILED").exists()
    design = design_of_revision(failed.revision)
    assert presenters.component_statuses(failed, design)["processor"] == "failed"

    retry = prepare(saved_revision(BLUEPRINT), sandbox_target)

    assert retry.status == Status.AWAITING_RECREATE, story(retry)
    assert accounts.account_for(sandbox_target).describe_stack(retry.stack_name) is not None, "deleted unasked"

    services.deployment_confirm_recreate(deployment=retry)
    services.deployment_run(deployment_id=retry.pk)
    retry.refresh_from_db()

    assert retry.status == Status.REVIEW, story(retry)
    assert retry.change_set_type == "CREATE"
    assert "Deleting the stack shop-dev left in ROLLBACK_COMPLETE, as confirmed." in story(retry)
    assert confirm(retry).status == Status.SUCCEEDED, story(retry)


def test_a_stack_waiting_for_recreation_can_be_left_alone(saved_revision: RevisionFactory, sandbox_target: Target,
                                                         fake_aws: FakeAws) -> None:
    deploy(saved_revision(BLUEPRINT), sandbox_target)
    fake_aws.rewrite("cloudformation", "DescribeStacks", _stack_status("ROLLBACK_COMPLETE", {"on": True}))
    waiting = prepare(saved_revision(BLUEPRINT, {"batch_size": 5}), sandbox_target)

    services.deployment_cancel(deployment=waiting)

    waiting.refresh_from_db()
    assert waiting.status == Status.CANCELLED
    assert accounts.account_for(sandbox_target).describe_stack(waiting.stack_name) is not None


def test_update_rollback_failed_is_reported_with_the_resource_that_blocks_the_rollback(
        saved_revision: RevisionFactory, sandbox_target: Target, fake_aws: FakeAws) -> None:
    deploy(saved_revision(BLUEPRINT), sandbox_target)
    update = prepare(saved_revision(BLUEPRINT, {"batch_size": 5}), sandbox_target)
    stuck = {"on": True}
    fake_aws.rewrite("cloudformation", "DescribeStacks", _stack_status("UPDATE_ROLLBACK_FAILED", stuck))
    fake_aws.rewrite("cloudformation", "DescribeStackEvents", _events([
        _event("u4", "shop-dev", "AWS::CloudFormation::Stack", "UPDATE_ROLLBACK_FAILED",
               "The following resource(s) failed to update: [DataBucket]."),
        _event("u3", "DataBucket", "AWS::S3::Bucket", "UPDATE_FAILED", "Access Denied (Service: S3, Status 403)"),
        _event("u2", "shop-dev", "AWS::CloudFormation::Stack", "UPDATE_ROLLBACK_IN_PROGRESS",
               "The following resource(s) failed to update: [ProcessorEvents]."),
        _event("u1", "ProcessorEvents", "AWS::Lambda::EventSourceMapping", "UPDATE_FAILED",
               "Resource handler returned message: \"Invalid batch size\""),
    ], stuck))

    update = confirm(update)

    assert update.status == Status.FAILED
    assert "stuck in UPDATE_ROLLBACK_FAILED" in update.error
    assert "DataBucket (AWS::S3::Bucket): UPDATE_FAILED — Access Denied (Service: S3, Status 403)" in update.error
    assert "continue-update-rollback --stack-name shop-dev" in update.error

    blocked = prepare(saved_revision(BLUEPRINT, {"batch_size": 4}), sandbox_target)

    assert blocked.status == Status.FAILED
    assert "stuck in UPDATE_ROLLBACK_FAILED" in blocked.error
    assert "DataBucket" in blocked.error
    assert blocked.change_set_type == ""  # nothing was attempted on the stuck stack


# ---------------------------------------------------------------------------------------------- time limits
def test_a_stack_that_never_settles_fails_at_the_time_limit_with_the_reason(
        saved_revision: RevisionFactory, sandbox_target: Target, fake_aws: FakeAws, settings: Any) -> None:
    deployment = prepare(saved_revision(BLUEPRINT), sandbox_target)
    settings.DEPLOYMENT_TIME_LIMIT_SECONDS = 1
    fake_aws.rewrite("cloudformation", "DescribeStacks", _stack_status("CREATE_IN_PROGRESS", {"on": True}))

    deployment = confirm(deployment)

    assert deployment.status == Status.FAILED
    assert deployment.error.startswith("Time limit reached while the stack was CREATE_IN_PROGRESS.")
    assert deployment.finished_at is not None


def test_a_deployment_whose_worker_vanished_is_failed_after_its_deadline(saved_revision: RevisionFactory,
                                                                        sandbox_target: Target) -> None:
    deployment = services.deployment_create(revision=saved_revision(BLUEPRINT), target=sandbox_target)
    Deployment.objects.filter(pk=deployment.pk).update(
        status=Status.EXECUTING, deadline=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))

    assert services.deployment_expire_overdue() == 1

    deployment.refresh_from_db()
    assert deployment.status == Status.FAILED
    assert "no worker" in deployment.error


def test_a_template_too_large_to_send_inline_goes_through_the_artifact_bucket(
        saved_revision: RevisionFactory, sandbox_target: Target, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "TEMPLATE_BODY_LIMIT", 1000)  # CloudFormation's is 51,200 bytes
    sent: list[set[str]] = []
    remove = aws.add_client_hook("provide-client-params.cloudformation.CreateChangeSet",
                                 lambda params, **_: sent.append(set(params)))
    try:
        deployment = deploy(saved_revision(BLUEPRINT), sandbox_target)
    finally:
        remove()

    assert deployment.status == Status.SUCCEEDED, story(deployment)
    assert "TemplateURL" in sent[0]
    assert "TemplateBody" not in sent[0]


def test_a_stored_design_the_engine_now_refuses_fails_the_deployment_naming_the_field(
        saved_revision: RevisionFactory, sandbox_target: Target) -> None:
    revision = saved_revision(BLUEPRINT)
    deployment = services.deployment_create(revision=revision, target=sandbox_target)
    revision.document = {**revision.document, "components": []}  # e.g. a row stored before the rule existed
    revision.save(update_fields=["document"])

    services.deployment_run(deployment_id=deployment.pk)
    deployment.refresh_from_db()

    assert deployment.status == Status.FAILED
    assert "components: a design needs at least one component" in deployment.error
    with pytest.raises(services.DeploymentError, match="not valid any more: components"):
        services.deployment_create(revision=revision, target=sandbox_target)
