"""render_python_project_files(design) -> FileTree: handlers, sample events, unit tests and tool configuration."""

from __future__ import annotations

import re

from generators.filetree import FileTree
from generators.model import Design
from generators.renderers.analysis import plan_functions
from generators.renderers.contracts import contract_files, python_contract_context
from generators.renderers.jinja import py_str, render_template
from generators.renderers.python import versions
from generators.renderers.python.events import S3_OBJECT_BODY, consumer_event_type, s3_key, sample_event_json
from generators.renderers.python.http_events import SAMPLE_TOKEN, sample_op
from generators.renderers.python.imports import sort_import_block
from generators.renderers.python.resources import AUTHORIZER_SECRET, physical_name, test_environment
from generators.renderers.python.specs import HandlerSpec, handler_specs

TEMPLATES = "python"
_EXTRA_BLANK_LINES = re.compile(r"\n{4,}")


def moto_services(specs: list[HandlerSpec]) -> list[str]:
    """The moto extras the unit tests need: one per AWS service the handlers (or their tests) call."""
    services: set[str] = set()
    for spec in specs:
        if spec.data_table or spec.idempotency:
            services.add("dynamodb")
        if spec.template == "s3" or spec.job_bucket:
            services.add("s3")
        if spec.channel is not None:
            services |= {"sqs", "sns" if spec.channel.kind == "topic" else "events"}
        if spec.workflow is not None and spec.workflow_kind == "state_machine":
            services.add("stepfunctions")
        for op in spec.durable:
            services |= {"dynamodb_put": {"dynamodb"}, "sns_publish": {"sns", "sqs"},
                         "eventbridge_put": {"events", "sqs"}}.get(op.op.action, set())
        if spec.template in ("authorizer_http", "authorizer_rest") or spec.secrets:
            services.add("secretsmanager")
    return sorted(services)


def _render(name: str, first_party: list[str], **context: object) -> str:
    """A Python module from its template: imports sorted, and at most two blank lines in a row (conditional
    template sections may leave more, which ruff format would remove)."""
    source = sort_import_block(render_template(f"{TEMPLATES}/{name}", **context), first_party)
    return _EXTRA_BLANK_LINES.sub("\n\n\n", source)


def render_python_project_files(design: Design) -> FileTree:
    tree = FileTree()
    plans = plan_functions(design)
    specs = handler_specs(design, plans)
    first_party = ["tests"]
    services = moto_services(specs)
    for spec in specs:
        context: dict[str, object] = {"spec": spec, "design": design, "project": design.project}
        if spec.contracts or spec.produces:
            context.update(python_contract_context(spec.contracts or spec.produces, consumer=bool(spec.contracts)))
        base = f"src/{spec.module}"
        tree.add(f"{base}/__init__.py", "")
        # handlers, their sample events and tests are scaffold: written once, then the team's own code
        tree.add(f"{base}/app.py", _render(f"handlers/{spec.template}.py.j2", [], **context), ownership="scaffold")
        tree.add(f"{base}/requirements.txt", render_template(f"{TEMPLATES}/project/requirements.txt.j2",
                                                             requirements=versions.DURABLE_RUNTIME if spec.durable
                                                             else versions.RUNTIME, spec=spec))
        tree.add(f"events/{spec.module}.json", sample_event_json(design, spec), ownership="scaffold")
        test_context = {
            **context, "names": {c.name: physical_name(design, c.name) for c in design.components},
            "s3_key_literal": long_string_literal(s3_key(spec)), "s3_body": S3_OBJECT_BODY,
            "token": SAMPLE_TOKEN, "secret": AUTHORIZER_SECRET, "event_type": _consumer_event_type(design, spec),
        }
        if spec.template == "api":
            test_context.update(sample=sample_op(spec), sample_status=_sample_status(spec))
        tree.add(f"tests/unit/test_{spec.module}.py",
                 _render(f"tests/{spec.template}.py.j2", first_party, **test_context), ownership="scaffold")
        if spec.secrets:
            tree.add(f"tests/unit/test_{spec.module}_secrets.py",
                     _render("tests/secrets.py.j2", first_party, **test_context), ownership="scaffold")
        if spec.contracts or spec.produces:
            tree.add(f"tests/unit/test_contracts_{spec.module}.py",
                     _render("tests/contracts.py.j2", first_party, **test_context))
    tree.merge(contract_files(design))
    tree.add("tests/__init__.py", "")
    tree.add("tests/support.py", _render("tests/support.py.j2", []))
    tree.add("tests/unit/__init__.py", "")
    tree.add("tests/conftest.py", _render("tests/conftest.py.j2", first_party, project=design.project,
                                          environment=test_environment(design, plans), uses_aws=bool(services)))
    tree.add("requirements-dev.txt", render_template(f"{TEMPLATES}/project/requirements-dev.txt.j2",
                                                     requirements=versions.dev_requirements(
                                                         services, jsonschema=any(s.produces for s in specs),
                                                         durable=any(s.durable for s in specs))))
    tree.add("pyproject.toml", render_template(f"{TEMPLATES}/project/pyproject.toml.j2", project=design.project,
                                                     jsonschema=any(s.produces for s in specs)))
    return tree


def _consumer_event_type(design: Design, spec: HandlerSpec) -> str:
    if spec.template in ("sns", "eventbridge") or spec.upstream is not None:
        return consumer_event_type(design, spec)
    return spec.event_types[0] if spec.event_types else "item.created"


def _sample_status(spec: HandlerSpec) -> int:
    """The status the API answers its sample event with (items it reads are stored first by the test)."""
    operation = sample_op(spec).operation
    stored = spec.data_table is not None and spec.data_table.string_keys
    return {"create": 201, "publish": 202, "start": 202, "delete": 204,
            "get": 200 if stored else 404}.get(operation, 200)


def long_string_literal(value: str, width: int = 80) -> str:
    """A Python string literal that keeps lines short: one literal, or implicitly joined pieces in parentheses.

    Only for text without escapes that could be cut in two (S3 key filters allow letters, digits, !_.*'()/-).
    """
    if len(value) <= width:
        return py_str(value)
    pieces = [value[i:i + width] for i in range(0, len(value), width)]
    return "(\n" + "".join(f"    {py_str(piece)}\n" for piece in pieces) + ")"
