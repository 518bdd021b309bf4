"""Fixtures of the deployment tests: the local sandbox (a real moto server, as `make run` starts it), a team
with a sandbox target, saved design revisions built through the blueprints, and fault injection at the
aws.py seam."""

from __future__ import annotations

import json
import os
import socket
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from moto.server import ThreadedMotoServer

from apps.deployments import aws, services
from apps.deployments.models import Deployment, Target
from apps.designs.convert import design_to_document
from apps.designs.models import Design, DesignRevision
from apps.teams.models import Membership, Role, Team
from generators.blueprints import BLUEPRINTS
from generators.model import Project
from tests.engine.node import ROOT
from tests.engine.node import TOOLCHAIN as NODE_TOOLCHAIN

BUILD_CACHE = Path(os.environ.get("DEPLOYMENT_BUILD_CACHE") or ROOT / "var" / "build-cache").resolve()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def sandbox_server() -> Iterator[str]:
    """One moto server for the session (reset before each test that uses it)."""
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def sandbox(sandbox_server: str, settings: Any) -> str:
    """The sandbox URL, empty, and the settings pointing at it."""
    request = urllib.request.Request(f"{sandbox_server}/moto-api/reset", method="POST", data=b"")
    urllib.request.urlopen(request, timeout=10).close()
    settings.SANDBOX_URL = sandbox_server
    settings.SANDBOX_ENABLED = True
    return sandbox_server


@pytest.fixture(autouse=True)
def _quiet_pipeline(settings: Any) -> None:
    # in-process runs finish long before a lease would need renewing: no heartbeat thread touches the database
    settings.DEPLOYMENT_LEASE_SECONDS = 3600
    # the npm toolchain the engine's TypeScript tests install (once per machine), not one per test run; and a
    # build cache that outlives the run (pip wheels, npm installs and jsii are content-keyed, safe to share)
    settings.NODE_TOOLCHAIN_DIR = NODE_TOOLCHAIN
    settings.DEPLOYMENT_BUILD_CACHE = BUILD_CACHE


@pytest.fixture
def alice(db: None) -> Any:
    return get_user_model().objects.create_user(username="alice", password="x")


@pytest.fixture
def team(alice: Any) -> Team:
    team = Team.objects.create(name="Platform")
    Membership.objects.create(team=team, user=alice, role=Role.ADMIN)
    return team


@pytest.fixture
def sandbox_target(team: Team, sandbox: str) -> Target:
    return services.target_create_sandbox(team=team)


RevisionFactory = Callable[..., DesignRevision]


@pytest.fixture
def saved_revision(team: Team, alice: Any) -> RevisionFactory:
    """A saved revision of a design built by a blueprint (a new revision of the same design on each call)."""

    def make(blueprint: str = "api", options: dict[str, Any] | None = None, *, name: str = "shop",
             project: dict[str, Any] | None = None, design_name: str = "") -> DesignRevision:
        design = BLUEPRINTS[blueprint].build(Project(name=name, **(project or {})), options or {})
        row, _ = Design.objects.get_or_create(team=team, name=design_name or name,
                                              defaults={"blueprint": blueprint, "created_by": alice})
        number = (row.revisions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        revision = DesignRevision.objects.create(design=row, number=number, document=design_to_document(design),
                                                 author=alice, message=f"revision {number}")
        row.current_revision = revision
        row.save(update_fields=["current_revision"])
        return revision

    return make


def prepare(revision: DesignRevision, target: Target) -> Deployment:
    """Request a deployment and let the pipeline run up to the change-set review (in this process)."""
    deployment = services.deployment_create(revision=revision, target=target)
    services.deployment_run(deployment_id=deployment.pk)
    deployment.refresh_from_db()
    return deployment


def confirm(deployment: Deployment) -> Deployment:
    services.deployment_confirm(deployment=deployment)
    services.deployment_run(deployment_id=deployment.pk)
    deployment.refresh_from_db()
    return deployment


def deploy(revision: DesignRevision, target: Target) -> Deployment:
    deployment = prepare(revision, target)
    assert deployment.status == Deployment.Status.REVIEW, _story(deployment)
    return confirm(deployment)


def _story(deployment: Deployment) -> str:
    return "\n".join(f"[{e.level}] {e.message}" for e in deployment.events.order_by("id"))


story = _story


class FakeAws:
    """Fault injection at the aws.py seam: botocore handlers registered on every client aws.py creates."""

    def __init__(self) -> None:
        self._removers: list[Callable[[], None]] = []
        self.calls: dict[str, int] = {}

    def fail(self, service: str, operation: str, code: str, *, times: int, status: int = 400,
             message: str = "injected") -> None:
        """The next `times` calls of an operation answer with an AWS error instead of reaching the sandbox."""
        remaining = {"n": times}

        def handler(**_: Any) -> Any:
            self.calls[operation] = self.calls.get(operation, 0) + 1
            if remaining["n"] <= 0:
                return None
            remaining["n"] -= 1
            return (_HttpResponse(status), {"Error": {"Code": code, "Message": message},
                                            "ResponseMetadata": {"HTTPStatusCode": status}})

        self._removers.append(aws.add_client_hook(f"before-call.{service}.{operation}", handler))

    def rewrite(self, service: str, operation: str, change: Callable[[dict[str, Any]], None]) -> None:
        """Let the sandbox answer, then change the parsed answer (to play a state moto never reaches)."""

        def handler(parsed: dict[str, Any], **_: Any) -> None:
            if "Error" not in parsed:
                change(parsed)

        self._removers.append(aws.add_client_hook(f"after-call.{service}.{operation}", handler))

    def clear(self) -> None:
        for remove in self._removers:
            remove()
        self._removers.clear()


class _HttpResponse:
    def __init__(self, status_code: int) -> None:
        self.status_code = status_code
        self.headers: dict[str, str] = {}
        self.content = b""
        self.text = ""

    def json(self) -> Any:
        return json.loads("{}")


@pytest.fixture
def fake_aws() -> Iterator[FakeAws]:
    fake = FakeAws()
    yield fake
    fake.clear()
