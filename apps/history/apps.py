from __future__ import annotations

from django.apps import AppConfig


class HistoryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "apps.history"
    label = "history"
    verbose_name = "Design history, diffs and patches"
