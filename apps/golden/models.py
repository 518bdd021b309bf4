"""Golden paths: a team's (or the whole organisation's) own starting points, versioned; and, per design made from
one, which version and which parameter values it came from (what an upgrade merges against).

The documents are the engine's (`generators.golden.GoldenPath` as JSON); a version is never changed once
published: a new version is a new row."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from apps.designs.models import Design
from apps.teams.models import Team


class GoldenPath(models.Model):
    class Scope(models.TextChoices):
        TEAM = "team", "This team"
        ORGANISATION = "organisation", "Every team"

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="golden_paths",
                             help_text="The team that publishes it (its admins make new versions)")
    slug = models.CharField(max_length=40, help_text="The golden path's id in its document (e.g. acme-events)")
    title = models.CharField(max_length=80)
    description = models.CharField(max_length=1000, blank=True)
    scope = models.CharField(max_length=16, choices=Scope.choices, default=Scope.TEAM)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["team", "slug"], name="golden_path_slug_unique_in_team")]
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    @property
    def latest(self) -> GoldenPathVersion | None:
        return self.versions.order_by("-number").first()


class GoldenPathVersion(models.Model):
    golden_path = models.ForeignKey(GoldenPath, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    document = models.JSONField(help_text="The golden path document (generators.golden.GoldenPath as JSON)")
    notes = models.CharField(max_length=500, blank=True, help_text="What changed in this version")
    source_design = models.ForeignKey(Design, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                      help_text="The design it was published from")
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="+")
    published_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["golden_path", "number"],
                                               name="golden_path_version_unique")]
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"{self.golden_path} v{self.number}"


class GoldenSource(models.Model):
    """Where a design came from: the golden path version and the parameter values chosen (kept for upgrades)."""

    design = models.OneToOneField(Design, on_delete=models.CASCADE, related_name="golden_source")
    version = models.ForeignKey(GoldenPathVersion, on_delete=models.PROTECT, related_name="derived")
    parameters = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    upgraded_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.design} from {self.version}"
