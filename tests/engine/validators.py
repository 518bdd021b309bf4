"""The real validators, called in-process: the SAM transform (aws-sam-translator) and cfn-lint.

cfn-lint warnings are errors for generated projects except the rule ids in IGNORED_CFN_LINT_RULES, each with
its reason (the one place such exceptions live).
"""

from __future__ import annotations

import copy
import json
import os
from functools import lru_cache
from typing import Any

from cfnlint.api import ManualArgs, lint
from cfnlint.decode.cfn_yaml import loads as cfn_yaml_loads

IGNORED_CFN_LINT_RULES: dict[str, str] = {
    # e.g. "W1234": "why it does not apply to generated templates",
}


def sam_transform(template_text: str, region: str = "us-east-1") -> dict[str, Any]:
    """Run the SAM transform offline (no managed-policy lookups: samtranslator ships its policy map).

    Several tests transform the same template (a matrix project and the kind tests that look into it): the result
    is remembered by text and each caller gets its own copy."""
    return copy.deepcopy(_sam_transform(template_text, region))


@lru_cache(maxsize=32)
def _sam_transform(template_text: str, region: str) -> dict[str, Any]:
    from samtranslator.translator.transform import transform

    os.environ.setdefault("AWS_DEFAULT_REGION", region)
    template = package_locally(cfn_yaml_loads(template_text))
    transformed: dict[str, Any] = transform(json.loads(json.dumps(template)), {}, _NoManagedPolicies())
    return transformed


def package_locally(template: dict[str, Any]) -> dict[str, Any]:
    """What `sam package` does before the transform: local CodeUri/DefinitionUri become S3 URIs."""
    template = json.loads(json.dumps(template))
    for resource in template.get("Resources", {}).values():
        properties = resource.get("Properties", {})
        for key in ("CodeUri", "DefinitionUri"):
            value = properties.get(key)
            if isinstance(value, str) and not value.startswith("s3://"):
                properties[key] = f"s3://artifact-bucket/{value.strip('/').replace('/', '-')}.zip"
    return template


class _NoManagedPolicies:
    """The translator asks for the account's managed policies only for names it does not know."""

    def load(self) -> dict[str, str]:
        return {}


def cfn_lint_problems(template: str | dict[str, Any], region: str = "us-east-1") -> list[str]:
    # ensure_ascii=False: cfn-lint's JSON decoder rejects the surrogate-pair escapes json.dumps writes for emoji
    text = template if isinstance(template, str) else json.dumps(template, ensure_ascii=False)
    return list(_cfn_lint_problems(text, region))


@lru_cache(maxsize=64)
def _cfn_lint_problems(text: str, region: str) -> tuple[str, ...]:
    """The same template text linted twice (by the matrix and a kind test) is linted once."""
    matches = lint(text, config=ManualArgs(regions=[region]))
    problems = []
    for match in matches:
        rule_id = match.rule.id
        if rule_id in IGNORED_CFN_LINT_RULES or rule_id.startswith("I"):
            continue
        problems.append(f"{rule_id} {'/'.join(str(p) for p in match.path)}: {match.message}")
    return tuple(problems)
