"""Shared test setup: the environment the infrastructure gives the functions, a Lambda context, moto."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from aws_lambda_powertools.utilities.typing import LambdaContext
from moto import mock_aws

# Handlers read their configuration when imported, so it is set before any test module imports one. The
# credentials are fake: no test can reach a real AWS account.
os.environ.update(
    {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "POWERTOOLS_SERVICE_NAME": "shop",
        "POWERTOOLS_METRICS_NAMESPACE": "Shop",
        "POWERTOOLS_TRACE_DISABLED": "true",
        "POWERTOOLS_LOG_DEDUPLICATION_DISABLED": "true",
        "POWERTOOLS_LOG_LEVEL": "INFO",
        "ENVIRONMENT": "test",
        "DATA_TABLE_NAME": "data-table",
    },
)
os.environ.pop("AWS_PROFILE", None)


class FakeLambdaContext(LambdaContext):
    """The `context` the Lambda runtime passes, with a remaining time the test chooses."""

    def __init__(self, remaining_ms: int = 30_000) -> None:
        self._function_name = "test-function"
        self._function_version = "$LATEST"
        self._invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:test-function"
        self._memory_limit_in_mb = 512
        self._aws_request_id = "52fdfc07-2182-454f-963f-5f0f9a621d72"
        self._log_group_name = "/aws/lambda/test-function"
        self._log_stream_name = "2025/01/15/[$LATEST]0123456789abcdef"
        self._remaining_ms = remaining_ms

    def get_remaining_time_in_millis(self) -> int:  # type: ignore[override]  # the runtime's is per instance
        return self._remaining_ms


@pytest.fixture
def lambda_context() -> LambdaContext:
    return FakeLambdaContext()


@pytest.fixture
def nearly_timed_out_context() -> LambdaContext:
    """A context with one second left: long-running handlers must stop early and say so."""
    return FakeLambdaContext(remaining_ms=1_000)


@pytest.fixture
def aws() -> Iterator[None]:
    """Every AWS call made during the test goes to moto's in-memory AWS."""
    with mock_aws():
        yield
