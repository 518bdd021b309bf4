"""Deployment and target services: keyword-only, typed, `<entity>_<action>`. Views, tasks, commands and tests
call these; the pipeline itself (what a worker does) is in `pipeline.py`, the AWS calls in `aws.py`."""

from __future__ import annotations

import re
import socket
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from apps.approvals import services as approvals
from apps.deployments import accounts, journal, pipeline
from apps.deployments.aws import SANDBOX_ACCOUNT_ID, AwsError
from apps.deployments.models import Deployment, DeploymentEvent, Target, WorkerBeat
from apps.designs.convert import design_of_revision
from apps.designs.models import DesignRevision
from apps.teams.models import Membership, Role, Team
from generators.advisor.gate import ErrorFindings, require_no_errors
from generators.model import DesignInputError

Status = Deployment.Status

ROLE_ARN = re.compile(r"^arn:aws[a-z-]*:iam::(\d{12}):role/[\w+=,.@/-]{1,512}$")
REGION = re.compile(r"^[a-z]{2}(-gov)?-[a-z]+-\d$")
EXTERNAL_ID = re.compile(r"^[\w+=,.@:/-]{2,1224}$")
SANDBOX_TARGET_NAME = "Local sandbox"
ORPHAN_SECONDS = 15.0
# the roles' values (str() of a Django choice is its value; mypy sees the members as tuples without stubs)
ADMIN, DEPLOYER = str(Role.ADMIN), str(Role.DEPLOYER)


class DeploymentError(Exception):
    """A request the services refuse; the message says why (shown to the user as is)."""


class NotAllowed(DeploymentError):
    """The user's role in the team does not allow this."""


def _require(*, user: Any, team_id: int, role: str, what: str) -> None:
    """Check a signed-in user's role (`user=None` is the system itself: bootstrap, sweeps, tests)."""
    if user is None:
        return
    membership = Membership.objects.filter(user=user, team_id=team_id).first()
    if membership is None or not membership.at_least(role):
        raise NotAllowed(f"Only a team {role} or above may {what}.")


def deploy_role(target: Target) -> str:
    """Deployers deploy to dev and staging; production needs an admin."""
    return ADMIN if target.environment == Target.Environment.PROD else DEPLOYER


class DesignHasErrors(DeploymentError):
    """The advisor gate refused the revision; the message names each error finding (rule, component, hint)."""

    def __init__(self, refused: ErrorFindings) -> None:
        super().__init__(str(refused))
        self.findings = refused.findings


class DeploymentBusy(DeploymentError):
    def __init__(self, message: str, active: Deployment | None) -> None:
        super().__init__(message)
        self.active = active


# ---------------------------------------------------------------------------------------------- targets
def target_create(*, team: Team, name: str, kind: str, region: str = "us-east-1", environment: str = "dev",
                  account_id: str = "", role_arn: str = "", external_id: str = "",
                  created_by: Any = None) -> Target:
    """A new target. Role targets need a role ARN (its account is the target's); never access keys."""
    _require(user=created_by, team_id=team.pk, role=ADMIN, what="add targets")
    name = name.strip()
    problems = {}
    if not name:
        problems["name"] = "Give the target a name."
    elif Target.objects.filter(team=team, name=name).exists():
        problems["name"] = f"The team already has a target named {name!r}."
    if kind not in Target.Kind.values:
        problems["kind"] = f"Choose one of {', '.join(Target.Kind.values)}."
    if environment not in Target.Environment.values:
        problems["environment"] = f"Choose one of {', '.join(Target.Environment.values)}."
    if not REGION.match(region):
        problems["region"] = "A region looks like us-east-1 or eu-west-3."
    if kind == Target.Kind.SANDBOX:
        if not settings.SANDBOX_ENABLED:
            problems["kind"] = "The local sandbox is turned off on this installation (SANDBOX_ENABLED=false)."
        account_id, role_arn, external_id = SANDBOX_ACCOUNT_ID, "", ""
    elif kind == Target.Kind.ROLE:
        match = ROLE_ARN.match(role_arn.strip())
        if not match:
            problems["role_arn"] = "A role ARN looks like arn:aws:iam::123456789012:role/deployer."
        else:
            role_arn = role_arn.strip()
            if account_id and account_id != match.group(1):
                problems["account_id"] = f"The role is in account {match.group(1)}, not {account_id}."
            account_id = match.group(1)
        if external_id and not EXTERNAL_ID.match(external_id):
            problems["external_id"] = "2–1224 letters, digits or +=,.@:/-_ characters."
    if problems:
        raise TargetInvalid(problems)
    target = Target.objects.create(team=team, name=name, kind=kind, region=region, environment=environment,
                                   account_id=account_id, role_arn=role_arn, external_id=external_id,
                                   created_by=created_by)
    approvals.target_recorded(target=target, actor=created_by, action="created")
    return target


class TargetInvalid(DeploymentError):
    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(f"{field}: {message}" for field, message in problems.items()))
        self.problems = problems


def target_create_sandbox(*, team: Team, created_by: Any = None) -> Target:
    """The team's local sandbox target (idempotent)."""
    existing = Target.objects.filter(team=team, kind=Target.Kind.SANDBOX).first()
    if existing is not None:
        return existing
    return target_create(team=team, name=SANDBOX_TARGET_NAME, kind=Target.Kind.SANDBOX, created_by=created_by)


def target_ensure_first_team_sandbox() -> Target | None:
    """`make run`: the first team gets the sandbox target, once (only while it has no target at all)."""
    team = Team.objects.order_by("id").first()
    if team is None or not settings.SANDBOX_ENABLED or team.targets.exists():
        return None
    return target_create_sandbox(team=team)


def target_delete(*, target: Target, deleted_by: Any = None) -> None:
    _require(user=deleted_by, team_id=target.team_id, role=ADMIN, what="remove targets")
    if target.deployments.exists():
        raise DeploymentError("This target has deployments on record; it cannot be deleted.")
    approvals.target_recorded(target=target, actor=deleted_by, action="deleted")
    target.delete()


def target_check_request(*, target: Target, requested_by: Any = None) -> None:
    """Ask a worker to verify the target (its own identity is what assumes the role)."""
    from apps.deployments.tasks import target_check as target_check_task

    _require(user=requested_by, team_id=target.team_id, role=DEPLOYER, what="check targets")
    Target.objects.filter(pk=target.pk).update(check_status=Target.CheckStatus.CHECKING, check_message="",
                                               checked_at=timezone.now())
    target.check_status = Target.CheckStatus.CHECKING
    transaction.on_commit(lambda: target_check_task.delay(target.pk))


def target_check(*, target_id: int) -> Target:
    """`sts get-caller-identity` through the target's credentials; stores and returns the result."""
    target = Target.objects.get(pk=target_id)
    try:
        identity = accounts.account_for(target, patient=False).caller_identity()
    except AwsError as error:
        status, message = Target.CheckStatus.FAILED, str(error)
    else:
        if not target.is_sandbox and target.account_id and identity["account"] != target.account_id:
            status = Target.CheckStatus.FAILED
            message = f"The credentials are for account {identity['account']}, not {target.account_id}."
        else:
            status = Target.CheckStatus.OK
            message = f"Signed in as {identity['arn']} (account {identity['account']})."
    Target.objects.filter(pk=target.pk).update(check_status=status, check_message=message,
                                               checked_at=timezone.now())
    if status == Target.CheckStatus.OK:
        target_reconcile(target_id=target.pk)  # while at it: which stacks are still there
    target.refresh_from_db()
    return target


# ---------------------------------------------------------------------------------------------- deployments
def stack_name_for(*, project_name: str, environment: str) -> str:
    """`<project>-<environment>`, as in the generated samconfig.toml (project names are already safe)."""
    name = re.sub(r"[^A-Za-z0-9-]", "-", f"{project_name}-{environment}").strip("-")
    return (name if name[:1].isalpha() else f"s-{name}")[:128]


def deployment_create(*, revision: DesignRevision, target: Target, requested_by: Any = None,
                      approval_required: bool = False) -> Deployment:
    """Start deploying a saved revision to a target: the worker builds the change set for review.
    `approval_required` opens an approval even where the target's gate does not ask for one (an agent's
    production deployment, apps/mcp).

    At most one deployment per target and stack is active at a time (a database constraint is the lock)."""
    if target.team_id != revision.design.team_id:
        raise DeploymentError("That target belongs to another team.")
    _require(user=requested_by, team_id=target.team_id, role=deploy_role(target),
             what=f"deploy to {target.environment} targets")
    try:
        design = design_of_revision(revision)
    except DesignInputError as invalid:
        raise DeploymentError(f"The revision's design is not valid any more: {invalid}") from None
    try:  # the advisor gate: a design with active error findings would fail at deploy or at run time
        require_no_errors(design)
    except ErrorFindings as refused:
        raise DesignHasErrors(refused) from None
    # the portal (apps/approvals): org policy checked before anything starts; evidence and approval after
    try:
        results = approvals.deployment_policy_check(revision=revision, target=target, requested_by=requested_by)
    except approvals.PolicyViolation as violation:
        raise DeploymentError(str(violation)) from violation
    stack_name = stack_name_for(project_name=design.project.name, environment=target.environment)
    deployment = _start(target=target, design_id=revision.design_id, revision=revision, stack_name=stack_name,
                        kind=Deployment.Kind.DEPLOY, status=Status.PENDING, requested_by=requested_by,
                        message=f"Deployment of revision {revision.number} to {target.name} requested.",
                        # waiting for a worker counts too: with none running, it fails with that reason
                        deadline=timezone.now() + timedelta(seconds=settings.DEPLOYMENT_PREPARE_TIME_LIMIT_SECONDS))
    approvals.deployment_gate_open(deployment=deployment, requested_by=requested_by, results=results,
                                   approval_required=approval_required)
    return deployment


def deployment_teardown(*, deployment: Deployment, requested_by: Any = None) -> Deployment:
    """Delete the stack a deployment made (a new, tracked deployment of kind teardown)."""
    _require(user=requested_by, team_id=deployment.target.team_id, role=deploy_role(deployment.target),
             what=f"delete stacks on {deployment.target.environment} targets")
    teardown = _start(target=deployment.target, design_id=deployment.design_id, revision=deployment.revision,
                      stack_name=deployment.stack_name, kind=Deployment.Kind.TEARDOWN, status=Status.DELETING,
                      requested_by=requested_by, message=f"Deletion of the stack {deployment.stack_name} requested.",
                      deadline=timezone.now() + timedelta(seconds=settings.DEPLOYMENT_TIME_LIMIT_SECONDS))
    approvals.teardown_recorded(deployment=teardown, actor=requested_by)
    return teardown


def _start(*, target: Target, design_id: int, revision: DesignRevision | None, stack_name: str, kind: str,
           status: str, requested_by: Any, message: str, deadline: Any = None) -> Deployment:
    deployment_expire_overdue()
    try:
        with transaction.atomic():
            deployment = Deployment.objects.create(
                target=target, design_id=design_id, revision=revision, stack_name=stack_name, kind=kind,
                status=status, requested_by=requested_by if getattr(requested_by, "pk", None) else None,
                deadline=deadline)
            journal.record(deployment, message)
    except IntegrityError:
        active = Deployment.objects.filter(target=target, stack_name=stack_name,
                                           status__in=Deployment.ACTIVE).first()
        what = f"deployment #{active.pk} ({active.status_label})" if active else "another deployment"
        raise DeploymentBusy(f"The stack {stack_name} on {target.name} is busy: {what} is in progress. Wait for it "
                             "to finish, or cancel it if it is waiting for you.", active) from None
    _enqueue(deployment)
    return deployment


def _enqueue(deployment: Deployment, *, countdown: float | None = None) -> None:
    from apps.deployments.tasks import deployment_run

    deployment_id = deployment.pk
    options: dict[str, Any] = {"countdown": countdown} if countdown else {}
    transaction.on_commit(lambda: deployment_run.apply_async((deployment_id,), **options))


def deployment_confirm(*, deployment: Deployment, confirmed_by: Any = None) -> Deployment:
    """The user approved the change set: execute it."""
    _require(user=confirmed_by, team_id=deployment.target.team_id, role=deploy_role(deployment.target),
             what=f"deploy to {deployment.target.environment} targets")
    try:  # targets that require approval (production by default): a valid approval first
        approvals.approval_require(deployment=deployment)
    except approvals.ApprovalNeeded as needed:
        raise DeploymentError(str(needed)) from needed
    now = timezone.now()
    who = f" by {confirmed_by}" if getattr(confirmed_by, "pk", None) else ""
    if not journal.transition(deployment, expected=[Status.REVIEW], status=Status.EXECUTING,
                              message=f"Change set confirmed{who}: executing.", confirmed_at=now, runs=0,
                              deadline=now + timedelta(seconds=settings.DEPLOYMENT_TIME_LIMIT_SECONDS)):
        raise DeploymentError(f"This deployment is {deployment.status_label}: there is no change set "
                              "waiting for confirmation.")
    _enqueue(deployment)
    return deployment


def deployment_confirm_recreate(*, deployment: Deployment, confirmed_by: Any = None) -> Deployment:
    """The user agreed to delete a stack left in ROLLBACK_COMPLETE and create it again."""
    _require(user=confirmed_by, team_id=deployment.target.team_id, role=deploy_role(deployment.target),
             what=f"delete stacks on {deployment.target.environment} targets")
    who = f" by {confirmed_by}" if getattr(confirmed_by, "pk", None) else ""
    if not journal.transition(
            deployment, expected=[Status.AWAITING_RECREATE], status=Status.PREPARING, recreate_confirmed=True, runs=0,
            message=f"Deleting and recreating the failed stack confirmed{who}.",
            deadline=timezone.now() + timedelta(seconds=settings.DEPLOYMENT_PREPARE_TIME_LIMIT_SECONDS)):
        raise DeploymentError("This deployment is not waiting for that confirmation.")
    _enqueue(deployment)
    return deployment


def deployment_cancel(*, deployment: Deployment, cancelled_by: Any = None, via: str = "web") -> Deployment:
    """Stop a deployment: a worker deletes its change set (nothing changed yet), or stops the running change —
    an update is cancelled and rolled back, a creation is stopped and its stack deleted — and the deployment
    ends CANCELLED saying which. A teardown cannot be cancelled (CloudFormation cannot undo a deletion)."""
    from apps.audit.services import Action as AuditAction
    from apps.audit.services import audit_record

    _require(user=cancelled_by, team_id=deployment.target.team_id, role=DEPLOYER, what="cancel deployments")
    who = f" by {cancelled_by}" if getattr(cancelled_by, "pk", None) else ""
    was = deployment.status_label
    if deployment.status == Status.AWAITING_RECREATE and journal.transition(
            deployment, expected=[Status.AWAITING_RECREATE], status=Status.CANCELLED, deadline=None,
            message=f"Cancelled{who}; nothing was changed (the stack is left as it is)."):
        pass  # nothing was made on the target yet: no worker needed
    elif not journal.transition(deployment, expected=list(Deployment.CANCELLABLE), status=Status.CANCELLING,
                              message=f"Cancel requested{who} while {was}: stopping the change.",
                              deadline=timezone.now() + timedelta(seconds=settings.DEPLOYMENT_TIME_LIMIT_SECONDS)):
        raise DeploymentError(f"This deployment is {deployment.status_label}: there is nothing to cancel.")
    audit_record(team=deployment.target.team_id, actor=cancelled_by if getattr(cancelled_by, "pk", None) else None,
                 action=AuditAction.DEPLOY_CANCELLED, subject_type="deployment", subject_id=deployment.pk,
                 subject=f"{deployment.stack_name} (deployment #{deployment.pk})", target=deployment.target.name,
                 detail={"while": was}, via=via)
    if deployment.status == Status.CANCELLING:
        _enqueue(deployment)
    return deployment


def deployment_run(*, deployment_id: int) -> float | None:
    """The worker's entry point (see pipeline.advance). Returns seconds to retry after, or None."""
    return pipeline.advance(deployment_id=deployment_id)


def deployment_expire_overdue() -> int:
    """Fail working deployments past their deadline whose worker is gone (no live lease)."""
    now = timezone.now()
    overdue = Deployment.objects.filter(status__in=Deployment.WORKING, deadline__lt=now).filter(
        Q(lease_expires_at__isnull=True) | Q(lease_expires_at__lt=now))
    count = 0
    for deployment in overdue:
        limit = "time limit"
        if journal.transition(deployment, expected=Deployment.WORKING, status=Status.FAILED,
                              message=f"Failed: the {limit} passed and no worker is working on it.",
                              error=f"The {limit} passed with no worker working on the deployment (was the worker "
                                    "stopped?). The stack may still be changing: deploy again to reconcile.",
                              deadline=None):
            count += 1
    return count


def deployment_resume_stalled() -> list[int]:
    """After a worker (re)starts: queue every deployment that waits for a worker and has none."""
    deployment_expire_overdue()
    resumed = []
    for deployment in Deployment.objects.filter(status__in=Deployment.WORKING):
        lease_left = (deployment.lease_expires_at - timezone.now()).total_seconds() \
            if deployment.lease_owner and deployment.lease_expires_at else 0.0
        _enqueue(deployment, countdown=lease_left + 0.5 if lease_left > 0 else None)
        resumed.append(deployment.pk)
    return resumed


def deployment_requeue_orphans(*, quiet_for: float = ORPHAN_SECONDS) -> list[int]:
    """Queue again what waits for a worker but has none and has not moved for a while: a lost message (the
    filesystem broker can lose one under load), a crashed task. The lease makes a duplicate harmless."""
    deployment_expire_overdue()
    quiet_since = timezone.now() - timedelta(seconds=quiet_for)
    orphans = list(Deployment.objects.filter(status__in=Deployment.WORKING, updated_at__lt=quiet_since).filter(
        Q(lease_expires_at__isnull=True) | Q(lease_expires_at__lt=timezone.now())).values_list("pk", flat=True))
    for pk in orphans:
        _enqueue(Deployment(pk=pk))
    stale_checks = Target.objects.filter(check_status=Target.CheckStatus.CHECKING, checked_at__lt=quiet_since)
    for target in stale_checks:
        target_check_request(target=target)
    return orphans


def target_reconcile(*, target_id: int) -> list[int]:
    """Compare what the designer shows with what the target reports: the stack of each stack's newest successful
    deployment is looked up; one that is gone is marked gone (with when it was noticed), never failed. Returns
    the ids of the deployments whose stack was found gone."""
    target = Target.objects.get(pk=target_id)
    newest: dict[str, Deployment] = {}
    for deployment in Deployment.objects.filter(target=target, kind=Deployment.Kind.DEPLOY,
                                                status__in=Deployment.SUCCESSFUL).order_by("-created_at", "-id"):
        newest.setdefault(deployment.stack_name, deployment)
    account = accounts.account_for(target, patient=False)
    gone = []
    for deployment in newest.values():
        if deployment.stack_gone_at is not None:
            continue
        now = timezone.now()
        stack = account.describe_stack(deployment.stack_name)
        if stack is not None:
            Deployment.objects.filter(pk=deployment.pk).update(stack_checked_at=now,
                                                               stack_status=stack["StackStatus"])
            continue
        Deployment.objects.filter(pk=deployment.pk).update(stack_checked_at=now, stack_gone_at=now)
        journal.record(deployment, stack_gone_message(target=target, stack_name=deployment.stack_name, at=now),
                       level=DeploymentEvent.Level.WARNING)
        gone.append(deployment.pk)
    return gone


def stack_gone_message(*, target: Target, stack_name: str, at: Any) -> str:
    when = f"{at:%Y-%m-%d %H:%M} UTC"
    if target.is_sandbox:
        return (f"The stack {stack_name} is no longer in the sandbox (noticed {when}). The sandbox keeps its stacks "
                "in memory and loses them all when it restarts (make run); nothing went wrong with this deployment. "
                "Deploy again to recreate the stack.")
    return (f"The stack {stack_name} is no longer on {target.name} (noticed {when}): it was deleted outside the "
            "designer. Deploy again to recreate it.")


def deployment_reconcile_request(*, deployment: Deployment, older_than: float = 60.0) -> bool:
    """Ask a worker to check the target's stacks when this finished deployment's was not looked at lately."""
    from apps.deployments.tasks import target_reconcile as target_reconcile_task

    if deployment.status not in Deployment.SUCCESSFUL or deployment.stack_gone_at is not None:
        return False
    checked = deployment.stack_checked_at
    if checked is not None and (timezone.now() - checked).total_seconds() < older_than:
        return False
    Deployment.objects.filter(pk=deployment.pk).update(stack_checked_at=timezone.now())
    target_id = deployment.target_id
    transaction.on_commit(lambda: target_reconcile_task.delay(target_id))
    return True


def deployment_events_since(*, deployment: Deployment, after_id: int = 0) -> list[DeploymentEvent]:
    return list(deployment.events.filter(id__gt=after_id).order_by("id"))


# ---------------------------------------------------------------------------------------------- workers
def worker_beat(*, hostname: str | None = None, pid: int = 0) -> None:
    WorkerBeat.objects.update_or_create(hostname=hostname or socket.gethostname(),
                                        defaults={"pid": pid, "seen_at": timezone.now()})


def worker_gone(*, hostname: str) -> None:
    WorkerBeat.objects.filter(hostname=hostname).delete()
