"""SAM printer of the pipes plan: an AWS::Pipes::Pipe and its role (SAM has no pipe resource of its own)."""

from __future__ import annotations

from typing import Any

from generators.model import Design, Pipe
from generators.renderers.cfn_yaml import GetAtt, Intrinsic, Ref
from generators.renderers.plan.pipes import PipePlan, RoleStatement, is_complete, pipe_plan
from generators.renderers.sam.naming import attribute, lid
from generators.renderers.sam.policies import allow
from generators.renderers.sam.resources import compact_json


def _arn(design: Design, statement: RoleStatement) -> Intrinsic:
    if statement.attribute == "stream_arn":
        return GetAtt(lid(statement.component), "StreamArn")
    return attribute(design, design.component(statement.component), "arn")


def pipe_resources(design: Design, plan: PipePlan) -> dict[str, Any]:
    ident = lid(plan.name)
    source, target, *enrichment = plan.statements
    parameters: dict[str, Any] = {"BatchSize": plan.batch_size}
    if plan.window_s:
        parameters["MaximumBatchingWindowInSeconds"] = plan.window_s
    if plan.starting_position:
        parameters["StartingPosition"] = plan.starting_position
    source_parameters: dict[str, Any] = {plan.source_parameters: parameters}
    if plan.filters:
        source_parameters["FilterCriteria"] = {"Filters": [{"Pattern": compact_json(p)} for p in plan.filters]}
    properties: dict[str, Any] = {
        "Description": plan.description,
        "RoleArn": GetAtt(f"{ident}Role", "Arn"),
        "Source": _arn(design, source),
        "SourceParameters": source_parameters,
        "Target": _arn(design, target),
    }
    if plan.target_kind == "function":
        properties["TargetParameters"] = {"LambdaFunctionParameters": {"InvocationType": plan.invocation_type}}
    elif plan.target_kind == "state_machine":
        properties["TargetParameters"] = {
            "StepFunctionStateMachineParameters": {"InvocationType": plan.invocation_type}}
    if enrichment:
        properties["Enrichment"] = _arn(design, enrichment[0])
    role = {"Type": "AWS::IAM::Role", "Properties": {
        "Description": f"Role of pipe {plan.name}: read its source, deliver to its target",
        "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Service": "pipes.amazonaws.com"}, "Action": "sts:AssumeRole",
            "Condition": {"StringEquals": {"aws:SourceAccount": Ref("AWS::AccountId")}},
        }]},
        "Policies": [{"PolicyName": "least-privilege", "PolicyDocument": {
            "Version": "2012-10-17",
            "Statement": [allow(list(s.actions), [_arn(design, s)]) for s in plan.statements],
        }}],
    }}
    return {ident: {"Type": "AWS::Pipes::Pipe", "Properties": properties}, f"{ident}Role": role}


def emit_pipe(builder: Any, pipe: Pipe) -> None:
    if not is_complete(builder.design, pipe.name):
        return  # a draft pipe without both ends deploys nothing
    builder.add_all(pipe_resources(builder.design, pipe_plan(builder.design, pipe)))
