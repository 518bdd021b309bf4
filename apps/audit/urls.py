from __future__ import annotations

from django.urls import path

from apps.audit import views

urlpatterns = [
    path("audit/", views.audit_list, name="audit-list"),
    path("audit.csv", views.audit_export, name="audit-export"),
]
