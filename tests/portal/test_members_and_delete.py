"""Admins manage members (the team keeps an admin); editors delete designs after typing the name; both audited."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from apps.audit.models import AuditEntry
from apps.designs.models import Design, DesignRevision
from apps.teams import members
from apps.teams.models import Membership
from apps.teams.permissions import NotAllowed
from tests.portal.conftest import People, client_for, save_design, save_revision


def test_an_admin_adds_a_member_changes_the_role_and_removes_them(people: People) -> None:
    User.objects.create_user("frank", password="frank-secret-1")
    admin = client_for(people.alice)

    assert admin.post(reverse("member-list"), {"username": "frank", "role": "deployer"}).status_code == 302
    frank = Membership.objects.get(user__username="frank", team=people.shop)
    assert frank.role == "deployer"
    admin.post(reverse("member-change", args=[frank.pk]), {"role": "viewer"})
    frank.refresh_from_db()
    assert frank.role == "viewer"
    admin.post(reverse("member-change", args=[frank.pk]), {"remove": "yes"})

    assert not Membership.objects.filter(user__username="frank").exists()
    details = [e.detail for e in AuditEntry.objects.filter(action="member_changed").order_by("id")]
    assert details == [{"added as": "deployer"}, {"role": "deployer → viewer"}, {"removed": "yes"}]


def test_member_changes_are_validated_and_only_for_admins(people: People) -> None:
    alice = people.membership(people.alice)
    with pytest.raises(members.MemberInvalid, match="role: 'owner' is not a role; allowed: viewer, editor"):
        members.member_add(membership=alice, username="carol", role="owner")
    with pytest.raises(members.MemberInvalid, match="username: no user named 'nobody'"):
        members.member_add(membership=alice, username="nobody", role="viewer")
    with pytest.raises(members.MemberInvalid, match="alice is the last admin of shop"):
        members.member_change_role(membership=alice, member_id=alice.pk, role="viewer")
    with pytest.raises(NotAllowed, match="to manage members you need the admin role"):
        members.member_add(membership=people.membership(people.dave), username="carol", role="viewer")


def test_an_editor_deletes_a_design_after_typing_its_name(people: People) -> None:
    design = save_design(people.membership(people.alice))
    save_revision(people.membership(people.alice), design, options={"source": "kinesis"})
    editor = client_for(people.erin)

    editor.post(reverse("design-delete", args=[design.pk]), {"confirm": "orders"})
    assert Design.objects.filter(pk=design.pk).exists()

    response = editor.post(reverse("design-delete", args=[design.pk]), {"confirm": "orders-importer"})

    assert response.status_code == 302
    assert not Design.objects.filter(pk=design.pk).exists()
    assert not DesignRevision.objects.exists()
    deleted = AuditEntry.objects.get(action="deleted")
    assert (deleted.actor_name, deleted.subject, deleted.detail) == ("erin", "orders-importer", {"revisions": 2})
    assert client_for(people.bob).post(reverse("design-delete", args=[design.pk])).status_code == 404
