"""The fast block-YAML writer writes exactly what libyaml writes (through PyYAML) for the same document: on every
variant's template, and on generated documents full of awkward text (quotes, indicators, numbers-as-text, long
lines that fold). What it does not reproduce it must refuse, and `cfn_yaml.dump` then falls back to PyYAML."""

from __future__ import annotations

import string
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generators.renderers import block_yaml, cfn_yaml
from generators.renderers.sam.template import TemplateBuilder
from tests.engine.variants import all_variants, build

VARIANTS = list(all_variants())


@pytest.mark.parametrize(("blueprint", "options"), VARIANTS, ids=[f"{bp}-{i}" for i, (bp, _) in enumerate(VARIANTS)])
def test_every_variant_template_is_written_by_the_fast_writer_exactly_as_pyyaml_would(
        blueprint: str, options: dict[str, Any]) -> None:
    document = TemplateBuilder(build(blueprint, options)).build()
    expected = cfn_yaml.dump_with_pyyaml(document)
    try:
        assert block_yaml.dump(document, tagged=cfn_yaml.Intrinsic) == expected
    except block_yaml.Unsupported:
        # the one thing a variant may hold that the fast writer leaves to PyYAML: multi-line text (the web-app's
        # CloudFront function code, kept readable as a literal block)
        assert _has_multiline_text(document)
        assert cfn_yaml.dump(document) == expected


def _has_multiline_text(node: Any) -> bool:
    if isinstance(node, str):
        return "\n" in node
    if isinstance(node, dict):
        return any(_has_multiline_text(v) for v in node.values())
    if isinstance(node, list | tuple):
        return any(_has_multiline_text(v) for v in node)
    return any(_has_multiline_text(v) for v in vars(node).values()) if hasattr(node, "__dict__") else False


WORDS = st.text(alphabet=string.ascii_letters + string.digits + "-_./:*{}$@#'\"!%&|>?,[]`~=\\", min_size=0,
                max_size=14)
AWKWARD = st.sampled_from(["", " ", "yes", "No", "on", "null", "~", "0", "1.5", "0x1F", "1e3", "-", "- x", "a: b",
                           "a:b", "#x", "x #y", "'", "''", "\"", "!Ref", "&a", "*a", "%x", "@x", "`x", "[x]", "{x}",
                           " lead", "trail ", "a  b", "a\tb", "x\ny", "caf\u00e9", "\u2028", "=", "<<", "?", ": x",
                           "2026-11-23", "12:30:00", ".inf", "-.5"])
TEXT = st.one_of(AWKWARD, WORDS, st.lists(WORDS, min_size=1, max_size=40).map(" ".join),
                 st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=40),
                 st.text(max_size=8))
KEYS = st.one_of(AWKWARD, WORDS, st.lists(WORDS, min_size=1, max_size=3).map(" ".join))


def _intrinsic(children: st.SearchStrategy[Any]) -> st.SearchStrategy[cfn_yaml.Intrinsic]:
    tags = st.sampled_from(["!Ref", "!GetAtt", "!Sub", "!Join", "!If", "!Equals", "!FindInMap"])
    return st.builds(cfn_yaml.Intrinsic, tags, st.one_of(TEXT, st.lists(children, max_size=3)))


LEAVES = st.one_of(TEXT, st.integers(min_value=-10**12, max_value=10**12), st.booleans())
VALUES = st.recursive(
    LEAVES,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(KEYS, children, max_size=4),
        _intrinsic(children),
    ),
    max_leaves=25,
)
DOCUMENTS = st.dictionaries(KEYS, VALUES, min_size=1, max_size=5)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENTS)
def test_the_fast_writer_matches_pyyaml_or_refuses(document: dict[str, Any]) -> None:
    expected = cfn_yaml.dump_with_pyyaml(document)
    try:
        written = block_yaml.dump(document, tagged=cfn_yaml.Intrinsic)
    except block_yaml.Unsupported:
        written = None
    if written is not None:
        assert written == expected
    assert cfn_yaml.dump(document) == expected  # the public function, with its fallback


def test_a_long_description_folds_where_libyaml_folds_it() -> None:
    words = " ".join(f"word{i}" for i in range(60))
    document = {"Description": words, "Resources": {"Fn": {"Properties": {"Description": f"it's {words}"}}},
                "List": [words, cfn_yaml.Intrinsic("!Sub", words)]}
    written = block_yaml.dump(document, tagged=cfn_yaml.Intrinsic)
    assert written == cfn_yaml.dump_with_pyyaml(document)
    assert max(len(line) for line in written.splitlines()) < 140  # folded, not one 400-character line
    assert written.count("\n") > 8


def test_what_it_cannot_reproduce_is_refused() -> None:
    documents: list[dict[Any, Any]] = [{"a": "x\ny"}, {"a": "caf\u00e9"}, {"a": 1.5}, {"a": None}, {1: "x"},
                                       {"a": "\t"}, {}]
    for document in documents:
        with pytest.raises(block_yaml.Unsupported):
            block_yaml.dump(document, tagged=cfn_yaml.Intrinsic)
