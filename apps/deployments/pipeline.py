"""The deployment pipeline, run by a worker: prepare (build → lint → upload → change set), execute
(→ follow the stack to a terminal state → outputs), and teardown.

`advance(deployment_id=…)` is the only entry point (the Celery task calls it through the services). It looks at
the deployment's status and the stack's real status and does whatever is left, so running it twice, or after a
worker was killed halfway, is safe:

- PENDING / PREPARING: build and upload (content-addressed keys: nothing is uploaded twice), then look for the
  deployment's own change set (its name is derived from the deployment id) before creating one;
- EXECUTING: execute the change set only if it is still AVAILABLE (with a client request token), otherwise
  just follow the stack;
- DELETING: delete only if the stack still exists, otherwise follow or finish.
"""

from __future__ import annotations

import json
import logging
import time
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from apps.deployments import explain, journal, packaging, sandbox_shims, stack_report
from apps.deployments.accounts import account_for, artifact_bucket_name, poller
from apps.deployments.aws import SANDBOX_ACCOUNT_ID, AwsError
from apps.deployments.leases import Lease, LeaseLost
from apps.deployments.lint import lint_template
from apps.deployments.models import Deployment, DeploymentEvent
from apps.deployments.stack_states import Before, is_working, state_of
from apps.designs.convert import design_of_revision
from apps.policies.services import policy_org_defaults
from generators.advisor.gate import ErrorFindings, require_no_errors
from generators.model import DesignInputError
from generators.model.io import with_org_defaults
from generators.renderers import UnsupportedTarget, render

logger = logging.getLogger(__name__)

Status = Deployment.Status
Level = DeploymentEvent.Level

SUCCESS_STATES = {"CREATE_COMPLETE", "UPDATE_COMPLETE", "IMPORT_COMPLETE"}
NO_CHANGE_REASONS = ("didn't contain changes", "No updates are to be performed")
CAPABILITIES = ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"]
TEMPLATE_BODY_LIMIT = 51_200  # bytes CloudFormation accepts inline; larger templates go through S3
MAX_RUNS = 5  # a deployment whose worker keeps dying (out of memory …) is failed instead of retried forever
OWNER_TAG = "serverless-designer:owner"  # which team and design a stack belongs to


class PipelineFailure(Exception):
    """The deployment failed for a reason the user can act on; the message says which."""


class Cancelled(Exception):
    """The user cancelled the deployment while a worker was on it: wind it down."""


def sleep(seconds: float) -> None:
    """Between two looks at a stack (a seam: tests count the requests per second slept)."""
    time.sleep(seconds)


# ---------------------------------------------------------------------------------------------- entry point
def advance(*, deployment_id: int) -> float | None:
    """Do what is left of a deployment. Returns the seconds after which to try again when another worker
    holds it (its lease has not run out), else None."""
    lease = Lease.claim(deployment_id)
    if lease is None:
        return Lease.seconds_until_free(deployment_id)
    with lease:
        deployment = Deployment.objects.select_related("target", "revision", "design").get(pk=deployment_id)
        try:
            _advance(deployment, lease)
        except LeaseLost:
            logger.warning("deployment %s: lease lost, another worker continues", deployment_id)
        except PipelineFailure as failure:
            _fail(deployment, str(failure))
        except AwsError as error:
            _fail(deployment, str(error))
        except Exception:
            logger.exception("deployment %s failed with an unexpected error", deployment_id)
            _fail(deployment, "Internal error in the deployment worker (the details are in the worker's log).")
    return None


def _fail(deployment: Deployment, message: str) -> None:
    deployment.refresh_from_db()
    if deployment.is_terminal:
        return
    journal.set_status(deployment, Status.FAILED, f"Failed: {message}", level=Level.ERROR, error=message,
                       deadline=None)


def _advance(deployment: Deployment, lease: Lease) -> None:
    if deployment.runs > MAX_RUNS:
        raise PipelineFailure(f"The worker stopped {deployment.runs - 1} times while working on this deployment; "
                              "giving up. Look at the worker's log (memory, time limits), then deploy again.")
    if deployment.runs > 1:
        journal.record(deployment, f"A worker resumed this deployment after an interruption (run {deployment.runs}); "
                                   "reconciling with the stack's real status.", level=Level.WARNING)
    run = _Run(deployment, lease)
    if deployment.status == Status.CANCELLING:
        run.wind_down()
        return
    try:
        _advance_run(deployment, run)
    except Cancelled:
        run.wind_down()


def _advance_run(deployment: Deployment, run: _Run) -> None:
    if deployment.status == Status.PENDING:
        journal.set_status(deployment, Status.PREPARING, "Preparing: build, lint, upload, change set.",
                           deadline=deployment.deadline or timezone.now() + timedelta(
                               seconds=settings.DEPLOYMENT_PREPARE_TIME_LIMIT_SECONDS))
    if deployment.status == Status.PREPARING:
        run.prepare()
    elif deployment.status == Status.EXECUTING:
        run.execute()
    elif deployment.status == Status.DELETING:
        run.teardown()


class _Run:
    def __init__(self, deployment: Deployment, lease: Lease) -> None:
        self.deployment = deployment
        self.target = deployment.target
        self.lease = lease
        self.account = account_for(self.target, deployment=deployment)
        self.cancelling = False

    # ------------------------------------------------------------------ guards
    def check(self) -> None:
        self.lease.check()
        if not self.cancelling and Deployment.objects.filter(
                pk=self.deployment.pk, status=Status.CANCELLING).exists():
            raise Cancelled
        deadline = self.deployment.deadline
        if deadline is not None and timezone.now() > deadline:
            where = f" while the stack was {self.deployment.stack_status}" if self.deployment.stack_status else ""
            raise PipelineFailure(
                f"Time limit reached{where}. CloudFormation may still be working on the stack: look at it in the "
                "AWS console; the next deployment waits for it to settle.")

    def note(self, message: str, *, level: str = Level.INFO, resource: str = "") -> None:
        journal.record(self.deployment, message, level=level, resource=resource)

    # ------------------------------------------------------------------ prepare
    def prepare(self) -> None:
        d = self.deployment
        if d.revision is None:
            raise PipelineFailure("This deployment has no design revision to deploy.")
        try:
            design = design_of_revision(d.revision)
        except DesignInputError as invalid:  # a row stored before a rule existed: say which field, not a trace
            raise PipelineFailure(f"The revision's design is not valid any more: {invalid}") from None
        try:  # checked when the deployment was requested too; the advisor's rules may have changed since
            require_no_errors(design)
        except ErrorFindings as refused:
            raise PipelineFailure(str(refused)) from None
        try:  # the team's organisation defaults (boundary, tags, retention, VPC, KMS keys), as of this deployment
            design = with_org_defaults(design, policy_org_defaults(team=d.revision.design.team_id))
        except DesignInputError as invalid:
            raise PipelineFailure(f"The organisation defaults do not fit this design: {invalid}") from None
        try:
            tree = render(design)
        except UnsupportedTarget as error:
            raise PipelineFailure(str(error)) from None
        account_id = self._account_id()
        bucket = artifact_bucket_name(account_id, self.target.region)
        context = packaging.BuildContext(bucket=bucket, prefix=d.stack_name, region=self.target.region,
                                         cache_dir=settings.DEPLOYMENT_BUILD_CACHE,
                                         node_toolchain=settings.NODE_TOOLCHAIN_DIR,
                                         environment=self.target.environment, account=account_id)
        started = time.monotonic()
        try:
            package = packaging.packager_for(design.project.iac, design.project.language)(tree, context)
        except packaging.PackagingError as error:
            raise PipelineFailure(f"Build failed: {error}") from None
        built = ", ".join(a.what for a in package.artifacts) or "no artifacts"
        self.note(f"Built in {time.monotonic() - started:.1f} s: {built}.")
        self.check()
        self._lint(package)
        self.check()
        if self.account.ensure_artifact_bucket(bucket):
            self.note(f"Created the artifact bucket {bucket} (private, encrypted, versioned).")
        for artifact in package.artifacts:
            if self.account.object_exists(bucket, artifact.key):
                continue
            self.account.upload(bucket, artifact.key, artifact.body)
            self.note(f"Uploaded {artifact.what} to s3://{bucket}/{artifact.key}.")
        self.check()
        sent = package.template
        if self.target.is_sandbox:
            self._check_sandbox_gaps(sent)
            sent, notes = sandbox_shims.with_stand_ins(self.account, sent)
            for note in notes:
                self.note(note, level=Level.WARNING)
        body = json.dumps(sent, separators=(",", ":"), sort_keys=True)
        template_source: dict[str, str] = {"TemplateBody": body}
        if len(body.encode()) > TEMPLATE_BODY_LIMIT:
            key = packaging.content_key(context, body.encode(), ".template.json")
            self.account.upload(bucket, key, body.encode())
            template_source = {"TemplateURL": self.account.template_url(bucket, key)}
        d.template = package.template
        d.save(update_fields=["template", "updated_at"])

        stack = self._settled_stack()
        status = stack["StackStatus"] if stack else None
        if stack is not None:
            self._check_ownership(stack)
        before = state_of(status).before if status else Before.CREATE
        if before == Before.ASK_TO_CLEAN_UP and d.change_set_name and self.account.describe_change_set(
                d.stack_name, d.change_set_name) is not None:
            before = Before.CREATE  # this deployment's own change set made it (a resumed worker): carry on
        if before == Before.ASK_TO_CLEAN_UP and self.account.stack_resources(d.stack_name):
            raise PipelineFailure(f"The stack {d.stack_name} is in REVIEW_IN_PROGRESS yet holds resources; it is "
                                  "left alone. Look at it in the AWS console.")
        if before in {Before.ASK_TO_RECREATE, Before.ASK_TO_CLEAN_UP}:
            if not d.recreate_confirmed:
                why = ("its first deployment failed and CloudFormation can only delete it"
                       if before == Before.ASK_TO_RECREATE else
                       "a change set created it but was never executed (a cancelled or abandoned deployment); "
                       "it holds no resources")
                journal.set_status(
                    d, Status.AWAITING_RECREATE,
                    f"The stack {d.stack_name} is in {status}: {why}. Confirm to delete it and create it again.",
                    level=Level.WARNING, deadline=None, stack_status=status)
                return
            self._delete_failed_stack()
            stack, status = None, None
        elif before == Before.REFUSE:
            raise PipelineFailure(self._stuck_message(str(status)))
        change_set_type = "CREATE" if status in {None, "REVIEW_IN_PROGRESS"} else "UPDATE"
        marker = self._newest_event_id() if stack else ""
        d.change_set_name = d.change_set_name or f"designer-deployment-{d.pk}"
        d.change_set_type, d.event_marker, d.stack_status = change_set_type, marker, status or ""
        d.save(update_fields=["change_set_name", "change_set_type", "event_marker", "stack_status", "updated_at"])

        change_set = self.account.describe_change_set(d.stack_name, d.change_set_name)
        if change_set is None:
            try:
                self.account.create_change_set(
                    StackName=d.stack_name, ChangeSetName=d.change_set_name, ChangeSetType=change_set_type,
                    Capabilities=CAPABILITIES, Parameters=self._parameters(package.template),
                    Tags=self._tags(design.project.name, design.organisation.tags if design.organisation else {}),
                    Description=f"Serverless designer deployment {d.pk}",
                    **template_source)
            except AwsError as error:
                # AWS creates the change set and fails it; some implementations refuse it at once
                if not any(text in str(error) for text in NO_CHANGE_REASONS):
                    raise
                self._finish_without_changes(stack, delete_change_set=False)
                return
            self.note(f"Creating the {change_set_type.lower()} change set {d.change_set_name}.")
        change_set = self._settled_change_set()
        if change_set["Status"] == "FAILED":
            reason = change_set.get("StatusReason", "")
            if any(text in reason for text in NO_CHANGE_REASONS):
                self._finish_without_changes(stack)
                return
            raise PipelineFailure(f"CloudFormation refused the change set: {reason}")
        changes = [_change_row(change) for change in change_set.get("Changes", [])]
        counts = {action: sum(1 for c in changes if c["action"] == action) for action in ("Add", "Modify", "Remove")}
        if not journal.transition(
                d, expected=[Status.PREPARING], status=Status.REVIEW,
                message=f"Change set ready: {counts['Add']} to add, {counts['Modify']} to modify, "
                        f"{counts['Remove']} to remove. Waiting for confirmation.",
                changes=changes, prepared_at=timezone.now(), deadline=None):
            raise Cancelled  # the user cancelled while the change set was being made

    def _check_sandbox_gaps(self, template: dict[str, Any]) -> None:
        """Before any change set: say in words what the sandbox cannot run, instead of a late, obscure failure."""
        blockers = stack_report.sandbox_blockers(template)
        if blockers:
            raise PipelineFailure(
                "The local sandbox cannot run this design: " + "; ".join(blockers) + ". Nothing was sent to it. "
                "Deploy this design to a real AWS account target (an admin adds one on the Targets page), or leave "
                "out the part the sandbox lacks.")
        skips = stack_report.sandbox_skips(template)
        if skips:
            self.note("The sandbox does not model " + ", ".join(skips) + ": it will skip those resources and still "
                      "report success (a real AWS account target creates them).", level=Level.WARNING)
        inert = stack_report.sandbox_inert(template)
        if inert:
            self.note("The sandbox creates but does not run " + "; ".join(inert) + ". A real AWS account target "
                      "does; the generated project's own tests run the workflow locally.", level=Level.WARNING)

    def _account_id(self) -> str:
        identity = self.account.caller_identity()
        expected = self.target.account_id
        if expected and identity["account"] != expected and not self.target.is_sandbox:
            raise PipelineFailure(f"The role belongs to account {identity['account']}, not to the target's "
                                  f"account {expected}.")
        return identity["account"] if not self.target.is_sandbox else SANDBOX_ACCOUNT_ID

    def _lint(self, package: packaging.Package) -> None:
        region = self.target.region
        # the final template is what CloudFormation receives (SAM-expanded resources name their source)
        problems = lint_template(package.template, region=region, stage="final", sources=package.source_ids)
        d = self.deployment
        d.lint_problems = [p.as_dict() for p in problems]
        d.save(update_fields=["lint_problems", "updated_at"])
        errors = [p for p in problems if p.is_error]
        for problem in problems:
            self.note(f"cfn-lint {problem.describe()}", resource=problem.resource,
                      level=Level.ERROR if problem.is_error else Level.WARNING)
        if errors:
            listed = "; ".join(p.describe() for p in errors[:5]) + (" …" if len(errors) > 5 else "")
            raise PipelineFailure(f"cfn-lint found {len(errors)} error(s) in the template, so nothing was sent "
                                  f"to AWS: {listed}")
        self.note(f"cfn-lint: no errors ({len(problems)} warning(s)).")

    def _parameters(self, template: dict[str, Any]) -> list[dict[str, str]]:
        declared = template.get("Parameters", {})
        environment = declared.get("Environment")
        if environment is None:
            return []
        allowed = environment.get("AllowedValues")
        if allowed and self.target.environment not in allowed:
            return []
        return [{"ParameterKey": "Environment", "ParameterValue": self.target.environment}]

    def _tags(self, project: str, organisation: dict[str, str]) -> list[dict[str, str]]:
        """The stack's tags (CloudFormation copies them onto every resource that takes tags): the designer's, then
        the organisation's required tags."""
        ours = [{"Key": "project", "Value": project}, {"Key": "environment", "Value": self.target.environment},
                {"Key": "managed-by", "Value": "serverless-designer"}, {"Key": OWNER_TAG, "Value": self._owner()}]
        taken = {tag["Key"] for tag in ours}
        return ours + [{"Key": key, "Value": value} for key, value in sorted(organisation.items()) if key not in taken]

    def _owner(self) -> str:
        return f"team-{self.target.team_id}/design-{self.deployment.design_id}"

    def _check_ownership(self, stack: dict[str, Any]) -> None:
        """Never touch a stack of another design (two projects named alike) or one made outside the designer."""
        tags = {tag.get("Key"): tag.get("Value") for tag in stack.get("Tags") or []}
        owner = tags.get(OWNER_TAG)
        if owner == self._owner():
            return
        name = self.deployment.stack_name
        if owner is None:
            raise PipelineFailure(f"A stack named {name} already exists on this target and was not made by the "
                                  "designer; it is left alone. Rename the project, or delete that stack first.")
        raise PipelineFailure(f"The stack {name} on this target belongs to another design ({owner}); it is left "
                              "alone. Give this design's project another name to deploy it next to that one.")

    def _settled_stack(self) -> dict[str, Any] | None:
        """The stack once nothing is in progress on it (another tool may be updating it)."""
        announced = False
        poll = poller(self.target, requests=1)
        while True:
            self.check()
            stack = self.account.describe_stack(self.deployment.stack_name)
            if stack is None or not is_working(stack["StackStatus"]):
                return stack
            if not announced:
                self.note(f"The stack is {stack['StackStatus']} ({state_of(stack['StackStatus']).meaning}): "
                          "waiting for it to settle.")
                announced = True
            sleep(poll.interval())

    def _settled_change_set(self) -> dict[str, Any]:
        d = self.deployment
        poll = poller(self.target, requests=1)
        while True:
            self.check()
            change_set = self.account.describe_change_set(d.stack_name, d.change_set_name)
            if change_set is None:
                raise PipelineFailure(f"The change set {d.change_set_name} disappeared while it was being created.")
            if change_set["Status"] in {"CREATE_COMPLETE", "FAILED"}:
                return change_set
            sleep(poll.interval())

    def _finish_without_changes(self, stack: dict[str, Any] | None, *, delete_change_set: bool = True) -> None:
        d = self.deployment
        if delete_change_set:
            try:
                self.account.delete_change_set(d.stack_name, d.change_set_name)
            except AwsError:
                logger.info("could not delete the empty change set of deployment %s", d.pk, exc_info=True)
        fields = self._report(stack) if stack else {}
        journal.set_status(d, Status.NO_CHANGES, "No changes: the stack already matches this revision.",
                           changes=[], prepared_at=timezone.now(), deadline=None, **fields)

    def _delete_failed_stack(self) -> None:
        d = self.deployment
        self.note(f"Deleting the stack {d.stack_name} left in {d.stack_status or 'ROLLBACK_COMPLETE'}, as confirmed.")
        d.event_marker = self._newest_event_id()
        d.save(update_fields=["event_marker", "updated_at"])
        self.account.delete_stack(d.stack_name, token=f"designer-recreate-{d.pk}")
        status, _ = self._follow()
        if status != "DELETE_COMPLETE":
            raise PipelineFailure(f"Deleting the failed stack ended in {status}: {self._first_failure()}")
        self.note("The failed stack is deleted; creating it again.")

    # ------------------------------------------------------------------ execute
    def execute(self) -> None:
        d = self.deployment
        change_set = self.account.describe_change_set(d.stack_name, d.change_set_name)
        execution = change_set.get("ExecutionStatus", "") if change_set else ""
        if execution == "AVAILABLE":
            self.account.execute_change_set(d.stack_name, d.change_set_name, token=f"designer-deployment-{d.pk}")
            self.note(f"Executing the change set {d.change_set_name}.")
        elif execution in {"EXECUTE_IN_PROGRESS", "EXECUTE_COMPLETE", "EXECUTE_FAILED"}:
            self.note(f"The change set was already executed ({execution}); following the stack.")
        elif execution == "OBSOLETE":
            raise PipelineFailure("The stack changed after this change set was made (it is obsolete); deploy again.")
        elif change_set is None and self.account.describe_stack(d.stack_name) is None:
            if self.target.is_sandbox:
                raise PipelineFailure("The change set and its stack are no longer in the sandbox: it keeps them in "
                                      "memory and loses them all when it restarts (make run). Deploy again.")
            raise PipelineFailure("The change set and its stack are gone from the target (deleted outside the "
                                  "designer); deploy again.")
        else:
            self.note(f"The change set is {execution or 'gone'}; following the stack.", level=Level.WARNING)
        status, stack = self._follow()
        if status in SUCCESS_STATES and stack is not None:
            fields = self._report(stack)
            seconds = (timezone.now() - d.confirmed_at).total_seconds() if d.confirmed_at else 0.0
            journal.set_status(d, Status.SUCCEEDED, f"Deployed: the stack is {status} ({seconds:.1f} s after "
                               "confirmation).", deadline=None, **fields)
            return
        raise PipelineFailure(self._failure_message(status))

    def _failure_message(self, status: str) -> str:
        return explain.failure(self.deployment, status, self._first_failure)

    def _stuck_message(self, status: str) -> str:
        return explain.stuck(self.deployment, status, self._first_failure)

    def _first_failure(self, *, after_rollback: bool = False) -> str:
        events = list(self.deployment.events.exclude(aws_event_id="").order_by("id"))
        if not events:
            # a stack found in a failed state: look at its recent history
            recent = list(self.account.stack_events(self.deployment.stack_name))[:100]
            journal.record_stack_events(self.deployment, list(reversed(recent)))
            events = list(self.deployment.events.exclude(aws_event_id="").order_by("id"))
        return explain.first_failure(events, stack_name=self.deployment.stack_name, after_rollback=after_rollback)

    def _follow(self) -> tuple[str, dict[str, Any] | None]:
        """Poll the stack, recording its new events, until CloudFormation stops working on it (a stack left in
        REVIEW_IN_PROGRESS is not being worked on: it waits for a change set to be executed)."""
        d = self.deployment
        poll = poller(self.target, requests=2)
        while True:
            self.check()
            stack = self.account.describe_stack(d.stack_name)
            self._record_new_events()
            status = stack["StackStatus"] if stack else "DELETE_COMPLETE"
            if status != d.stack_status:
                d.stack_status = status
                d.save(update_fields=["stack_status", "updated_at"])
            if not is_working(status):
                return status, stack
            sleep(poll.interval())

    def _newest_event_id(self) -> str:
        return next((event.event_id for event in self.account.stack_events(self.deployment.stack_name)), "")

    def _record_new_events(self) -> None:
        marker = self.deployment.event_marker
        fresh = []
        for event in self.account.stack_events(self.deployment.stack_name):
            if marker and event.event_id == marker:
                break
            fresh.append(event)
            if len(fresh) >= 500:
                break
        journal.record_stack_events(self.deployment, list(reversed(fresh)))

    def _report(self, stack: dict[str, Any]) -> dict[str, Any]:
        """Outputs, resources and what the target skipped, as Deployment fields."""
        d = self.deployment
        listed = self.account.stack_resources(d.stack_name)
        fields = stack_report.report_fields(d.template or {}, stack, listed, region=self.target.region,
                                            fallback_account=SANDBOX_ACCOUNT_ID)
        if fields["skipped"]:
            kinds = sorted({s["type"] for s in fields["skipped"]})
            self.note(f"The target did not create {len(fields['skipped'])} of the template's resources (types it "
                      f"does not model: {', '.join(kinds)}).", level=Level.WARNING)
        return fields

    # ------------------------------------------------------------------ cancel
    def wind_down(self) -> None:
        """The user cancelled: undo what this deployment started, then say in the state what was done."""
        self.cancelling = True
        d = self.deployment
        d.refresh_from_db()
        stack = self.account.describe_stack(d.stack_name)
        status = stack["StackStatus"] if stack else ""
        executed = d.confirmed_at is not None
        if executed and status == "UPDATE_IN_PROGRESS":
            self.account.cancel_update_stack(d.stack_name, token=f"designer-cancel-{d.pk}")
            self.note("Cancelling the update: CloudFormation rolls it back.")
            final, _ = self._follow()
            message = f"Cancelled: the update was stopped and rolled back; the stack is {final} (its previous version)."
        elif executed and status == "CREATE_IN_PROGRESS" and d.change_set_type == "CREATE":
            self.account.delete_stack(d.stack_name, token=f"designer-cancel-{d.pk}")
            self.note("Stopping the creation: deleting the new stack.")
            final, _ = self._follow()
            message = f"Cancelled: the creation was stopped and the new stack deleted ({final})."
        elif is_working(status):
            final, _ = self._follow()
            message = (f"Cancelled, but CloudFormation was already {status.lower().replace('_', ' ')}; the stack is "
                       f"now {final}.")
        else:
            message = self._drop_change_set(status)
        d.refresh_from_db()
        journal.set_status(d, Status.CANCELLED, message, deadline=None,
                           stack_status=d.stack_status if status else "")

    def _drop_change_set(self, status: str) -> str:
        d = self.deployment
        change_set = self.account.describe_change_set(d.stack_name, d.change_set_name) if d.change_set_name else None
        execution = change_set.get("ExecutionStatus", "") if change_set else ""
        if execution in {"EXECUTE_COMPLETE", "EXECUTE_FAILED"}:
            return f"Cancelled, but the change set had already run: the stack is {status or 'gone'}."
        parts = ["Cancelled before anything changed"]
        if change_set is not None:
            self.account.delete_change_set(d.stack_name, d.change_set_name)
            parts.append(f"the change set {d.change_set_name} was deleted")
        if status == "REVIEW_IN_PROGRESS" and d.change_set_type == "CREATE" and not self.account.stack_resources(
                d.stack_name):
            # the empty stack this deployment's CREATE change set made: left alone, it would block the next one
            self.account.delete_stack(d.stack_name, token=f"designer-cancel-{d.pk}")
            self._follow()
            parts.append(f"the empty stack {d.stack_name} it had created was deleted")
        return "; ".join(parts) + "."

    # ------------------------------------------------------------------ teardown
    def teardown(self) -> None:
        d = self.deployment
        stack = self.account.describe_stack(d.stack_name)
        if stack is None:
            journal.set_status(d, Status.DELETED, f"There is no stack {d.stack_name} (any more): nothing to delete.",
                               deadline=None, stack_status="")
            return
        self._check_ownership(stack)
        if stack["StackStatus"] != "DELETE_IN_PROGRESS":
            if not d.event_marker:
                d.event_marker = self._newest_event_id()
                d.save(update_fields=["event_marker", "updated_at"])
            self.account.delete_stack(d.stack_name, token=f"designer-teardown-{d.pk}")
            self.note(f"Deleting the stack {d.stack_name}.")
        status, _ = self._follow()
        if status != "DELETE_COMPLETE":
            raise PipelineFailure(f"Deleting the stack ended in {status}. {self._first_failure()}")
        journal.set_status(d, Status.DELETED, f"The stack {d.stack_name} is deleted.", deadline=None,
                           stack_status="DELETE_COMPLETE")


def _change_row(change: dict[str, Any]) -> dict[str, str]:
    resource = change.get("ResourceChange", {})
    return {
        "action": str(resource.get("Action", "")),
        "logical_id": str(resource.get("LogicalResourceId", "")),
        "type": str(resource.get("ResourceType", "")),
        "replacement": str(resource.get("Replacement", "")),
    }

