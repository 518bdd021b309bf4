"""Golden paths in /admin/: read their versions (never edited: a version is published once, through the
services, so that it is validated and audited) and which designs came from which version."""

from __future__ import annotations

from django.contrib import admin

from apps.golden.models import GoldenPath, GoldenPathVersion, GoldenSource


class VersionInline(admin.TabularInline):
    model = GoldenPathVersion
    extra = 0
    fields = ["number", "published_by", "published_at", "notes"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(GoldenPath)
class GoldenPathAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "team", "scope", "updated_at"]
    list_filter = ["team", "scope"]
    readonly_fields = ["slug", "created_by", "created_at", "updated_at"]
    inlines = [VersionInline]


@admin.register(GoldenSource)
class GoldenSourceAdmin(admin.ModelAdmin):
    list_display = ["design", "version", "upgraded_at"]
    readonly_fields = ["design", "version", "parameters", "created_at", "upgraded_at"]
