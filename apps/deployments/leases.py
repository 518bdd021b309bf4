"""Which worker owns a deployment: a lease in the database, renewed by a heartbeat thread.

A worker that is killed stops renewing, the lease expires, and the next worker that looks (the startup sweep,
or a redelivered task) takes over and reconciles from the stack's real status. Two workers never work on the
same deployment at once: claiming is one conditional UPDATE.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from datetime import timedelta
from types import TracebackType

from django.conf import settings
from django.db import close_old_connections, connection
from django.db.models import F, Q
from django.utils import timezone

from apps.deployments.models import Deployment

logger = logging.getLogger(__name__)


def lease_seconds() -> float:
    return float(settings.DEPLOYMENT_LEASE_SECONDS)


class LeaseLost(Exception):
    """Another worker took the deployment over (this one was too slow to renew): stop quietly."""


class Lease:
    """Held while a worker runs a deployment: `with Lease.claim(id) as lease:` (None if someone else has it)."""

    def __init__(self, deployment_id: int, owner: str) -> None:
        self.deployment_id = deployment_id
        self.owner = owner
        self._stop = threading.Event()
        self._lost = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"lease-{deployment_id}", daemon=True)

    @classmethod
    def claim(cls, deployment_id: int) -> Lease | None:
        owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        now = timezone.now()
        claimed = Deployment.objects.filter(
            Q(lease_expires_at__isnull=True) | Q(lease_expires_at__lt=now) | Q(lease_owner=""),
            pk=deployment_id, status__in=Deployment.WORKING,
        ).update(lease_owner=owner, lease_expires_at=now + timedelta(seconds=lease_seconds()), runs=F("runs") + 1)
        return cls(deployment_id, owner) if claimed else None

    @staticmethod
    def seconds_until_free(deployment_id: int) -> float | None:
        """None when nobody holds the deployment (or it needs no worker); else when the lease runs out."""
        row = Deployment.objects.filter(pk=deployment_id, status__in=Deployment.WORKING).values(
            "lease_owner", "lease_expires_at").first()
        if row is None or not row["lease_owner"] or row["lease_expires_at"] is None:
            return None
        return max(0.0, (row["lease_expires_at"] - timezone.now()).total_seconds())

    def __enter__(self) -> Lease:
        self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        Deployment.objects.filter(pk=self.deployment_id, lease_owner=self.owner).update(
            lease_owner="", lease_expires_at=None)

    @property
    def lost(self) -> bool:
        return self._lost.is_set()

    def check(self) -> None:
        if self.lost:
            raise LeaseLost(f"deployment {self.deployment_id}: another worker took it over")

    def _beat(self) -> None:
        interval = max(0.2, lease_seconds() / 3)
        try:
            while not self._stop.wait(interval):
                try:
                    renewed = Deployment.objects.filter(pk=self.deployment_id, lease_owner=self.owner).update(
                        lease_expires_at=timezone.now() + timedelta(seconds=lease_seconds()))
                except Exception:  # a busy database now and then: try again at the next beat
                    logger.warning("lease heartbeat of deployment %s failed", self.deployment_id, exc_info=True)
                    close_old_connections()
                    continue
                if not renewed:
                    self._lost.set()
                    return
        finally:
            connection.close()
