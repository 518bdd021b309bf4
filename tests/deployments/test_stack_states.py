"""Issue 11 item 10: every CloudFormation stack status is recognised explicitly (checked against botocore's full
StackStatus list), a stack left in REVIEW_IN_PROGRESS never hangs a deployment and is cleaned up after the user
confirms, polling backs off to at most one request per second, and a deployment can be cancelled at any point
before it is finished — from the page and the API, audited — with the state saying what was undone."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import botocore.session
import pytest
from django.test import Client
from django.urls import reverse

from apps.audit.models import AuditEntry
from apps.deployments import accounts, aws, pipeline, services
from apps.deployments.models import Deployment, Target
from apps.deployments.stack_states import STACK_STATES, Before, Phase, Poll, is_working, state_of
from tests.deployments.conftest import FakeAws, RevisionFactory, _HttpResponse, confirm, deploy, prepare, story

pytestmark = pytest.mark.filterwarnings("ignore:Tried to parse AWS::")

Status = Deployment.Status
BLUEPRINT = "event-processor"
ALL_STATUSES = botocore.session.get_session().get_service_model("cloudformation").shape_for("StackStatus").enum


def test_the_table_has_a_row_for_every_status_cloudformation_defines() -> None:
    assert set(STACK_STATES) == set(ALL_STATUSES)


# what the designer does, per status: (phase, what prepare does)
EXPECTED: dict[str, tuple[Phase, Before]] = {
    "CREATE_IN_PROGRESS": (Phase.WORKING, Before.WAIT),
    "CREATE_FAILED": (Phase.STUCK, Before.REFUSE),
    "CREATE_COMPLETE": (Phase.DONE, Before.UPDATE),
    "ROLLBACK_IN_PROGRESS": (Phase.WORKING, Before.WAIT),
    "ROLLBACK_FAILED": (Phase.STUCK, Before.REFUSE),
    "ROLLBACK_COMPLETE": (Phase.NEEDS_RECREATE, Before.ASK_TO_RECREATE),
    "DELETE_IN_PROGRESS": (Phase.WORKING, Before.WAIT),
    "DELETE_FAILED": (Phase.STUCK, Before.REFUSE),
    "DELETE_COMPLETE": (Phase.GONE, Before.CREATE),
    "UPDATE_IN_PROGRESS": (Phase.WORKING, Before.WAIT),
    "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS": (Phase.WORKING, Before.WAIT),
    "UPDATE_COMPLETE": (Phase.DONE, Before.UPDATE),
    "UPDATE_FAILED": (Phase.STUCK, Before.REFUSE),
    "UPDATE_ROLLBACK_IN_PROGRESS": (Phase.WORKING, Before.WAIT),
    "UPDATE_ROLLBACK_FAILED": (Phase.STUCK, Before.REFUSE),
    "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS": (Phase.WORKING, Before.WAIT),
    "UPDATE_ROLLBACK_COMPLETE": (Phase.ROLLED_BACK, Before.UPDATE),
    "REVIEW_IN_PROGRESS": (Phase.REVIEW, Before.ASK_TO_CLEAN_UP),
    "IMPORT_IN_PROGRESS": (Phase.WORKING, Before.WAIT),
    "IMPORT_COMPLETE": (Phase.DONE, Before.UPDATE),
    "IMPORT_ROLLBACK_IN_PROGRESS": (Phase.WORKING, Before.WAIT),
    "IMPORT_ROLLBACK_FAILED": (Phase.STUCK, Before.REFUSE),
    "IMPORT_ROLLBACK_COMPLETE": (Phase.ROLLED_BACK, Before.UPDATE),
}


@pytest.mark.parametrize("status", ALL_STATUSES)
def test_each_status_means_what_the_table_says(status: str) -> None:
    row = state_of(status)
    assert (row.phase, row.before) == EXPECTED[status]
    assert row.meaning


def test_a_status_aws_adds_later_is_refused_never_waited_on() -> None:
    assert state_of("SOMETHING_NEW_IN_PROGRESS").before == Before.REFUSE
    assert not is_working("SOMETHING_NEW_IN_PROGRESS")


# ---------------------------------------------------------------------------------------------- following a stack
class _OneStack:
    """An account that reports one status, then (after one poll) a settled one; counts requests."""

    def __init__(self, status: str) -> None:
        self.answers = [status, "UPDATE_COMPLETE"]
        self.requests = 0

    def describe_stack(self, name: str) -> dict[str, Any] | None:
        self.requests += 1
        status = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        return None if status == "DELETE_COMPLETE" else {"StackStatus": status, "StackName": name}

    def stack_events(self, name: str) -> Iterator[Any]:
        self.requests += 1
        return iter(())


class _Lease:
    def check(self) -> None:
        return None


@pytest.fixture
def slept(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    seconds: list[float] = []
    monkeypatch.setattr(pipeline, "sleep", seconds.append)
    return seconds


@pytest.mark.django_db
@pytest.mark.parametrize("status", ALL_STATUSES)
def test_following_a_stack_waits_only_while_cloudformation_works_on_it(status: str, slept: list[float],
                                                                       team: Any, alice: Any) -> None:
    from apps.designs.models import Design

    target = Target.objects.create(team=team, name="sandbox", kind=Target.Kind.SANDBOX, account_id="123456789012")
    design = Design.objects.create(team=team, name="shop", blueprint="api", created_by=alice)
    deployment = Deployment.objects.create(target=target, design=design, stack_name="shop-dev",
                                           status=Status.EXECUTING)
    run = pipeline._Run.__new__(pipeline._Run)
    run.deployment, run.target, run.lease, run.cancelling = deployment, target, _Lease(), False
    run.account = _OneStack(status)  # type: ignore[assignment]

    final, _ = run._follow()

    if EXPECTED[status][0] == Phase.WORKING:
        assert (final, len(slept)) == ("UPDATE_COMPLETE", 1)
    else:  # REVIEW_IN_PROGRESS included: it waits for a person, not for CloudFormation
        assert (final, slept) == (status, [])


@pytest.mark.parametrize("sandbox", [True, False])
@pytest.mark.parametrize("requests", [1, 2])
def test_polling_backs_off_and_never_asks_more_than_once_a_second(sandbox: bool, requests: int) -> None:
    target = Target(kind=Target.Kind.SANDBOX if sandbox else Target.Kind.ROLE)
    poll = accounts.poller(target, requests=requests)
    intervals = [poll.interval() for _ in range(30)]

    assert all(interval >= requests for interval in intervals)  # ≤ 1 request/s from the first poll on
    assert intervals == sorted(intervals)
    assert intervals[-1] > intervals[0]
    assert intervals[-1] <= (5.0 if sandbox else 30.0)  # up to a cap
    assert Poll(first=0.1, cap=0.1, requests=2).interval() == 2.0


# ---------------------------------------------------------------------------------------------- REVIEW_IN_PROGRESS
@pytest.mark.django_db
def test_a_stack_left_in_review_is_cleaned_up_after_the_user_confirms(saved_revision: RevisionFactory,
                                                                      sandbox_target: Target) -> None:
    abandoned = prepare(saved_revision(BLUEPRINT), sandbox_target)  # a CREATE change set: REVIEW_IN_PROGRESS
    Deployment.objects.filter(pk=abandoned.pk).update(status=Status.FAILED)  # abandoned, as before this fix
    account = accounts.account_for(sandbox_target)
    assert account.describe_stack(abandoned.stack_name)["StackStatus"] == "REVIEW_IN_PROGRESS"

    waiting = prepare(saved_revision(BLUEPRINT), sandbox_target)

    assert waiting.status == Status.AWAITING_RECREATE, story(waiting)
    assert "REVIEW_IN_PROGRESS" in story(waiting)
    assert "holds no resources" in story(waiting)
    page = Client()
    page.force_login(waiting.requested_by or _admin(sandbox_target))
    assert "Delete the empty stack and create it again" in page.get(
        reverse("deployment-detail", args=[waiting.pk])).content.decode()

    services.deployment_confirm_recreate(deployment=waiting)
    services.deployment_run(deployment_id=waiting.pk)
    waiting.refresh_from_db()
    assert waiting.status == Status.REVIEW, story(waiting)
    assert confirm(waiting).status == Status.SUCCEEDED, story(waiting)


def _admin(target: Target) -> Any:
    return target.team.memberships.first().user  # type: ignore[attr-defined]


# ---------------------------------------------------------------------------------------------- cancel
@pytest.mark.django_db
def test_cancelling_a_change_set_under_review_deletes_it_and_the_empty_stack(saved_revision: RevisionFactory,
                                                                             sandbox_target: Target,
                                                                             alice: Any) -> None:
    waiting = prepare(saved_revision(BLUEPRINT), sandbox_target)
    assert waiting.status == Status.REVIEW

    services.deployment_cancel(deployment=waiting, cancelled_by=alice)
    assert waiting.status == Status.CANCELLING
    services.deployment_run(deployment_id=waiting.pk)

    waiting.refresh_from_db()
    assert waiting.status == Status.CANCELLED, story(waiting)
    assert "the change set designer-deployment-" in story(waiting)
    assert "was deleted" in story(waiting)
    assert accounts.account_for(sandbox_target).describe_stack(waiting.stack_name) is None
    assert AuditEntry.objects.filter(action="deploy_cancelled", actor=alice).exists()
    # nothing is left in the way of the next deployment
    assert prepare(saved_revision(BLUEPRINT), sandbox_target).status == Status.REVIEW


@pytest.mark.django_db
def test_cancelling_before_a_worker_started_changes_nothing(saved_revision: RevisionFactory,
                                                            sandbox_target: Target) -> None:
    queued = services.deployment_create(revision=saved_revision(BLUEPRINT), target=sandbox_target)

    services.deployment_cancel(deployment=queued)
    services.deployment_run(deployment_id=queued.pk)

    queued.refresh_from_db()
    assert queued.status == Status.CANCELLED
    assert "Cancelled before anything changed." in story(queued)


@pytest.mark.django_db
def test_cancelling_a_running_update_rolls_it_back_and_says_so(saved_revision: RevisionFactory,
                                                               sandbox_target: Target, fake_aws: FakeAws,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    deploy(saved_revision(BLUEPRINT), sandbox_target)
    update = prepare(saved_revision(BLUEPRINT, {"batch_size": 5}), sandbox_target)
    services.deployment_confirm(deployment=update)
    phase = {"status": "UPDATE_IN_PROGRESS"}

    def playing(parsed: dict[str, Any]) -> None:  # moto finishes at once: play a long update
        for stack in parsed.get("Stacks", []):
            stack["StackStatus"] = phase["status"]

    def cancel_update(**_: Any) -> Any:  # moto has no CancelUpdateStack: CloudFormation's answer
        phase["status"] = "UPDATE_ROLLBACK_COMPLETE"
        return _HttpResponse(200), {"ResponseMetadata": {"HTTPStatusCode": 200}}

    fake_aws.rewrite("cloudformation", "DescribeStacks", playing)
    remove = aws.add_client_hook("before-call.cloudformation.CancelUpdateStack", cancel_update)

    def user_cancels(seconds: float) -> None:  # the user presses Cancel while the worker follows the stack
        if Deployment.objects.get(pk=update.pk).status == Status.EXECUTING:
            services.deployment_cancel(deployment=update)

    monkeypatch.setattr(pipeline, "sleep", user_cancels)
    try:
        services.deployment_run(deployment_id=update.pk)
    finally:
        remove()

    update.refresh_from_db()
    assert update.status == Status.CANCELLED, story(update)
    assert "the update was stopped and rolled back" in update.events.order_by("-id").first().message
    assert "UPDATE_ROLLBACK_COMPLETE" in story(update)


@pytest.mark.django_db
def test_the_api_cancels_a_deployment(saved_revision: RevisionFactory, sandbox_target: Target, alice: Any) -> None:
    from apps.api.tokens import token_create
    from apps.teams.models import Membership

    waiting = prepare(saved_revision(BLUEPRINT), sandbox_target)
    token = token_create(membership=Membership.objects.get(user=alice, team=sandbox_target.team), name="ci",
                         scopes=["read", "deploy"]).plaintext

    answer = Client().post(f"/api/deployments/{waiting.pk}/cancel", HTTP_AUTHORIZATION=f"Bearer {token}")

    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == "cancelling"
    again = Client().post(f"/api/deployments/{waiting.pk}/cancel", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert again.status_code == 409
    assert AuditEntry.objects.filter(action="deploy_cancelled", via="api").exists()


@pytest.mark.django_db
def test_the_page_offers_cancel_while_a_worker_works(saved_revision: RevisionFactory, sandbox_target: Target,
                                                     alice: Any) -> None:
    queued = services.deployment_create(revision=saved_revision(BLUEPRINT), target=sandbox_target)
    page = Client()
    page.force_login(alice)

    assert 'id="cancel-running"' in page.get(reverse("deployment-detail", args=[queued.pk])).content.decode()
    page.post(reverse("deployment-cancel", args=[queued.pk]))
    queued.refresh_from_db()
    assert queued.status == Status.CANCELLING
