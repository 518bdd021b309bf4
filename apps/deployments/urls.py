from __future__ import annotations

from django.urls import path

from apps.deployments import views

urlpatterns = [
    path("targets/", views.target_list, name="target-list"),
    path("targets/<int:pk>/check", views.target_check, name="target-check"),
    path("targets/<int:pk>/delete", views.target_delete, name="target-delete"),
    path("designs/<int:pk>/revisions/<int:number>/deploy", views.deploy_start, name="deploy-start"),
    path("deployments/<int:pk>/", views.deployment_detail, name="deployment-detail"),
    path("deployments/<int:pk>/confirm", views.deployment_confirm, name="deployment-confirm"),
    path("deployments/<int:pk>/recreate", views.deployment_recreate, name="deployment-recreate"),
    path("deployments/<int:pk>/cancel", views.deployment_cancel, name="deployment-cancel"),
    path("deployments/<int:pk>/teardown", views.deployment_teardown, name="deployment-teardown"),
]
