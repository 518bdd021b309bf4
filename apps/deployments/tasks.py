"""Celery tasks: thin, take ids, call one service, enqueued on commit by the services.

`acks_late`: a message is acknowledged only after the service returned, so a broker that redelivers (Redis
after its visibility timeout) hands an interrupted deployment to another worker; the service is idempotent
and the lease makes sure only one worker works on a deployment at a time. Because the filesystem broker does
not redeliver, a worker that starts also queues every deployment left without a worker (`worker_ready`).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from typing import Any

from celery import shared_task
from celery.signals import worker_ready, worker_shutdown
from django.db import DatabaseError, close_old_connections, connection

from apps.deployments import services

logger = logging.getLogger(__name__)

WORKER_BEAT_SECONDS = 10.0
_beat_stop = threading.Event()


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=None)
def deployment_run(self: Any, deployment_id: int) -> None:
    try:
        retry_after = services.deployment_run(deployment_id=deployment_id)
    except DatabaseError as error:  # the database was briefly unavailable: the deployment has not moved
        logger.warning("deployment %s: database error, retrying: %s", deployment_id, error)
        close_old_connections()
        raise self.retry(countdown=2.0, exc=error, max_retries=30) from error
    if retry_after is not None:
        # another worker holds the deployment; look again when its lease would have run out
        raise self.retry(countdown=min(max(retry_after, 0.5), 60.0))


@shared_task(acks_late=True)
def target_check(target_id: int) -> None:
    services.target_check(target_id=target_id)


@shared_task(acks_late=True)
def target_reconcile(target_id: int) -> None:
    services.target_reconcile(target_id=target_id)


@shared_task(acks_late=True)
def deployment_resume_stalled() -> None:
    services.deployment_resume_stalled()


def _hostname(sender: Any) -> str:
    return str(getattr(sender, "hostname", "") or f"worker@{socket.gethostname()}:{os.getpid()}")


@worker_ready.connect
def _on_worker_ready(sender: Any = None, **_: Any) -> None:
    hostname = _hostname(sender)
    _beat_stop.clear()
    threading.Thread(target=_beat, args=(hostname,), name="worker-beat", daemon=True).start()
    try:
        resumed = services.deployment_resume_stalled()
    except Exception:  # the worker must start even when the database is briefly unavailable
        logger.exception("could not look for stalled deployments")
        return
    if resumed:
        logger.warning("resuming deployments left without a worker: %s", resumed)


@worker_shutdown.connect
def _on_worker_shutdown(sender: Any = None, **_: Any) -> None:
    _beat_stop.set()
    try:
        services.worker_gone(hostname=_hostname(sender))
    except Exception:
        logger.warning("could not remove the worker's heartbeat", exc_info=True)


def _beat(hostname: str) -> None:
    """Tell /healthz that this worker is alive (a row in the database, so it works with every broker), and
    queue again deployments and target checks whose message was lost."""
    try:
        while True:
            try:
                services.worker_beat(hostname=hostname, pid=os.getpid())
                services.deployment_requeue_orphans()
            except Exception:
                logger.warning("worker heartbeat failed", exc_info=True)
                close_old_connections()
            if _beat_stop.wait(WORKER_BEAT_SECONDS):
                return
    finally:
        connection.close()
