"""With a real Celery worker in another process, on the broker this test run is configured with (the
filesystem broker on the embedded pass, Redis on .ci/run's second pass): deploying through the queue,
killing the worker mid-deployment and starting another, and two deliveries of one deployment at once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.db import connection

from apps.deployments import accounts, services
from apps.deployments.models import Deployment, Target, WorkerBeat
from designer import celery_app
from tests.deployments.conftest import RevisionFactory, story

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.filterwarnings("ignore:Tried to parse AWS::")]

Status = Deployment.Status
ROOT = Path(__file__).resolve().parents[2]
BLUEPRINT = "event-processor"
WAIT_SECONDS = 120


def _database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Workers:
    """Start and kill worker processes; each one logs to its own file (shown when a test fails)."""

    def __init__(self, env: dict[str, str], logs: Path) -> None:
        self.env = env
        self.logs = logs
        self.running: list[subprocess.Popen[bytes]] = []

    def start(self, *, slow_describe_stacks: float = 0.0, concurrency: int = 1) -> subprocess.Popen[bytes]:
        name = f"test-{uuid.uuid4().hex[:8]}"
        env = {**self.env, "TEST_WORKER_NAME": name, "TEST_WORKER_CONCURRENCY": str(concurrency),
               "TEST_SLOW_DESCRIBE_STACKS": str(slow_describe_stacks)}
        log = (self.logs / f"{name}.log").open("wb")
        process = subprocess.Popen([sys.executable, "-m", "tests.deployments.worker_main"], cwd=ROOT, env=env,
                                   stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.running.append(process)
        _wait_for(lambda: WorkerBeat.objects.filter(hostname__startswith=f"{name}@").exists(),
                  what=f"worker {name} to start", logs=self.logs)
        return process

    def kill(self, process: subprocess.Popen[bytes]) -> None:
        """SIGKILL to the worker's whole process group: no warm shutdown, no cleanup, like a crashed host."""
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)

    def stop_all(self) -> None:
        """The test is over: no warm shutdown (it would wait for retries scheduled for later)."""
        for process in self.running:
            if process.poll() is None:
                self.kill(process)


def _logs_tail(logs: Path) -> str:
    return "\n".join(f"--- {log.name}\n{log.read_text(errors='replace')[-3000:]}" for log in sorted(logs.glob("*.log")))


def _wait_for(condition: Callable[[], bool], *, what: str, logs: Path, seconds: float = WAIT_SECONDS) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}\n{_logs_tail(logs)}")


@pytest.fixture
def workers(sandbox: str, settings: Any, tmp_path: Path) -> Iterator[Workers]:
    celery_app.control.purge()  # nothing left over from another test run on this broker
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "DJANGO_"))},
        "DJANGO_SETTINGS_MODULE": "designer.settings",
        "VAR_DIR": str(django_settings.VAR_DIR),
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": django_settings.CELERY_BROKER_URL,
        "SANDBOX_PORT": sandbox.rsplit(":", 1)[1],
        "DEPLOYMENT_LEASE_SECONDS": "2",
        "DEPLOYMENT_BUILD_CACHE": str(django_settings.DEPLOYMENT_BUILD_CACHE),
        "LOG_LEVEL": "INFO",
        "PYTHONPATH": str(ROOT),
    }
    running = Workers(env, tmp_path)
    yield running
    running.stop_all()


def _status(deployment: Deployment, *statuses: str) -> Callable[[], bool]:
    return lambda: Deployment.objects.get(pk=deployment.pk).status in statuses


def test_a_deployment_goes_through_the_broker_and_the_worker(workers: Workers, saved_revision: RevisionFactory,
                                                             sandbox_target: Target) -> None:
    workers.start()

    deployment = services.deployment_create(revision=saved_revision(BLUEPRINT), target=sandbox_target)
    _wait_for(_status(deployment, Status.REVIEW, Status.FAILED), what="the change set", logs=workers.logs)
    deployment.refresh_from_db()
    assert deployment.status == Status.REVIEW, story(deployment)

    services.deployment_confirm(deployment=deployment)
    _wait_for(_status(deployment, *Deployment.TERMINAL), what="the end of the deployment", logs=workers.logs)

    deployment.refresh_from_db()
    assert deployment.status == Status.SUCCEEDED, story(deployment)
    assert deployment.outputs


def test_a_worker_killed_mid_deployment_is_replaced_and_the_deployment_reconciles(
        workers: Workers, saved_revision: RevisionFactory, sandbox_target: Target) -> None:
    doomed = workers.start(slow_describe_stacks=3.0)
    deployment = services.deployment_create(revision=saved_revision(BLUEPRINT), target=sandbox_target)
    _wait_for(_status(deployment, Status.REVIEW, Status.FAILED), what="the change set", logs=workers.logs)
    services.deployment_confirm(deployment=deployment)
    _wait_for(lambda: deployment.events.filter(message__startswith="Executing the change set").exists(),
              what="the execution to start", logs=workers.logs)

    workers.kill(doomed)  # while it waits on DescribeStacks, after ExecuteChangeSet

    deployment.refresh_from_db()
    assert deployment.status == Status.EXECUTING  # nobody finished it
    workers.start()
    _wait_for(_status(deployment, *Deployment.TERMINAL), what="the deployment to reconcile", logs=workers.logs)

    deployment.refresh_from_db()
    assert deployment.status == Status.SUCCEEDED, story(deployment)
    assert deployment.runs == 2
    log = story(deployment)
    assert "resumed this deployment after an interruption (run 2)" in log
    assert "The change set was already executed (EXECUTE_COMPLETE); following the stack." in log
    assert log.count("Executing the change set") == 1
    stacks = accounts.account_for(sandbox_target).call("cloudformation", "list_stacks")["StackSummaries"]
    assert [s["StackName"] for s in stacks if s["StackStatus"] != "DELETE_COMPLETE"] == ["shop-dev"]
    _wait_for(lambda: Deployment.objects.get(pk=deployment.pk).lease_owner == "", what="the lease to be released",
              logs=workers.logs, seconds=10)


def test_two_deliveries_of_one_deployment_run_it_once(workers: Workers, saved_revision: RevisionFactory,
                                                      sandbox_target: Target) -> None:
    from apps.deployments.tasks import deployment_run

    workers.start(concurrency=2)
    deployment = services.deployment_create(revision=saved_revision(BLUEPRINT), target=sandbox_target)
    deployment_run.delay(deployment.pk)  # a duplicate, as a redelivery would make

    _wait_for(_status(deployment, Status.REVIEW, Status.FAILED), what="the change set", logs=workers.logs)
    time.sleep(1.0)  # let the second delivery finish too

    deployment.refresh_from_db()
    assert deployment.status == Status.REVIEW, story(deployment)
    log = story(deployment)
    assert log.count("Preparing: build, lint, upload, change set.") == 1
    assert log.count("Creating the create change set") == 1
