"""A real Celery worker for the deployment tests, in its own process (`python -m tests.deployments.worker_main`).

Its settings come from the environment the test gives it (the test database, broker folder or Redis, sandbox
port, a short lease). TEST_SLOW_DESCRIBE_STACKS=S makes every DescribeStacks call wait S seconds, injected at
the aws.py seam, so that a test can kill the worker while it follows a stack.
"""

from __future__ import annotations

import os
import time
from typing import Any

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "designer.settings")
    django.setup()
    from apps.deployments import aws
    from designer import celery_app

    delay = float(os.environ.get("TEST_SLOW_DESCRIBE_STACKS", "0") or 0)
    if delay:

        def slow(**_: Any) -> None:
            time.sleep(delay)

        aws.add_client_hook("before-call.cloudformation.DescribeStacks", slow)
    celery_app.worker_main([
        "worker", "--loglevel=INFO", f"--concurrency={os.environ.get('TEST_WORKER_CONCURRENCY', '1')}",
        "--without-gossip", "--without-mingle", "--without-heartbeat",
        f"--hostname={os.environ.get('TEST_WORKER_NAME', 'test-worker')}@%h",
    ])


if __name__ == "__main__":
    main()
