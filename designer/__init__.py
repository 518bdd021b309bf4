"""Project wiring of the serverless designer: settings, URLs, WSGI and the Celery app."""

from __future__ import annotations

from designer.celery import app as celery_app

__all__ = ("celery_app",)
