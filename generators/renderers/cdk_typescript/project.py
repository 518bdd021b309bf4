"""The CDK + TypeScript target: bin/app.ts, lib/<project>-stack.ts (L2 constructs, grants, cdk-nag), cdk.json with
per-environment context, stack assertion tests, and the same TypeScript handlers as SAM + TypeScript."""

from __future__ import annotations

import json
from functools import partial
from typing import Any

from generators.catalog import COMPONENTS
from generators.filetree import FileTree
from generators.model import Design, HttpApi, StateMachine
from generators.renderers import asl
from generators.renderers.cdk.plan import CORS_HEADERS, CdkPlan, cdk_plan, esm_ts, state_machine_name
from generators.renderers.cdk.shared import (
    KMS_KEY_IDS,
    cdk_context,
    default_environments,
    event_pattern,
    outputs,
    route_id,
)
from generators.renderers.ci import ci_file, ci_path
from generators.renderers.diagram import mermaid
from generators.renderers.jinja import render_template
from generators.renderers.plan import distributions as distribution_facts
from generators.renderers.plan import organisation, rest_logging
from generators.renderers.sam.resources import compact_json
from generators.renderers.typescript.handlers import bundle_externals
from generators.renderers.typescript.project import npm_files, render_typescript_sources

SCRIPTS = {
    "synth": "cdk synth",
    "deploy": "cdk deploy --all",
    "typecheck": "tsc --noEmit",
    "test": "vitest run",
}
CDK_DEPENDENCIES = frozenset({"aws-cdk-lib", "cdk-nag", "constructs"})
CDK_DEV_DEPENDENCIES = frozenset({"aws-cdk", "esbuild", "tsx"})
ACCESS_LOG_FORMAT = {
    "requestId": "$context.requestId", "ip": "$context.identity.sourceIp", "requestTime": "$context.requestTime",
    "httpMethod": "$context.httpMethod", "routeKey": "$context.routeKey", "status": "$context.status",
    "protocol": "$context.protocol", "responseLength": "$context.responseLength",
    "integrationError": "$context.integrationErrorMessage",
}


def _lc(text: str) -> str:
    return text[:1].lower() + text[1:]


def _imports(plan: CdkPlan) -> list[str]:
    design = plan.design
    kinds = {c.kind for c in design.components}
    triggers = {t.kind for t in plan.triggers}
    lines = ["import * as cdk from 'aws-cdk-lib';"]
    modules: list[tuple[str, str]] = []  # (alias, module)
    if "http_api" in kinds:
        modules += [("apigwv2", "aws-apigatewayv2"), ("integrations", "aws-apigatewayv2-integrations")]
        if any(isinstance(a, HttpApi) and a.auth != "none" for a in plan.apis):
            modules.append(("authorizers", "aws-apigatewayv2-authorizers"))
    if "rest_api" in kinds:
        modules.append(("apigw", "aws-apigateway"))
    if plan.distributions:
        modules += [("cloudfront", "aws-cloudfront"), ("origins", "aws-cloudfront-origins")]
    modules += [("cloudwatch", "aws-cloudwatch"), ("cloudwatchActions", "aws-cloudwatch-actions")]
    if "user_pool" in kinds:
        modules.append(("cognito", "aws-cognito"))
    if "table" in kinds:
        modules.append(("dynamodb", "aws-dynamodb"))
    if "event_bus" in kinds:
        modules.append(("events", "aws-events"))
    if "eventbridge" in triggers:
        modules.append(("targets", "aws-events-targets"))
    if plan.functions or plan.pipes or plan.boundary:
        modules.append(("iam", "aws-iam"))
    if "stream" in kinds:
        modules.append(("kinesis", "aws-kinesis"))
    if "topic" in kinds or plan.kms:
        modules.append(("kms", "aws-kms"))
    if plan.functions:
        modules += [("lambda", "aws-lambda"), ("nodejs", "aws-lambda-nodejs")]
    if triggers & {"sqs", "dynamodb", "kinesis", "s3"}:
        modules.append(("eventSources", "aws-lambda-event-sources"))
    modules.append(("logs", "aws-logs"))
    if plan.pipes:
        modules.append(("pipes", "aws-pipes"))
    if "bucket" in kinds:
        modules.append(("s3", "aws-s3"))
    if "schedule" in triggers:
        modules += [("scheduler", "aws-scheduler"), ("schedulerTargets", "aws-scheduler-targets")]
    if "secret" in kinds or any(f.plan.shape == "authorizer" for f in plan.functions):
        modules.append(("secretsmanager", "aws-secretsmanager"))
    modules.append(("sns", "aws-sns"))
    if "sns" in triggers:
        modules.append(("subscriptions", "aws-sns-subscriptions"))
    modules.append(("sqs", "aws-sqs"))
    if "state_machine" in kinds:
        modules.append(("sfn", "aws-stepfunctions"))
    lines += [f"import * as {alias} from 'aws-cdk-lib/{module}';" for alias, module in modules]
    lines.append("import type { Construct } from 'constructs';")
    return lines


def stack_file(design: Design) -> str:
    return f"lib/{design.project.name}-stack.ts"


def render_stack(design: Design, plan: CdkPlan) -> str:
    machine_names = {m.name: state_machine_name(design, m.name) for m in design.components
                     if isinstance(m, StateMachine)}

    def cors_methods(api: Any) -> list[str]:
        methods = {m for m, _p, _t in plan.routes[api.name]}
        if "ANY" in methods:
            return ["ANY"]
        return sorted(methods | {"OPTIONS"})

    return render_template(
        "cdk_typescript/stack.ts.j2", plan=plan, imports=_imports(plan), lc=_lc, esm=partial(esm_ts, plan),
        machine_names=machine_names, bundle_externals=bundle_externals({f.plan.shape for f in plan.functions}),
        event_pattern=lambda p: json.dumps(event_pattern(p), sort_keys=True), cors_headers=CORS_HEADERS,
        http_methods=cors_methods, route_id=route_id, access_log_format=json.dumps(ACCESS_LOG_FORMAT, indent=2),
        rest_access_log_format=json.dumps(rest_logging.ACCESS_LOG_FORMAT, indent=2), rest_logging=rest_logging,
        outputs=[(name, ref.ts, description) for name, ref, description in outputs(plan)], catalog=COMPONENTS,
        compact_json=compact_json, kms_ids=KMS_KEY_IDS, eni_reason=organisation.ENI_REASON,
        eni_actions=json.dumps(list(organisation.ENI_ACTIONS)).replace('"', "'"),
        kms_actions=json.dumps(list(organisation.KMS_ACTIONS)).replace('"', "'"),
        cloudfront=distribution_facts,
    )


def render_app(design: Design, plan: CdkPlan) -> str:
    return render_template("cdk_typescript/app.ts.j2", project=design.project, plan=plan,
                           stack_module=f"../lib/{design.project.name}-stack",
                           default_environments=default_environments(design),
                           tags=list(organisation.tags(design).items()))


def render_cdk_typescript(design: Design) -> FileTree:
    plan = cdk_plan(design)
    tree = FileTree()
    tree.add("bin/app.ts", render_app(design, plan))
    tree.add(stack_file(design), render_stack(design, plan))
    tree.add("cdk.json", json.dumps({"app": "npx tsx bin/app.ts", "context": cdk_context(design)}, indent=2) + "\n")
    for component in design.components:
        if isinstance(component, StateMachine):
            tree.add(f"statemachine/{component.name}.asl.json", asl.definition_json(design, component))
    sources = render_typescript_sources(design)
    tree.merge(sources.tree)
    tree.add("tests/stack.test.ts", render_template(
        "cdk_typescript/stack.test.ts.j2", plan=plan, project=design.project,
        stack_module=f"../lib/{design.project.name}-stack", lc=_lc,
        environments=organisation.environments(design)), ownership="scaffold")
    tree.merge(npm_files(design, sources, scripts=SCRIPTS, dependencies=CDK_DEPENDENCIES,
                         dev_dependencies=CDK_DEV_DEPENDENCIES,
                         tsconfig_include=["bin", "lib", "src", "tests", "vitest.config.ts"],
                         test_include=["tests/**/*.test.ts"], test_timeout_ms=120_000))
    context = {"design": design, "project": design.project, "mermaid": mermaid(design), "ci_path": ci_path(design),
               "environments": [e.name for e in design.project.environments], "iac": "cdk",
               "functions": design.functions(), "state_machines": design.of_kind("state_machine")}
    tree.add("README.md", render_template("typescript/README.md.j2", **context), ownership="scaffold")
    tree.add(".gitignore", render_template("typescript/gitignore.j2", **context), ownership="scaffold")
    tree.add(*ci_file(design, "typescript/ci.yml.j2", context))
    return tree
