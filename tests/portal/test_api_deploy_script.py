"""The done-when of the portal's API: a script that uses only the API and a token creates a design, downloads its
zip and deploys it to the sandbox. The script runs as a separate process against a live server; the worker's task
runs inline (Celery eager) in the server, the sandbox is a real moto server."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from apps.api.tokens import token_create
from apps.audit.models import AuditEntry
from apps.deployments import services as deployments
from apps.deployments.models import Deployment
from designer.celery import app as celery_app
from tests.deployments.conftest import sandbox, sandbox_server  # noqa: F401  (fixtures)
from tests.portal.conftest import People

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def inline_worker(settings: Any) -> Iterator[None]:
    settings.DEPLOYMENT_LEASE_SECONDS = 3600  # runs finish long before a lease would need renewing
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = eager


@pytest.mark.django_db(transaction=True)
def test_a_script_with_only_a_token_creates_downloads_and_deploys_to_the_sandbox(
        people: People, live_server: Any, sandbox: str, inline_worker: None, tmp_path: Path) -> None:  # noqa: F811
    deployments.target_create_sandbox(team=people.shop)
    token = token_create(membership=people.membership(people.dave), name="ci",
                         scopes=["read", "write", "deploy"]).plaintext
    # dave is a deployer: he may create designs and deploy to the (dev) sandbox
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "api_deploy.py"), "--url", live_server.url, "--name", "ingest",
         "--blueprint", "event-processor", "--set", "source=sqs", "--zip", str(tmp_path / "ingest.zip")],
        env={"PATH": os.environ["PATH"], "DESIGNER_TOKEN": token}, capture_output=True, text=True, timeout=600,
        check=False)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "deployment 1: succeeded" in result.stdout or ": succeeded" in result.stdout
    assert "ingest/template.yaml" in zipfile.ZipFile(tmp_path / "ingest.zip").namelist()
    deployment = Deployment.objects.get()
    assert deployment.status == Deployment.Status.SUCCEEDED
    assert deployment.requested_by == people.dave
    assert deployment.evidence.passed is True
    assert token not in result.stdout + result.stderr
    trail = list(AuditEntry.objects.order_by("id").values_list("action", "actor_name", "outcome"))
    assert ("created", "dave", "ok") in trail
    assert ("downloaded", "dave", "ok") in trail
    assert ("deploy_requested", "dave", "ok") in trail
    assert ("deployed", "dave", "succeeded") in trail
    assert AuditEntry.objects.filter(action="downloaded", via="api").exists()
