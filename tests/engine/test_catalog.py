"""The kind catalog is complete, consistent with the model, printed by `kinds`, and documented."""

from __future__ import annotations

import json
import typing

import pytest
from pydantic import TypeAdapter

from generators import cli
from generators.catalog import COMPONENTS, CONNECTIONS, as_dict, docs, triples
from generators.model import COMPONENT_KINDS, Component
from generators.model.connections import Connection
from generators.model.names import pascal
from generators.renderers import render
from tests.engine.pairs import batched_design


def _model_connection_kinds() -> set[str]:
    union = typing.get_args(typing.get_args(Connection)[0])
    return {member.model_fields["kind"].default for member in union}


def test_every_model_component_kind_has_exactly_one_catalog_row() -> None:
    assert list(COMPONENTS) == list(COMPONENT_KINDS)


def test_every_model_connection_kind_has_exactly_one_catalog_row() -> None:
    assert set(CONNECTIONS) == _model_connection_kinds()


def test_every_pair_names_known_kinds_and_says_what_it_generates() -> None:
    for row in CONNECTIONS.values():
        assert len(set(row.pairs)) == len(row.pairs), row.kind
        assert set(row.generates) == set(row.pairs), row.kind
        for source, target in row.pairs:
            assert source in COMPONENTS, (row.kind, source)
            assert target in COMPONENTS, (row.kind, target)
        for (_source, target), level in row.access.items():
            assert level in COMPONENTS[target].access, f"{row.kind}: a {target} has no {level} access"


def test_every_kind_a_function_can_reach_has_an_env_var_and_an_sdk_client() -> None:
    for kind, source, target in triples():
        if source == "function" and kind in ("reads", "writes", "publishes", "invokes", "starts"):
            row = COMPONENTS[target]
            assert row.env_suffix, target
            assert row.sdk is not None, target


@pytest.mark.parametrize("kind", list(COMPONENT_KINDS))
def test_a_component_is_valid_with_only_its_kind_and_name(kind: str) -> None:
    """Every setting has a default (graph rules, such as a function URL routing to one function, still apply)."""
    component = TypeAdapter(Component).validate_python({"kind": kind, "name": "only"})
    assert component.kind == kind


@pytest.mark.parametrize(("kind", "source", "target"), triples(), ids=["-".join(t) for t in triples()])
def test_every_allowed_pair_loads_and_renders_in_every_target(kind: str, source: str, target: str) -> None:
    """Two components with only kind and name, one connection (the matrix test proves them with real tools)."""
    for iac in ("sam", "cdk"):
        for language in ("python", "typescript"):
            design = batched_design([(kind, source, target)], name="pair", iac=iac, language=language)
            tree = render(design)
            infrastructure = "".join(tree.text(path) for path in tree
                                     if path == "template.yaml" or path.endswith(("-stack.ts", "/stack.py")))
            for component in design.components:  # each component is printed by the target (no kind dropped)
                assert pascal(component.name) in infrastructure, (iac, language, component.kind)


def test_kinds_prints_the_catalog_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["kinds", "--format", "json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == json.loads(json.dumps(as_dict()))
    assert [c["kind"] for c in printed["components"]] == list(COMPONENT_KINDS)
    routes = next(c for c in printed["connections"] if c["kind"] == "routes")
    assert ["http_api", "function"] in routes["pairs"]


def test_kinds_prints_a_readable_text_listing(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["kinds"]) == 0
    out = capsys.readouterr().out
    assert "queue" in out
    assert "topic -> queue: subscription, resource policy" in out


def test_the_design_format_tables_are_generated_from_the_catalog() -> None:
    current = docs.DOC_PATH.read_text(encoding="utf-8")
    assert current == docs.render(current), "docs/design-format.md is stale: run `python -m generators.catalog.docs`"


def test_every_catalog_kind_has_a_sam_emitter() -> None:
    from generators.renderers.sam.template import EMITTERS

    assert set(EMITTERS) == set(COMPONENTS)


def test_every_catalog_kind_with_attributes_has_a_construct_stem_and_a_sam_spec_for_each() -> None:
    from generators.renderers.cdk.plan import SUFFIX

    for row in COMPONENTS.values():
        assert row.kind in SUFFIX
        for name, attribute in row.attributes.items():
            assert attribute.sam, (row.kind, name)
            assert attribute.cdk, (row.kind, name)
