"""`make bench` (deploy part): from "confirm" to success, for a sandbox deployment of each project type.

What runs is what `make run` runs: a moto server as the sandbox, a Celery worker on the filesystem broker, a
SQLite database, all in a throw-away folder. Per project type and target, each run deploys a new stack: the
worker prepares the change set (build, lint, upload), then the clock starts when the deployment is confirmed
and stops when the page would show success. Reported: the median over the runs, the same figure as the worker
measured it (confirmed_at → finished_at, no polling delay), and the preparation time.

Targets (issue 6): ≤ 10 s for SAM + Python, ≤ 30 s for CDK.
"""

from __future__ import annotations

import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

RUNS = int(os.environ.get("DEPLOY_BENCH_RUNS", "3"))
ROOT = Path(__file__).resolve().parents[1]
TIMEOUT_SECONDS = 120


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _configure(var_dir: str, port: int) -> dict[str, str]:
    env = {**os.environ, "VAR_DIR": var_dir, "SANDBOX_PORT": str(port), "DJANGO_SETTINGS_MODULE": "designer.settings",
           "DEBUG": "true", "LOG_LEVEL": "WARNING"}
    for key in ("DATABASE_URL", "CELERY_BROKER_URL", "CELERY_TASK_ALWAYS_EAGER"):
        env.pop(key, None)  # the embedded defaults, as `make run`
    # a shared build cache: the first run of a session installs the functions' dependencies once
    env.setdefault("DEPLOYMENT_BUILD_CACHE", str(ROOT / "var" / "build-cache"))
    env.setdefault("NODE_TOOLCHAIN_DIR", str(ROOT / "var" / "node-toolchain"))
    os.environ.update(env)
    return env


def _wait(deployment_id: int, statuses: set[str]) -> Any:
    from apps.deployments.models import Deployment

    deadline = time.monotonic() + TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        deployment = Deployment.objects.get(pk=deployment_id)
        if deployment.status in statuses:
            return deployment
        time.sleep(0.02)
    raise TimeoutError(f"deployment {deployment_id} did not reach {statuses}")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="deploy-bench-") as var_dir:
        port = _free_port()
        env = _configure(var_dir, port)
        import django

        django.setup()
        from django.core.management import call_command
        from moto.server import ThreadedMotoServer

        call_command("migrate", verbosity=0)
        sandbox = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
        sandbox.start()
        log = Path(var_dir) / "worker.log"
        with log.open("w") as out:
            worker = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "designer", "worker", "--loglevel=INFO", "--concurrency=1",
                 "--without-gossip", "--without-mingle", "--without-heartbeat"],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            _bench()
        except TimeoutError:
            print(log.read_text()[-6000:])
            raise
        finally:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(timeout=30)
            sandbox.stop()


def _bench() -> None:
    from django.contrib.auth import get_user_model

    from apps.deployments import services
    from apps.deployments.models import Deployment
    from apps.deployments.packaging import PACKAGERS
    from apps.designs.convert import design_to_document
    from apps.designs.models import Design, DesignRevision
    from apps.teams.services import team_create
    from generators.blueprints import BLUEPRINTS
    from generators.model import Project
    from generators.renderers import RENDERERS

    user = get_user_model().objects.create_user(username="bench", password=None)
    team = team_create(name="bench", owner=user)
    target = services.target_create_sandbox(team=team)
    Status = Deployment.Status
    print(f"deploy: confirm → success in the local sandbox through the Celery worker (median of {RUNS} stacks)")
    print(f"{'project type':<16} {'target':<16} {'confirm→success s':>18} {'worker s':>9} {'prepare s':>10}")
    for blueprint in BLUEPRINTS:
        for iac, language in sorted(set(PACKAGERS) & set(RENDERERS)):
            seen, measured, prepared = [], [], []
            for run in range(RUNS):
                name = f"{blueprint}-{iac}-{language}-{run}".replace("_", "-")
                design = BLUEPRINTS[blueprint].build(Project(name=name, iac=iac, language=language), {})
                row = Design.objects.create(team=team, name=name, blueprint=blueprint)
                revision = DesignRevision.objects.create(design=row, number=1, document=design_to_document(design))
                started = time.monotonic()
                deployment = services.deployment_create(revision=revision, target=target)
                deployment = _wait(deployment.pk, {Status.REVIEW, Status.FAILED})
                prepared.append(time.monotonic() - started)
                if deployment.status != Status.REVIEW:
                    print(f"{blueprint}: preparation failed: {deployment.error}")
                    break
                started = time.monotonic()
                services.deployment_confirm(deployment=deployment)
                deployment = _wait(deployment.pk, set(Deployment.TERMINAL))
                seen.append(time.monotonic() - started)
                if deployment.status != Status.SUCCEEDED:
                    print(f"{blueprint}: deployment failed: {deployment.error}")
                    break
                measured.append(deployment.seconds_to_finish or 0.0)
            if seen and measured:
                print(f"{blueprint:<16} {iac + '+' + language:<16} {statistics.median(seen):>18.2f} "
                      f"{statistics.median(measured):>9.2f} {statistics.median(prepared):>10.2f}")
    print("targets: confirm → success ≤ 10 s for SAM + Python, ≤ 30 s for CDK "
          "(prepare: the first stack of a session also installs the functions' dependencies)")


if __name__ == "__main__":
    main()
