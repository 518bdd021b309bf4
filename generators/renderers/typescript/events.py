"""Sample events (events/<function>.json) in the exact shapes AWS delivers, one per handler.

The unit tests load these files, so what a developer passes to `sam local invoke --event` is what the tests
prove the handler accepts. Values are fixed (no clocks, no random ids) to keep the output deterministic.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from generators.model import Design
from generators.renderers.python.events import EXTERNAL_EVENTS
from generators.renderers.typescript.handlers import HandlerContext

ACCOUNT = "123456789012"
REQUEST_ID = "c6af9ac6-7b61-11e6-9a41-93e8deadbeef"
TIME = "2026-01-15T08:00:00Z"
EPOCH_MS = 1768464000000


def _region(design: Design) -> str:
    return design.project.region


def _sample_body(ctx: HandlerContext) -> dict[str, Any]:
    if any(e.kind in ("topic", "event_bus") for e in ctx.effects):
        return {"event_type": "order.created", "detail": {"orderId": "order-1", "total": 42}}
    return {"name": "Sample item", "quantity": 1}


def http_api_event(design: Design, method: str, path: str, route_key: str, body: Any | None,
                   path_parameters: dict[str, str] | None) -> dict[str, Any]:
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": route_key,
        "rawPath": path,
        "rawQueryString": "",
        "headers": {"content-type": "application/json", "host": "example.execute-api.amazonaws.com"},
        "requestContext": {
            "accountId": ACCOUNT, "apiId": "example", "domainName": "example.execute-api.amazonaws.com",
            "domainPrefix": "example",
            "http": {"method": method, "path": path, "protocol": "HTTP/1.1", "sourceIp": "192.0.2.1",
                     "userAgent": "curl/8.5.0"},
            "requestId": REQUEST_ID, "routeKey": route_key, "stage": "$default", "time": "15/Jan/2026:08:00:00 +0000",
            "timeEpoch": EPOCH_MS,
        },
        "isBase64Encoded": False,
    }
    if path_parameters:
        event["pathParameters"] = path_parameters
    if body is not None:
        event["body"] = json.dumps(body)
    return event


def rest_api_event(design: Design, method: str, path: str, resource: str, body: Any | None,
                   path_parameters: dict[str, str] | None) -> dict[str, Any]:
    return {
        "resource": resource,
        "path": path,
        "httpMethod": method,
        "headers": {"Content-Type": "application/json", "Host": "example.execute-api.amazonaws.com"},
        "multiValueHeaders": {"Content-Type": ["application/json"], "Host": ["example.execute-api.amazonaws.com"]},
        "queryStringParameters": None,
        "multiValueQueryStringParameters": None,
        "pathParameters": path_parameters,
        "stageVariables": None,
        "requestContext": {
            "accountId": ACCOUNT, "apiId": "example", "httpMethod": method, "path": f"/prod{path}",
            "protocol": "HTTP/1.1", "requestId": REQUEST_ID, "requestTime": "15/Jan/2026:08:00:00 +0000",
            "requestTimeEpoch": EPOCH_MS, "resourceId": "abc123", "resourcePath": resource, "stage": "prod",
            "identity": {"sourceIp": "192.0.2.1", "userAgent": "curl/8.5.0"},
        },
        "body": json.dumps(body) if body is not None else None,
        "isBase64Encoded": False,
    }


def function_url_event(design: Design, method: str, path: str, body: Any | None) -> dict[str, Any]:
    event = http_api_event(design, method, path, "$default", body, None)
    event["requestContext"]["domainName"] = "example.lambda-url.us-east-1.on.aws"
    event["headers"]["host"] = "example.lambda-url.us-east-1.on.aws"
    return event


def api_event(design: Design, ctx: HandlerContext) -> dict[str, Any]:
    route = ctx.routes[0]
    resource = route.resource or "items"
    path = route.path.replace("{resource}", resource).replace("{id}", "item-1")
    params: dict[str, str] = {}
    if "{resource}" in route.path:
        params["resource"] = resource
    if "{id}" in route.path:
        params["id"] = "item-1"
    body = _sample_body(ctx) if route.method in ("POST", "PUT", "PATCH") else None
    if ctx.api_kind == "rest_api":
        return rest_api_event(design, route.method, path, route.path, body, params or None)
    if ctx.api_kind == "function_url":
        return function_url_event(design, route.method, path, body)
    return http_api_event(design, route.method, path, f"{route.method} {route.path}", body, params or None)


def sqs_event(design: Design, source: str) -> dict[str, Any]:
    arn = f"arn:aws:sqs:{_region(design)}:{ACCOUNT}:{design.project.name}-{source}"
    records = []
    for index, body in enumerate(({"orderId": "order-1", "total": 42}, {"orderId": "order-2", "total": 7})):
        records.append({
            "messageId": f"059f36b4-87a3-44ab-83d2-66197523414{index}",
            "receiptHandle": f"AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a{index}",
            "body": json.dumps(body),
            "attributes": {"ApproximateReceiveCount": "1", "SentTimestamp": str(EPOCH_MS),
                           "SenderId": "AIDAIENQZJOLO23YVJ4VO", "ApproximateFirstReceiveTimestamp": str(EPOCH_MS)},
            "messageAttributes": {},
            "md5OfBody": "e4e68fb7bd0e697a0ae8f1bb342846b3",
            "eventSource": "aws:sqs",
            "eventSourceARN": arn,
            "awsRegion": _region(design),
        })
    return {"Records": records}


def dynamodb_stream_event(design: Design, source: str) -> dict[str, Any]:
    arn = f"arn:aws:dynamodb:{_region(design)}:{ACCOUNT}:table/{source}/stream/2026-01-15T08:00:00.000"
    return {"Records": [
        {
            "eventID": "c4ca4238a0b923820dcc509a6f75849b",
            "eventName": "INSERT",
            "eventVersion": "1.1",
            "eventSource": "aws:dynamodb",
            "awsRegion": _region(design),
            "dynamodb": {
                "ApproximateCreationDateTime": EPOCH_MS // 1000,
                "Keys": {"id": {"S": "item-1"}},
                "NewImage": {"id": {"S": "item-1"}, "status": {"S": "NEW"}, "total": {"N": "42"}},
                "SequenceNumber": "111",
                "SizeBytes": 26,
                "StreamViewType": "NEW_AND_OLD_IMAGES",
            },
            "eventSourceARN": arn,
        },
        {
            "eventID": "c81e728d9d4c2f636f067f89cc14862c",
            "eventName": "MODIFY",
            "eventVersion": "1.1",
            "eventSource": "aws:dynamodb",
            "awsRegion": _region(design),
            "dynamodb": {
                "ApproximateCreationDateTime": EPOCH_MS // 1000,
                "Keys": {"id": {"S": "item-1"}},
                "NewImage": {"id": {"S": "item-1"}, "status": {"S": "PAID"}, "total": {"N": "42"}},
                "OldImage": {"id": {"S": "item-1"}, "status": {"S": "NEW"}, "total": {"N": "42"}},
                "SequenceNumber": "222",
                "SizeBytes": 59,
                "StreamViewType": "NEW_AND_OLD_IMAGES",
            },
            "eventSourceARN": arn,
        },
    ]}


def kinesis_event(design: Design, source: str) -> dict[str, Any]:
    arn = f"arn:aws:kinesis:{_region(design)}:{ACCOUNT}:stream/{source}"
    records = []
    for index, body in enumerate(({"orderId": "order-1", "total": 42}, {"orderId": "order-2", "total": 7})):
        records.append({
            "kinesis": {
                "kinesisSchemaVersion": "1.0",
                "partitionKey": body["orderId"],
                "sequenceNumber": f"4958788733018869532926093006484717316208427287669516{index}",
                "data": base64.b64encode(json.dumps(body).encode()).decode(),
                "approximateArrivalTimestamp": EPOCH_MS / 1000,
            },
            "eventSource": "aws:kinesis",
            "eventVersion": "1.0",
            "eventID": f"shardId-000000000000:4958788733018869532926093006484717316208427287669516{index}",
            "eventName": "aws:kinesis:record",
            "invokeIdentityArn": f"arn:aws:iam::{ACCOUNT}:role/processor-role",
            "awsRegion": _region(design),
            "eventSourceARN": arn,
        })
    return {"Records": records}


def s3_event(design: Design, ctx: HandlerContext, bucket: str, prefix: str, suffix: str) -> dict[str, Any]:
    key = f"{prefix}report+2026-01{suffix or '.json'}"
    return {"Records": [{
        "eventVersion": "2.1",
        "eventSource": "aws:s3",
        "awsRegion": _region(design),
        "eventTime": TIME,
        "eventName": "ObjectCreated:Put",
        "userIdentity": {"principalId": "AWS:AIDAINPONIXQXHT3IKHL2"},
        "requestParameters": {"sourceIPAddress": "192.0.2.1"},
        "responseElements": {"x-amz-request-id": "C3D13FE58DE4C810", "x-amz-id-2": "FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG"},
        "s3": {
            "s3SchemaVersion": "1.0",
            "configurationId": "processor-trigger",
            "bucket": {"name": f"{design.project.name}-{bucket}", "ownerIdentity": {"principalId": "A3NL1KOZZKExample"},
                       "arn": f"arn:aws:s3:::{design.project.name}-{bucket}"},
            "object": {"key": key, "size": 1024, "eTag": "d41d8cd98f00b204e9800998ecf8427e",
                       "sequencer": "0A1B2C3D4E5F678901"},
        },
    }]}


def _contract_envelope(design: Design, ctx: HandlerContext, event_type: str) -> dict[str, Any] | None:
    """A valid event of the contract this consumer receives (None when it has no contract)."""
    from generators.contracts.samples import sample_data, sample_envelope

    contract = next((c for c in ctx.contracts if c.name == event_type), ctx.contracts[0] if ctx.contracts else None)
    return sample_envelope(contract, sample_data(contract.fields), design.project.name) if contract else None


def sns_event(design: Design, source: str, message: dict[str, Any] | None = None) -> dict[str, Any]:
    arn = f"arn:aws:sns:{_region(design)}:{ACCOUNT}:{design.project.name}-{source}"
    return {"Records": [{
        "EventSource": "aws:sns",
        "EventVersion": "1.0",
        "EventSubscriptionArn": f"{arn}:2bcfbf39-05c3-41de-beaa-fcfcc21c8f55",
        "Sns": {
            "Type": "Notification",
            "MessageId": "95df01b4-ee98-5cb9-9903-4c221d41eb5e",
            "TopicArn": arn,
            "Subject": "order.created",
            "Message": json.dumps(message or {"orderId": "order-1", "total": 42}),
            "Timestamp": TIME,
            "SignatureVersion": "1",
            "Signature": "EXAMPLE",
            "SigningCertUrl": "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-example.pem",
            "UnsubscribeUrl": "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe",
            "MessageAttributes": {"event_type": {"Type": "String", "Value": "order.created"}},
        },
    }]}


def eventbridge_event(design: Design, detail_type: str, detail: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "version": "0",
        "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
        "detail-type": detail_type,
        "source": design.project.name,
        "account": ACCOUNT,
        "time": TIME,
        "region": _region(design),
        "resources": [],
        "detail": detail or {"metadata": {"correlationId": "8f9e2d1c-0b3a-4e5f-9a8b-7c6d5e4f3a2b"},
                             "data": {"orderId": "order-1", "total": 42}},
    }


def authorizer_event(design: Design, ctx: HandlerContext) -> dict[str, Any]:
    if ctx.authorizer_for == "rest_api":
        return {"type": "TOKEN", "authorizationToken": "Bearer sample-token",
                "methodArn": f"arn:aws:execute-api:{_region(design)}:{ACCOUNT}:example/prod/GET/items"}
    return {
        "version": "2.0",
        "type": "REQUEST",
        "routeArn": f"arn:aws:execute-api:{_region(design)}:{ACCOUNT}:example/$default/GET/items",
        "identitySource": ["Bearer sample-token"],
        "routeKey": "GET /items",
        "rawPath": "/items",
        "rawQueryString": "",
        "headers": {"authorization": "Bearer sample-token"},
        "requestContext": {
            "accountId": ACCOUNT, "apiId": "example", "domainName": "example.execute-api.amazonaws.com",
            "domainPrefix": "example",
            "http": {"method": "GET", "path": "/items", "protocol": "HTTP/1.1", "sourceIp": "192.0.2.1",
                     "userAgent": "curl/8.5.0"},
            "requestId": REQUEST_ID, "routeKey": "GET /items", "stage": "$default",
            "time": "15/Jan/2026:08:00:00 +0000", "timeEpoch": EPOCH_MS,
        },
    }


def sample_event(design: Design, ctx: HandlerContext) -> dict[str, Any] | list[Any]:
    """The sample event of one handler, keyed by its shape."""
    from generators.model import Bucket, Triggers

    trigger = next((c for c in design.incoming(ctx.name) if isinstance(c, Triggers)), None)
    source = trigger.source if trigger else "source"
    if ctx.shape == "pipe":  # the records of the pipe's source, as a list
        pipe = next(c.source for c in design.incoming(ctx.name) if c.kind in ("pipes", "invokes")
                    and design.component(c.source).kind == "pipe")
        if not design.incoming(pipe, "pipes"):
            return []  # a draft pipe without a source yet
        fed = design.incoming(pipe, "pipes")[0].source
        builders = {"queue": sqs_event, "table": dynamodb_stream_event, "stream": kinesis_event}
        records: list[Any] = builders[design.component(fed).kind](design, fed)["Records"]
        return records
    if ctx.shape in EXTERNAL_EVENTS and trigger is not None:
        return EXTERNAL_EVENTS[ctx.shape](design.component(source), _region(design))
    if ctx.shape == "api":
        return api_event(design, ctx)
    if ctx.shape == "sqs":
        return sqs_event(design, source)
    if ctx.shape == "dynamodb_stream":
        return dynamodb_stream_event(design, source)
    if ctx.shape == "kinesis":
        return kinesis_event(design, source)
    if ctx.shape == "s3":
        bucket = design.component(source)
        assert isinstance(bucket, Bucket)
        assert trigger is not None
        return s3_event(design, ctx, source, trigger.prefix or "", trigger.suffix or "")
    if ctx.shape == "sns":
        policy = (trigger.filter_policy or {}) if trigger else {}
        listed_types = policy.get("event_type")
        first = next((v for v in listed_types if isinstance(v, str)), "") if isinstance(listed_types, list) else ""
        return sns_event(design, source, _contract_envelope(design, ctx, first))
    if ctx.shape == "eventbridge":
        pattern = (trigger.event_pattern or {}) if trigger else {}
        listed = pattern.get("detail-type")  # a list of values, or a nested condition that names none
        detail_type = next((v for v in listed if isinstance(v, str)), "Event") if isinstance(listed, list) else "Event"
        return eventbridge_event(design, detail_type, _contract_envelope(design, ctx, detail_type))
    if ctx.shape == "schedule":
        return {}
    if ctx.shape == "authorizer":
        return authorizer_event(design, ctx)
    if ctx.shape == "callback":
        return {"input": {"orderId": "order-1", "requires_approval": True},
                "taskToken": "AQCEAAAAKgAAAAMAAAAAAAAAAexample-task-token"}
    if ctx.shape == "task":
        return {"orderId": "order-1", "total": 42}
    return _sample_body(ctx)


def sample_event_json(design: Design, ctx: HandlerContext) -> str:
    return json.dumps(sample_event(design, ctx), indent=2) + "\n"
