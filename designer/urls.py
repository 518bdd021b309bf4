from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from apps.core import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("", include("apps.teams.urls")),
    path("", include("apps.designs.urls")),
    path("", include("apps.deployments.urls")),
    path("", include("apps.history.urls")),
    path("", include("apps.audit.urls")),
    path("", include("apps.policies.urls")),
    path("", include("apps.api.token_urls")),
    path("", include("apps.approvals.urls")),
    path("", include("apps.golden.urls")),  # golden paths: publish, use, upgrade (docs/golden-paths.md)
    path("api/", include("apps.api.urls")),
    path("", include("apps.mcp.urls")),  # /mcp: the MCP server for AI assistants (docs/mcp.md)
]
