from __future__ import annotations

from django.urls import path

from apps.approvals import views

urlpatterns = [
    path("deployments/<int:pk>/approval", views.approval_decide, name="approval-decide"),
    path("targets/<int:pk>/gate", views.target_gate, name="target-gate"),
]
