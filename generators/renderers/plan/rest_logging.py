"""REST API access logs: what every target creates so each REST API stage writes one JSON line per request.

An HTTP API stage writes its access logs itself; a REST API stage can only write them once the region's API
Gateway account settings name a CloudWatch role (`AWS::ApiGateway::Account`, one per account and region). With
`logging_role: create` (the default) the stack creates that role, with an inline policy (no AWS managed policy),
and the account setting; with `existing` it assumes the account already has one (the README says so).
"""

from __future__ import annotations

from dataclasses import dataclass

from generators.model import Design, RestApi

# one JSON object per request ($context variables of a REST API stage)
ACCESS_LOG_FORMAT: dict[str, str] = {
    "requestId": "$context.requestId", "ip": "$context.identity.sourceIp", "requestTime": "$context.requestTime",
    "httpMethod": "$context.httpMethod", "resourcePath": "$context.resourcePath", "status": "$context.status",
    "protocol": "$context.protocol", "responseLength": "$context.responseLength",
    "integrationError": "$context.integrationErrorMessage",
}
# what API Gateway does with the account's CloudWatch role (the actions of AmazonAPIGatewayPushToCloudWatchLogs)
CLOUDWATCH_ROLE_ACTIONS: tuple[str, ...] = (
    "logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogGroups", "logs:DescribeLogStreams",
    "logs:FilterLogEvents", "logs:GetLogEvents", "logs:PutLogEvents",
)
ROLE_ID = "ApiGatewayCloudWatchRole"
ACCOUNT_ID = "ApiGatewayAccount"


@dataclass(frozen=True)
class Acknowledgement:
    """A cdk-nag finding the stack acknowledges, with its reason (and the finding suffixes it applies to)."""

    id: str
    reason: str
    applies_to: tuple[str, ...] = ()

    @property
    def finding_ids(self) -> list[str]:
        """The ids cdk's Validations acknowledge: `AwsSolutions-IAM5[Resource::...]` per suffix, or the rule id."""
        return [f"{self.id}[{suffix}]" for suffix in self.applies_to] or [self.id]


# the role writes the access logs and the execution logs API Gateway names itself (API-Gateway-Execution-Logs_*)
ROLE_ACKNOWLEDGEMENTS: tuple[Acknowledgement, ...] = (
    Acknowledgement("AwsSolutions-IAM5",
                    "API Gateway writes to log groups it names itself too; only this account and region's groups",
                    ("Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:*",)),
)
STAGE_ACKNOWLEDGEMENTS: tuple[Acknowledgement, ...] = (
    Acknowledgement("AwsSolutions-APIG6",
                    "Access logs record every request (JSON, with retention); execution logs would be kept forever"),
)


def rest_apis(design: Design) -> list[RestApi]:
    return [c for c in design.components if isinstance(c, RestApi)]


def creates_account_role(design: Design) -> bool:
    """Whether the stack sets the region's API Gateway CloudWatch role (once, whatever the number of REST APIs)."""
    return any(api.logging_role == "create" for api in rest_apis(design))


def assumes_existing_role(design: Design) -> bool:
    """Whether the design relies on the account's own API Gateway CloudWatch role (said in the README)."""
    return bool(rest_apis(design)) and not creates_account_role(design)
