"""Checks behind /healthz. Each returns "ok" or a short reason; none raises, none waits long."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from django.conf import settings
from django.db import connections
from kombu.connection import Connection

logger = logging.getLogger(__name__)

BROKER_TIMEOUT_SECONDS = 3.0


def check_database(alias: str = "default") -> str:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:
        return _failure("database", error)
    return "ok"


def check_broker() -> str:
    """Connect to the configured Celery broker the way the worker would.

    The filesystem transport "connects" to anything, so for it the message folders must exist and be
    writable; network brokers must answer within BROKER_TIMEOUT_SECONDS.
    """
    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    try:
        with Connection(
            settings.CELERY_BROKER_URL, transport_options=options, connect_timeout=BROKER_TIMEOUT_SECONDS
        ) as connection:
            if connection.transport.driver_type == "filesystem":
                return _check_folders(options)
            connection.ensure_connection(max_retries=0, timeout=BROKER_TIMEOUT_SECONDS)
            connection.default_channel  # noqa: B018 - opening a channel makes the broker answer (Redis: PING)
    except Exception as error:
        return _failure("broker", error)
    return "ok"


def _check_folders(options: dict[str, object]) -> str:
    for key in ("data_folder_in", "data_folder_out", "control_folder"):
        folder = Path(str(options.get(key, "")))
        if not options.get(key) or not folder.is_dir():
            return f"{key} {folder} is not a folder"
        if not os.access(folder, os.W_OK | os.X_OK):
            return f"{key} {folder} is not writable"
    return "ok"


def _failure(check: str, error: Exception) -> str:
    """The reason shown by /healthz, which needs no sign-in: error details (hosts, ports) only in DEBUG."""
    logger.warning("health check %s failed", check, exc_info=error)
    if not settings.DEBUG:
        return f"{type(error).__name__} (details in the server log)"
    lines = str(error).strip().splitlines()
    return f"{type(error).__name__}: {lines[0] if lines else ''}"[:200]
