"""The AWS resources the generated unit tests create under moto, and the environment that points handlers at them.

Handlers read resource names, ARNs and URLs from environment variables at import time, so `tests/conftest.py`
sets every variable before any handler is imported; the tests then create the resources those values name.
"""

from __future__ import annotations

from generators.model import Design
from generators.renderers.analysis import FunctionPlan

ACCOUNT = "123456789012"  # moto's default account
AUTHORIZER_SECRET = "authorizer-token"


def physical_name(design: Design, component: str) -> str:
    """The resource's name in the tests: the component's name (buckets get a prefix: S3 wants 3+ characters)."""
    kind = design.component(component).kind
    return f"test-{component}" if kind == "bucket" else component


def env_value(design: Design, component: str, attribute: str) -> str:
    region = design.project.region
    kind = design.component(component).kind
    name = physical_name(design, component)
    if attribute == "url":
        return f"https://sqs.{region}.amazonaws.com/{ACCOUNT}/{name}"
    if attribute == "arn":
        service = {"topic": "sns", "state_machine": "states", "secret": "secretsmanager"}.get(kind, kind)
        middle = {"state_machine": "stateMachine:", "secret": "secret:"}.get(kind, "")
        return f"arn:aws:{service}:{region}:{ACCOUNT}:{middle}{name}"
    return name


def secret_arn(design: Design) -> str:
    return f"arn:aws:secretsmanager:{design.project.region}:{ACCOUNT}:secret:{AUTHORIZER_SECRET}"


def test_environment(design: Design, plans: list[FunctionPlan]) -> dict[str, str]:
    """Every variable the infrastructure sets on the functions, with values that name the moto resources."""
    env: dict[str, str] = {}
    for plan in plans:
        for var in plan.env:
            env[var.name] = env_value(design, var.component, var.attribute)
        if plan.shape == "s3":
            env["OUTPUT_PREFIX"] = "processed/"
        if plan.shape == "authorizer":
            env["TOKEN_SECRET_ARN"] = secret_arn(design)
    return dict(sorted(env.items()))
