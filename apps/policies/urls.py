from __future__ import annotations

from django.urls import path

from apps.policies import views

urlpatterns = [path("policy/", views.policy_edit, name="policy-edit")]
