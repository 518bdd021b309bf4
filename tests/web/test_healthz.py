from __future__ import annotations

from typing import Any

import pytest
from django.db import OperationalError
from django.test import Client, override_settings

from apps.core import health

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _worker_up_and_no_sandbox(settings: Any) -> None:
    """The worker and sandbox checks have their own tests (tests/deployments/test_health.py)."""
    from apps.deployments.services import worker_beat

    worker_beat(hostname="celery@test")
    settings.SANDBOX_ENABLED = False

UNREACHABLE_REDIS = (
    "redis://127.0.0.1:1/0"  # port 1: nothing listens there, the connection is refused at once
)


def test_it_answers_200_ok_when_the_database_and_the_broker_answer(client: Client) -> None:
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "broker": "ok", "worker": "ok",
                                                          "sandbox": "disabled"}}


def test_it_is_never_cached(client: Client) -> None:
    response = client.get("/healthz")

    assert "no-cache" in response["Cache-Control"]


@override_settings(CELERY_BROKER_URL=UNREACHABLE_REDIS, CELERY_BROKER_TRANSPORT_OPTIONS={})
def test_it_answers_503_degraded_when_the_broker_is_unreachable(client: Client) -> None:
    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["broker"].startswith("OperationalError")


def test_it_answers_503_when_the_filesystem_broker_folder_is_missing(client: Client, tmp_path: Any) -> None:
    missing = str(tmp_path / "missing")
    options = {"data_folder_in": missing, "data_folder_out": missing, "control_folder": str(tmp_path)}
    with override_settings(CELERY_BROKER_URL="filesystem://", CELERY_BROKER_TRANSPORT_OPTIONS=options):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == f"data_folder_in {missing} is not a folder"


class _BrokenConnection:
    def cursor(self) -> Any:
        raise OperationalError("could not connect to server")


@override_settings(DEBUG=True)
def test_it_answers_503_degraded_when_the_database_fails(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(health, "connections", {"default": _BrokenConnection()})

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {
        "status": "degraded",
        "checks": {"database": "OperationalError: could not connect to server", "broker": "ok", "worker": "ok",
                   "sandbox": "disabled"},
    }


@override_settings(DEBUG=True, CELERY_BROKER_URL=UNREACHABLE_REDIS, CELERY_BROKER_TRANSPORT_OPTIONS={})
def test_with_debug_it_says_why_the_broker_failed(client: Client) -> None:
    reason = client.get("/healthz").json()["checks"]["broker"]

    assert reason.startswith("OperationalError: ")
    assert "127.0.0.1:1" in reason or "refused" in reason.lower()


@override_settings(DEBUG=False, CELERY_BROKER_URL=UNREACHABLE_REDIS, CELERY_BROKER_TRANSPORT_OPTIONS={})
def test_without_debug_it_names_the_error_but_not_hosts_or_ports(client: Client) -> None:
    reason = client.get("/healthz").json()["checks"]["broker"]

    assert reason == "OperationalError (details in the server log)"


def test_it_refuses_post(client: Client) -> None:
    assert client.post("/healthz").status_code == 405
