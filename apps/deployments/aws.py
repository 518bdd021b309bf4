"""The AWS seam: the only module that imports boto3.

Everything the pipeline asks of an account goes through `Account`: it turns a target's coordinates into
clients (the local sandbox, or a role assumed through STS from the worker's own identity; never stored access
keys), retries throttling and transient errors with exponential backoff and jitter, and raises `AwsError`
with a message a user can read instead of botocore's exceptions.

Tests inject faults here and nowhere else: `add_client_hook` registers a botocore event handler on every
client created afterwards (for example `before-call.cloudformation.CreateChangeSet` answering `Throttling`).
"""

from __future__ import annotations

import json
import logging
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import boto3
import botocore.exceptions
import botocore.parsers
from botocore.config import Config

logger = logging.getLogger(__name__)

# The account id moto answers with; the sandbox needs no credentials, but botocore insists on some.
SANDBOX_ACCOUNT_ID = "123456789012"
_SANDBOX_CREDENTIALS = {"aws_access_key_id": "sandbox", "aws_secret_access_key": "sandbox"}

THROTTLING_CODES = frozenset({
    "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "RequestThrottled",
    "TooManyRequestsException", "RequestLimitExceeded", "ProvisionedThroughputExceededException", "SlowDown",
    "BandwidthLimitExceeded", "LimitExceededException",
})
TRANSIENT_CODES = frozenset({
    "InternalError", "InternalFailure", "ServiceUnavailable", "ServiceUnavailableException", "RequestTimeout",
    "RequestTimeoutException", "PriorRequestNotComplete", "IDPCommunicationError", "EC2ThrottledException",
})

RetryListener = Callable[[str], None]
Hook = Callable[..., Any]

_client_hooks: list[tuple[str, Hook]] = []


def add_client_hook(event_name: str, handler: Hook) -> Callable[[], None]:
    """Register a botocore event handler on every client created from now on; returns its remover."""
    entry = (event_name, handler)
    _client_hooks.append(entry)
    return lambda: _client_hooks.remove(entry) if entry in _client_hooks else None


class AwsError(Exception):
    """An AWS call failed for good (after retries). `str()` is safe to show to the user."""

    def __init__(self, message: str, *, code: str = "", operation: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.operation = operation


@dataclass(frozen=True)
class Endpoint:
    """Where and as whom to call AWS. Built by the services from a Target."""

    region: str
    role_arn: str = ""
    external_id: str = ""
    sandbox_url: str = ""  # set for the local sandbox (a moto server); then no role is assumed
    session_name: str = "serverless-designer"

    @property
    def is_sandbox(self) -> bool:
        return bool(self.sandbox_url)


@dataclass
class RetryPolicy:
    attempts: int = 8
    base_seconds: float = 0.25
    cap_seconds: float = 20.0
    sleep: Callable[[float], None] = field(default=time.sleep)

    def delay(self, attempt: int) -> float:
        """Full jitter (AWS architecture blog): uniform in [base, min(cap, base * 2**attempt)]."""
        ceiling = min(self.cap_seconds, self.base_seconds * 2 ** attempt)
        return random.uniform(self.base_seconds, max(self.base_seconds, ceiling))


@dataclass(frozen=True)
class StackEvent:
    event_id: str
    timestamp: str
    logical_id: str
    resource_type: str
    status: str
    reason: str


class Account:
    """One AWS account and region as seen through an Endpoint."""

    def __init__(self, endpoint: Endpoint, *, retry: RetryPolicy | None = None,
                 on_retry: RetryListener | None = None, timeouts: tuple[float, float] = (5.0, 60.0)) -> None:
        self.endpoint = endpoint
        self.retry = retry or RetryPolicy()
        self.on_retry = on_retry
        self._timeouts = timeouts
        self._session: boto3.Session | None = None
        self._clients: dict[str, Any] = {}

    # ------------------------------------------------------------------ sessions and clients
    def _config(self, service: str) -> Config:
        connect, read = self._timeouts
        options: dict[str, Any] = {
            # our own retry loop reports each retry; botocore's would hide them
            "retries": {"total_max_attempts": 1, "mode": "standard"},
            "connect_timeout": connect,
            "read_timeout": read,
            "user_agent_extra": "serverless-designer",
        }
        if service == "s3" and self.endpoint.is_sandbox:
            options["s3"] = {"addressing_style": "path"}
        return Config(**options)

    def _base_session(self) -> boto3.Session:
        if self._session is None:
            if self.endpoint.is_sandbox:
                self._session = boto3.Session(region_name=self.endpoint.region, **_SANDBOX_CREDENTIALS)
            elif self.endpoint.role_arn:
                self._session = self._assumed_session()
            else:
                raise AwsError("This target has neither a role to assume nor the sandbox.")
        return self._session

    def _assumed_session(self) -> boto3.Session:
        """AssumeRole from the worker's own identity (instance profile, environment, SSO …)."""
        own = boto3.Session(region_name=self.endpoint.region)
        sts = self._hooked(own.client("sts", region_name=self.endpoint.region, config=self._config("sts")))
        params: dict[str, Any] = {"RoleArn": self.endpoint.role_arn,
                                  "RoleSessionName": self.endpoint.session_name[:64]}
        if self.endpoint.external_id:
            params["ExternalId"] = self.endpoint.external_id
        answer = self._call(sts, "assume_role", **params)
        credentials = answer["Credentials"]
        return boto3.Session(
            aws_access_key_id=credentials["AccessKeyId"],
            aws_secret_access_key=credentials["SecretAccessKey"],
            aws_session_token=credentials["SessionToken"],
            region_name=self.endpoint.region,
        )

    def client(self, service: str) -> Any:
        if service not in self._clients:
            session = self._base_session()
            kwargs: dict[str, Any] = {"region_name": self.endpoint.region, "config": self._config(service)}
            if self.endpoint.is_sandbox:
                kwargs["endpoint_url"] = self.endpoint.sandbox_url
            self._clients[service] = self._hooked(session.client(service, **kwargs))
        return self._clients[service]

    @staticmethod
    def _hooked(client: Any) -> Any:
        for event_name, handler in list(_client_hooks):
            client.meta.events.register(event_name, handler)
        return client

    # ------------------------------------------------------------------ the retry loop
    def call(self, service: str, operation: str, **params: Any) -> Any:
        try:
            client = self.client(service)
        except AwsError:
            raise
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as error:
            raise _as_aws_error(error, "connect") from error
        return self._call(client, operation, **params)

    def _call(self, client: Any, operation: str, **params: Any) -> Any:
        method = getattr(client, operation)
        for attempt in range(1, self.retry.attempts + 1):
            try:
                return method(**params)
            except botocore.exceptions.ClientError as error:
                code = error.response.get("Error", {}).get("Code", "")
                status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
                retryable = code in THROTTLING_CODES or code in TRANSIENT_CODES or status >= 500
                if not retryable or attempt == self.retry.attempts:
                    raise _as_aws_error(error, operation) from error
                reason = "throttled" if code in THROTTLING_CODES else f"a transient error ({code or status})"
            except (botocore.exceptions.ConnectionError, botocore.exceptions.ReadTimeoutError) as error:
                if attempt == self.retry.attempts:
                    raise _as_aws_error(error, operation) from error
                reason = "unreachable"
            except botocore.exceptions.BotoCoreError as error:
                raise _as_aws_error(error, operation) from error
            except botocore.parsers.ResponseParserError as error:
                # not an AWS answer at all: the sandbox's HTTP 500 page, a proxy's error page …
                raise AwsError(f"{_pretty(operation)} failed: the endpoint answered with something that is not an "
                               "AWS response (an internal error on its side)", code="Unparsable",
                               operation=operation) from error
            delay = self.retry.delay(attempt)
            message = (f"AWS {_pretty(operation)}: {reason}; retrying in {delay:.1f} s "
                       f"(attempt {attempt + 1} of {self.retry.attempts})")
            logger.info(message)
            if self.on_retry is not None:
                self.on_retry(message)
            self.retry.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    # ------------------------------------------------------------------ identity
    def caller_identity(self) -> dict[str, str]:
        answer = self.call("sts", "get_caller_identity")
        return {"account": answer["Account"], "arn": answer["Arn"], "user_id": answer["UserId"]}

    # ------------------------------------------------------------------ S3
    def ensure_artifact_bucket(self, name: str) -> bool:
        """Create the bucket if missing: private, encrypted at rest, versioned, TLS only. True when created."""
        try:
            self.call("s3", "head_bucket", Bucket=name)
            return False
        except AwsError as error:
            if error.code not in {"404", "NoSuchBucket", "NotFound"}:
                raise
        params: dict[str, Any] = {"Bucket": name, "ObjectOwnership": "BucketOwnerEnforced"}
        if self.endpoint.region != "us-east-1":
            params["CreateBucketConfiguration"] = {"LocationConstraint": self.endpoint.region}
        try:
            self.call("s3", "create_bucket", **params)
        except AwsError as error:
            if error.code != "BucketAlreadyOwnedByYou":
                raise
        self.call("s3", "put_public_access_block", Bucket=name, PublicAccessBlockConfiguration={
            "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True})
        self.call("s3", "put_bucket_encryption", Bucket=name, ServerSideEncryptionConfiguration={
            "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"},
                       "BucketKeyEnabled": True}]})
        self.call("s3", "put_bucket_versioning", Bucket=name, VersioningConfiguration={"Status": "Enabled"})
        if not str(self.client("s3").meta.endpoint_url).startswith("https://"):
            return True  # a plain-HTTP endpoint (the sandbox): a TLS-only rule would lock the pipeline itself out
        self.call("s3", "put_bucket_policy", Bucket=name, Policy=json.dumps({
            "Version": "2012-10-17",
            "Statement": [{
                "Sid": "TlsOnly", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
                "Resource": [f"arn:aws:s3:::{name}", f"arn:aws:s3:::{name}/*"],
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            }],
        }))
        return True

    def bucket_settings(self, name: str) -> dict[str, Any]:
        """What a bucket enforces (for tests and the target page)."""
        encryption = self.call("s3", "get_bucket_encryption", Bucket=name)
        return {
            "versioning": self.call("s3", "get_bucket_versioning", Bucket=name).get("Status"),
            "encryption": encryption["ServerSideEncryptionConfiguration"]["Rules"][0][
                "ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"],
            "public_access_block": self.call("s3", "get_public_access_block", Bucket=name)[
                "PublicAccessBlockConfiguration"],
        }

    def object_exists(self, bucket: str, key: str) -> bool:
        try:
            self.call("s3", "head_object", Bucket=bucket, Key=key)
        except AwsError as error:
            if error.code in {"404", "NoSuchKey", "NotFound"}:
                return False
            raise
        return True

    def upload(self, bucket: str, key: str, body: bytes) -> None:
        self.call("s3", "put_object", Bucket=bucket, Key=key, Body=body)

    def template_url(self, bucket: str, key: str) -> str:
        """CloudFormation's TemplateURL (the sandbox reads the same form from its own S3)."""
        return f"https://{bucket}.s3.{self.endpoint.region}.amazonaws.com/{key}"

    # ------------------------------------------------------------------ CloudFormation
    def describe_stack(self, name: str) -> dict[str, Any] | None:
        """The stack's description, or None when there is no such stack (or only a deleted one)."""
        try:
            stacks = self.call("cloudformation", "describe_stacks", StackName=name)["Stacks"]
        except AwsError as error:
            if error.code == "ValidationError" and "does not exist" in str(error):
                return None
            raise
        live = [s for s in stacks if s["StackStatus"] != "DELETE_COMPLETE"]
        return live[0] if live else None

    def create_change_set(self, **params: Any) -> None:
        self.call("cloudformation", "create_change_set", **params)

    def describe_change_set(self, stack_name: str, change_set_name: str) -> dict[str, Any] | None:
        """All pages of a change set's description merged, or None when it does not exist."""
        changes: list[dict[str, Any]] = []
        token: str | None = None
        while True:
            params: dict[str, Any] = {"StackName": stack_name, "ChangeSetName": change_set_name}
            if token:
                params["NextToken"] = token
            try:
                page = self.call("cloudformation", "describe_change_set", **params)
            except AwsError as error:
                if error.code in {"ChangeSetNotFound", "ChangeSetNotFoundException"} or (
                        error.code == "ValidationError" and "does not exist" in str(error)):
                    return None
                raise
            changes.extend(page.get("Changes", []))
            token = page.get("NextToken")
            if not token:
                page["Changes"] = changes
                return dict(page)

    def execute_change_set(self, stack_name: str, change_set_name: str, token: str) -> None:
        self.call("cloudformation", "execute_change_set", StackName=stack_name, ChangeSetName=change_set_name,
                  ClientRequestToken=token)

    def delete_change_set(self, stack_name: str, change_set_name: str) -> None:
        self.call("cloudformation", "delete_change_set", StackName=stack_name, ChangeSetName=change_set_name)

    def delete_stack(self, name: str, token: str) -> None:
        self.call("cloudformation", "delete_stack", StackName=name, ClientRequestToken=token)

    def cancel_update_stack(self, name: str, token: str) -> None:
        """Stop an update in progress: CloudFormation rolls it back to the previous version."""
        self.call("cloudformation", "cancel_update_stack", StackName=name, ClientRequestToken=token)

    def stack_events(self, name: str) -> Iterator[StackEvent]:
        """Newest first, page by page (the caller stops when it reaches an event it has seen)."""
        token: str | None = None
        while True:
            params: dict[str, Any] = {"StackName": name}
            if token:
                params["NextToken"] = token
            try:
                page = self.call("cloudformation", "describe_stack_events", **params)
            except AwsError as error:
                if error.code == "ValidationError" and "does not exist" in str(error):
                    return
                raise
            for event in page.get("StackEvents", []):
                yield StackEvent(
                    event_id=event.get("EventId", ""),
                    timestamp=str(event.get("Timestamp", "")),
                    logical_id=event.get("LogicalResourceId", ""),
                    resource_type=event.get("ResourceType", ""),
                    status=event.get("ResourceStatus", ""),
                    reason=event.get("ResourceStatusReason") or "",
                )
            token = page.get("NextToken")
            if not token:
                return

    def stack_resources(self, name: str) -> list[dict[str, Any]]:
        resources: list[dict[str, Any]] = []
        token: str | None = None
        while True:
            params: dict[str, Any] = {"StackName": name}
            if token:
                params["NextToken"] = token
            page = self.call("cloudformation", "list_stack_resources", **params)
            resources.extend(page.get("StackResourceSummaries", []))
            token = page.get("NextToken")
            if not token:
                return resources


def _pretty(operation: str) -> str:
    return "".join(part.capitalize() for part in operation.split("_"))


def _as_aws_error(error: Exception, operation: str) -> AwsError:
    if isinstance(error, botocore.exceptions.ClientError):
        details = error.response.get("Error", {})
        code = str(details.get("Code", ""))
        message = str(details.get("Message", "")) or code
        return AwsError(f"{_pretty(operation)} failed: {code}: {message}" if code else message,
                        code=code, operation=operation)
    if isinstance(error, botocore.exceptions.NoCredentialsError):
        return AwsError("The worker has no AWS credentials of its own to assume the target's role with.",
                        code="NoCredentials", operation=operation)
    if isinstance(error, botocore.exceptions.EndpointConnectionError | botocore.exceptions.ConnectionError):
        return AwsError(f"{_pretty(operation)} failed: could not reach AWS ({error})",
                        code="Unreachable", operation=operation)
    return AwsError(f"{_pretty(operation)} failed: {error}", code=type(error).__name__, operation=operation)
