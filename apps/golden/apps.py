from __future__ import annotations

from django.apps import AppConfig


class GoldenConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "apps.golden"
    label = "golden"
    verbose_name = "Golden paths"
