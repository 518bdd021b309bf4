from __future__ import annotations

from django.urls import path

from apps.history import views

urlpatterns = [
    path("designs/<int:pk>/history/", views.design_history, name="design-history"),
    path("designs/<int:pk>/compare/", views.design_compare, name="design-compare"),
    path("designs/<int:pk>/revisions/<int:number>/restore", views.revision_restore, name="revision-restore"),
    path("designs/<int:pk>/revisions/<int:number>/patch", views.revision_patch, name="revision-patch"),
    path("designs/<int:pk>/delete", views.design_delete, name="design-delete"),
]
