"""Sample events of HTTP front doors (HTTP API, REST API, function URL) and of Lambda authorizers.

Shapes follow the AWS documentation: payload format 2.0 for HTTP APIs and function URLs, the REST API proxy
format (1.0), and the TOKEN / REQUEST authorizer inputs.
"""

from __future__ import annotations

import json
from typing import Any

from generators.renderers.python.resources import ACCOUNT
from generators.renderers.python.routes import RouteOp
from generators.renderers.python.specs import HandlerSpec

EPOCH_MS = 1736933400000
REQUEST_ID = "c6af9ac6-7b61-11e6-9a41-93e8deadbeef"
SAMPLE_TOKEN = "sample-token-replace-me"  # the unit tests store this in the moto secret
API_ID = "a1b2c3d4e5"
SAMPLE_DATA: dict[str, Any] = {"id": "item-1001", "name": "Sample item", "quantity": 2}


# -- HTTP --------------------------------------------------------------------------------------------------

def sample_op(spec: HandlerSpec) -> RouteOp:
    """The route the sample event calls: a create (or publish/start) when there is one, else the first."""
    for wanted in ("create", "publish", "start"):
        for op in spec.ops:
            if op.operation == wanted:
                return op
    return spec.ops[0]


def sample_path(op: RouteOp) -> tuple[str, dict[str, str]]:
    parts, params = [], {}
    for segment in op.path.split("/"):
        if segment.startswith("{") and segment.endswith("}"):
            name = segment.strip("{}+")
            value = "items" if name == "resource" else "item-1001"
            params[name] = value
            parts.append(value)
        else:
            parts.append(segment)
    return "/".join(parts) or "/", params


def sample_body(spec: HandlerSpec, op: RouteOp) -> str | None:
    if op.operation == "create" or op.operation == "update":
        return json.dumps({"name": "Sample item", "description": "Created from the sample event"})
    if op.operation == "publish":
        return json.dumps({"event_type": spec.event_types[0], "data": SAMPLE_DATA})
    if op.operation == "start":
        return json.dumps({"id": "request-1001", "items": [SAMPLE_DATA]})
    return None


def _headers(host: str, body: str | None) -> dict[str, str]:
    headers = {"accept": "application/json", "host": host, "user-agent": "curl/8.5.0",
               "x-amzn-trace-id": "Root=1-67878f98-1a2b3c4d5e6f708192a3b4c5", "x-forwarded-for": "203.0.113.10",
               "x-forwarded-port": "443", "x-forwarded-proto": "https"}
    if body is not None:
        headers["content-type"] = "application/json"
    return dict(sorted(headers.items()))


def _authorizer_v2(spec: HandlerSpec) -> dict[str, Any] | None:
    front = spec.plan.front_door
    auth = getattr(front, "auth", "none")
    if auth == "jwt":
        return {"jwt": {"claims": {"sub": "7d3b2a10-1c4e-4f5a-9b8c-0d1e2f3a4b5c", "email": "alice@example.com",
                                   "iss": f"https://cognito-idp.{spec.region}.amazonaws.com/{spec.region}_Example",
                                   "token_use": "access"}, "scopes": None}}
    if auth == "iam":
        return {"iam": {"accessKey": "ASIAEXAMPLEACCESSKEY", "accountId": ACCOUNT, "callerId": "AROAEXAMPLE:alice",
                        "principalOrgId": None, "userArn": f"arn:aws:sts::{ACCOUNT}:assumed-role/caller/alice",
                        "userId": "AROAEXAMPLE:alice"}}
    if auth == "lambda":
        return {"lambda": {"principal": "api-client"}}
    return None


def http_event(spec: HandlerSpec) -> dict[str, Any]:
    op = sample_op(spec)
    path, params = sample_path(op)
    method = op.methods[0]
    body = sample_body(spec, op)
    front = spec.plan.front_door
    kind = front.kind if front is not None else "http_api"
    if kind == "rest_api":
        return _rest_event(spec, op, method, path, params, body)
    url = kind == "function_url"
    host = f"{API_ID}.lambda-url.{spec.region}.on.aws" if url else f"{API_ID}.execute-api.{spec.region}.amazonaws.com"
    route_key = "$default" if url else f"{method} {op.path}"
    context: dict[str, Any] = {
        "accountId": "anonymous" if url else ACCOUNT, "apiId": API_ID, "domainName": host, "domainPrefix": API_ID,
        "http": {"method": method, "path": path, "protocol": "HTTP/1.1", "sourceIp": "203.0.113.10",
                 "userAgent": "curl/8.5.0"},
        "requestId": REQUEST_ID, "routeKey": route_key, "stage": "$default", "time": "15/Jan/2025:09:30:00 +0000",
        "timeEpoch": EPOCH_MS,
    }
    authorizer = _authorizer_v2(spec)
    if authorizer is not None:
        context["authorizer"] = authorizer
    event: dict[str, Any] = {"version": "2.0", "routeKey": route_key, "rawPath": path, "rawQueryString": "",
                             "headers": _headers(host, body), "requestContext": context}
    if params and not url:
        event["pathParameters"] = params
    if body is not None:
        event["body"] = body
    event["isBase64Encoded"] = False
    return event


def _rest_event(spec: HandlerSpec, op: RouteOp, method: str, path: str, params: dict[str, str],
                body: str | None) -> dict[str, Any]:
    front = spec.plan.front_door
    stage = getattr(front, "stage_name", "prod")
    host = f"{API_ID}.execute-api.{spec.region}.amazonaws.com"
    headers = _headers(host, body)
    identity = {"accessKey": None, "accountId": None, "caller": None, "sourceIp": "203.0.113.10", "user": None,
                "userAgent": "curl/8.5.0", "userArn": None}
    context: dict[str, Any] = {
        "accountId": ACCOUNT, "apiId": API_ID, "domainName": host, "httpMethod": method, "identity": identity,
        "path": f"/{stage}{path}", "protocol": "HTTP/1.1", "requestId": REQUEST_ID,
        "requestTime": "15/Jan/2025:09:30:00 +0000", "requestTimeEpoch": EPOCH_MS, "resourceId": "abc123",
        "resourcePath": op.path, "stage": stage,
    }
    auth = getattr(front, "auth", "none")
    if auth == "jwt":
        context["authorizer"] = {"claims": {"sub": "7d3b2a10-1c4e-4f5a-9b8c-0d1e2f3a4b5c",
                                            "email": "alice@example.com"}}
    elif auth == "lambda":
        context["authorizer"] = {"principalId": "api-client", "integrationLatency": 12}
    elif auth == "iam":
        identity.update(accessKey="ASIAEXAMPLEACCESSKEY", accountId=ACCOUNT, caller="AROAEXAMPLE:alice",
                        user="AROAEXAMPLE:alice", userArn=f"arn:aws:sts::{ACCOUNT}:assumed-role/caller/alice")
    return {
        "resource": op.path, "path": path, "httpMethod": method, "headers": headers,
        "multiValueHeaders": {k: [v] for k, v in headers.items()}, "queryStringParameters": None,
        "multiValueQueryStringParameters": None, "pathParameters": params or None, "stageVariables": None,
        "requestContext": context, "body": body, "isBase64Encoded": False,
    }


# -- authorizers --------------------------------------------------------------------------------------------

def authorizer_event(spec: HandlerSpec) -> dict[str, Any]:
    arn = f"arn:aws:execute-api:{spec.region}:{ACCOUNT}:{API_ID}"
    if spec.template == "authorizer_rest":
        return {"type": "TOKEN", "authorizationToken": f"Bearer {SAMPLE_TOKEN}",
                "methodArn": f"{arn}/prod/GET/items"}
    host = f"{API_ID}.execute-api.{spec.region}.amazonaws.com"
    headers = _headers(host, None)
    headers["authorization"] = f"Bearer {SAMPLE_TOKEN}"
    return {
        "version": "2.0", "type": "REQUEST", "routeArn": f"{arn}/$default/GET/items",
        "identitySource": [f"Bearer {SAMPLE_TOKEN}"], "routeKey": "GET /items", "rawPath": "/items",
        "rawQueryString": "", "headers": dict(sorted(headers.items())),
        "requestContext": {
            "accountId": ACCOUNT, "apiId": API_ID, "domainName": host, "domainPrefix": API_ID,
            "http": {"method": "GET", "path": "/items", "protocol": "HTTP/1.1", "sourceIp": "203.0.113.10",
                     "userAgent": "curl/8.5.0"},
            "requestId": REQUEST_ID, "routeKey": "GET /items", "stage": "$default",
            "time": "15/Jan/2025:09:30:00 +0000", "timeEpoch": EPOCH_MS,
        },
    }
