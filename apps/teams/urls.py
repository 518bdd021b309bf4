from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from apps.teams import member_views, views
from apps.teams.login import RateLimitedLoginView

urlpatterns = [
    path("accounts/login/", RateLimitedLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("teams/switch", views.team_switch, name="team-switch"),
    path("team/members/", member_views.member_list, name="member-list"),
    path("team/members/<int:pk>", member_views.member_change, name="member-change"),
]
