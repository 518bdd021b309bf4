from __future__ import annotations

from django.apps import AppConfig


class DeploymentsConfig(AppConfig):
    """Targets, the deployment pipeline (Celery worker), its live progress pages and the AWS seam."""

    name = "apps.deployments"
    label = "deployments"
    verbose_name = "Deployments"
