"""The deployable template of an API design in each of the four targets, and reading IAM and references in it.

SAM templates go through the SAM transform; CDK projects are synthesized with `cdk synth` (cdk-nag runs in the
app, so an unacknowledged finding fails the synth), a batch of designs per target, two projects at a time.
Shared by the least-privilege and REST access-log tests, so each CDK project is synthesized once per session.
"""

from __future__ import annotations

import atexit
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

from generators.model import Design
from generators.renderers import render
from tests.engine import matrix
from tests.engine.node import link_node_modules, npx, run, run_all
from tests.engine.projects import write_project
from tests.engine.validators import cfn_lint_problems, sam_transform
from tests.engine.variants import build

TARGETS = ("sam-python", "sam-typescript", "cdk-typescript", "cdk-python")
IAC_LANGUAGE = {"sam-python": ("sam", "python"), "sam-typescript": ("sam", "typescript"),
                "cdk-typescript": ("cdk", "typescript"), "cdk-python": ("cdk", "python")}

# the designs synthesized with CDK (a synth costs tens of seconds): every front door, both handler styles, every
# authorizer, CORS on and off, and a resource with only some operations
CDK_BATCH: tuple[dict[str, Any], ...] = (
    {"front_door": "rest-api", "handler_style": "function-per-route", "auth": "lambda-authorizer"},
    {"front_door": "http-api", "handler_style": "function-per-route", "auth": "jwt",
     "cors_allow_origins": ["https://app.example.com"]},
    {"front_door": "rest-api", "auth": "jwt", "cors_allow_origins": ["https://app.example.com"]},
    {"front_door": "function-url", "auth": "iam"},
    {"front_door": "rest-api", "handler_style": "function-per-route", "auth": "iam",
     "resources": [{"name": "orders", "operations": ["list", "delete"]}, {"name": "notes", "operations": ["update"]}]},
)


def design(target: str, options: dict[str, Any], index: int = 0) -> Design:
    iac, language = IAC_LANGUAGE[target]
    return build("api", options, language=language, iac=iac, name=f"shop{index}")


@cache
def _root() -> Path:
    root = Path(tempfile.mkdtemp(prefix="designer-api-templates-"))
    atexit.register(shutil.rmtree, root, True)
    return root


@cache
def cdk_templates(target: str) -> tuple[dict[str, Any], ...]:
    """The prod stack `cdk synth` writes for each design of CDK_BATCH (the synth must pass, cdk-nag included, and
    cfn-lint must find no error in it)."""
    base = _root() / target
    shutil.rmtree(base, ignore_errors=True)
    projects = [write_project(design(target, options, index), base / f"p{index}")
                for index, options in enumerate(CDK_BATCH)]

    def synth(project: Path) -> list[Any]:
        if target == "cdk-python":
            env = matrix._python_env()
            return [run("synth", [npx("cdk"), *matrix.CDK_SYNTH, "-c", "environment=prod", "--app",
                                  f"{matrix.BIN / 'python'} app.py"], project, env)]
        link_node_modules(project)
        return [run("synth", [npx("cdk"), *matrix.CDK_SYNTH, "-c", "environment=prod"], project)]

    results = run_all(projects, synth)
    templates = []
    for project in projects:
        step = results[project].step("synth")
        assert step.ok, f"{target} {project.name}: {step.output}"
        template = matrix.synthesized(project)
        errors = [p for p in cfn_lint_problems(template) if p.startswith("E")]
        assert errors == [], f"{target} {project.name}: {errors}"
        templates.append(template)
    return tuple(templates)


def sam_template(target: str, options: dict[str, Any]) -> dict[str, Any]:
    """The transformed SAM template (what CloudFormation deploys), checked by cfn-lint first."""
    text = render(design(target, options)).text("template.yaml")
    assert cfn_lint_problems(text) == []
    return sam_transform(text)


def references(value: Any) -> set[str]:
    """Every logical id a value refers to, in any form: Ref, Fn::GetAtt (list or dotted string), Fn::Sub
    (`${Id}`, `${Id.Attr}`, with or without a variable map) and anything nested in Fn::Join, Fn::Select..."""
    found: set[str] = set()
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "Ref" and isinstance(inner, str):
                found.add(inner)
            elif key == "Fn::GetAtt":
                found.add(inner[0] if isinstance(inner, list) else str(inner).split(".")[0])
            elif key == "Fn::Sub":
                text, variables = (inner[0], inner[1]) if isinstance(inner, list) else (inner, {})
                names = {m.split(".")[0] for m in re.findall(r"\$\{([^}!]+)\}", text)}
                found |= {n for n in names if n not in variables and not n.startswith("AWS::")}
                found |= references(variables)
            else:
                found |= references(inner)
    elif isinstance(value, list):
        for inner in value:
            found |= references(inner)
    return {ident for ident in found if not ident.startswith("AWS::")}


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def role_statements(resources: dict[str, Any], role: str) -> Iterator[dict[str, Any]]:
    """Every Allow statement a role holds: its inline policies and the AWS::IAM::Policy resources attached to it."""
    documents: list[Any] = [p["PolicyDocument"] for p in resources[role]["Properties"].get("Policies", [])]
    for resource in resources.values():
        attached = role in references(resource.get("Properties", {}).get("Roles", []))
        if resource["Type"] in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy") and attached:
            documents.append(resource["Properties"]["PolicyDocument"])
    for document in documents:
        for statement in as_list(document["Statement"]):
            if statement.get("Effect") == "Allow":
                yield statement


def of_type(resources: dict[str, Any], *types: str) -> Iterable[tuple[str, dict[str, Any]]]:
    return ((name, r) for name, r in resources.items() if r["Type"] in types)
