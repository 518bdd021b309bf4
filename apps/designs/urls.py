from __future__ import annotations

from django.urls import path

from apps.designs import compose_views, import_views, views

urlpatterns = [
    path("designs/new/", views.wizard_start, name="wizard-start"),
    path("drafts/<uuid:pk>/options", views.wizard_options, name="wizard-options"),
    path("drafts/<uuid:pk>/project", views.wizard_project, name="wizard-project"),
    path("drafts/<uuid:pk>/compose", compose_views.wizard_compose, name="wizard-compose"),
    path("drafts/<uuid:pk>/components", views.wizard_components, name="wizard-components"),
    path("drafts/<uuid:pk>/components/<str:name>", views.wizard_component, name="wizard-component"),
    path("drafts/<uuid:pk>/fix", views.wizard_fix, name="wizard-fix"),
    path("drafts/<uuid:pk>/traffic", views.wizard_traffic, name="wizard-traffic"),
    path("drafts/<uuid:pk>/review", views.wizard_review, name="wizard-review"),
    path("drafts/<uuid:pk>/files/<path:path>", views.wizard_file, name="wizard-file"),
    path("drafts/<uuid:pk>/download.zip", views.wizard_download, name="wizard-download"),
    path("designs/", views.design_list, name="design-list"),
    path("designs/import/", import_views.design_import, name="design-import"),
    path("designs/<int:pk>/", views.design_detail, name="design-detail"),
    path("designs/<int:pk>/open", views.design_open, name="design-open"),
    path("designs/<int:pk>/revisions/<int:number>/", views.design_detail, name="revision-detail"),
    path("designs/<int:pk>/revisions/<int:number>/open", views.design_open, name="revision-open"),
    path("designs/<int:pk>/revisions/<int:number>/files/<path:path>", views.revision_file, name="revision-file"),
    path("designs/<int:pk>/revisions/<int:number>/download.zip", views.revision_download, name="revision-download"),
]
