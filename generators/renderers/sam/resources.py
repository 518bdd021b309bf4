"""CloudFormation resources for the non-function components (queues, topics, tables, buckets, ...)."""

from __future__ import annotations

import json
from typing import Any

from generators.model import (
    Bucket,
    Design,
    EventBus,
    Queue,
    Secret,
    Stream,
    Table,
    Topic,
    UserPool,
)
from generators.renderers.cfn_yaml import GetAtt, Ref, Sub
from generators.renderers.sam.naming import bucket_name, lid

DLQ_RETENTION_S = 1209600  # 14 days, the maximum (seed catalog §1.4.a)

Resources = dict[str, Any]


def deny_insecure_transport(action: str, resources: list[Any]) -> dict[str, Any]:
    return {
        "Sid": "DenyInsecureTransport",
        "Effect": "Deny",
        "Principal": "*",
        "Action": action,
        "Resource": resources,
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }


def dead_letter_queue(fifo: bool = False, retention_s: int = DLQ_RETENTION_S) -> dict[str, Any]:
    properties: dict[str, Any] = {"MessageRetentionPeriod": retention_s, "SqsManagedSseEnabled": True}
    if fifo:
        properties["FifoQueue"] = True
    return {"Type": "AWS::SQS::Queue", "Properties": properties}


def queue(design: Design, q: Queue, extra_statements: list[Any]) -> Resources:
    ident = lid(q.name)
    properties: dict[str, Any] = {
        "VisibilityTimeout": q.visibility_timeout_s,
        "MessageRetentionPeriod": q.message_retention_s,
        "SqsManagedSseEnabled": True,
    }
    if q.delay_s:
        properties["DelaySeconds"] = q.delay_s
    if q.fifo:
        properties["FifoQueue"] = True
    out: Resources = {}
    queues = [GetAtt(ident, "Arn")]
    refs = [Ref(ident)]
    if q.dlq:
        properties["RedrivePolicy"] = {"deadLetterTargetArn": GetAtt(f"{ident}DLQ", "Arn"),
                                       "maxReceiveCount": q.max_receive_count}
        out[f"{ident}DLQ"] = dead_letter_queue(q.fifo, q.dlq_retention_s)
        queues.append(GetAtt(f"{ident}DLQ", "Arn"))
        refs.append(Ref(f"{ident}DLQ"))
    out[ident] = {"Type": "AWS::SQS::Queue", "Properties": properties}
    out[f"{ident}Policy"] = {
        "Type": "AWS::SQS::QueuePolicy",
        "Properties": {
            "Queues": refs,
            "PolicyDocument": {
                "Version": "2012-10-17",
                "Statement": [deny_insecure_transport("sqs:*", queues), *extra_statements],
            },
        },
    }
    return dict(sorted(out.items()))


def topic(t: Topic) -> Resources:
    ident = lid(t.name)
    properties: dict[str, Any] = {"KmsMasterKeyId": "alias/aws/sns"}
    if t.fifo:
        properties["FifoTopic"] = True
    return {
        ident: {"Type": "AWS::SNS::Topic", "Properties": properties},
        f"{ident}Policy": {
            "Type": "AWS::SNS::TopicPolicy",
            "Properties": {
                "Topics": [Ref(ident)],
                "PolicyDocument": {"Version": "2012-10-17",
                                   "Statement": [deny_insecure_transport("sns:Publish", [Ref(ident)])]},
            },
        },
    }


def table(t: Table) -> Resources:
    attributes = [{"AttributeName": t.partition_key.name, "AttributeType": t.partition_key.type}]
    keys = [{"AttributeName": t.partition_key.name, "KeyType": "HASH"}]
    if t.sort_key:
        attributes.append({"AttributeName": t.sort_key.name, "AttributeType": t.sort_key.type})
        keys.append({"AttributeName": t.sort_key.name, "KeyType": "RANGE"})
    properties: dict[str, Any] = {
        "BillingMode": t.billing_mode,
        "AttributeDefinitions": attributes,
        "KeySchema": keys,
        "SSESpecification": {"SSEEnabled": True},
        "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": t.point_in_time_recovery},
    }
    if t.billing_mode == "PROVISIONED":
        properties["ProvisionedThroughput"] = {"ReadCapacityUnits": t.read_capacity,
                                               "WriteCapacityUnits": t.write_capacity}
    if t.stream:
        properties["StreamSpecification"] = {"StreamViewType": t.stream}
    if t.ttl_attribute:
        properties["TimeToLiveSpecification"] = {"AttributeName": t.ttl_attribute, "Enabled": True}
    if t.deletion_protection:
        properties["DeletionProtectionEnabled"] = True
    return {lid(t.name): {"Type": "AWS::DynamoDB::Table", "DeletionPolicy": "Retain",
                          "UpdateReplacePolicy": "Retain", "Properties": properties}}


def bucket(design: Design, b: Bucket, extra_statements: list[Any] | None = None) -> Resources:
    ident = lid(b.name)
    properties: dict[str, Any] = {
        "BucketName": bucket_name(design, b.name),
        "BucketEncryption": {"ServerSideEncryptionConfiguration": [
            {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}, "BucketKeyEnabled": True}
        ]},
        "PublicAccessBlockConfiguration": {
            "BlockPublicAcls": True, "BlockPublicPolicy": True, "IgnorePublicAcls": True,
            "RestrictPublicBuckets": True,
        },
        "OwnershipControls": {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]},
    }
    if b.versioned:
        properties["VersioningConfiguration"] = {"Status": "Enabled"}
        properties["LifecycleConfiguration"] = {"Rules": [{
            "Id": "ExpireOldVersions",
            "Status": "Enabled",
            "NoncurrentVersionExpiration": {"NoncurrentDays": b.expire_noncurrent_days},
            "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 7},
        }]}
    else:
        properties["LifecycleConfiguration"] = {"Rules": [{
            "Id": "AbortIncompleteUploads", "Status": "Enabled",
            "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 7},
        }]}
    arn = Sub(f"arn:${{AWS::Partition}}:s3:::{bucket_name(design, b.name).value}")
    objects = Sub(f"arn:${{AWS::Partition}}:s3:::{bucket_name(design, b.name).value}/*")
    return {
        ident: {"Type": "AWS::S3::Bucket", "DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain",
                "Properties": properties},
        f"{ident}Policy": {
            "Type": "AWS::S3::BucketPolicy",
            "Properties": {
                "Bucket": Ref(ident),
                "PolicyDocument": {"Version": "2012-10-17",
                                   "Statement": [deny_insecure_transport("s3:*", [arn, objects]),
                                                 *(extra_statements or [])]},
            },
        },
    }


def event_bus(design: Design, bus: EventBus) -> Resources:
    ident = lid(bus.name)
    out: Resources = {
        ident: {"Type": "AWS::Events::EventBus",
                "Properties": {"Name": Sub(f"${{AWS::StackName}}-{bus.name}")}},
    }
    if bus.archive_retention_days is not None:
        out[f"{ident}Archive"] = {
            "Type": "AWS::Events::Archive",
            "Properties": {"SourceArn": GetAtt(ident, "Arn"), "RetentionDays": bus.archive_retention_days,
                           "Description": f"All events on {bus.name}, for replay"},
        }
    return out


def stream(s: Stream) -> Resources:
    properties: dict[str, Any] = {
        "StreamModeDetails": {"StreamMode": s.mode},
        "RetentionPeriodHours": s.retention_hours,
        "StreamEncryption": {"EncryptionType": "KMS", "KeyId": "alias/aws/kinesis"},
    }
    if s.mode == "PROVISIONED":
        properties["ShardCount"] = s.shard_count
    return {lid(s.name): {"Type": "AWS::Kinesis::Stream", "Properties": properties}}


def user_pool(pool: UserPool) -> Resources:
    ident = lid(pool.name)
    properties: dict[str, Any] = {
        "UsernameAttributes": ["email"],
        "AutoVerifiedAttributes": ["email"],
        "AdminCreateUserConfig": {"AllowAdminCreateUserOnly": True},
        "MfaConfiguration": pool.mfa,
        "Policies": {"PasswordPolicy": {
            "MinimumLength": pool.password_min_length, "RequireLowercase": True, "RequireUppercase": True,
            "RequireNumbers": True, "RequireSymbols": True, "TemporaryPasswordValidityDays": 3,
        }},
        "AccountRecoverySetting": {"RecoveryMechanisms": [{"Name": "verified_email", "Priority": 1}]},
    }
    if pool.mfa != "OFF":
        properties["EnabledMfas"] = ["SOFTWARE_TOKEN_MFA"]
    return {
        ident: {"Type": "AWS::Cognito::UserPool", "DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain",
                "Properties": properties},
        f"{ident}Client": {
            "Type": "AWS::Cognito::UserPoolClient",
            "Properties": {
                "UserPoolId": Ref(ident),
                "GenerateSecret": False,
                "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
                "PreventUserExistenceErrors": "ENABLED",
                "AccessTokenValidity": 60,
                "IdTokenValidity": 60,
                "TokenValidityUnits": {"AccessToken": "minutes", "IdToken": "minutes"},
            },
        },
    }


def secret(s: Secret) -> Resources:
    """A generated secret string (or a {username, password} JSON with a generated password); readers get its ARN
    and fetch the value at run time."""
    generate: dict[str, Any] = {"PasswordLength": s.password_length, "ExcludePunctuation": s.exclude_punctuation}
    if s.username is not None:
        generate["SecretStringTemplate"] = compact_json({"username": s.username})
        generate["GenerateStringKey"] = "password"
    return {lid(s.name): {"Type": "AWS::SecretsManager::Secret", "Properties": {
        "Description": s.description or f"Secret {s.name}",
        "GenerateSecretString": generate,
    }}}


def compact_json(value: Any) -> str:
    """JSON as CloudFormation properties embed it: sorted keys, no spaces."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def allow_send(service: str, queue_id: str, source_arn: Any, sid: str) -> dict[str, Any]:
    return {
        "Sid": sid,
        "Effect": "Allow",
        "Principal": {"Service": service},
        "Action": "sqs:SendMessage",
        "Resource": GetAtt(queue_id, "Arn"),
        "Condition": {"ArnEquals": {"aws:SourceArn": source_arn}},
    }


def queue_policy(queue_id: str, statements: list[Any]) -> dict[str, Any]:
    return {"Type": "AWS::SQS::QueuePolicy", "Properties": {
        "Queues": [Ref(queue_id)],
        "PolicyDocument": {"Version": "2012-10-17", "Statement": [
            deny_insecure_transport("sqs:*", [GetAtt(queue_id, "Arn")]), *statements]},
    }}


def ssl_only_queue_policy(queue_id: str) -> dict[str, Any]:
    return queue_policy(queue_id, [])


def service_role(service: str, statements: list[dict[str, Any]]) -> dict[str, Any]:
    return {"Type": "AWS::IAM::Role", "Properties": {
        "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole",
            "Condition": {"StringEquals": {"aws:SourceAccount": Ref("AWS::AccountId")}},
        }]},
        "Policies": [{"PolicyName": "target", "PolicyDocument": {"Version": "2012-10-17", "Statement": statements}}],
    }}
