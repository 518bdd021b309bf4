from __future__ import annotations

from django.contrib import admin

from apps.designs.models import Design, DesignRevision


class RevisionInline(admin.TabularInline):
    model = DesignRevision
    extra = 0
    fields = ["number", "author", "created_at", "message"]
    readonly_fields = fields
    can_delete = False


@admin.register(Design)
class DesignAdmin(admin.ModelAdmin):
    list_display = ["name", "team", "blueprint", "updated_at"]
    list_filter = ["team", "blueprint"]
    inlines = [RevisionInline]
