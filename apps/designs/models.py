from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from apps.teams.models import Team


class Design(models.Model):
    """A team's design. Its content lives in revisions; `current_revision` is the latest saved one."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="designs")
    name = models.CharField(max_length=80)
    blueprint = models.CharField(max_length=40, blank=True, help_text="The project type it started from")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    current_revision = models.ForeignKey(
        "DesignRevision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["team", "name"], name="design_name_unique_in_team")]
        ordering = ["-updated_at", "name"]

    def __str__(self) -> str:
        return self.name


class DesignRevision(models.Model):
    """One saved state of a design: the Design document (JSON) plus how the wizard made it. Never changed."""

    design = models.ForeignKey(Design, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    document = models.JSONField(help_text="The Design document (generators.model.Design as JSON)")
    recipe = models.JSONField(default=dict, blank=True,
                              help_text="Blueprint, options, project settings and edits, to reopen the wizard")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    message = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["design", "number"], name="revision_number_unique")]
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"{self.design} r{self.number}"


class Draft(models.Model):
    """The wizard's working copy: what was chosen so far. Saving it makes a DesignRevision."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="drafts")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    design = models.ForeignKey(Design, null=True, blank=True, on_delete=models.CASCADE, related_name="drafts",
                               help_text="The saved design this draft edits (empty for a new design)")
    base_revision = models.ForeignKey(DesignRevision, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")
    blueprint = models.CharField(max_length=40, blank=True)
    options = models.JSONField(default=dict, blank=True)
    project = models.JSONField(default=dict, blank=True)
    base_document = models.JSONField(null=True, blank=True)
    edits = models.JSONField(default=list, blank=True)
    requests_per_month = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return f"draft {self.id} ({self.blueprint or 'document'})"
