"""/healthz reports the worker (a heartbeat row every 10 s) and the local sandbox (an STS call)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from apps.deployments import services
from apps.deployments.models import WorkerBeat

pytestmark = pytest.mark.django_db


def _checks(client: Client) -> tuple[int, dict[str, str]]:
    response = client.get("/healthz")
    return response.status_code, response.json()["checks"]


def test_with_a_worker_and_the_sandbox_up_everything_is_ok(client: Client, sandbox: str) -> None:
    services.worker_beat(hostname="celery@here", pid=1)

    status, checks = _checks(client)

    assert (status, checks) == (200, {"database": "ok", "broker": "ok", "worker": "ok", "sandbox": "ok"})


def test_without_any_worker_it_says_how_to_start_one(client: Client, sandbox: str) -> None:
    status, checks = _checks(client)

    assert status == 503
    assert checks["worker"] == "no worker has reported in (start one: celery -A designer worker)"


def test_a_silent_worker_is_reported_with_how_long_it_has_been_silent(client: Client, sandbox: str) -> None:
    WorkerBeat.objects.create(hostname="celery@gone", seen_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=2))

    status, checks = _checks(client)

    assert status == 503
    assert checks["worker"].startswith("no worker has reported in for 1")
    assert checks["worker"].endswith("s (last: celery@gone)")


def test_a_stopped_worker_removes_its_heartbeat() -> None:
    services.worker_beat(hostname="celery@stopping")
    services.worker_gone(hostname="celery@stopping")

    assert not WorkerBeat.objects.exists()


def test_a_sandbox_that_does_not_answer_is_reported(client: Client, settings: Any) -> None:
    services.worker_beat(hostname="celery@here")
    settings.SANDBOX_URL = "http://127.0.0.1:1"  # nothing listens on port 1
    settings.DEBUG = True

    status, checks = _checks(client)

    assert status == 503
    assert checks["sandbox"].startswith("the sandbox at http://127.0.0.1:1 does not answer")


def test_without_debug_the_sandbox_reason_hides_addresses(client: Client, settings: Any) -> None:
    settings.SANDBOX_URL = "http://127.0.0.1:1"
    settings.DEBUG = False

    assert _checks(client)[1]["sandbox"] == "the sandbox does not answer (details in the server log)"


def test_a_team_install_without_the_sandbox_is_healthy(client: Client, settings: Any) -> None:
    services.worker_beat(hostname="celery@here")
    settings.SANDBOX_ENABLED = False

    status, checks = _checks(client)

    assert (status, checks["sandbox"]) == (200, "disabled")
