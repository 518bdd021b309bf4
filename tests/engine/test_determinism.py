"""The same design gives a byte-identical zip: in one process, and across processes with different hash seeds."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

import pytest

from generators.blueprints import BLUEPRINTS
from generators.renderers import render
from generators.writer import to_zip_bytes
from tests.engine.variants import all_variants, build

SCRIPT = """
import hashlib, sys
from generators.renderers import render
from generators.writer import to_zip_bytes
from tests.engine.variants import all_variants, build
for blueprint in sys.argv[1:]:
    print(blueprint, hashlib.sha256(to_zip_bytes(render(build(blueprint, {})), root="shop")).hexdigest())
"""


def _digests_in_a_new_process(seed: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    result = subprocess.run([sys.executable, "-c", SCRIPT, *BLUEPRINTS], capture_output=True, text=True,
                            env=env, check=True, timeout=120, cwd=os.getcwd())
    return dict(line.split() for line in result.stdout.splitlines())


def test_rendering_twice_in_one_process_gives_identical_zips() -> None:
    for blueprint in BLUEPRINTS:
        first = to_zip_bytes(render(build(blueprint, {})), root="shop")
        second = to_zip_bytes(render(build(blueprint, {})), root="shop")
        assert first == second, blueprint


@pytest.mark.parametrize("seeds", [("1", "2")])
def test_processes_with_different_hash_seeds_give_identical_zips(seeds: tuple[str, str]) -> None:
    first, second = (_digests_in_a_new_process(seed) for seed in seeds)
    assert set(first) == set(BLUEPRINTS)
    assert first == second
    local = {bp: hashlib.sha256(to_zip_bytes(render(build(bp, {})), root="shop")).hexdigest() for bp in BLUEPRINTS}
    assert local == first


def test_templates_are_the_same_with_or_without_libyaml() -> None:
    """The C emitter and a direct node builder are used for speed; PyYAML's pure-Python dumper with its stock
    representer must write the very same bytes."""
    import yaml

    from generators.renderers import cfn_yaml
    from generators.renderers.sam.template import TemplateBuilder

    class PythonDumper(cfn_yaml._PythonDumper):
        pass

    # the reference: PyYAML's own representer, told only how to write intrinsics and multi-line strings
    def represent_intrinsic(dumper: yaml.SafeDumper, data: cfn_yaml.Intrinsic) -> yaml.Node:
        if isinstance(data.value, str):
            return dumper.represent_scalar(data.tag, data.value)
        return dumper.represent_sequence(data.tag, data.value, flow_style=False)

    def represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|" if "\n" in data else None)

    PythonDumper.add_representer(cfn_yaml.Intrinsic, represent_intrinsic)
    PythonDumper.add_representer(str, represent_str)
    assert cfn_yaml._Dumper.__mro__[1] is getattr(yaml, "CSafeDumper", cfn_yaml._PythonDumper)
    for blueprint, options in all_variants():
        document = TemplateBuilder(build(blueprint, options)).build()
        fallback = yaml.dump(document, Dumper=PythonDumper, sort_keys=False, default_flow_style=False, width=120,
                             allow_unicode=True)
        assert cfn_yaml.dump(document) == fallback, blueprint
