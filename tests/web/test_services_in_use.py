"""The suite runs twice in CI: on the embedded defaults, then on PostgreSQL and Redis (see .ci/run).

These tests prove that each pass really talks to the services its environment names.
"""

from __future__ import annotations

import os
import uuid

import pytest
from django.db import connection

from designer import celery_app

pytestmark = pytest.mark.services

VENDOR_BY_SCHEME = {"sqlite": "sqlite", "postgres": "postgresql", "postgresql": "postgresql"}
DRIVER_BY_SCHEME = {"filesystem": "filesystem", "redis": "redis", "amqp": "amqp"}


def _scheme(url: str) -> str:
    return url.split("://", 1)[0].split("+", 1)[0]


@pytest.mark.django_db
def test_the_database_in_use_is_the_one_named_by_DATABASE_URL() -> None:
    expected = VENDOR_BY_SCHEME[_scheme(os.environ.get("DATABASE_URL", "sqlite://"))]

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
    assert connection.vendor == expected


def test_the_broker_in_use_is_the_one_named_by_CELERY_BROKER_URL() -> None:
    expected_url = os.environ.get("CELERY_BROKER_URL", "filesystem://")

    assert celery_app.conf.broker_url == expected_url
    with celery_app.connection_for_write() as conn:
        assert conn.transport.driver_type == DRIVER_BY_SCHEME[_scheme(expected_url)]


def test_a_message_makes_a_round_trip_through_the_configured_broker() -> None:
    payload = {"probe": uuid.uuid4().hex}
    with celery_app.connection_for_write() as conn:
        queue = conn.SimpleQueue(f"designer-selftest-{payload['probe']}")
        try:
            queue.put(payload)
            message = queue.get(timeout=10)
            message.ack()
        finally:
            queue.queue.delete()
            queue.close()

    assert message.payload == payload
