"""Organisation defaults, decided once for every target (docs/org-defaults.md).

`Design.organisation` (an `OrgDefaults`) says what the platform team wants; this module says what it means for a
design: the environments' log retention raised to the minimum, the tags every stack carries, the boundary every
role gets, the VPC of every function with the network-interface actions its role needs, the customer managed key
of each encrypted kind with the KMS actions of the roles that use it, and the CI system. SAM, CDK TypeScript and
CDK Python only print these answers.
"""

from __future__ import annotations

from generators.model import Design, Environment
from generators.model.organisation import OrgDefaults, Vpc

NO_DEFAULTS = OrgDefaults()
# which key encrypts a component kind (`log` is every CloudWatch Logs log group)
KMS_USE_OF_KIND = {"queue": "queues", "topic": "topics", "table": "tables", "log": "logs"}
# what a role needs on a key to use an encrypted queue, topic or table (producers: GenerateDataKey; consumers and
# readers: Decrypt; SQS senders need both)
KMS_ACTIONS = ("kms:Decrypt", "kms:GenerateDataKey")
# what AWSLambdaVPCAccessExecutionRole grants, as one statement on the role (the actions have no resource types)
ENI_ACTIONS = (
    "ec2:AssignPrivateIpAddresses", "ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface",
    "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets", "ec2:UnassignPrivateIpAddresses",
)
ENI_REASON = ("Lambda creates the network interfaces of a function in a VPC with its role; the EC2 network "
              "interface actions support no resource-level permissions")
CI_FILES = {"github-actions": ".github/workflows/ci.yml", "gitlab-ci": ".gitlab-ci.yml"}


def defaults(design: Design) -> OrgDefaults:
    return design.organisation or NO_DEFAULTS


def environments(design: Design) -> list[Environment]:
    """The project's environments with their log retention raised to the organisation's minimum (0, never
    expire, is already above any minimum)."""
    minimum = defaults(design).min_log_retention_days
    if minimum is None:
        return list(design.project.environments)
    return [e if e.log_retention_days == 0 or e.log_retention_days >= minimum
            else e.model_copy(update={"log_retention_days": minimum}) for e in design.project.environments]


def tags(design: Design) -> dict[str, str]:
    """The stack tags, sorted: the project's name, its own tags, then the organisation's (which win)."""
    return dict(sorted({"project": design.project.name, **design.project.tags, **defaults(design).tags}.items()))


def boundary(design: Design) -> str | None:
    return defaults(design).permission_boundary_arn


def vpc(design: Design) -> Vpc | None:
    return defaults(design).vpc if design.functions() else None


def kms_key(design: Design, kind: str) -> str | None:
    """The customer managed key of a kind (`queue`, `topic`, `table`, `log`), or None for AWS managed encryption."""
    use = KMS_USE_OF_KIND.get(kind)
    return defaults(design).kms_key(use) if use else None


def kms_keys(design: Design) -> dict[str, str]:
    """kind -> key ARN, for the kinds the organisation encrypts with its own keys."""
    return {kind: key for kind in KMS_USE_OF_KIND if (key := kms_key(design, kind)) is not None}


def ci_system(design: Design) -> str:
    return defaults(design).ci


def ci_file(design: Design) -> str:
    return CI_FILES[ci_system(design)]
