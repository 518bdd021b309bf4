"""The Python handler renderer, proven by the real tools.

Every blueprint variant's handlers, sample events and unit tests are written to a temporary directory where
`ruff check`, `ruff format --check`, `mypy` (strict, the generated configuration) and the generated project's
own `pytest` must pass, each in a subprocess with this virtualenv's tools. mypy checks all the projects in one
run (the libraries are analysed once) while the other core runs each project's ruff and pytest. The cheap
structural checks run in-process.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import tomllib
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from generators.blueprints import BLUEPRINTS
from generators.filetree import FileTree
from generators.model import (
    Component,
    Connection,
    Design,
    Durable,
    DurableOperation,
    Function,
    HttpApi,
    Invokes,
    KeyAttribute,
    Project,
    Publishes,
    Queue,
    Routes,
    Schedule,
    Starts,
    StateMachine,
    Table,
    TaskStep,
    Topic,
    Triggers,
    Writes,
)
from generators.renderers.analysis import plan_functions
from generators.renderers.python import render_python_project_files
from generators.renderers.python.imports import format_imports
from generators.writer import write_directory
from tests.engine.variants import DURABLE_WORKFLOW, all_variants, blueprint_options, variant_id, with_org_defaults

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
# The generated tests need no pytest plugin; this virtualenv's own (pytest-django: a Django import each run)
# would only slow every run down.
ENV = {**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}

# The engine's matrix (tests/engine/variants.py: every target covers it), plus the variants that only change
# the handlers: a function URL and a REST API without a table, function-per-route without one, the S3
# processor with idempotency, a stream processor without partial batch responses.
HANDLER_VARIANTS: list[tuple[str, dict[str, Any]]] = [
    ("api", {"front_door": "function-url", "auth": "none", "table": False}),
    ("api", {"front_door": "rest-api", "auth": "none", "handler_style": "function-per-route", "table": False,
             "cors_allow_origins": ["https://app.example.com"]}),
    ("event-processor", {"source": "s3", "idempotency": True}),
    ("event-processor", {"source": "dynamodb-stream", "report_batch_item_failures": False, "idempotency": True}),
    # the durable workflow (Python projects only so far): every SDK action, the approval callback, parallel branches
    # and the API starter; its own tests run the workflow with the durable execution SDK's local test runner
    ("workflow", DURABLE_WORKFLOW),
]
VARIANTS = [*all_variants(), *HANDLER_VARIANTS]


def design_of(blueprint: str, options: dict[str, Any], **project: Any) -> Design:
    design = BLUEPRINTS[blueprint].build(Project(**{"name": "shop", **project}), blueprint_options(options))
    return with_org_defaults(design, options)


def custom_design() -> Design:
    """What no blueprint makes: routes outside CRUD, a FIFO queue, directly invoked publisher and starter, a
    table with a numeric partition key, another region."""
    components: list[Component] = [
        HttpApi(name="api"),
        Function(name="health"),
        Function(name="files"),
        Function(name="orders-get"),
        Queue(name="jobs", fifo=True),
        Function(name="worker"),
        Topic(name="alerts"),
        Function(name="notifier"),
        Function(name="step-one"),
        StateMachine(name="flow", steps=[TaskStep(name="one", function="step-one")]),
        Function(name="kickoff"),
        Function(name="plain"),
        Schedule(name="nightly-schedule"),
        Function(name="nightly"),
        Table(name="runs", partition_key=KeyAttribute(name="epoch", type="N"), sort_key=KeyAttribute(name="run")),
    ]
    connections: list[Connection] = [
        Routes(source="api", target="health", method="GET", path="/health"),
        Routes(source="api", target="files", method="ANY", path="/files/{proxy+}"),
        Routes(source="api", target="orders-get", method="GET", path="/orders/{orderId}"),
        Triggers(source="jobs", target="worker", batch_size=10),
        Publishes(source="notifier", target="alerts"),
        Invokes(source="flow", target="step-one"),
        Starts(source="kickoff", target="flow"),
        Triggers(source="nightly-schedule", target="nightly"),
        Writes(source="nightly", target="runs"),
    ]
    project = Project(name="custom", region="eu-west-1")
    return Design(project=project, components=components, connections=connections)


def durable_wait_design() -> Design:
    """A durable function no blueprint makes: code steps around a one-day wait, an unconditional callback and a map
    over the input's items, on a schedule (the generated tests shorten the wait to a second)."""
    workflow = Function(name="nightly-flow", durable=Durable(execution_timeout_s=3 * 86400, operations=[
        DurableOperation(name="prepare"),
        DurableOperation(type="wait", name="cool-off", seconds=86400),
        DurableOperation(type="callback", name="sign-off", seconds=3600),
        DurableOperation(type="map", name="per-item"),
        DurableOperation(name="finish", retry_max_attempts=5),
    ]))
    components: list[Component] = [Schedule(name="nightly"), workflow]
    return Design(project=Project(name="custom"), components=components,
                  connections=[Triggers(source="nightly", target="nightly-flow")])


DESIGNS: list[tuple[str, Callable[[], Design]]] = [
    *((variant_id(bp, options), partial(design_of, bp, options)) for bp, options in VARIANTS),
    ("custom:routes,fifo,direct,numeric-key,eu-west-1", custom_design),
    ("custom:durable-wait-and-callback", durable_wait_design),
]
IDS = [ident for ident, _ in DESIGNS]


# -- the real tools, once per variant -----------------------------------------------------------------------

PER_PROJECT: list[tuple[str, list[str]]] = [
    ("ruff check", [str(BIN / "ruff"), "check", "--no-cache", "."]),
    ("ruff format --check", [str(BIN / "ruff"), "format", "--check", "--diff", "--no-cache", "."]),
    ("pytest", [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]),
]


def run(name: str, command: list[str], cwd: Path) -> str | None:
    """None when the command succeeds, else what it printed."""
    result = subprocess.run(command, cwd=cwd, env=ENV, capture_output=True, text=True, timeout=600, check=False)
    return None if result.returncode == 0 else f"$ {name}\n{result.stdout[-6000:]}{result.stderr[-2000:]}"


def mypy_all(root: Path, projects: dict[int, Path]) -> dict[int, str]:
    """`mypy src tests` for every project in one run, so the libraries are analysed once, not once per project.

    The projects are folders `v<n>/` of one root, and mypy names modules from the root (explicit package
    bases), so `v3.src.router.app` cannot clash with `v7.src.router.app`; the tests' relative imports of
    `..support` resolve inside their own project. The configuration is the generated one, shared by all.
    """
    first = next(iter(projects.values()))
    config = (first / "pyproject.toml").read_text()
    assert all((p / "pyproject.toml").read_text() == config for p in projects.values()), "configs differ: run apart"
    paths = [f"{project.name}/{folder}" for project in projects.values() for folder in ("src", "tests")]
    command = [str(BIN / "mypy"), "--config-file", str(first / "pyproject.toml"), "--no-pretty", *paths]
    result = subprocess.run(command, cwd=root, env=ENV, capture_output=True, text=True, timeout=900, check=False)
    report: dict[int, str] = {}
    for index, project in projects.items():
        lines = [line for line in result.stdout.splitlines() if line.startswith(f"{project.name}/")]
        if lines or (result.returncode != 0 and "error:" not in result.stdout):
            report[index] = "$ mypy src tests\n" + ("\n".join(lines) or result.stdout[-4000:] + result.stderr[-2000:])
    return report


@pytest.fixture(scope="session")
def validity(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[[int], list[str]]]:
    """Writes every selected variant, then runs mypy over all of them in one process while the other core runs
    each project's ruff and pytest; a variant's result is every check that failed for it."""
    selected = sorted(
        {
            variant
            for item in request.session.items
            if isinstance(item, pytest.Function)
            and item.originalname == "test_the_generated_project_passes_ruff_mypy_and_its_own_tests"
            and isinstance(variant := item.callspec.params["variant"], int)
        }
    )
    root = tmp_path_factory.mktemp("projects")
    projects = {}
    for index in selected:
        projects[index] = root / f"v{index}"
        write_directory(render_python_project_files(DESIGNS[index][1]()), projects[index])

    def checks(index: int) -> list[str]:
        return [failure for name, command in PER_PROJECT if (failure := run(name, command, projects[index]))]

    with ThreadPoolExecutor(max_workers=2) as pool:
        typing = pool.submit(mypy_all, root, projects)
        per_project = {index: pool.submit(checks, index) for index in selected}

        def failures(index: int) -> list[str]:
            found = per_project[index].result(timeout=900)
            mypy = typing.result(timeout=900).get(index)
            return found + ([mypy] if mypy else [])

        yield failures
        for future in per_project.values():
            future.cancel()


@pytest.mark.parametrize("variant", range(len(DESIGNS)), ids=IDS)
def test_the_generated_project_passes_ruff_mypy_and_its_own_tests(
    variant: int, validity: Callable[[int], list[str]]
) -> None:
    failures = validity(variant)

    assert not failures, "\n\n".join(failures)


def long_named_designs() -> list[Design]:
    """Names at their length limits: generated lines must still fit ruff's 120 columns."""
    name = "aaaaaaaaa-bbbbbbbbb-ccccccccc"  # 29: consumer, step and resource names allow 30
    project = {"name": "p" * 30 + "-qqqqqqqqq"}
    return [
        design_of(
            "api",
            {
                "resources": [{"name": name}],
                "handler_style": "function-per-route",
                "front_door": "rest-api",
                "auth": "lambda-authorizer",
                "cors_allow_origins": ["https://a-long-subdomain-for-testing.example-company-domain.com:8443"],
            },
            **project,
        ),
        design_of(
            "fan-out",
            {
                "channel": "eventbridge",
                "publisher": "api",
                "consumers": [
                    {"name": name, "event_types": ["x" * 64], "sqs_buffer": True},
                    {"name": name[:-1] + "d", "event_types": ["y" * 64]},
                ],
            },
            **project,
        ),
        design_of(
            "workflow",
            {
                "steps": [{"name": name}, {"name": name[:-1] + "e", "action": "sns-publish"}],
                "human_approval": True,
                "parallel_branches": [name[:-1] + "f"],
            },
            **project,
        ),
        design_of(
            "event-processor",
            {"source": "s3", "prefix": "u" * 200 + "/", "suffix": ".longsuffix", "idempotency": True},
            **project,
        ),
    ]


def test_long_names_still_fit_the_line_length(tmp_path: Path) -> None:
    for index, design in enumerate(long_named_designs()):
        write_directory(render_python_project_files(design), tmp_path / str(index))
    for name, command in PER_PROJECT[:2]:  # ruff check, ruff format --check: each project has its own pyproject
        result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False)
        assert result.returncode == 0, f"$ {name}\n{result.stdout[-4000:]}{result.stderr[-2000:]}"


# -- structure, in-process ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def trees() -> dict[str, tuple[Design, FileTree]]:
    result = {}
    for ident, build in DESIGNS:
        design = build()
        result[ident] = (design, render_python_project_files(design))
    return result


def test_the_same_design_renders_the_same_bytes(trees: dict[str, tuple[Design, FileTree]]) -> None:
    for ident, (design, tree) in trees.items():
        again = render_python_project_files(design)
        assert list(again) == list(tree), ident
        assert all(again[path].content == tree[path].content for path in tree), ident


def test_every_function_gets_a_handler_a_sample_event_and_a_unit_test(
    trees: dict[str, tuple[Design, FileTree]],
) -> None:
    for ident, (design, tree) in trees.items():
        for plan in plan_functions(design):
            for path in (
                f"src/{plan.module}/app.py",
                f"src/{plan.module}/__init__.py",
                f"src/{plan.module}/requirements.txt",
                f"events/{plan.module}.json",
                f"tests/unit/test_{plan.module}.py",
            ):
                assert path in tree, f"{ident}: {path}"
        for path in ("tests/conftest.py", "tests/support.py", "requirements-dev.txt", "pyproject.toml"):
            assert path in tree, f"{ident}: {path}"


def test_nothing_infrastructure_specific_is_written(trees: dict[str, tuple[Design, FileTree]]) -> None:
    for ident, (_, tree) in trees.items():
        for path in tree:
            assert path.split("/")[0] in ("src", "events", "tests", "requirements-dev.txt", "pyproject.toml"), (
                f"{ident}: {path}"
            )


def test_handlers_read_exactly_the_environment_the_infrastructure_sets(
    trees: dict[str, tuple[Design, FileTree]],
) -> None:
    for ident, (design, tree) in trees.items():
        conftest = tree.text("tests/conftest.py")
        for plan in plan_functions(design):
            source = tree.text(f"src/{plan.module}/app.py")
            settings = re.search(r"class Settings\(BaseModel\):(.*?)\n\n\n", source, re.DOTALL)
            assert settings is not None, ident
            read = {name.upper() for name in re.findall(r"^    (\w+): \w+$", settings.group(1), re.MULTILINE)}
            extra = {"ENVIRONMENT"} | {"s3": {"OUTPUT_PREFIX"}, "authorizer": {"TOKEN_SECRET_ARN"}}.get(
                plan.shape, set()
            )
            assert read == {env.name for env in plan.env} | extra, f"{ident}: {plan.name}"
            for name in read:
                assert f'"{name}":' in conftest, f"{ident}: conftest does not set {name}"


def test_user_text_never_becomes_code() -> None:
    # `${` is refused by the model (CloudFormation would read it as a substitution: test_hostile_text.py); a
    # dollar sign and a Python format field are still ordinary text here
    nasty = 'say "hi"\\ {{ x }} $y {y} """ \' # newline'
    document = design_of("api", {"auth": "lambda-authorizer"}, description=nasty).model_dump()
    for component in document["components"]:
        component["description"] = nasty
    tree = render_python_project_files(Design.model_validate(document))
    for path in tree:
        assert nasty not in tree.text(path), path
        if path.endswith(".py"):
            ast.parse(tree.text(path), filename=path)


def test_runtime_requirements_are_pinned_and_leave_boto3_to_the_lambda_runtime(
    trees: dict[str, tuple[Design, FileTree]],
) -> None:
    for ident, (_, tree) in trees.items():
        for path in tree:
            if path.startswith("src/") and path.endswith("requirements.txt"):
                pins = [line for line in tree.text(path).splitlines() if line and not line.startswith("#")]
                assert pins, f"{ident}: {path}"
                assert all(re.match(r"^[\w.\[\],-]+==[\w.]+$", pin) for pin in pins), f"{ident}: {path}"
                assert not any(pin.startswith(("boto3", "botocore")) for pin in pins), f"{ident}: {path}"


def _requirement(spec: str) -> tuple[str, str]:
    name, version = spec.split("==")
    return re.sub(r"\[.*\]", "", name).lower().replace("_", "-"), version


def test_the_designer_installs_every_dev_requirement_at_its_exact_version(
    trees: dict[str, tuple[Design, FileTree]],
) -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    dev = dict(_requirement(spec) for spec in pyproject["project"]["optional-dependencies"]["dev"])
    for ident, (_, tree) in trees.items():
        for line in tree.text("requirements-dev.txt").splitlines():
            if line and not line.startswith("#"):
                name, version = _requirement(line)
                assert dev.get(name) == version, f"{ident}: {line} is not in pyproject.toml's dev dependencies"


# -- import sorting ---------------------------------------------------------------------------------------


def test_imports_are_grouped_and_ordered_as_ruff_sorts_them() -> None:
    lines = [
        "from pydantic import Field, BaseModel",
        "import os",
        "from tests.support import load_handler",
        "from __future__ import annotations",
        "from datetime import datetime, UTC",
        "import boto3",
        "from aws_lambda_powertools.utilities.batch import process_partial_response, EventType, BatchProcessor",
        "import json",
    ]

    assert format_imports(lines, first_party=["tests"]) == "\n".join(
        [
            "from __future__ import annotations",
            "",
            "import json",
            "import os",
            "from datetime import UTC, datetime",
            "",
            "import boto3",
            "from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response",
            "from pydantic import BaseModel, Field",
            "",
            "from tests.support import load_handler",
        ]
    )


def test_a_long_import_is_wrapped_one_name_per_line() -> None:
    block = format_imports(
        [
            "from a_rather_long_module_name.with_a_submodule.and_another import "
            + ", ".join(f"Name{i}" for i in range(12))
        ]
    )

    assert block.splitlines()[0].endswith("import (")
    assert block.splitlines()[1] == "    Name0,"
    assert block.splitlines()[-1] == ")"
