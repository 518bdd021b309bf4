"""Sample events (`events/<module>.json`): the exact shape each trigger delivers, with fixed ids and times.

They follow the AWS documentation's examples. Names and ARNs point at the resources the unit tests create
(see resources.py), so each handler's test can feed its sample event straight to the handler.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import replace
from typing import Any
from urllib.parse import quote_plus

from generators.contracts.samples import sample_data as contract_sample_data
from generators.model import Component, Design, Table
from generators.model.contracts import EventContract
from generators.renderers.python.http_events import EPOCH_MS, REQUEST_ID, SAMPLE_DATA, authorizer_event, http_event
from generators.renderers.python.resources import ACCOUNT, env_value, physical_name
from generators.renderers.python.specs import HandlerSpec

TIME = "2025-01-15T09:30:00Z"


def _contract(spec: HandlerSpec, event_type: str) -> EventContract | None:
    return next((c for c in [*spec.contracts, *spec.produces] if c.name == event_type), None)


def sample_data(spec: HandlerSpec, event_type: str) -> dict[str, Any]:
    """The data of a sample event: valid for the event type's contract when it has one."""
    contract = _contract(spec, event_type)
    return contract_sample_data(contract.fields) if contract is not None else SAMPLE_DATA


def envelope(spec: HandlerSpec, event_type: str) -> dict[str, Any]:
    """The event envelope publishers send and consumers read (seed catalog §1.7: metadata + data)."""
    contract = _contract(spec, event_type)
    return {
        "metadata": {
            "id": "3f0e1c7a-2b44-4f3e-9a53-0c8f6d1e2a10",
            "type": event_type,
            "version": str(contract.version) if contract is not None else "1",
            "timestamp": TIME,
            "source": spec.project,
            "correlationId": REQUEST_ID,
        },
        "data": sample_data(spec, event_type),
    }


# -- queues and streams ------------------------------------------------------------------------------------

def _sns_notification(spec: HandlerSpec, topic_arn: str, event_type: str) -> dict[str, Any]:
    return {
        "Type": "Notification",
        "MessageId": "95df01b4-ee98-5cb9-9903-4c221d41eb5e",
        "TopicArn": topic_arn,
        "Message": json.dumps(envelope(spec, event_type)),
        "Timestamp": "2025-01-15T09:30:00.000Z",
        "SignatureVersion": "1",
        "Signature": "EXAMPLEpH+DcEwjAPg8O9mY8dReBSwksfg2S7WKQcikcNKWLQjwu6A4VbeS0QHVCkhRS7fUQvi2egU3N858fiTDN6bkk"
                     "OxYDVrY0Ad8L10Hs3zH81mtnPk5uvvolIC1CXGu43obcgFxeL3khZl8IKvO61GWB6jI9b5+gLPoBc1Q=",
        "SigningCertURL": f"https://sns.{spec.region}.amazonaws.com/SimpleNotificationService-0000000000000000000000.pem",
        "UnsubscribeURL": f"https://sns.{spec.region}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn={topic_arn}"
                          ":2bcfbf39-05c3-41de-beaa-fcfcc21c8f55",
        "MessageAttributes": {"correlation_id": {"Type": "String", "Value": REQUEST_ID},
                              "event_type": {"Type": "String", "Value": event_type}},
    }


def _bridge_event(spec: HandlerSpec, event_type: str) -> dict[str, Any]:
    return {
        "version": "0", "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718", "detail-type": event_type,
        "source": spec.project, "account": ACCOUNT, "time": TIME, "region": spec.region, "resources": [],
        "detail": envelope(spec, event_type),
    }


def _upstream_of(design: Design, spec: HandlerSpec) -> str | None:
    """The topic or bus that feeds this function's trigger (its buffer queue's source, or the trigger itself)."""
    source = spec.plan.source
    if source is None:
        return None
    if source.kind in ("topic", "event_bus"):
        return source.name
    feeders = [c.source for c in design.incoming(source.name, "triggers")]
    return next((f for f in feeders if design.component(f).kind in ("topic", "event_bus")), None)


def consumer_event_type(design: Design, spec: HandlerSpec) -> str:
    """The first event type this consumer's filter policy or rule pattern lets through."""
    trigger_from = _upstream_of(design, spec)
    if trigger_from is not None:
        target = spec.name if spec.plan.source is None or spec.plan.source.kind != "queue" else spec.plan.source.name
        for conn in design.outgoing(trigger_from, "triggers"):
            if conn.target != target:
                continue
            policy = getattr(conn, "filter_policy", None) or {}
            pattern = getattr(conn, "event_pattern", None) or {}
            for values in (policy.get("event_type"), pattern.get("detail-type")):
                if isinstance(values, list) and values and isinstance(values[0], str):
                    return values[0]
    return "item.created"


def sqs_event(design: Design, spec: HandlerSpec) -> dict[str, Any]:
    assert spec.plan.source is not None
    queue = spec.plan.source.name
    arn = f"arn:aws:sqs:{spec.region}:{ACCOUNT}:{physical_name(design, queue)}"
    bodies: list[str]
    event_type = consumer_event_type(design, spec)
    if spec.upstream == "topic":
        topic = _upstream_of(design, spec) or "events"
        bodies = [json.dumps(_sns_notification(spec, env_value(design, topic, "arn"), event_type))]
    elif spec.upstream == "event_bus":
        bodies = [json.dumps(_bridge_event(spec, event_type))]
    elif spec.contracts:
        bodies = [json.dumps(envelope(spec, c.name)) for c in spec.contracts]
    else:
        bodies = [json.dumps(SAMPLE_DATA), json.dumps({**SAMPLE_DATA, "id": "item-1002", "quantity": 5})]
    records = []
    for index, body in enumerate(bodies):
        records.append({
            "messageId": f"059f36b4-87a3-44ab-83d2-66197583{index:04d}",
            "receiptHandle": "AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a/Sample/ReceiptHandle==",
            "body": body,
            "attributes": {"ApproximateReceiveCount": "1", "SentTimestamp": str(EPOCH_MS),
                           "SenderId": "AIDAIENQZJOLO23YVJ4VO", "ApproximateFirstReceiveTimestamp": str(EPOCH_MS + 5)},
            "messageAttributes": {},
            "md5OfBody": hashlib.md5(body.encode(), usedforsecurity=False).hexdigest(),
            "eventSource": "aws:sqs",
            "eventSourceARN": arn,
            "awsRegion": spec.region,
        })
    return {"Records": records}


def kinesis_event(design: Design, spec: HandlerSpec) -> dict[str, Any]:
    assert spec.plan.source is not None
    stream = physical_name(design, spec.plan.source.name)
    records = []
    payloads = [envelope(spec, c.name) for c in spec.contracts] or [SAMPLE_DATA, {**SAMPLE_DATA, "id": "item-1002",
                                                                                  "quantity": 5}]
    for index, data in enumerate(payloads):
        sequence = f"4959033827149025660855969253836157109592157598913658889{index}"
        records.append({
            "kinesis": {
                "kinesisSchemaVersion": "1.0", "partitionKey": str(data.get("id") or data["metadata"]["id"]),
                "sequenceNumber": sequence,
                "data": base64.b64encode(json.dumps(data).encode()).decode(),
                "approximateArrivalTimestamp": EPOCH_MS / 1000 + index,
            },
            "eventSource": "aws:kinesis", "eventVersion": "1.0", "eventID": f"shardId-000000000000:{sequence}",
            "eventName": "aws:kinesis:record", "invokeIdentityArn": f"arn:aws:iam::{ACCOUNT}:role/processor-role",
            "awsRegion": spec.region, "eventSourceARN": f"arn:aws:kinesis:{spec.region}:{ACCOUNT}:stream/{stream}",
        })
    return {"Records": records}


def _attribute(kind: str, value: str) -> dict[str, str]:
    if kind == "N":
        return {"N": str(sum(ord(c) for c in value))}
    if kind == "B":
        return {"B": base64.b64encode(value.encode()).decode()}
    return {"S": value}


def dynamodb_event(design: Design, spec: HandlerSpec) -> dict[str, Any]:
    source = spec.plan.source
    assert isinstance(source, Table)
    keys = {source.partition_key.name: _attribute(source.partition_key.type, "item-1001")}
    if source.sort_key is not None:
        keys[source.sort_key.name] = _attribute(source.sort_key.type, "v1")
    new_image = {**keys, "name": {"S": "Sample item"}, "quantity": {"N": "2"}}
    arn = f"arn:aws:dynamodb:{spec.region}:{ACCOUNT}:table/{physical_name(design, source.name)}" \
          "/stream/2025-01-15T09:30:00.000"
    base = {"eventVersion": "1.1", "eventSource": "aws:dynamodb", "awsRegion": spec.region, "eventSourceARN": arn}
    view = source.stream or "NEW_AND_OLD_IMAGES"
    insert = {"eventID": "c4ca4238a0b923820dcc509a6f75849b", "eventName": "INSERT", **base, "dynamodb": {
        "ApproximateCreationDateTime": EPOCH_MS // 1000, "Keys": keys, "NewImage": new_image,
        "SequenceNumber": "111", "SizeBytes": 59, "StreamViewType": view}}
    modify = {"eventID": "c81e728d9d4c2f636f067f89cc14862c", "eventName": "MODIFY", **base, "dynamodb": {
        "ApproximateCreationDateTime": EPOCH_MS // 1000 + 60, "Keys": keys,
        "NewImage": {**new_image, "quantity": {"N": "3"}}, "OldImage": new_image,
        "SequenceNumber": "222", "SizeBytes": 98, "StreamViewType": view}}
    return {"Records": [insert, modify]}


# -- sources outside the stack: Kafka, Amazon MQ, DocumentDB (the shapes of the AWS documentation's examples) ----
# Both handler languages use these builders (the sample events of the TypeScript handlers are the same).

def _b64(value: Any) -> str:
    return base64.b64encode((value if isinstance(value, str) else json.dumps(value)).encode()).decode()


def _payloads() -> list[dict[str, Any]]:
    return [SAMPLE_DATA, {**SAMPLE_DATA, "id": "item-1002", "quantity": 5}]


def kafka_event(source: Component, region: str) -> dict[str, Any]:
    topic = getattr(source, "topic", "") or "orders"
    msk = source.kind == "msk_cluster"
    servers = [f"b-{i}.{source.name}.a1bcde.c1.kafka.{region}.amazonaws.com:9098" for i in (1, 2)] if msk \
        else list(getattr(source, "bootstrap_servers", []))
    records = [{
        "topic": topic, "partition": 0, "offset": 15 + index, "timestamp": EPOCH_MS + index,
        "timestampType": "CREATE_TIME", "key": _b64(str(data["id"])), "value": _b64(data),
        "headers": [{"correlation_id": list(REQUEST_ID.encode())}],
    } for index, data in enumerate(_payloads())]
    event: dict[str, Any] = {"eventSource": "aws:kafka" if msk else "SelfManagedKafka",
                             "bootstrapServers": ",".join(servers), "records": {f"{topic}-0": records}}
    if msk:
        event["eventSourceArn"] = getattr(source, "cluster_arn", "")
    return event


def mq_event(source: Component, region: str) -> dict[str, Any]:
    arn = getattr(source, "broker_arn", "")
    queue = getattr(source, "queue", "") or "orders"
    if getattr(source, "engine", "activemq") == "rabbitmq":
        messages = [{
            "basicProperties": {
                "contentType": "application/json", "contentEncoding": None, "headers": {}, "deliveryMode": 2,
                "priority": 0, "correlationId": REQUEST_ID, "replyTo": None, "expiration": None,
                "messageId": f"message-{index + 1}", "timestamp": "Jan 15, 2025, 9:30:00 AM", "type": None,
                "userId": "lambda-consumer", "appId": None, "clusterId": None, "bodySize": len(json.dumps(data)),
            },
            "redelivered": False, "data": _b64(data),
        } for index, data in enumerate(_payloads())]
        vhost = getattr(source, "virtual_host", "") or "/"
        return {"eventSource": "aws:rmq", "eventSourceArn": arn, "rmqMessagesByQueue": {f"{queue}::{vhost}": messages}}
    broker_id = arn.rsplit(":", 1)[-1] if arn else "b-9bcfa592-423a-4942-879d-eb284b418fc8"
    return {"eventSource": "aws:mq", "eventSourceArn": arn, "messages": [{
        "messageID": f"ID:{broker_id}-1.mq.{region}.amazonaws.com-37557-1234520418293-4:1:1:1:{index + 1}",
        "messageType": "jms/text-message", "deliveryMode": 1, "replyTo": None, "type": None, "expiration": "60000",
        "priority": 1, "correlationId": REQUEST_ID, "redelivered": False, "destination": {"physicalName": queue},
        "data": _b64(data), "timestamp": EPOCH_MS + index, "brokerInTime": EPOCH_MS + index,
        "brokerOutTime": EPOCH_MS + index + 1, "properties": {},
    } for index, data in enumerate(_payloads())]}


def documentdb_event(source: Component, region: str) -> dict[str, Any]:
    namespace = {"db": getattr(source, "database", "") or "shop", "coll": getattr(source, "collection", "") or "items"}
    oid = {"$oid": "63eeb6e7d418cd98afb1c1d7"}
    insert = {"_id": {"_data": "0163eeb6e7000000090100000009000041e1"},
              "clusterTime": {"$timestamp": {"t": EPOCH_MS // 1000, "i": 9}}, "documentKey": {"_id": oid},
              "fullDocument": {"_id": oid, **SAMPLE_DATA}, "ns": namespace, "operationType": "insert"}
    update = {**insert, "_id": {"_data": "0163eeb6e7000000090100000009000041e2"},
              "clusterTime": {"$timestamp": {"t": EPOCH_MS // 1000 + 60, "i": 1}},
              "fullDocument": {"_id": oid, **SAMPLE_DATA, "quantity": 3}, "operationType": "update",
              "updateDescription": {"updatedFields": {"quantity": 3}, "removedFields": []}}
    return {"eventSourceArn": getattr(source, "cluster_arn", ""), "eventSource": "aws:docdb",
            "events": [{"event": insert}, {"event": update}]}


EXTERNAL_EVENTS = {"kafka": kafka_event, "mq": mq_event, "documentdb": documentdb_event}


# -- notifications and schedules ---------------------------------------------------------------------------

S3_OBJECT_BODY = "id,name,quantity\nitem-1001,Sample item,2\nitem-1002,Another item,5\n"


def s3_key(spec: HandlerSpec) -> str:
    """The sample object's key: inside the trigger's prefix and suffix, with a space to show the URL-encoding."""
    suffix = spec.s3_suffix or ".csv"
    return f"{spec.s3_prefix}monthly report{suffix}"


def s3_event(design: Design, spec: HandlerSpec) -> dict[str, Any]:
    assert spec.plan.source is not None
    bucket = physical_name(design, spec.plan.source.name)
    etag = hashlib.md5(S3_OBJECT_BODY.encode(), usedforsecurity=False).hexdigest()
    return {"Records": [{
        "eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": spec.region,
        "eventTime": "2025-01-15T09:30:00.000Z", "eventName": "ObjectCreated:Put",
        "userIdentity": {"principalId": "AWS:AIDAINPONIXQXHT3IKHL2"},
        "requestParameters": {"sourceIPAddress": "203.0.113.10"},
        "responseElements": {"x-amz-request-id": "C3D13FE58DE4C810",
                             "x-amz-id-2": "FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD"},
        "s3": {
            "s3SchemaVersion": "1.0", "configurationId": "processor-trigger",
            "bucket": {"name": bucket, "ownerIdentity": {"principalId": "A3NL1KOZZKExample"},
                       "arn": f"arn:aws:s3:::{bucket}"},
            "object": {"key": quote_plus(s3_key(spec), safe="/"), "size": len(S3_OBJECT_BODY.encode()),
                       "eTag": etag, "sequencer": "0A1B2C3D4E5F678901"},
        },
    }]}


def sns_event(design: Design, spec: HandlerSpec) -> dict[str, Any]:
    assert spec.plan.source is not None
    topic_arn = env_value(design, spec.plan.source.name, "arn")
    notification = _sns_notification(spec, topic_arn, consumer_event_type(design, spec))
    notification["Subject"] = None
    return {"Records": [{
        "EventSource": "aws:sns", "EventVersion": "1.0",
        "EventSubscriptionArn": f"{topic_arn}:2bcfbf39-05c3-41de-beaa-fcfcc21c8f55",
        "Sns": {("SigningCertUrl" if k == "SigningCertURL" else "UnsubscribeUrl" if k == "UnsubscribeURL" else k): v
                for k, v in notification.items()},
    }]}


def pipe_source(design: Design, pipe: str) -> Component:
    """The component a pipe reads (its one incoming `pipes` connection)."""
    return design.component(design.incoming(pipe, "pipes")[0].source)


def sample_event(design: Design, spec: HandlerSpec) -> dict[str, Any] | list[Any]:
    template = spec.template
    if template == "pipe" and spec.plan.source is not None:  # the records of the pipe's source, as a list
        if not design.incoming(spec.plan.source.name, "pipes"):
            return []  # a draft pipe without a source yet
        source = pipe_source(design, spec.plan.source.name)
        fed = replace(spec, plan=replace(spec.plan, source=source))
        builders = {"queue": sqs_event, "table": dynamodb_event, "stream": kinesis_event}
        records: list[Any] = builders[source.kind](design, fed)["Records"]
        return records
    if template == "api":
        return http_event(spec)
    if template in ("authorizer_http", "authorizer_rest"):
        return authorizer_event(spec)
    if template == "batch":
        shape = spec.plan.shape
        if shape == "kinesis":
            return kinesis_event(design, spec)
        if shape == "dynamodb_stream":
            return dynamodb_event(design, spec)
        return sqs_event(design, spec)
    if template in EXTERNAL_EVENTS and spec.plan.source is not None:
        return EXTERNAL_EVENTS[template](spec.plan.source, spec.region)
    if template == "s3":
        return s3_event(design, spec)
    if template == "sns":
        return sns_event(design, spec)
    if template == "eventbridge":
        return _bridge_event(spec, consumer_event_type(design, spec))
    if template == "job":
        return {"scheduled_time": "2025-01-15T08:00:00Z", "execution_id": "0d9f7c2e-4b1a-4c3d-8e5f-6a7b8c9d0e1f"}
    state: dict[str, Any] = {"id": "request-1001", "items": [SAMPLE_DATA]}
    if spec.requires_approval:
        state["requires_approval"] = True
    if template == "task":
        return state
    if template == "callback":
        return {"input": state, "taskToken": "AQCEAAAAKgAAAAMAAAAAAAAAAeMHr6sb8ll5IKDXAmpl3TaskToken=="}
    if template == "publisher":
        return {"event_type": spec.event_types[0], "data": sample_data(spec, spec.event_types[0]),
                "correlation_id": REQUEST_ID}
    return state


def sample_event_json(design: Design, spec: HandlerSpec) -> str:
    return json.dumps(sample_event(design, spec), indent=2) + "\n"
