"""Shared pytest configuration for every test folder.

Django is configured by pytest-django from `designer.test_settings` (see [tool.pytest.ini_options]).
"""

from __future__ import annotations

import os
import sys
from typing import Any

import pytest

# No test may reach a real AWS account: fake credentials and a fixed region for boto3, moto and samtranslator.
os.environ["AWS_ACCESS_KEY_ID"] = "testing"
os.environ["AWS_SECRET_ACCESS_KEY"] = "testing"
os.environ["AWS_SESSION_TOKEN"] = "testing"
os.environ["AWS_DEFAULT_REGION"] = "us-east-1"
os.environ.pop("AWS_PROFILE", None)


# Fixtures that reach the database; a test using one (or marked django_db) touches a service.
_DATABASE_FIXTURES = frozenset({"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback",
                                "live_server", "client", "admin_client", "admin_user", "django_user_model"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that touches the database or the message broker with `services`.

    CI runs the whole suite on the embedded defaults, then only the `services` tests again on PostgreSQL and
    Redis (`.ci/run`): the engine and everything else that never opens a connection would only repeat itself.
    Database use is detected (the django_db marker or a database fixture); broker tests say so themselves with
    `pytest.mark.services`.
    """
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if item.get_closest_marker("django_db") is not None or fixtures & _DATABASE_FIXTURES:
            item.add_marker(pytest.mark.services)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """The connection matrix's wall time per target, when it ran, so CI time stays visible in the log."""
    projects = sys.modules.get("tests.engine.connection_projects")
    if projects is None:
        return
    for target, seconds in projects.TIMINGS.items():
        terminalreporter.write_line(f"connection matrix {target}: {len(projects.GROUPS)} projects in {seconds:.0f} s")
