"""API front doors in template.yaml: HTTP APIs and REST APIs with throttling, access logs, CORS and their
authorizer (IAM, Cognito JWT or a Lambda authorizer)."""

from __future__ import annotations

import json
from typing import Any

from generators.model import HttpApi, RestApi
from generators.model.names import pascal
from generators.renderers.analysis import CORS_HEADERS
from generators.renderers.cfn_yaml import GetAtt, Ref, Sub
from generators.renderers.plan import rest_logging
from generators.renderers.sam.builder import Builder
from generators.renderers.sam.naming import lid

ACCESS_LOG_FORMAT = (
    '{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","requestTime":"$context.requestTime",'
    '"httpMethod":"$context.httpMethod","routeKey":"$context.routeKey","status":"$context.status",'
    '"protocol":"$context.protocol","responseLength":"$context.responseLength",'
    '"integrationError":"$context.integrationErrorMessage"}'
)


def route_event_name(method: str, path: str) -> str:
    parts = [p.strip("{}+") for p in path.split("/") if p]
    words = [method.title()] + [pascal(p.replace("_", "-").lower()) if p else "" for p in parts]
    return "".join(w for w in words if w) or method.title() + "Root"


def _authorizer(builder: Builder, api: HttpApi | RestApi) -> tuple[str, Any] | None:
    conns = builder.design.incoming(api.name, "authorizes")
    if not conns:
        return None
    source = builder.design.component(conns[0].source)
    return source.name, source


def http_api(builder: Builder, api: HttpApi) -> None:
    ident = lid(api.name)
    properties: dict[str, Any] = {
        "Description": api.description or f"{api.name} HTTP API",
        "DefaultRouteSettings": {"ThrottlingBurstLimit": api.throttling_burst_limit,
                                 "ThrottlingRateLimit": api.throttling_rate_limit},
        "AccessLogSettings": {"DestinationArn": GetAtt(f"{ident}AccessLogs", "Arn"),
                              "Format": ACCESS_LOG_FORMAT},
    }
    if api.cors_allow_origins:
        properties["CorsConfiguration"] = {
            "AllowOrigins": api.cors_allow_origins, "AllowHeaders": CORS_HEADERS,
            "AllowMethods": sorted({r.method if r.method != "ANY" else "*" for r in
                                    builder.design.routes_from(api.name)} | {"OPTIONS"}),
            "MaxAge": 3600,
        }
    auth: dict[str, Any] | None = None
    authorizer = _authorizer(builder, api)
    if api.auth == "iam":
        auth = {"EnableIamAuthorizer": True, "DefaultAuthorizer": "AWS_IAM"}
    elif api.auth == "jwt" and authorizer:
        pool = lid(authorizer[0])
        auth = {"DefaultAuthorizer": f"{pool}Authorizer", "Authorizers": {f"{pool}Authorizer": {
            "IdentitySource": "$request.header.Authorization",
            "JwtConfiguration": {
                "issuer": Sub(f"https://cognito-idp.${{AWS::Region}}.amazonaws.com/${{{pool}}}"),
                "audience": [Ref(f"{pool}Client")],
            },
        }}}
    elif api.auth == "lambda" and authorizer:
        fn = lid(authorizer[0])
        auth = {"DefaultAuthorizer": f"{fn}Authorizer", "Authorizers": {f"{fn}Authorizer": {
            "FunctionArn": GetAtt(fn, "Arn"),
            "AuthorizerPayloadFormatVersion": "2.0",
            "EnableSimpleResponses": True,
            "Identity": {"Headers": ["Authorization"], "ReauthorizeEvery": 300},
        }}}
    if auth:
        properties["Auth"] = auth
    builder.add(ident, {"Type": "AWS::Serverless::HttpApi", "Properties": properties})
    builder.add(f"{ident}AccessLogs", builder.log_group())
    builder.output(f"{ident}Endpoint", Sub(f"https://${{{ident}}}.execute-api.${{AWS::Region}}.${{AWS::URLSuffix}}"),
                f"Base URL of {api.name}")


def rest_api(builder: Builder, api: RestApi) -> None:
    ident = lid(api.name)
    properties: dict[str, Any] = {
        "Description": api.description or f"{api.name} REST API",
        "StageName": api.stage_name,
        "TracingEnabled": True,
        "MethodSettings": [{"ResourcePath": "/*", "HttpMethod": "*", "MetricsEnabled": True,
                            "ThrottlingBurstLimit": api.throttling_burst_limit,
                            "ThrottlingRateLimit": api.throttling_rate_limit}],
    }
    if api.cors_allow_origins:
        properties["Cors"] = {"AllowOrigin": f"'{api.cors_allow_origins[0]}'",
                              "AllowHeaders": "'" + ",".join(CORS_HEADERS) + "'",
                              "AllowMethods": "'DELETE,GET,OPTIONS,PATCH,POST,PUT'", "MaxAge": "'3600'"}
    auth: dict[str, Any] | None = None
    authorizer = _authorizer(builder, api)
    if api.auth == "iam":
        auth = {"DefaultAuthorizer": "AWS_IAM"}
    elif api.auth == "jwt" and authorizer:
        pool = lid(authorizer[0])
        auth = {"DefaultAuthorizer": f"{pool}Authorizer", "Authorizers": {f"{pool}Authorizer": {
            "UserPoolArn": GetAtt(pool, "Arn")}}}
    elif api.auth == "lambda" and authorizer:
        fn = lid(authorizer[0])
        auth = {"DefaultAuthorizer": f"{fn}Authorizer", "Authorizers": {f"{fn}Authorizer": {
            "FunctionArn": GetAtt(fn, "Arn"), "FunctionPayloadType": "TOKEN",
            "Identity": {"Header": "Authorization", "ReauthorizeEvery": api.authorizer_ttl_s}}}}
    if auth:
        if api.cors_allow_origins:
            auth["AddDefaultAuthorizerToCorsPreflight"] = False
        properties["Auth"] = auth
    properties["AccessLogSetting"] = {"DestinationArn": GetAtt(f"{ident}AccessLogs", "Arn"),
                                      "Format": json.dumps(rest_logging.ACCESS_LOG_FORMAT, separators=(",", ":"))}
    resource: dict[str, Any] = {"Type": "AWS::Serverless::Api", "Properties": properties}
    if rest_logging.creates_account_role(builder.design):
        # the stage writes access logs only once the region's API Gateway account settings name the role
        resource["DependsOn"] = [rest_logging.ACCOUNT_ID]
        if rest_logging.rest_apis(builder.design)[0] is api:
            _account_role(builder)
    builder.add(ident, resource)
    builder.add(f"{ident}AccessLogs", builder.log_group())
    builder.output(f"{ident}Endpoint",
                Sub(f"https://${{{ident}}}.execute-api.${{AWS::Region}}.${{AWS::URLSuffix}}/{api.stage_name}"),
                f"Base URL of {api.name}")


def _account_role(builder: Builder) -> None:
    """The region's API Gateway CloudWatch role (inline policy) and the account setting naming it."""
    builder.add(rest_logging.ROLE_ID, {"Type": "AWS::IAM::Role", "Properties": {
        "Description": "API Gateway's CloudWatch role for this account and region: REST API stages write their logs",
        "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Service": "apigateway.amazonaws.com"}, "Action": "sts:AssumeRole",
        }]},
        "Policies": [{"PolicyName": "push-to-cloudwatch-logs", "PolicyDocument": {
            "Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Action": list(rest_logging.CLOUDWATCH_ROLE_ACTIONS),
                "Resource": Sub("arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:*"),
            }]}}],
    }})
    builder.add(rest_logging.ACCOUNT_ID, {"Type": "AWS::ApiGateway::Account", "Properties": {
        "CloudWatchRoleArn": GetAtt(rest_logging.ROLE_ID, "Arn")}})
