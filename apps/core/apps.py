from __future__ import annotations

from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Pages that belong to no single domain: the home page and the health check."""

    name = "apps.core"
    label = "core"
