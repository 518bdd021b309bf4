from __future__ import annotations

from django.urls import path

from apps.golden import views

urlpatterns = [
    path("golden/", views.golden_list, name="golden-list"),
    path("golden/publish/", views.golden_publish, name="golden-publish"),
    path("golden/<int:pk>/", views.golden_detail, name="golden-detail"),
    path("golden/<int:pk>/use", views.golden_use, name="golden-use"),
    path("golden/<int:pk>/versions/<int:number>/export.yaml", views.golden_export, name="golden-export"),
    path("designs/<int:pk>/upgrade", views.golden_upgrade, name="golden-upgrade"),
]
