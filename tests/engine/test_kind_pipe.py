"""The `pipe` kind: an EventBridge pipe from a queue or a stream to a function, queue, topic, bus or state machine,
with an optional filter and enrichment function, proven in all four targets.

The pipe's role may read only its source and reach only its target (and its enrichment). One design holds every
catalog pair of the kind plus each source and target kind; the real tools check it inside the connection matrix's
"grants" design (one run per target for every pair of the catalog).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from generators.catalog import triples
from generators.catalog.components import DYNAMODB_STREAM_READ, KINESIS_READ, SQS_CONSUME
from generators.model import DesignInputError, load_design
from generators.renderers import render
from tests.engine.connection_projects import TARGETS, group_design
from tests.engine.kind_designs import pipe_parts, with_kind_pairs
from tests.engine.kind_proof import (
    KIND_GROUP,
    cdk_problems,
    design_for,
    failures,
    kind_project,
    kind_steps,
    sam_problems,
    synthesized_kinds,
)
from tests.engine.validators import sam_transform

PIPE_TRIPLES = [t for t in triples() if "pipe" in t[1:]]


def _design(target: str) -> Any:
    return design_for(target, "pipes", *with_kind_pairs(pipe_parts(), "pipe"))


def _statements(role: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for p in role["Properties"]["Policies"] for s in p["PolicyDocument"]["Statement"]]


def test_the_catalog_pairs_of_a_pipe_are_its_sources_targets_and_enrichment() -> None:
    assert sorted(PIPE_TRIPLES) == sorted([
        ("invokes", "pipe", "function"),
        *(("pipes", s, "pipe") for s in ("queue", "table", "stream")),
        *(("pipes", "pipe", t) for t in ("function", "queue", "topic", "event_bus", "state_machine")),
    ])


@pytest.mark.parametrize(("components", "connections", "field", "words"), [
    ("a pipe with two targets is named with what it takes",
     [{"kind": "pipes", "source": "q", "target": "p"}, {"kind": "pipes", "source": "p", "target": "f"},
      {"kind": "pipes", "source": "p", "target": "g"}], "components[1]", "takes one 'pipes' connection"),
    ("a starting position on a queue source is refused",
     [{"kind": "pipes", "source": "q", "target": "p"}, {"kind": "pipes", "source": "p", "target": "f"}],
     "components[1].starting_position", "stream sources"),
], ids=lambda value: value if isinstance(value, str) and " " in value else "")
def test_bad_pipes_are_rejected_naming_the_field(components: str, connections: list[dict[str, Any]], field: str,
                                                 words: str) -> None:
    del components
    pipe: dict[str, Any] = {"kind": "pipe", "name": "p"}
    if field.endswith("starting_position"):
        pipe["starting_position"] = "LATEST"
    with pytest.raises(DesignInputError) as error:
        load_design(json.dumps({"project": {"name": "bad"}, "components": [
            {"kind": "queue", "name": "q"}, pipe, {"kind": "function", "name": "f"}, {"kind": "queue", "name": "g"}],
            "connections": connections}))
    assert field in str(error.value)
    assert words in str(error.value)


def test_sam_gives_each_pipe_a_role_that_reads_only_its_source_and_reaches_only_its_target() -> None:
    resources = sam_transform(render(_design("sam-python")).text("template.yaml"))["Resources"]
    orders = resources["OrdersPipe"]["Properties"]
    assert orders["Source"] == {"Fn::GetAtt": ["Orders", "Arn"]}
    assert orders["Target"] == {"Fn::GetAtt": ["Fulfil", "Arn"]}
    assert orders["Enrichment"] == {"Fn::GetAtt": ["Enrich", "Arn"]}
    assert orders["SourceParameters"] == {
        "SqsQueueParameters": {"BatchSize": 20, "MaximumBatchingWindowInSeconds": 5},
        "FilterCriteria": {"Filters": [{"Pattern": '{"body":{"status":["paid"]}}'}]}}
    assert _statements(resources["OrdersPipeRole"]) == [
        {"Effect": "Allow", "Action": sorted(SQS_CONSUME), "Resource": {"Fn::GetAtt": ["Orders", "Arn"]}},
        {"Effect": "Allow", "Action": ["lambda:InvokeFunction"], "Resource": {"Fn::GetAtt": ["Fulfil", "Arn"]}},
        {"Effect": "Allow", "Action": ["lambda:InvokeFunction"], "Resource": {"Fn::GetAtt": ["Enrich", "Arn"]}},
    ]
    audit = resources["AuditPipe"]["Properties"]
    assert audit["SourceParameters"] == {"DynamoDBStreamParameters": {"BatchSize": 100, "StartingPosition": "LATEST"}}
    assert audit["TargetParameters"] == {"StepFunctionStateMachineParameters": {"InvocationType": "FIRE_AND_FORGET"}}
    assert _statements(resources["AuditPipeRole"]) == [
        {"Effect": "Allow", "Action": sorted(DYNAMODB_STREAM_READ), "Resource": {"Fn::GetAtt": ["Audit", "StreamArn"]}},
        {"Effect": "Allow", "Action": ["states:StartExecution"], "Resource": {"Ref": "Flow"}},
    ]
    clicks = resources["ClicksPipe"]["Properties"]
    assert clicks["SourceParameters"] == {"KinesisStreamParameters": {"BatchSize": 100, "StartingPosition": "LATEST"}}
    assert _statements(resources["ClicksPipeRole"]) == [
        {"Effect": "Allow", "Action": sorted(KINESIS_READ), "Resource": {"Fn::GetAtt": ["Clicks", "Arn"]}},
        {"Effect": "Allow", "Action": ["sns:Publish"], "Resource": {"Ref": "Alerts"}},
    ]


@pytest.mark.parametrize("target", ["sam-python", "sam-typescript"])
def test_a_function_behind_a_pipe_gets_a_batch_handler_and_a_sample_batch(target: str) -> None:
    tree = render(_design(target))
    if target == "sam-python":
        assert "def lambda_handler(event: list[dict[str, Any]]" in tree.text("src/fulfil/app.py")
        assert "def lambda_handler(event: list[dict[str, Any]]" in tree.text("src/enrich/app.py")
    else:
        assert "event: Record<string, unknown>[]" in tree.text("src/handlers/fulfil.ts")
    sample = json.loads(tree.text(f"events/{'fulfil'}.json"))
    assert isinstance(sample, list)
    assert sample[0]["eventSource"] == "aws:sqs"


def test_a_draft_pipe_without_both_ends_is_valid_and_deploys_nothing() -> None:
    design = load_design(json.dumps({"project": {"name": "draft"}, "components": [
        {"kind": "pipe", "name": "p"}, {"kind": "function", "name": "f"}],
        "connections": [{"kind": "pipes", "source": "p", "target": "f"}]}))
    tree = render(design)
    assert "AWS::Pipes::Pipe" not in tree.text("template.yaml")
    assert json.loads(tree.text("events/f.json")) == []


# --- the real tools (over the connection matrix's grants design, which carries pipe_parts) -----------------------

@pytest.mark.matrix
@pytest.mark.parametrize("language", ["python", "typescript"])
def test_the_sam_template_transforms_and_lints_clean(language: str) -> None:
    assert sam_problems(kind_project(f"sam-{language}")) == []


@pytest.mark.matrix
@pytest.mark.parametrize("target", list(TARGETS))
def test_the_project_passes_its_tools(target: str) -> None:
    assert failures(kind_steps(target)) == []


@pytest.mark.matrix
@pytest.mark.parametrize("language", ["python", "typescript"])
def test_the_synthesized_pipes_reach_only_their_source_and_target(language: str) -> None:
    template = synthesized_kinds(f"cdk-{language}")
    assert cdk_problems(template) == []
    resources = template["Resources"]
    pipes = {lid: r["Properties"] for lid, r in resources.items() if r["Type"] == "AWS::Pipes::Pipe"}
    design = group_design(KIND_GROUP)
    assert len(pipes) == sum(c.kind == "pipe" for c in design.components)
    for lid, pipe in pipes.items():
        role = next(r for role_id, r in resources.items() if r["Type"] == "AWS::IAM::Role"
                    and {"Fn::GetAtt": [role_id, "Arn"]} == pipe["RoleArn"])
        expected = [pipe["Source"], pipe["Target"], *([pipe["Enrichment"]] if "Enrichment" in pipe else [])]
        assert [s["Resource"] for s in _statements(role)] == expected, lid
    orders = next(p for lid, p in pipes.items() if lid.startswith("OrdersPipe"))
    assert "Enrichment" in orders
