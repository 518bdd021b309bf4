"""History services: compare two revisions, restore an old one as a new revision, a patch from one revision's
generated project to another's, and downloads (zip or patch) — each role-checked, policy-checked and audited.

A patch updates a project the team already customised: *managed* files (owned by the generator) are patched,
created and deleted; *scaffold* files (written once, then the user's) are only ever created when they are new,
never changed or deleted."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Max

from apps.audit.services import Action as AuditAction
from apps.audit.services import audit_record
from apps.designs import convert
from apps.designs.models import Design, DesignRevision, Draft
from apps.designs.services import draft_workspace, revision_workspace
from apps.designs.workspace import Workspace
from apps.golden.locks import golden_lock_problems
from apps.history import textdiff
from apps.history.graphdiff import GraphDiff, graph_diff
from apps.policies.services import Stage, policy_enforce
from apps.teams.models import Membership
from apps.teams.permissions import Action, membership_require
from generators.advisor.gate import ErrorFindings, require_no_errors
from generators.filetree import FileTree

MAX_DIFF_CHARS = 400_000  # per file shown on the page; the patch itself is never cut


class HistoryError(Exception):
    """A request the history services refuse, with a message naming the field."""


@dataclass
class FileChange:
    path: str
    status: str  # added | removed | changed
    ownership: str  # managed | scaffold
    diff: str
    in_patch: bool  # whether `git apply` of the patch touches it


@dataclass
class Comparison:
    old: DesignRevision
    new: DesignRevision
    graph: GraphDiff
    files: list[FileChange] = field(default_factory=list)
    old_workspace: Workspace | None = None
    new_workspace: Workspace | None = None

    def diagrams(self) -> tuple[str, str]:
        old_marks, new_marks = self.graph.marks()
        old_svg = self.old_workspace.diagram(lambda c: _mark(old_marks, c.name)) if self.old_workspace else ""
        new_svg = self.new_workspace.diagram(lambda c: _mark(new_marks, c.name)) if self.new_workspace else ""
        return old_svg, new_svg


def _mark(marks: dict[str, str], name: str) -> dict[str, str]:
    return {"data-diff": marks[name]} if name in marks else {}


def _tree(workspace: Workspace, revision: DesignRevision) -> FileTree:
    if workspace.tree is None:
        raise HistoryError(f"revision {revision.number}: no project can be generated "
                           f"({workspace.unsupported or 'the design is not valid'})")
    return workspace.tree


def _text(content: bytes) -> str:
    return content.decode("utf-8", errors="replace")


def revision_compare(*, membership: Membership, design: Design, old: DesignRevision,
                     new: DesignRevision) -> Comparison:
    membership_require(membership=membership, action=Action.READ)
    _same_design(design, old, new)
    old_ws, new_ws = revision_workspace(revision=old), revision_workspace(revision=new)
    if old_ws.design is None or new_ws.design is None:
        raise HistoryError("a revision's design no longer validates; it cannot be compared")
    comparison = Comparison(old, new, graph_diff(old_ws.design, new_ws.design), old_workspace=old_ws,
                            new_workspace=new_ws)
    comparison.files = file_changes(_tree(old_ws, old), _tree(new_ws, new))
    return comparison


def file_changes(old_tree: FileTree, new_tree: FileTree) -> list[FileChange]:
    """Every generated file that differs between two trees, with its diff and whether the patch touches it."""
    changes = []
    for path in sorted(set(old_tree) | set(new_tree)):
        before, after = old_tree.get(path), new_tree.get(path)
        if before is not None and after is not None and before.content == after.content \
                and before.mode == after.mode:
            continue
        status = "added" if before is None else "removed" if after is None else "changed"
        ownership = (after or before).ownership  # type: ignore[union-attr]
        diff = textdiff.file_patch(path, None if before is None else _text(before.content),
                                   None if after is None else _text(after.content),
                                   old_mode=before.mode if before else 0o644, new_mode=after.mode if after else 0o644)
        if len(diff) > MAX_DIFF_CHARS:
            diff = diff[:MAX_DIFF_CHARS] + "\n… (cut here on the page; the patch has all of it)\n"
        changes.append(FileChange(path, status, ownership, diff, _in_patch(status, ownership)))
    return changes


def _in_patch(status: str, ownership: str) -> bool:
    return ownership == "managed" or status == "added"


def _same_design(design: Design, *revisions: DesignRevision) -> None:
    for revision in revisions:
        if revision.design_id != design.pk:
            raise HistoryError(f"revision {revision.number} belongs to another design")


def patch_between(old_tree: FileTree, new_tree: FileTree) -> str:
    """A `git apply`-able patch from old to new: managed files follow the generator; scaffold files are only
    created when new (the team's copy is never overwritten or deleted)."""
    sections = []
    for path in sorted(set(old_tree) | set(new_tree)):
        before, after = old_tree.get(path), new_tree.get(path)
        if after is not None and after.ownership == "scaffold" and before is not None:
            continue  # the user's file now
        if after is None and before is not None and before.ownership == "scaffold":
            continue
        sections.append(textdiff.file_patch(
            path, None if before is None else _text(before.content), None if after is None else _text(after.content),
            old_mode=before.mode if before else 0o644, new_mode=after.mode if after else 0o644))
    return textdiff.join(sections)


@dataclass(frozen=True)
class Download:
    filename: str
    content: bytes
    content_type: str


def revision_patch(*, membership: Membership, design: Design, old: DesignRevision, new: DesignRevision,
                   via: str = "web") -> Download:
    """Download revision `new` as a patch against revision `old` (policy-checked and audited like a zip)."""
    membership_require(membership=membership, action=Action.DOWNLOAD)
    _same_design(design, old, new)
    if old.number == new.number:
        raise HistoryError(f"from: revision {old.number} is the revision itself; choose an older or newer one")
    new_ws = revision_workspace(revision=new)
    policy_enforce(membership=membership, design=new_ws.design, stage=Stage.DOWNLOAD, subject=_label(design, new),
                   via=via)
    _require_no_errors(new_ws)
    text = patch_between(_tree(revision_workspace(revision=old), old), _tree(new_ws, new))
    audit_record(team=design.team_id, actor=membership.user, action=AuditAction.DOWNLOADED, subject_type="patch",
                 subject_id=new.pk, subject=f"{_label(design, new)} as a patch from revision {old.number}", via=via)
    return Download(f"{design.name}-r{old.number}-to-r{new.number}.patch", text.encode("utf-8"),
                    "text/x-diff; charset=utf-8")


def revision_download(*, membership: Membership, revision: DesignRevision, via: str = "web") -> Download:
    """The generated project of a saved revision as a zip (policy-checked and audited)."""
    membership_require(membership=membership, action=Action.DOWNLOAD)
    design = revision.design
    workspace = revision_workspace(revision=revision)
    policy_enforce(membership=membership, design=workspace.design, stage=Stage.DOWNLOAD,
                   subject=_label(design, revision), via=via)
    _require_no_errors(workspace)
    data = workspace.zip_bytes
    if data is None or workspace.design is None:
        raise HistoryError(workspace.unsupported or "the design is not valid yet")
    audit_record(team=design.team_id, actor=membership.user, action=AuditAction.DOWNLOADED, subject_type="revision",
                 subject_id=revision.pk, subject=_label(design, revision), via=via)
    return Download(f"{workspace.design.project.name}.zip", data, "application/zip")


class DesignHasErrors(HistoryError):
    """The advisor gate refused the design: `findings` are its active error findings (the message names each)."""

    def __init__(self, refused: ErrorFindings) -> None:
        super().__init__(str(refused))
        self.findings = refused.findings


def _require_no_errors(workspace: Workspace) -> None:
    if workspace.design is not None:
        try:
            require_no_errors(workspace.design, workspace.findings)
        except ErrorFindings as refused:
            raise DesignHasErrors(refused) from None


def _label(design: Design, revision: DesignRevision) -> str:
    return f"{design.name} r{revision.number}"


def revision_restore(*, membership: Membership, design: Design, revision: DesignRevision, message: str = "",
                     via: str = "web") -> DesignRevision:
    """A new revision whose content is an old one's (nothing is rewritten: history only grows)."""
    membership_require(membership=membership, action=Action.EDIT)
    _same_design(design, revision)
    if len(message) > 500:
        raise HistoryError("message: at most 500 characters")
    locked = golden_lock_problems(design_id=design.pk, design=convert.design_of_revision(revision))
    if locked:  # an old revision of a design upgraded since: its golden path's locks apply now
        raise HistoryError("; ".join(f"{path}: {message}" for path, message in locked))
    policy_enforce(membership=membership, design=convert.design_of_revision(revision), stage=Stage.SAVE,
                   subject=_label(design, revision), via=via)
    with transaction.atomic():
        locked = Design.objects.select_for_update().get(pk=design.pk)
        number = (locked.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
        restored = DesignRevision.objects.create(
            design=locked, number=number, document=revision.document, recipe=revision.recipe,
            author=membership.user, message=message.strip() or f"Restored revision {revision.number}")
        locked.current_revision = restored
        locked.save(update_fields=["current_revision", "updated_at"])
        audit_record(team=design.team_id, actor=membership.user, action=AuditAction.RESTORED,
                     subject_type="revision", subject_id=restored.pk,
                     subject=f"{design.name} r{number} (from r{revision.number})", via=via)
    design.refresh_from_db()
    return restored


def history_of(*, membership: Membership, design: Design) -> list[dict[str, Any]]:
    membership_require(membership=membership, action=Action.READ)
    return [{"number": r.number, "author": r.author.get_username() if r.author else "—", "created_at": r.created_at,
             "message": r.message, "current": r.pk == design.current_revision_id}
            for r in design.revisions.select_related("author").order_by("-number")]


def draft_download(*, membership: Membership, draft: Draft, via: str = "web") -> Download:
    """The wizard's working copy as a zip (policy-checked and audited like a saved revision)."""
    membership_require(membership=membership, action=Action.DOWNLOAD)
    workspace = draft_workspace(draft=draft)
    name = workspace.design.project.name if workspace.design else "draft"
    policy_enforce(membership=membership, design=workspace.design, stage=Stage.DOWNLOAD, subject=f"draft {name}",
                   via=via)
    _require_no_errors(workspace)
    data = workspace.zip_bytes
    if data is None or workspace.design is None:
        raise HistoryError(workspace.unsupported or "the design is not valid yet")
    # the audit page prints the subject after its type: "draft shop", not "draft draft shop"
    audit_record(team=draft.team_id, actor=membership.user, action=AuditAction.DOWNLOADED, subject_type="draft",
                 subject_id=draft.pk, subject=name, via=via)
    return Download(f"{name}.zip", data, "application/zip")


def design_delete(*, membership: Membership, design: Design, confirm: str, via: str = "web") -> None:
    """Delete a design and its revisions, after the user typed its name. A design with deployments on record is
    kept (their history and the audit trail point at it): tear its stacks down, an admin removes it in /admin/."""
    membership_require(membership=membership, action=Action.DELETE)
    if confirm.strip() != design.name:
        raise HistoryError(f"confirm: type the design's name, {design.name}, to delete it")
    if design.deployments.exists():
        raise HistoryError(f"{design.name} has deployments on record; it cannot be deleted from here")
    name, pk, count = design.name, design.pk, design.revisions.count()
    with transaction.atomic():
        Design.objects.filter(pk=pk).update(current_revision=None)
        design.delete()
        audit_record(team=membership.team_id, actor=membership.user, action=AuditAction.DELETED,
                     subject_type="design", subject_id=pk, subject=name, via=via, detail={"revisions": count})
