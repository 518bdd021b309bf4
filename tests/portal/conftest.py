"""Personas for the portal tests. Team "shop": alice (admin), dave (deployer), erin (editor), bob (viewer).
Team "rivals": carol (admin). Designs are built through the blueprints and saved through the services."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from apps.designs import services as design_services
from apps.designs.models import Design, DesignRevision, Draft
from apps.designs.workspace import clear_cache
from apps.teams.models import Membership, Role, Team
from apps.teams.services import membership_add, team_create


@pytest.fixture(autouse=True)
def _fresh_workspace_cache() -> None:
    clear_cache()


def _user(name: str) -> User:
    return User.objects.create_user(name, password=f"{name}-secret-1")


@dataclass
class People:
    alice: User
    dave: User
    erin: User
    bob: User
    carol: User
    shop: Team
    rivals: Team

    def membership(self, user: User, team: Team | None = None) -> Membership:
        return Membership.objects.select_related("team", "user").get(user=user, team=team or self.shop)


@pytest.fixture
def people(db: Any) -> People:
    alice, dave, erin, bob, carol = (_user(n) for n in ("alice", "dave", "erin", "bob", "carol"))
    shop = team_create(name="shop", owner=alice)
    membership_add(team=shop, user=dave, role=Role.DEPLOYER)
    membership_add(team=shop, user=erin, role=Role.EDITOR)
    membership_add(team=shop, user=bob, role=Role.VIEWER)
    rivals = team_create(name="rivals", owner=carol)
    return People(alice, dave, erin, bob, carol, shop, rivals)


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def save_design(membership: Membership, *, blueprint: str = "event-processor", name: str = "orders-importer",
                options: dict[str, Any] | None = None, message: str = "first",
                project: dict[str, Any] | None = None) -> Design:
    draft = design_services.draft_start(membership=membership, blueprint=blueprint)
    if project:
        outcome = design_services.draft_update_project(membership=membership, draft=draft,
                                                       project={**draft.project, **project})
        assert outcome.ok, outcome.problems
    if options:
        outcome = design_services.draft_update_options(membership=membership, draft=draft, options=options)
        assert outcome.ok, outcome.problems
    saved = design_services.draft_save(membership=membership, draft=draft, name=name, message=message)
    assert saved.design is not None, saved.problems
    return saved.design


def save_revision(membership: Membership, design: Design, *, options: dict[str, Any] | None = None,
                  project: dict[str, Any] | None = None, message: str = "change") -> DesignRevision:
    draft: Draft = design_services.design_open(membership=membership, design=design)
    if options is not None:
        outcome = design_services.draft_update_options(membership=membership, draft=draft, options=options)
        assert outcome.ok, outcome.problems
    if project is not None:
        outcome = design_services.draft_update_project(membership=membership, draft=draft,
                                                       project={**draft.project, **project})
        assert outcome.ok, outcome.problems
    saved = design_services.draft_save(membership=membership, draft=draft, name=design.name, message=message)
    assert saved.revision is not None, saved.problems
    return saved.revision


@pytest.fixture
def design(people: People) -> Design:
    return save_design(people.membership(people.alice))
