"""Issue 11 item 12: what the designer shows is reconciled with what the target reports. A stack that is gone is
shown as gone, with when it was noticed; a sandbox restart (which loses every stack) is never blamed on the user."""

from __future__ import annotations

import urllib.request
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from apps.deployments import services
from apps.deployments.models import Deployment, Target
from tests.deployments.conftest import RevisionFactory, deploy, prepare, story

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore:Tried to parse AWS::")]

Status = Deployment.Status
BLUEPRINT = "event-processor"


def restart_sandbox(url: str) -> None:
    """What restarting the sandbox does to its state (moto keeps it in memory): everything is gone."""
    urllib.request.urlopen(urllib.request.Request(f"{url}/moto-api/reset", method="POST", data=b""),
                           timeout=10).close()


def test_a_stack_lost_in_a_sandbox_restart_is_shown_as_gone_with_when_it_was_noticed(
        saved_revision: RevisionFactory, sandbox_target: Target, sandbox: str, alice: Any) -> None:
    deployed = deploy(saved_revision(BLUEPRINT), sandbox_target)
    assert deployed.status == Status.SUCCEEDED
    assert services.target_reconcile(target_id=sandbox_target.pk) == []  # still there: nothing to say

    restart_sandbox(sandbox)
    gone = services.target_reconcile(target_id=sandbox_target.pk)

    deployed.refresh_from_db()
    assert gone == [deployed.pk]
    assert deployed.status == Status.SUCCEEDED  # what happened then is not rewritten
    assert deployed.stack_gone_at is not None
    assert deployed.status_label == "succeeded · stack gone"
    last = deployed.events.order_by("-id").first().message
    assert "is no longer in the sandbox (noticed " in last
    assert "loses them all when it restarts" in last
    assert "outside the designer" not in last
    page = Client()
    page.force_login(alice)
    html = page.get(reverse("deployment-detail", args=[deployed.pk])).content.decode()
    assert 'id="stack-gone"' in html
    assert "nothing went wrong with this deployment" in html
    assert 'id="teardown"' not in html
    assert services.target_reconcile(target_id=sandbox_target.pk) == []  # noticed once


def test_a_change_set_lost_in_a_sandbox_restart_is_not_blamed_on_the_user(
        saved_revision: RevisionFactory, sandbox_target: Target, sandbox: str) -> None:
    waiting = prepare(saved_revision(BLUEPRINT), sandbox_target)
    restart_sandbox(sandbox)

    services.deployment_confirm(deployment=waiting)
    services.deployment_run(deployment_id=waiting.pk)

    waiting.refresh_from_db()
    assert waiting.status == Status.FAILED, story(waiting)
    assert "no longer in the sandbox" in waiting.error
    assert "restarts" in waiting.error
    assert "outside the designer" not in waiting.error


def test_the_check_button_reconciles_and_opening_a_deployment_asks_a_worker_to(
        saved_revision: RevisionFactory, sandbox_target: Target, sandbox: str, alice: Any,
        django_capture_on_commit_callbacks: Any) -> None:
    deployed = deploy(saved_revision(BLUEPRINT), sandbox_target)
    restart_sandbox(sandbox)

    services.target_check(target_id=sandbox_target.pk)

    deployed.refresh_from_db()
    assert deployed.stack_gone_at is not None
    assert services.deployment_reconcile_request(deployment=deployed) is False  # already known gone
    other = deploy(saved_revision(BLUEPRINT, name="other"), sandbox_target)
    with django_capture_on_commit_callbacks() as queued:
        assert services.deployment_reconcile_request(deployment=other, older_than=0) is True
    assert queued  # the target_reconcile task, for a worker


def test_the_targets_page_says_the_sandbox_keeps_no_state_across_restarts(sandbox_target: Target,
                                                                          alice: Any) -> None:
    page = Client()
    page.force_login(alice)
    html = page.get(reverse("target-list")).content.decode()
    assert "has no state persistence" in html
    assert "loses every stack" in html
