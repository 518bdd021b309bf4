"""Personas: alice admins the team "shop", bob is a viewer there, carol is in another team ("rivals")."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from apps.designs import services
from apps.designs.models import Design, Draft
from apps.designs.workspace import clear_cache
from apps.teams.models import Membership, Role, Team
from apps.teams.services import membership_add, team_create


@pytest.fixture(autouse=True)
def _fresh_workspace_cache() -> None:
    clear_cache()


@pytest.fixture
def alice(db: Any) -> User:
    return User.objects.create_user("alice", password="alice-secret-1")


@pytest.fixture
def shop(alice: User) -> Team:
    return team_create(name="shop", owner=alice)


@pytest.fixture
def bob(shop: Team) -> User:
    user = User.objects.create_user("bob", password="bob-secret-1")
    membership_add(team=shop, user=user, role=Role.VIEWER)
    return user


@pytest.fixture
def carol(db: Any) -> User:
    user = User.objects.create_user("carol", password="carol-secret-1")
    team_create(name="rivals", owner=user)
    return user


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def alice_client(alice: User, shop: Team) -> Client:
    return client_for(alice)


@pytest.fixture
def membership(alice: User, shop: Team) -> Membership:
    return Membership.objects.get(user=alice, team=shop)


@pytest.fixture
def draft(membership: Membership) -> Draft:
    return services.draft_start(membership=membership, blueprint="event-processor")


@pytest.fixture
def saved_design(membership: Membership, draft: Draft) -> Design:
    saved = services.draft_save(membership=membership, draft=draft, name="orders-importer", message="first")
    assert saved.design is not None, saved.problems
    return saved.design


HTMX = {"HTTP_HX_REQUEST": "true"}


def htmx(target: str) -> dict[str, str]:
    return {**HTMX, "HTTP_HX_TARGET": target}
