"""A team's org policy: rules every design must satisfy to be saved, downloaded or deployed."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class OrgPolicy(models.Model):
    """Empty lists and null limits mean "no rule". One policy per team; admins change it."""

    team = models.OneToOneField("teams.Team", on_delete=models.CASCADE, related_name="policy")
    allowed_regions = models.JSONField(default=list, blank=True)
    required_tags = models.JSONField(default=list, blank=True)
    max_memory_mb = models.PositiveIntegerField(null=True, blank=True)
    max_timeout_s = models.PositiveIntegerField(null=True, blank=True)
    require_dlqs = models.BooleanField(default=False)
    allowed_runtimes = models.JSONField(default=list, blank=True)
    forbid_public_endpoints = models.BooleanField(default=False)
    # organisation defaults applied to every design of the team (generators.model.organisation.OrgDefaults as
    # JSON; empty = none): every render, download and deployment prints them (docs/org-defaults.md)
    org_defaults = models.JSONField(default=dict, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"policy of {self.team}"
