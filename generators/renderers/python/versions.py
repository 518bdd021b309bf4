"""Exact versions the generated Python projects pin.

They equal the designer's own pins (pyproject.toml), so the validity tests run every generated project's
linters and tests in the designer's virtualenv; a test keeps the two in step.
"""

from __future__ import annotations

POWERTOOLS = "3.37.0"
PYDANTIC = "2.13.5"
BOTO3 = "1.44.5"
MOTO = "5.2.5"
PYTEST = "9.2.0"
RUFF = "0.17.6"
MYPY = "2.4.1"
JSONSCHEMA = "4.26.0"
DURABLE_SDK = "3.0.0"
DURABLE_TESTING = "1.4.0"

# Runtime dependencies of every function (boto3/botocore ship with the Lambda runtime, so they are not listed).
RUNTIME = (f"aws-lambda-powertools[tracer]=={POWERTOOLS}", f"pydantic=={PYDANTIC}")
# a durable function ships the SDK pinned (python3.13 has one pre-installed, but not this exact version)
DURABLE_RUNTIME = (*RUNTIME, f"aws-durable-execution-sdk-python=={DURABLE_SDK}")


def dev_requirements(moto_services: list[str], *, jsonschema: bool = False, durable: bool = False) -> list[str]:
    """Everything the unit tests, ruff and mypy import or run, pinned exactly (jsonschema: for the contract tests
    of producers, which validate what they publish against the contract's JSON Schema; durable: the durable
    execution SDK and its local test runner)."""
    moto = f"moto[{','.join(sorted(moto_services))}]=={MOTO}" if moto_services else f"moto=={MOTO}"
    extra = [f"jsonschema=={JSONSCHEMA}"] if jsonschema else []
    if durable:
        extra += [f"aws-durable-execution-sdk-python=={DURABLE_SDK}",
                  f"aws-durable-execution-sdk-python-testing=={DURABLE_TESTING}"]
    return sorted([*RUNTIME, f"boto3=={BOTO3}", moto, f"pytest=={PYTEST}", f"ruff=={RUFF}", f"mypy=={MYPY}", *extra],
                  key=str.lower)
