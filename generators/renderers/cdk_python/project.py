"""The CDK + Python target: app.py, <project>/stack.py (L2 constructs, grants, cdk-nag), cdk.json with
per-environment context, stack assertion tests, and the Python handlers of the SAM + Python target (shared
renderer), packaged as plain assets with the Powertools layer."""

from __future__ import annotations

import json
from functools import partial
from typing import Any

from generators.catalog import COMPONENTS
from generators.filetree import FileTree
from generators.model import Design, HttpApi, StateMachine
from generators.model.names import snake
from generators.renderers import asl
from generators.renderers.cdk.plan import CORS_HEADERS, CdkPlan, cdk_plan, esm_py, py_var, state_machine_name
from generators.renderers.cdk.shared import (
    KMS_KEY_IDS,
    cdk_context,
    default_environments,
    event_pattern,
    outputs,
    route_id,
)
from generators.renderers.cdk_typescript.project import ACCESS_LOG_FORMAT
from generators.renderers.ci import ci_file, ci_path
from generators.renderers.diagram import mermaid
from generators.renderers.jinja import render_template
from generators.renderers.plan import distributions as distribution_facts
from generators.renderers.plan import organisation, rest_logging
from generators.renderers.python import render_python_project_files, versions
from generators.renderers.sam.resources import compact_json
from generators.renderers.typescript.npm import package_json, package_lock

# The Python CDK packages generated projects pin (requirements.txt); the designer's dev dependencies pin the same.
AWS_CDK_LIB = "2.275.0"
CONSTRUCTS = "10.8.1"
CDK_NAG = "3.0.2"
RETENTION_MEMBERS = [
    (0, "INFINITE"), (1, "ONE_DAY"), (3, "THREE_DAYS"), (5, "FIVE_DAYS"), (7, "ONE_WEEK"), (14, "TWO_WEEKS"),
    (30, "ONE_MONTH"), (60, "TWO_MONTHS"), (90, "THREE_MONTHS"), (120, "FOUR_MONTHS"), (150, "FIVE_MONTHS"),
    (180, "SIX_MONTHS"), (365, "ONE_YEAR"), (400, "THIRTEEN_MONTHS"), (545, "EIGHTEEN_MONTHS"), (731, "TWO_YEARS"),
    (1096, "THREE_YEARS"), (1827, "FIVE_YEARS"), (2192, "SIX_YEARS"), (2557, "SEVEN_YEARS"),
    (2922, "EIGHT_YEARS"), (3288, "NINE_YEARS"), (3653, "TEN_YEARS"),
]


def _sn(text: str) -> str:
    """`ProcessorStreamDLQ` -> `processor_stream_dlq`."""
    return py_var(text.replace("DLQ", "Dlq"))


def _imports(plan: CdkPlan) -> list[str]:
    design = plan.design
    kinds = {c.kind for c in design.components}
    triggers = {t.kind for t in plan.triggers}
    modules: list[tuple[str, str]] = []  # (module, alias)
    lines: list[str] = []
    if "http_api" in kinds:
        lines.append("import json")
        modules += [("aws_apigatewayv2", "apigwv2"), ("aws_apigatewayv2_integrations", "integrations")]
        if any(isinstance(a, HttpApi) and a.auth != "none" for a in plan.apis):
            modules.append(("aws_apigatewayv2_authorizers", "authorizers"))
    if "rest_api" in kinds:
        lines.append("import json")
        modules.append(("aws_apigateway", "apigw"))
    if any(getattr(c, "username", None) is not None for c in design.components):  # a JSON secret's template
        lines.append("import json")
    if "user_pool" in kinds:
        modules.append(("aws_cognito", "cognito"))
    if "table" in kinds:
        modules.append(("aws_dynamodb", "dynamodb"))
    if "event_bus" in kinds:
        modules.append(("aws_events", "events"))
    if "eventbridge" in triggers:
        modules.append(("aws_events_targets", "targets"))
    if plan.functions:
        modules += [("aws_iam", "iam"), ("aws_lambda", "lambda_"), ("aws_ssm", "ssm")]
    elif plan.pipes or plan.boundary:
        modules.append(("aws_iam", "iam"))
    if plan.pipes:
        modules.append(("aws_pipes", "pipes"))
    if plan.distributions:
        modules += [("aws_cloudfront", "cloudfront"), ("aws_cloudfront_origins", "origins")]
    if "stream" in kinds:
        modules.append(("aws_kinesis", "kinesis"))
    if "topic" in kinds or plan.kms:
        modules.append(("aws_kms", "kms"))
    if triggers & {"sqs", "dynamodb", "kinesis", "s3"}:
        modules.append(("aws_lambda_event_sources", "event_sources"))
    if "bucket" in kinds:
        modules.append(("aws_s3", "s3"))
    if "schedule" in triggers:
        modules += [("aws_scheduler", "scheduler"), ("aws_scheduler_targets", "scheduler_targets")]
    if "secret" in kinds or any(f.plan.shape == "authorizer" for f in plan.functions):
        modules.append(("aws_secretsmanager", "secretsmanager"))
    if "sns" in triggers:
        modules.append(("aws_sns_subscriptions", "subscriptions"))
    if "state_machine" in kinds:
        modules.append(("aws_stepfunctions", "sfn"))
    lines += [f"from aws_cdk import {module} as {alias}" for module, alias in modules]
    lines += ["from __future__ import annotations", "from pathlib import Path", "from typing import Any",
              "import aws_cdk as cdk",
              "from aws_cdk import Acknowledgment, Validations", "from constructs import Construct, IConstruct"]
    lines += [f"from aws_cdk import aws_{m} as {m}" for m in ("cloudwatch", "logs", "sns", "sqs")]
    lines.append("from aws_cdk import aws_cloudwatch_actions as cloudwatch_actions")
    lines = [line for line in lines if line != "from typing import Any"] + ["from typing import Any, cast"]
    return lines


def import_block(lines: list[str], first_party: str) -> str:
    """Import lines sorted as ruff's isort rules want them (sections; plain imports before `from` imports)."""
    import sys

    def section(module: str) -> int:
        top = module.split(".")[0]
        if top == "__future__":
            return 0
        if top in sys.stdlib_module_names:
            return 1
        return 3 if top == first_party else 2

    def key(line: str) -> tuple[int, int, str, tuple[int, str]]:
        words = line.split()
        module = words[1]
        if words[0] == "import":
            return section(module), 0, module.lower(), (0, "")
        first = words[3].rstrip(",")
        kind = 0 if first.isupper() and len(first) > 1 else 1 if first[:1].isupper() else 2
        return section(module), 1, module.lower(), (kind, first.lower())

    ordered = sorted(set(lines), key=key)
    out: list[str] = []
    for index, line in enumerate(ordered):
        if index and key(line)[0] != key(ordered[index - 1])[0]:
            out.append("")
        out.append(line)
    return "\n".join(out)


def _py_pattern(pattern: dict[str, Any]) -> str:
    converted = event_pattern(pattern)
    return ", ".join(f"{snake(_camel_to_snake(key))}={json.dumps(value, sort_keys=True)}"
                     for key, value in converted.items())


def _camel_to_snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)


def render_stack(design: Design, plan: CdkPlan) -> str:
    machine_names = {m.name: state_machine_name(design, m.name) for m in design.components
                     if isinstance(m, StateMachine)}

    def cors_methods(api: Any) -> list[str]:
        methods = {m for m, _p, _t in plan.routes[api.name]}
        return ["ANY"] if "ANY" in methods else sorted(methods | {"OPTIONS"})

    source = render_template(
        "cdk_python/stack.py.j2", plan=plan, imports=import_block(_imports(plan), ""), sn=_sn,
        esm=partial(esm_py, plan),
        machine_names=machine_names,
        py_pattern=_py_pattern, cors_headers=CORS_HEADERS, http_methods=cors_methods, route_id=route_id,
        access_log_format=_py_dict(ACCESS_LOG_FORMAT),
        rest_access_log_format=_py_dict(rest_logging.ACCESS_LOG_FORMAT), rest_logging=rest_logging,
        retention_members=RETENTION_MEMBERS,
        powertools_version=versions.POWERTOOLS,
        outputs=[(name, ref.py, description) for name, ref, description in outputs(plan)], catalog=COMPONENTS,
        compact_json=compact_json, ruff_str=_ruff_str, kms_ids=KMS_KEY_IDS, eni_reason=organisation.ENI_REASON,
        eni_actions=organisation.ENI_ACTIONS, kms_actions=organisation.KMS_ACTIONS,
        cloudfront=distribution_facts,
    )
    return _tidy(source)


def _ruff_str(value: str) -> str:
    """A Python string literal quoted as ruff format prefers: double quotes unless single ones need fewer escapes."""
    body = json.dumps(value, ensure_ascii=True)[1:-1]
    if '\\"' in body and "'" not in value:
        return "'" + body.replace('\\"', '"') + "'"
    return '"' + body + '"'


def _py_dict(value: dict[str, str]) -> str:
    inner = "".join(f"    {json.dumps(k)}: {json.dumps(v)},\n" for k, v in value.items())
    return "{\n" + inner + "}"


def _tidy(source: str) -> str:
    """At most two blank lines in a row, none before a closing line of a block (as ruff format leaves it)."""
    import re

    return re.sub(r"\n{4,}", "\n\n\n", source)


def render_cdk_python(design: Design) -> FileTree:
    plan = cdk_plan(design)
    package = snake(design.project.name)
    tree = FileTree()
    handlers = render_python_project_files(design)
    for path in handlers:
        if path not in ("requirements-dev.txt",):
            tree.add(path, handlers[path])
    tags = list(organisation.tags(design).items())
    app_imports = ["from __future__ import annotations", "import aws_cdk as cdk",
                   "from cdk_nag import AwsSolutionsChecks", f"from {package}.stack import {plan.stack_class}"]
    tree.add("app.py", render_template("cdk_python/app.py.j2", plan=plan, project=design.project, tags=tags,
                                       package=package, imports=import_block(app_imports, package),
                                       default_environments=default_environments(design)))
    tree.add(f"{package}/__init__.py", "")
    tree.add(f"{package}/stack.py", render_stack(design, plan))
    tree.add("cdk.json", json.dumps({"app": "python3 app.py", "context": cdk_context(design)}, indent=2) + "\n")
    for component in design.components:
        if isinstance(component, StateMachine):
            tree.add(f"statemachine/{component.name}.asl.json", asl.definition_json(design, component))
    test_imports = ["from __future__ import annotations", "import aws_cdk as cdk", "import pytest",
                    "from aws_cdk.assertions import Match, Template", "from cdk_nag import AwsSolutionsChecks",
                    f"from {package}.stack import {plan.stack_class}"]
    tree.add("tests/test_stack.py", _tidy(render_template(
        "cdk_python/test_stack.py.j2", plan=plan, project=design.project, package=package,
        imports=import_block(test_imports, package), environments=organisation.environments(design))),
        ownership="scaffold")
    tree.add("requirements.txt", "".join(f"{line}\n" for line in cdk_requirements()))
    dev = handlers["requirements-dev.txt"].text
    tree.add("requirements-dev.txt", "-r requirements.txt\n" + dev)
    # the `cdk` CLI (npm), pinned with its lockfile: `npm ci && npx cdk synth`
    tree.add("package.json", package_json(name=design.project.name, description="The AWS CDK CLI for this app",
                                          scripts={"synth": "cdk synth", "deploy": "cdk deploy --all"},
                                          dependencies=set(), dev_dependencies={"aws-cdk"}))
    tree.add("package-lock.json", package_lock(name=design.project.name, dependencies=set(),
                                               dev_dependencies={"aws-cdk"}))
    context = {"design": design, "project": design.project, "mermaid": mermaid(design), "ci_path": ci_path(design),
               "package": package,
               "environments": [e.name for e in design.project.environments], "plan": plan,
               "functions": design.functions(), "state_machines": design.of_kind("state_machine")}
    tree.add("README.md", render_template("cdk_python/README.md.j2", **context), ownership="scaffold")
    tree.add(".gitignore", render_template("cdk_python/gitignore.j2", **context), ownership="scaffold")
    tree.add(*ci_file(design, "cdk_python/ci.yml.j2", context))
    return tree


def cdk_requirements() -> list[str]:
    return [f"aws-cdk-lib=={AWS_CDK_LIB}", f"cdk-nag=={CDK_NAG}", f"constructs=={CONSTRUCTS}"]
