"""Organisation defaults: what a platform team applies to every design (docs/org-defaults.md).

A permission boundary on every IAM role, required tags, a minimum log retention, a VPC for functions, customer
managed KMS keys for queues, topics, tables and log groups, and the CI system of generated repositories. The value
travels with the design (`Design.organisation`), so that the plan (`generators.renderers.plan.organisation`) applies
it once and every target prints it; the portal fills it from the team's policy on every render, download and deploy.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator

from generators.model.components import LOG_RETENTION_DAYS, Strict
from generators.model.messages import shown

TAG_KEY_RE = re.compile(r"^[A-Za-z0-9 _.:/=+@-]{1,128}$")
TAG_VALUE_RE = re.compile(r"^[A-Za-z0-9 _.:/=+@-]{0,256}$")
PARTITIONS = r"aws(?:-cn|-us-gov)?"
BOUNDARY_ARN_RE = re.compile(rf"^arn:{PARTITIONS}:iam::\d{{12}}:policy/[A-Za-z0-9+=,.@_/-]{{1,512}}$")
KMS_KEY_ARN_RE = re.compile(
    rf"^arn:{PARTITIONS}:kms:(?P<region>[a-z]{{2}}(?:-gov)?-[a-z]+-\d):\d{{12}}:key/"
    r"(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$")
SUBNET_RE = re.compile(r"^subnet-(?:[0-9a-f]{8}|[0-9a-f]{17})$")
SECURITY_GROUP_RE = re.compile(r"^sg-(?:[0-9a-f]{8}|[0-9a-f]{17})$")
# the same rules as JSON Schema patterns (no named groups), so that the schema carries what the validators check
KMS_KEY_ARN_PATTERN = KMS_KEY_ARN_RE.pattern.replace("(?P<region>", "(?:")
CI_SYSTEMS = ("github-actions", "gitlab-ci")
KMS_USES = ("queues", "topics", "tables", "logs")


def check_tags(value: dict[str, str]) -> dict[str, str]:
    """CloudFormation tag rules (shared with `Project.tags`)."""
    for key, item in value.items():
        if not TAG_KEY_RE.match(key) or key.lower().startswith("aws:"):
            raise ValueError(
                f"tag key {shown(key)} must be 1-128 of letters, digits, spaces and _.:/=+@- and not start with 'aws:'"
            )
        if not TAG_VALUE_RE.match(item):
            raise ValueError(f"tag {shown(key)} value must be 0-256 of letters, digits, spaces and _.:/=+@-")
    return value


def _kms_arn(value: str | None) -> str | None:
    if value is not None and not KMS_KEY_ARN_RE.match(value):
        raise ValueError(f"{shown(value)} is not a customer managed KMS key ARN; expected "
                         "arn:aws:kms:<region>:<12-digit account>:key/<key id> (a key, not an alias)")
    return value


class Vpc(Strict):
    """Where functions run: private subnets (ideally one per Availability Zone) and their security groups."""

    subnet_ids: list[str] = Field(
        min_length=1, max_length=16, description="Subnet ids, e.g. subnet-0abc12345def67890",
        json_schema_extra={"uniqueItems": True, "items": {"type": "string", "pattern": SUBNET_RE.pattern}})
    security_group_ids: list[str] = Field(
        min_length=1, max_length=5, description="Security group ids, e.g. sg-0abc12345def67890",
        json_schema_extra={"uniqueItems": True, "items": {"type": "string", "pattern": SECURITY_GROUP_RE.pattern}})

    @field_validator("subnet_ids")
    @classmethod
    def _subnets(cls, value: list[str]) -> list[str]:
        bad = [v for v in value if not SUBNET_RE.match(v)]
        if bad:
            raise ValueError(f"{', '.join(shown(v) for v in bad[:5])} not a subnet id; "
                             "expected subnet- and 8 or 17 hexadecimal digits")
        if len(set(value)) != len(value):
            raise ValueError("subnet ids must be unique")
        return value

    @field_validator("security_group_ids")
    @classmethod
    def _groups(cls, value: list[str]) -> list[str]:
        bad = [v for v in value if not SECURITY_GROUP_RE.match(v)]
        if bad:
            raise ValueError(f"{', '.join(shown(v) for v in bad[:5])} not a security group id; "
                             "expected sg- and 8 or 17 hexadecimal digits")
        if len(set(value)) != len(value):
            raise ValueError("security group ids must be unique")
        return value


class KmsKeys(Strict):
    """Customer managed keys (key ARNs in the project's region), per use; an empty use keeps AWS managed encryption.
    The key policies must let the services use them (SNS and EventBridge deliver into queues, CloudWatch Logs)."""

    queues: str | None = Field(default=None, description="Key for every SQS queue, dead-letter queues included",
                        json_schema_extra={"pattern": KMS_KEY_ARN_PATTERN})
    topics: str | None = Field(default=None, description="Key for every SNS topic the design holds",
                        json_schema_extra={"pattern": KMS_KEY_ARN_PATTERN})
    tables: str | None = Field(default=None, description="Key for every DynamoDB table",
                        json_schema_extra={"pattern": KMS_KEY_ARN_PATTERN})
    logs: str | None = Field(default=None, description="Key for every CloudWatch Logs log group",
                        json_schema_extra={"pattern": KMS_KEY_ARN_PATTERN})

    @field_validator(*KMS_USES)
    @classmethod
    def _keys(cls, value: str | None) -> str | None:
        return _kms_arn(value)


class OrgDefaults(Strict):
    """Organisation defaults, applied to every design (every field is optional: empty means no default)."""

    permission_boundary_arn: str | None = Field(
        default=None, json_schema_extra={"pattern": BOUNDARY_ARN_RE.pattern},
        description="IAM managed policy set as the permissions boundary of every role the project creates")
    tags: dict[str, str] = Field(default_factory=dict, max_length=40, json_schema_extra={
        "propertyNames": {"pattern": "^(?![Aa][Ww][Ss]:)" + TAG_KEY_RE.pattern[1:]},
        "additionalProperties": {"type": "string", "pattern": TAG_VALUE_RE.pattern}},
                                 description="Tags every stack and taggable resource carries (they win over the "
                                             "project's tags of the same key)")
    min_log_retention_days: int | None = Field(
        default=None, json_schema_extra={"enum": [None, *LOG_RETENTION_DAYS]},
        description="Lowest CloudWatch Logs retention; lower environment retentions are raised to it")
    vpc: Vpc | None = Field(default=None, description="Every function runs in these subnets and security groups")
    kms: KmsKeys | None = Field(default=None, description="Customer managed KMS keys per use")
    ci: Literal["github-actions", "gitlab-ci"] = Field(
        default="github-actions", description="CI system of generated repositories")

    @field_validator("permission_boundary_arn")
    @classmethod
    def _boundary(cls, value: str | None) -> str | None:
        if value is not None and not BOUNDARY_ARN_RE.match(value):
            raise ValueError(f"{shown(value)} is not an IAM managed policy ARN; expected "
                             "arn:aws:iam::<12-digit account>:policy/<name>")
        return value

    @field_validator("tags")
    @classmethod
    def _tags(cls, value: dict[str, str]) -> dict[str, str]:
        return check_tags(value)

    @field_validator("min_log_retention_days")
    @classmethod
    def _retention(cls, value: int | None) -> int | None:
        if value is not None and value not in LOG_RETENTION_DAYS:
            allowed = ", ".join(str(v) for v in LOG_RETENTION_DAYS)
            raise ValueError(f"{value} is not a CloudWatch Logs retention; allowed: {allowed}")
        return value

    def kms_key(self, use: str) -> str | None:
        return getattr(self.kms, use) if self.kms is not None else None


def kms_region_problems(defaults: OrgDefaults, region: str) -> list[tuple[str, str]]:
    """A key encrypts resources of its own region only."""
    problems = []
    for use in KMS_USES:
        arn = defaults.kms_key(use)
        match = KMS_KEY_ARN_RE.match(arn) if arn else None
        if match and match["region"] != region:
            problems.append((f"organisation.kms.{use}", f"the key is in {match['region']}; the project deploys to "
                                                        f"{region} and needs a key of that region"))
    return problems
