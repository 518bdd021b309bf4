"""History, diff, restore and the regenerate-safely patch (applied with the real `git apply`)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from apps.audit.models import AuditEntry
from apps.designs.models import DesignRevision
from apps.designs.services import revision_workspace
from apps.history import services
from apps.teams.permissions import NotAllowed
from generators.writer import write_directory
from tests.portal.conftest import People, client_for, save_design, save_revision

GIT = shutil.which("git")
ROUTES_1 = [{"name": "items", "operations": ["list", "get"]}]
ROUTES_2 = [{"name": "items", "operations": ["list", "get"]}, {"name": "orders", "operations": ["list"]}]


def test_every_save_is_a_revision_with_author_time_and_message_on_the_history_page(people: People) -> None:
    alice = people.membership(people.alice)
    design = save_design(alice, message="first cut")
    save_revision(people.membership(people.erin), design, options={"source": "kinesis"}, message="kinesis now")

    page = client_for(people.bob).get(reverse("design-history", args=[design.pk])).content.decode()

    assert "first cut" in page
    assert "kinesis now" in page
    assert "alice" in page
    assert "erin" in page
    assert "Restore as new revision" not in page  # bob is a viewer


def test_the_diff_shows_components_connections_settings_and_iam_grants_that_changed(people: People) -> None:
    alice = people.membership(people.alice)
    design = save_design(alice, options={"source": "sqs"})
    old = design.current_revision
    new = save_revision(alice, design, options={"source": "sqs", "idempotency": True, "memory_mb": 1024})
    assert old is not None

    comparison = services.revision_compare(membership=people.membership(people.bob), design=design, old=old,
                                           new=new)
    graph = comparison.graph

    assert graph.components_added, "idempotency adds a table"
    table = graph.components_added[0]
    assert any(table in edge for edge in graph.connections_added)
    assert any(change.field == "memory_mb" and (change.old, change.new) == ("512", "1024")
               for change in graph.components_changed["processor"])
    assert any(table in grant and grant.startswith("processor may") for grant in graph.grants_added)
    assert graph.grants_removed == []
    changed = {f.path: f for f in comparison.files}
    assert changed["template.yaml"].status == "changed"
    assert "+      MemorySize: 1024" in changed["template.yaml"].diff or "1024" in changed["template.yaml"].diff
    _old_svg, new_svg = comparison.diagrams()
    assert f'data-component="{table}"' in new_svg
    assert 'data-diff="added"' in new_svg


def test_the_compare_page_rejects_a_revision_that_does_not_exist_naming_the_field(people: People) -> None:
    design = save_design(people.membership(people.alice))

    response = client_for(people.bob).get(reverse("design-compare", args=[design.pk]) + "?from=7&to=1")

    assert response.status_code == 400
    assert "from: &#x27;7&#x27; is not a revision of orders-importer; allowed: 1 to 1" in response.content.decode()


def test_restoring_an_old_revision_adds_a_new_one_with_its_content_and_records_it(people: People) -> None:
    alice = people.membership(people.alice)
    design = save_design(alice, options={"source": "sqs"})
    first = design.current_revision
    save_revision(alice, design, options={"source": "kinesis"})
    assert first is not None

    response = client_for(people.erin).post(reverse("revision-restore", args=[design.pk, 1]))

    assert response.status_code == 302
    design.refresh_from_db()
    restored = design.current_revision
    assert restored is not None
    assert restored.number == 3
    assert restored.document == first.document
    assert restored.message == "Restored revision 1"
    assert DesignRevision.objects.filter(design=design).count() == 3
    assert AuditEntry.objects.filter(action="restored", actor=people.erin).exists()
    with pytest.raises(NotAllowed):
        services.revision_restore(membership=people.membership(people.bob), design=design, revision=first)


def _git(cwd: Path, *args: str) -> str:
    assert GIT is not None
    result = subprocess.run([GIT, *args], cwd=cwd, capture_output=True, text=True, timeout=60, check=False,
                            env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
                                 "GIT_COMMITTER_EMAIL": "t@example.com", "HOME": str(cwd), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.skipif(GIT is None, reason="git is not installed")
def test_a_customised_project_takes_the_patch_with_git_apply_and_keeps_the_teams_files(
        people: People, tmp_path: Path) -> None:
    alice = people.membership(people.alice)
    design = save_design(alice, blueprint="api", name="shop-api",
                         project={"language": "typescript"},
                         options={"resources": ROUTES_1, "handler_style": "function-per-route", "auth": "iam"})
    old = design.current_revision
    assert old is not None
    new = save_revision(alice, design, options={"resources": ROUTES_2, "handler_style": "function-per-route",
                                                "auth": "iam", "memory_mb": 1024})
    old_tree = revision_workspace(revision=old).tree
    new_tree = revision_workspace(revision=new).tree
    assert old_tree is not None
    assert new_tree is not None

    # the team generated revision 1, committed it and made it theirs
    project = tmp_path / "shop-api"
    write_directory(old_tree, project)
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "generated")
    scaffold = sorted(p for p, f in old_tree.items() if f.ownership == "scaffold" and p.startswith("src/handlers/"))
    assert scaffold, "the TypeScript handlers are scaffold files"
    customised = project / scaffold[0]
    customised.write_text(customised.read_text() + "\n// our business logic\n")
    (project / "README.md").write_text("# Our own README\n")
    (project / "notes.txt").write_text("ours\n")

    response = client_for(people.bob).get(reverse("revision-patch", args=[design.pk, new.number]),
                                          {"from": old.number})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="shop-api-r1-to-r2.patch"'
    (tmp_path / "update.patch").write_bytes(response.content)

    _git(project, "apply", "--check", str(tmp_path / "update.patch"))
    _git(project, "apply", str(tmp_path / "update.patch"))

    for path, file in new_tree.items():
        on_disk = (project / path).read_bytes()
        if file.ownership == "managed" or path not in old_tree:
            assert on_disk == file.content, f"{path} should follow the generator"
    assert customised.read_text().endswith("// our business logic\n")
    assert (project / "README.md").read_text() == "# Our own README\n"
    assert (project / "notes.txt").read_text() == "ours\n"
    new_scaffold = [p for p, f in new_tree.items() if f.ownership == "scaffold" and p not in old_tree]
    assert new_scaffold, "the new route's handler is a new scaffold file, created by the patch"
    assert AuditEntry.objects.filter(action="downloaded", subject_type="patch", actor=people.bob).exists()


def test_a_patch_from_a_revision_to_itself_is_refused_naming_the_field(people: People) -> None:
    design = save_design(people.membership(people.alice))

    response = client_for(people.bob).get(reverse("revision-patch", args=[design.pk, 1]), {"from": "1"})

    assert response.status_code == 400
    assert response.content.decode().startswith("from: revision 1 is the revision itself")
