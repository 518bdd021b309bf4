from __future__ import annotations

from django.apps import AppConfig


class DesignsConfig(AppConfig):
    """Designs and their revisions, and the wizard that makes them (drafts, options, review, save)."""

    name = "apps.designs"
    label = "designs"
