"""Idempotence, the per-stack lock, leases, resuming after an interrupted worker, and teardown.

(The same with a real Celery worker that is killed: test_worker.py.)"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from apps.deployments import accounts, services
from apps.deployments.leases import Lease
from apps.deployments.models import Deployment, Target
from apps.teams.models import Team
from tests.deployments.conftest import FakeAws, RevisionFactory, deploy, prepare, story

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore:Tried to parse AWS::")]

Status = Deployment.Status
BLUEPRINT = "event-processor"


class WorkerDied(BaseException):
    """Stands for a worker process that stops between two AWS calls (not an Exception: nothing catches it)."""


def _die_after(fake_aws: FakeAws, operation: str) -> None:
    fired = {"done": False}

    def die(parsed: dict[str, Any]) -> None:
        if not fired["done"]:
            fired["done"] = True
            raise WorkerDied(operation)

    fake_aws.rewrite("cloudformation", operation, die)


# ---------------------------------------------------------------------------------------------- the lock
def test_a_second_deployment_of_the_same_stack_is_refused_while_one_is_active(saved_revision: RevisionFactory,
                                                                             sandbox_target: Target) -> None:
    first = services.deployment_create(revision=saved_revision(BLUEPRINT), target=sandbox_target)

    with pytest.raises(services.DeploymentBusy) as busy:
        services.deployment_create(revision=saved_revision(BLUEPRINT), target=sandbox_target)

    assert busy.value.active == first
    assert f"deployment #{first.pk} (queued) is in progress" in str(busy.value)


def test_the_lock_is_released_when_the_deployment_ends(saved_revision: RevisionFactory,
                                                      sandbox_target: Target) -> None:
    waiting = prepare(saved_revision(BLUEPRINT), sandbox_target)
    services.deployment_cancel(deployment=waiting)
    services.deployment_run(deployment_id=waiting.pk)  # the worker deletes the change set, then it is CANCELLED

    again = services.deployment_create(revision=saved_revision(BLUEPRINT), target=sandbox_target)

    assert again.status == Status.PENDING


def test_the_same_design_deploys_to_two_targets_at_once(saved_revision: RevisionFactory, sandbox_target: Target,
                                                       team: Team) -> None:
    staging = services.target_create(team=team, name="Sandbox staging", kind=Target.Kind.SANDBOX,
                                     environment="staging")
    revision = saved_revision(BLUEPRINT)

    dev = services.deployment_create(revision=revision, target=sandbox_target)
    other = services.deployment_create(revision=revision, target=staging)

    assert (dev.stack_name, other.stack_name) == ("shop-dev", "shop-staging")


def test_the_database_itself_refuses_two_active_deployments_of_one_stack(saved_revision: RevisionFactory,
                                                                        sandbox_target: Target) -> None:
    revision = saved_revision(BLUEPRINT)
    fields = {"target": sandbox_target, "design": revision.design, "revision": revision, "stack_name": "shop-dev"}
    Deployment.objects.create(status=Status.EXECUTING, **fields)
    Deployment.objects.create(status=Status.SUCCEEDED, **fields)  # finished ones do not count

    with pytest.raises(IntegrityError), transaction.atomic():
        Deployment.objects.create(status=Status.PREPARING, **fields)


def test_the_lock_constraint_covers_exactly_the_active_statuses() -> None:
    constraint = next(c for c in Deployment._meta.constraints if c.name == "one_active_deployment_per_stack")
    assert sorted(constraint.condition.children[0][1]) == sorted(Deployment.ACTIVE)


# ---------------------------------------------------------------------------------------------- leases
def test_a_deployment_held_by_a_live_worker_is_left_to_it(saved_revision: RevisionFactory,
                                                         sandbox_target: Target) -> None:
    deployment = services.deployment_create(revision=saved_revision(BLUEPRINT), target=sandbox_target)
    lease = Lease.claim(deployment.pk)
    assert lease is not None
    events_before = deployment.events.count()

    retry_after = services.deployment_run(deployment_id=deployment.pk)

    assert retry_after is not None
    assert retry_after > 0
    assert deployment.events.count() == events_before
    assert Lease.claim(deployment.pk) is None


def test_an_expired_lease_is_taken_over(saved_revision: RevisionFactory, sandbox_target: Target) -> None:
    deployment = services.deployment_create(revision=saved_revision(BLUEPRINT), target=sandbox_target)
    Deployment.objects.filter(pk=deployment.pk).update(
        lease_owner="dead-host:1:abc", lease_expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))

    assert services.deployment_run(deployment_id=deployment.pk) is None

    deployment.refresh_from_db()
    assert deployment.status == Status.REVIEW, story(deployment)
    assert deployment.lease_owner == ""


def test_running_a_finished_deployment_again_does_nothing(saved_revision: RevisionFactory,
                                                         sandbox_target: Target) -> None:
    deployment = deploy(saved_revision(BLUEPRINT), sandbox_target)
    events = deployment.events.count()

    assert services.deployment_run(deployment_id=deployment.pk) is None

    assert deployment.events.count() == events


# ---------------------------------------------------------------------------------------------- resuming
def test_a_worker_that_died_after_creating_the_change_set_is_resumed_without_a_second_one(
        saved_revision: RevisionFactory, sandbox_target: Target, fake_aws: FakeAws) -> None:
    deployment = services.deployment_create(revision=saved_revision(BLUEPRINT), target=sandbox_target)
    fake_aws.fail("cloudformation", "CreateChangeSet", "unused", times=0)  # only counts the calls
    _die_after(fake_aws, "CreateChangeSet")
    with pytest.raises(WorkerDied):
        services.deployment_run(deployment_id=deployment.pk)
    deployment.refresh_from_db()
    assert deployment.status == Status.PREPARING

    services.deployment_run(deployment_id=deployment.pk)

    deployment.refresh_from_db()
    assert deployment.status == Status.REVIEW, story(deployment)
    assert fake_aws.calls["CreateChangeSet"] == 1
    assert "resumed this deployment after an interruption (run 2)" in story(deployment)


def test_a_worker_that_died_after_executing_is_resumed_by_following_the_stack(
        saved_revision: RevisionFactory, sandbox_target: Target, fake_aws: FakeAws) -> None:
    deployment = prepare(saved_revision(BLUEPRINT), sandbox_target)
    services.deployment_confirm(deployment=deployment)
    _die_after(fake_aws, "ExecuteChangeSet")
    with pytest.raises(WorkerDied):
        services.deployment_run(deployment_id=deployment.pk)

    services.deployment_run(deployment_id=deployment.pk)

    deployment.refresh_from_db()
    assert deployment.status == Status.SUCCEEDED, story(deployment)
    assert "The change set was already executed (EXECUTE_COMPLETE); following the stack." in story(deployment)
    stacks = accounts.account_for(sandbox_target).call("cloudformation", "list_stacks")["StackSummaries"]
    assert [s["StackName"] for s in stacks if s["StackStatus"] != "DELETE_COMPLETE"] == ["shop-dev"]


def test_after_a_restart_every_deployment_left_without_a_worker_is_queued_again(
        saved_revision: RevisionFactory, sandbox_target: Target, team: Team,
        django_capture_on_commit_callbacks: Any) -> None:
    staging = services.target_create(team=team, name="Staging", kind=Target.Kind.SANDBOX, environment="staging")
    orphan = services.deployment_create(revision=saved_revision(BLUEPRINT), target=sandbox_target)
    waiting = prepare(saved_revision(BLUEPRINT, name="other"), staging)

    with django_capture_on_commit_callbacks() as queued:
        resumed = services.deployment_resume_stalled()

    assert resumed == [orphan.pk]
    assert waiting.pk not in resumed  # it waits for the user, not for a worker
    assert len(queued) == 1


# ---------------------------------------------------------------------------------------------- teardown
def test_delete_stack_removes_the_stack_and_its_resources(saved_revision: RevisionFactory,
                                                         sandbox_target: Target) -> None:
    deployed = deploy(saved_revision(BLUEPRINT), sandbox_target)
    account = accounts.account_for(sandbox_target)
    assert account.client("sqs").list_queues().get("QueueUrls")

    teardown = services.deployment_teardown(deployment=deployed)
    services.deployment_run(deployment_id=teardown.pk)

    teardown.refresh_from_db()
    assert teardown.status == Status.DELETED, story(teardown)
    assert account.describe_stack("shop-dev") is None
    assert not account.client("sqs").list_queues().get("QueueUrls")


def test_deleting_a_stack_that_is_already_gone_ends_at_once(saved_revision: RevisionFactory,
                                                           sandbox_target: Target) -> None:
    deployed = deploy(saved_revision(BLUEPRINT), sandbox_target)
    accounts.account_for(sandbox_target).delete_stack("shop-dev", token="outside")

    teardown = services.deployment_teardown(deployment=deployed)
    services.deployment_run(deployment_id=teardown.pk)

    teardown.refresh_from_db()
    assert teardown.status == Status.DELETED
    assert "nothing to delete" in story(teardown)


def test_a_deployment_can_follow_a_teardown(saved_revision: RevisionFactory, sandbox_target: Target) -> None:
    deployed = deploy(saved_revision(BLUEPRINT), sandbox_target)
    teardown = services.deployment_teardown(deployment=deployed)
    services.deployment_run(deployment_id=teardown.pk)

    again = deploy(saved_revision(BLUEPRINT), sandbox_target)

    assert again.status == Status.SUCCEEDED, story(again)
    assert again.change_set_type == "CREATE"


def test_the_artifact_bucket_is_private_encrypted_and_versioned(saved_revision: RevisionFactory,
                                                               sandbox_target: Target) -> None:
    deploy(saved_revision(BLUEPRINT), sandbox_target)

    settings = accounts.account_for(sandbox_target).bucket_settings(
        accounts.artifact_bucket_name("123456789012", "us-east-1"))

    assert settings["versioning"] == "Enabled"
    assert settings["encryption"] == "AES256"
    assert all(settings["public_access_block"].values())


def test_a_confirmed_deployment_is_confirmed_once(saved_revision: RevisionFactory, sandbox_target: Target) -> None:
    deployment = prepare(saved_revision(BLUEPRINT), sandbox_target)
    services.deployment_confirm(deployment=deployment)

    with pytest.raises(services.DeploymentError, match="no change set waiting"):
        services.deployment_confirm(deployment=deployment)


def test_a_deployment_whose_message_was_lost_is_queued_again_by_the_worker_sweep(
        saved_revision: RevisionFactory, sandbox_target: Target, django_capture_on_commit_callbacks: Any) -> None:
    lost = services.deployment_create(revision=saved_revision(BLUEPRINT), target=sandbox_target)
    fresh = services.deployment_create(revision=saved_revision(BLUEPRINT, name="other"), target=sandbox_target)
    Deployment.objects.filter(pk=lost.pk).update(updated_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1))

    with django_capture_on_commit_callbacks() as queued:
        requeued = services.deployment_requeue_orphans()

    assert requeued == [lost.pk]  # the fresh one may still be on its way to a worker
    assert fresh.pk not in requeued
    assert len(queued) == 1


# ---------------------------------------------------------------------------------------------- ownership
def test_a_stack_of_another_design_with_the_same_project_name_is_left_alone(saved_revision: RevisionFactory,
                                                                           sandbox_target: Target) -> None:
    deploy(saved_revision(BLUEPRINT, name="shop"), sandbox_target)
    twin = saved_revision(BLUEPRINT, {"batch_size": 5}, name="shop", design_name="shop-copy")

    refused = prepare(twin, sandbox_target)

    assert refused.status == Status.FAILED
    assert "belongs to another design" in refused.error
    assert refused.change_set_type == ""


def test_a_stack_made_outside_the_designer_is_left_alone(saved_revision: RevisionFactory,
                                                        sandbox_target: Target) -> None:
    account = accounts.account_for(sandbox_target)
    account.call("cloudformation", "create_stack", StackName="shop-dev",
                 TemplateBody='{"Resources": {"Q": {"Type": "AWS::SQS::Queue"}}}')

    refused = prepare(saved_revision(BLUEPRINT), sandbox_target)

    assert refused.status == Status.FAILED
    assert "was not made by the designer" in refused.error
