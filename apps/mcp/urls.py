"""`/mcp`: the MCP endpoint (token-authenticated; see views.py)."""

from __future__ import annotations

from django.urls import path

from apps.mcp import views

urlpatterns = [
    path("mcp", views.mcp_endpoint, name="mcp"),
]
