from __future__ import annotations

from typing import Any

from django.contrib import admin

from apps.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the audit log is never edited, not even by a superuser in the admin."""

    list_display = ["created_at", "team", "actor_name", "action", "subject", "target", "outcome"]
    list_filter = ["action", "outcome", "team"]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
