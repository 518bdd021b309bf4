"""Sources outside the stack (MSK, self-managed Kafka, Amazon MQ, DocumentDB): what the design must say, and the
least privilege the poller gets, the same in every target. Rendering only: the matrix variants in
tests/engine/variants.py prove the four projects with the real tools in all four targets."""

from __future__ import annotations

import json
from typing import Any

import pytest

from generators.model import DesignInputError, load_design
from generators.renderers import render
from tests.engine.validators import sam_transform
from tests.engine.variants import DOCDB_ARN, MQ_ARN, MSK_ARN, build

TOPIC_ARN = MSK_ARN.replace(":cluster/", ":topic/") + "/orders"
GROUP_ARN = MSK_ARN.replace(":cluster/", ":group/") + "/shop-processor"
KAFKA = {"source": "self-managed-kafka", "bootstrap_servers": ["b-1.kafka.example.com:9096"], "topic": "orders"}


def role_statements(options: dict[str, Any]) -> dict[str, dict[str, Any]]:
    template = sam_transform(render(build("event-processor", options)).text("template.yaml"))
    policy = template["Resources"]["ProcessorRole"]["Properties"]["Policies"][0]["PolicyDocument"]
    return {s["Sid"]: s for s in policy["Statement"] if "Sid" in s}


def test_an_msk_consumer_may_read_only_its_topic_as_its_own_consumer_group() -> None:
    statements = role_statements({"source": "msk", "cluster_arn": MSK_ARN, "topic": "orders"})

    assert statements["ReadTopic"]["Resource"] == TOPIC_ARN
    assert statements["ReadTopic"]["Action"] == ["kafka-cluster:DescribeTopic", "kafka-cluster:ReadData"]
    assert statements["UseConsumerGroup"]["Resource"] == GROUP_ARN
    assert statements["DescribeCluster"]["Resource"] == MSK_ARN
    assert "kafka-cluster:Connect" in statements["DescribeCluster"]["Action"]
    assert statements["PollerNetworkInterfaces"]["Resource"] == "*"
    assert "ReadSourceCredentials" not in statements  # IAM authentication: no secret


def test_a_self_managed_kafka_consumer_reads_its_one_secret_and_needs_no_vpc_actions_without_a_vpc() -> None:
    statements = role_statements(KAFKA)

    assert statements["ReadSourceCredentials"]["Resource"] == {"Ref": "SourceCredentials"}
    assert statements["ReadSourceCredentials"]["Action"] == ["secretsmanager:GetSecretValue"]
    assert "PollerNetworkInterfaces" not in statements


def test_subnets_and_security_groups_put_the_poller_in_the_vpc() -> None:
    options = {**KAFKA, "subnets": ["subnet-0123456789abcdef0"], "security_groups": ["sg-0123456789abcdef0"]}
    template = sam_transform(render(build("event-processor", options)).text("template.yaml"))
    [mapping] = [r for r in template["Resources"].values() if r["Type"] == "AWS::Lambda::EventSourceMapping"]
    access = mapping["Properties"]["SourceAccessConfigurations"]

    assert {"Type": "VPC_SUBNET", "URI": "subnet:subnet-0123456789abcdef0"} in access
    assert {"Type": "VPC_SECURITY_GROUP", "URI": "security_group:sg-0123456789abcdef0"} in access
    assert "PollerNetworkInterfaces" in role_statements(options)


@pytest.mark.parametrize(("options", "sid", "resource"), [
    ({"source": "amazon-mq", "broker_arn": MQ_ARN, "queue": "orders"}, "DescribeBroker", MQ_ARN),
    ({"source": "documentdb", "cluster_arn": DOCDB_ARN, "database": "shop"}, "DescribeCluster", DOCDB_ARN),
    ({"source": "documentdb", "cluster_arn": DOCDB_ARN, "database": "shop"}, "DescribeSubnetGroups",
     "arn:aws:rds:us-east-1:123456789012:subgrp:*"),
], ids=["mq broker", "documentdb cluster", "documentdb subnet groups in the cluster's account"])
def test_the_poller_may_describe_only_its_source(options: dict[str, Any], sid: str, resource: str) -> None:
    assert role_statements(options)[sid]["Resource"] == resource


def test_the_generated_secret_holds_the_username_and_a_generated_password() -> None:
    template = sam_transform(render(build("event-processor", KAFKA)).text("template.yaml"))
    generate = template["Resources"]["SourceCredentials"]["Properties"]["GenerateSecretString"]

    assert json.loads(generate["SecretStringTemplate"]) == {"username": "lambda-consumer"}
    assert generate["GenerateStringKey"] == "password"


@pytest.mark.parametrize("language", ["typescript", "python"])
def test_the_cdk_stacks_grant_what_the_sam_role_grants(language: str) -> None:
    options = {"source": "msk", "cluster_arn": MSK_ARN, "topic": "orders", "min_pollers": 2, "max_pollers": 20}
    tree = render(build("event-processor", options, language=language, iac="cdk"))
    stack = next(tree.text(p) for p in tree if p.endswith(("-stack.ts", "/stack.py")))
    for sid, statement in role_statements(options).items():
        if sid == "WriteOwnLogs":
            continue
        assert sid in stack
        for action in statement["Action"]:
            assert action in stack, (sid, action)
        assert str(statement["Resource"]) in stack, sid
    assert "CfnEventSourceMapping" in stack
    assert ("minimumPollers: 2" if language == "typescript" else "minimum_pollers=2") in stack


def _design(source: dict[str, Any], *extra: dict[str, Any]) -> str:
    return json.dumps({"project": {"name": "shop"}, "components": [
        {"kind": "function", "name": "processor"}, source, *extra],
        "connections": [{"kind": "triggers", "source": source["name"], "target": "processor"}]})


@pytest.mark.parametrize(("source", "extra", "path", "message"), [
    ({"kind": "msk_cluster", "name": "orders", "topic": "orders"}, [], "components[1].cluster_arn",
     "set cluster_arn (the MSK cluster's ARN)"),
    ({"kind": "kafka_cluster", "name": "orders", "topic": "tp", "bootstrap_servers": ["k.example.com:9096"]}, [],
     "components[1].secret", "set secret (a secret component"),
    ({"kind": "mq_broker", "name": "orders", "broker_arn": MQ_ARN, "queue": "q", "secret": "processor"}, [],
     "components[1].secret", "'processor' is not a secret component of this design"),
    ({"kind": "docdb_cluster", "name": "orders", "cluster_arn": DOCDB_ARN, "database": "shop", "secret": "creds",
      "collection": "bad name"}, [{"kind": "secret", "name": "creds"}], "components[1].collection",
     "is not a DocumentDB database or collection name"),
    ({"kind": "kafka_cluster", "name": "orders", "topic": "tp", "bootstrap_servers": ["k.example.com:9096"],
      "secret": "creds", "subnets": ["subnet-0123456789abcdef0"]}, [{"kind": "secret", "name": "creds"}],
     "components[1].subnets", "set both subnets and security_groups"),
    ({"kind": "mq_broker", "name": "orders", "broker_arn": MQ_ARN, "queue": "q", "secret": "creds",
      "virtual_host": "/shop"}, [{"kind": "secret", "name": "creds"}], "components[1].virtual_host",
     "applies to engine 'rabbitmq' only"),
    ({"kind": "msk_cluster", "name": "orders", "cluster_arn": MSK_ARN, "topic": "t"}, [], "components[1].topic",
     "is not a Kafka topic name (2-249"),
], ids=["msk without its cluster", "kafka without credentials", "a secret that is a function",
        "a collection with a space", "subnets without security groups", "a virtual host on ActiveMQ",
        "a one-character topic (CloudFormation's pattern)"])
def test_a_source_that_cannot_be_read_is_refused_naming_the_field(source: dict[str, Any],
                                                                  extra: list[dict[str, Any]], path: str,
                                                                  message: str) -> None:
    with pytest.raises(DesignInputError) as caught:
        load_design(_design(source, *extra))
    where, field = path.split(".")
    # graph checks print `components[1].field`, field checks `components[1] (orders).field`
    assert any(p.startswith(where) and p.endswith(f".{field}") and message in m
               for p, m in caught.value.problems), caught.value.problems


def test_a_setting_of_another_source_is_refused() -> None:
    source = {"kind": "mq_broker", "name": "orders", "broker_arn": MQ_ARN, "queue": "q", "secret": "creds"}
    document = json.loads(_design(source, {"kind": "secret", "name": "creds"}))
    document["connections"][0]["min_pollers"] = 2
    with pytest.raises(DesignInputError) as caught:
        load_design(json.dumps(document))
    assert any(p == "connections[0].min_pollers" and "does not apply to a trigger from a mq_broker" in m
               for p, m in caught.value.problems), caught.value.problems
