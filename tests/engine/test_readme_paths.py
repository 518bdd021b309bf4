"""Every path a generated README names exists in the generated tree: all project types and main variants, all four
targets. A README that sends a new user to a folder that is not there (`test/` for `tests/stack.test.ts`) is the
class of defect this closes."""

from __future__ import annotations

import re
from typing import Any

import pytest

from generators.renderers import RENDERERS, render
from tests.engine.variants import all_variants, build, variant_id

CASES = [(iac, language, bp, options) for iac, language in sorted(RENDERERS) for bp, options in all_variants()]
IDS = [f"{iac}-{language}-{variant_id(bp, options)}" for iac, language, bp, options in CASES]
# what the user creates or installs, not what the generator writes
NOT_GENERATED = {".venv/bin/activate", "cdk.out/", "node_modules/", ".aws-sam/"}
SPAN = re.compile(r"`([^`\s]+)`")
FILE_LIKE = re.compile(r"^[\w.<>{}-]+(/[\w.<>{}-]*)*$")


def mentioned_paths(readme: str) -> set[str]:
    """Backticked tokens outside code blocks that name a file or folder: they contain a `/` or end in an
    extension; a command in backticks has a space and is skipped."""
    prose = re.sub(r"```.*?```", "", readme, flags=re.DOTALL)
    paths = set()
    for token in SPAN.findall(prose):
        if "://" in token or not FILE_LIKE.match(token):
            continue
        if "/" in token or re.search(r"\.(json|ya?ml|toml|py|ts|txt|md|svg|cfg|ini)$", token):
            paths.add(token)
    return paths


def exists(path: str, files: list[str]) -> bool:
    pattern = re.escape(path).replace(re.escape("<function>"), "[^/]+")
    if path.endswith("/"):
        return any(re.match(pattern, f) for f in files)
    return any(re.fullmatch(pattern, f) for f in files)


@pytest.mark.parametrize(("iac", "language", "blueprint", "options"), CASES, ids=IDS)
def test_every_path_the_readme_names_exists(iac: str, language: str, blueprint: str, options: dict[str, Any]) -> None:
    tree = render(build(blueprint, options, language=language, iac=iac))
    files = list(tree)
    paths = mentioned_paths(tree.text("README.md"))
    assert "events/<function>.json" in paths  # the extraction sees the layout table
    missing = sorted(p for p in paths - NOT_GENERATED if not exists(p, files))
    assert missing == []


def test_the_extraction_finds_a_folder_that_is_not_there() -> None:
    readme = "| `test/` | Assertions |\n| `lib/` | The stack |\nrun `npx cdk synth` or see `cdk.json`\n"
    assert mentioned_paths(readme) == {"test/", "lib/", "cdk.json"}
    assert not exists("test/", ["tests/stack.test.ts", "lib/shop-stack.ts"])
    assert exists("lib/", ["tests/stack.test.ts", "lib/shop-stack.ts"])
