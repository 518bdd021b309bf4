"""Projects with event contracts pass every validator, and a breaking schema change fails the consumers' tests.

One fan-out and one event processor per Python target, each with contracts on its channel, are rendered and
checked with cfn-lint (source and transformed), ruff, mypy and their own pytest (which runs the generated
contract tests). Then a required field is removed from a contract: the fixtures regenerated from the new schema
make every consumer built from the old one fail its contract tests, and `contract diff` says it is breaking.
"""

from __future__ import annotations

import copy
import re
import shutil
import sys
from pathlib import Path

import pytest

from generators.contracts import diff_contracts
from generators.model import Design
from tests.engine.contracts.designs import ORDER_CANCELLED, ORDER_CREATED, event_processor, fan_out, with_contracts
from tests.engine.projects import check_python_project, run_tool, write_project
from tests.engine.validators import cfn_lint_problems, sam_transform
from tests.engine.variants import build

BIN = Path(sys.executable).parent
DESIGNS = {
    "fan-out:sns": lambda: fan_out(),
    "fan-out:eventbridge+buffer": lambda: fan_out(
        channel="eventbridge", consumers=[{"name": "audit", "event_types": ["order.created"], "sqs_buffer": True},
                                          {"name": "email", "event_types": ["order.cancelled"]}]),
    "event-processor:queue": lambda: event_processor(),
    "event-processor:kinesis": lambda: event_processor(source="kinesis"),
}


@pytest.mark.parametrize("case", list(DESIGNS))
def test_a_sam_python_project_with_contracts_passes_every_validator(case: str, tmp_path: Path) -> None:
    project = write_project(DESIGNS[case](), tmp_path / "p")
    template = (project / "template.yaml").read_text()

    assert cfn_lint_problems(template) == []
    assert cfn_lint_problems(sam_transform(template)) == []
    assert check_python_project(project) == []
    assert list((project / "tests" / "unit").glob("test_contracts_*.py"))


def test_the_cdk_python_project_has_the_same_handlers_and_contract_tests(tmp_path: Path) -> None:
    sam = write_project(fan_out(), tmp_path / "sam")
    cdk = write_project(fan_out(iac="cdk"), tmp_path / "cdk")

    for path in [*sam.glob("src/*/app.py"), *sam.glob("tests/unit/test_contracts_*.py"), *sam.glob("contracts/*"),
                 *sam.glob("events/contracts/*/*.json")]:
        relative = path.relative_to(sam)
        assert (cdk / relative).read_text() == path.read_text(), relative


def _without_order_id(design: Design) -> Design:
    data = design.model_dump(mode="json")
    for contract in data["contracts"]:
        if contract["name"] == "order.created":
            contract["fields"] = [f for f in contract["fields"] if f["name"] != "order_id"]
    return Design.model_validate(data)


def test_removing_a_required_field_fails_every_affected_consumers_contract_tests(tmp_path: Path) -> None:
    old = fan_out()
    new = _without_order_id(old)
    project = write_project(old, tmp_path / "old")
    regenerated = write_project(new, tmp_path / "new")
    # the producer's side moved to the new schema: its fixtures are what consumers now receive
    shutil.rmtree(project / "events" / "contracts")
    shutil.copytree(regenerated / "events" / "contracts", project / "events" / "contracts")

    result = run_tool([str(BIN / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rf",
                       "tests/unit/test_contracts_billing.py", "tests/unit/test_contracts_shipping.py"], project)

    failed = set(re.findall(r"^FAILED tests/unit/test_contracts_(\w+)\.py::(\w+)\[([^\]]+)\]", result.stdout, re.M))
    consumers = {"billing", "shipping"}  # both subscribe to order.created
    assert result.returncode == 1, result.stdout[-3000:]
    for consumer in consumers:
        assert (consumer, "test_it_accepts_every_valid_event", "order.created/valid-full") in failed
        assert (consumer, "test_it_accepts_every_valid_event", "order.created/valid-required-only") in failed
    assert {c for c, _, event in failed} == consumers
    assert all(event.startswith("order.created/") for _, _, event in failed)  # order.cancelled is untouched
    assert [str(c) for c in diff_contracts(old.contracts, new.contracts) if c.severity == "breaking"] == [
        "breaking: order.created.order_id: required field removed"]


def test_unchanged_contracts_keep_the_consumers_contract_tests_green(tmp_path: Path) -> None:
    """The control for the test above: the same steps with an optional field added pass."""
    changed = copy.deepcopy(ORDER_CREATED)
    changed["fields"].append({"name": "note", "type": "string", "required": False})
    old = fan_out()
    new = with_contracts(build("fan-out", {}), changed, ORDER_CANCELLED)
    project = write_project(old, tmp_path / "old")
    regenerated = write_project(new, tmp_path / "new")
    shutil.rmtree(project / "events" / "contracts")
    shutil.copytree(regenerated / "events" / "contracts", project / "events" / "contracts")

    result = run_tool([str(BIN / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider",
                       "tests/unit/test_contracts_billing.py", "tests/unit/test_contracts_shipping.py"], project)

    assert result.returncode == 0, result.stdout[-3000:]
    assert [c.severity for c in diff_contracts(old.contracts, new.contracts)] == ["compatible"]


TYPESCRIPT = {
    "fan-out:sns": lambda: fan_out(language="typescript"),
    "fan-out:eventbridge+buffer": lambda: fan_out(
        language="typescript", channel="eventbridge",
        consumers=[{"name": "audit", "event_types": ["order.created"], "sqs_buffer": True},
                   {"name": "email", "event_types": ["order.cancelled"]}]),
    "event-processor:queue": lambda: event_processor(language="typescript"),
}


def test_typescript_projects_with_contracts_type_check_and_pass_their_tests(tmp_path: Path) -> None:
    from tests.engine.node import link_node_modules, npx, run

    for case, design in TYPESCRIPT.items():
        project = write_project(design(), tmp_path / case.replace(":", "-"))
        link_node_modules(project)
        assert (project / "src/lib/contracts.ts").is_file()
        assert (project / "tests/contracts.test.ts").is_file()
        for name, args in [("tsc", [npx("tsc"), "--noEmit", "-p", "."]),
                           ("vitest", [npx("vitest"), "run", "--reporter=dot"])]:
            step = run(name, args, project)
            assert step.returncode == 0, f"{case} {name}:\n{step.output[-3000:]}"


def test_a_cdk_typescript_project_with_contracts_type_checks_tests_and_synthesizes(tmp_path: Path) -> None:
    """The CDK app (with cdk-nag's checks) synthesizes; the handlers and contract tests are the SAM target's."""
    from tests.engine.matrix import CDK_SYNTH
    from tests.engine.node import link_node_modules, npx, run

    project = write_project(fan_out(language="typescript", iac="cdk"), tmp_path / "cdk")
    link_node_modules(project)
    for name, args in [("tsc", [npx("tsc"), "--noEmit", "-p", "."]),
                       ("vitest", [npx("vitest"), "run", "--reporter=dot", "tests/contracts.test.ts",
                                   "tests/handlers"]),
                       ("synth", [npx("cdk"), *CDK_SYNTH, "-c", "environment=prod"])]:
        step = run(name, args, project)
        assert step.returncode == 0, f"{name}:\n{step.output[-3000:]}"


def test_a_cdk_python_project_with_contracts_synthesizes(tmp_path: Path) -> None:
    """Its handlers and contract tests are byte-identical to the SAM target's (checked above)."""
    from tests.engine.matrix import CDK_SYNTH, _python_env
    from tests.engine.node import npx, run

    project = write_project(fan_out(iac="cdk"), tmp_path / "cdk")
    step = run("synth", [npx("cdk"), *CDK_SYNTH, "-c", "environment=prod", "--app", f"{BIN / 'python'} app.py"],
               project, _python_env())
    assert step.returncode == 0, step.output[-3000:]
