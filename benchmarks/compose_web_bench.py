"""The web part of the compose benchmark: one compose POST (htmx) on a draft of N components, through Django's
test client in-process: the edit applied and stored, then the compose area with the diagram, findings, cost and
the change summary rendered — what the page swaps in place. Each run adds a queue (a new name each time), so
the workspace cache never answers for it."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from typing import Any


def web_figures(large_design: Callable[[int], Any], sizes: tuple[int, ...], runs: int) -> None:
    with tempfile.TemporaryDirectory(prefix="compose-bench-") as var_dir:
        os.environ.update({"VAR_DIR": var_dir, "DJANGO_SETTINGS_MODULE": "designer.settings", "DEBUG": "true",
                           "LOG_LEVEL": "WARNING", "ALLOWED_HOSTS": "testserver,localhost"})
        for key in ("DATABASE_URL", "CELERY_BROKER_URL"):
            os.environ.pop(key, None)
        import django

        django.setup()
        from django.core.management import call_command
        from django.test import Client
        from django.test.utils import setup_test_environment

        setup_test_environment()
        call_command("migrate", verbosity=0)
        from django.contrib.auth import get_user_model

        from apps.designs.models import Draft
        from apps.teams.services import team_create
        from generators.model.io import design_to_data

        user = get_user_model().objects.create_user(username="bench", password=None)
        team = team_create(name="bench", owner=user)
        client = Client()
        client.force_login(user)
        print(f"compose (web): one compose POST (htmx) adding a queue, median / p95 of {runs} runs")
        for size in sizes:
            draft = Draft.objects.create(team=team, created_by=user, blueprint="",
                                         base_document=design_to_data(large_design(size)))
            url = f"/drafts/{draft.pk}/compose"
            samples = []
            for run in range(runs + 1):
                start = time.perf_counter()
                response = client.post(url, {"action": "add", "kind": "queue", "name": f"added-{run}"},
                                       HTTP_HX_REQUEST="true", HTTP_HX_TARGET="compose-area")
                elapsed = (time.perf_counter() - start) * 1000
                if response.status_code != 200 or b"added-" not in response.content:
                    raise RuntimeError(f"the compose POST failed: {response.status_code}")
                if run:  # the first run warms template and import caches
                    samples.append(elapsed)
            samples.sort()
            p95 = samples[min(len(samples) - 1, int(len(samples) * 0.95))]
            print(f"  {size:>3} components: {statistics.median(samples):7.1f} / {p95:7.1f} ms")
