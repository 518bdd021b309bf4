"""Schemathesis against /api/openapi.json: generated requests (valid and invalid) for every operation, with a real
token, must never get a server error. Bounded: a few examples per operation, no shrinking past a deadline."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error, status_code_conformance
from schemathesis.core.failures import Failure, FailureGroup

from apps.api.tokens import token_create
from tests.portal.conftest import People, save_design

# In the suite: a few examples per operation, no server error and no status code the spec does not document.
# Measured by hand with SCHEMATHESIS_EXAMPLES=100 SCHEMATHESIS_CHECKS=all (every schemathesis check).
MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "12"))
ALL_CHECKS = os.environ.get("SCHEMATHESIS_CHECKS") == "all"


@pytest.fixture
def api_schema(db: Any) -> Iterator[Any]:
    # like Django's test client: the WSGI handler must not close the test's database connection per request
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def admin_token(people: People, settings: Any) -> str:
    settings.API_RATE_LIMIT_PER_MINUTE = 100_000
    save_design(people.membership(people.alice))
    return token_create(membership=people.membership(people.alice), name="fuzz",
                        scopes=["read", "write", "deploy", "approve"]).plaintext


def test_no_generated_request_gets_a_server_error(api_schema: Any, admin_token: str) -> None:
    """Each operation in turn (schemathesis' pytest plugin does not run on this pytest; the loop is the same)."""
    headers = {"Authorization": f"Bearer {admin_token}"}
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 10

    checks = None if ALL_CHECKS else [not_a_server_error, status_code_conformance]
    failures: Counter[str] = Counter()
    calls: Counter[str] = Counter()
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def run(case: Any) -> None:
            label = case.operation.label
            calls[label] += 1
            try:
                case.call_and_validate(headers=headers, checks=checks)
            except (Failure, FailureGroup) as failed:  # count every failure, then report them all
                found = [line.strip() for line in str(failed).splitlines() if line.strip().startswith("- ")]
                for what in found or [str(failed).splitlines()[0][:150]]:
                    failures[f"{label}: {what}"] += 1

        run()
    print(f"schemathesis: {sum(calls.values())} calls over {len(calls)} operations "
          f"(min {min(calls.values())} per operation); failures: {sum(failures.values())}")
    assert not failures, "\n".join(f"{n} x {what}" for what, n in failures.most_common())
