"""The SAM + TypeScript target: the same template.yaml as SAM + Python (esbuild-built nodejs22.x functions) with
TypeScript handlers, vitest tests and an npm project."""

from __future__ import annotations

from generators.filetree import FileTree
from generators.model import Design
from generators.renderers.ci import ci_file, ci_path
from generators.renderers.diagram import mermaid
from generators.renderers.jinja import render_template
from generators.renderers.sam.project import _statemachines, samconfig
from generators.renderers.sam.template import render_template as render_cfn_template
from generators.renderers.typescript.project import npm_files, render_typescript_sources

SCRIPTS = {
    "build": "sam build",
    "typecheck": "tsc --noEmit",
    "test": "vitest run",
    "validate": "sam validate --lint",
}


def render_sam_typescript(design: Design) -> FileTree:
    tree = FileTree()
    tree.add("template.yaml", render_cfn_template(design))
    tree.add("samconfig.toml", samconfig(design))
    _statemachines(design, tree)
    sources = render_typescript_sources(design)
    tree.merge(sources.tree)
    tree.merge(npm_files(design, sources, scripts=SCRIPTS, tsconfig_include=["src", "tests", "vitest.config.ts"],
                         test_include=["tests/**/*.test.ts"]))
    context = {"design": design, "project": design.project, "mermaid": mermaid(design), "ci_path": ci_path(design),
               "environments": [e.name for e in design.project.environments], "iac": "sam",
               "functions": design.functions(), "state_machines": design.of_kind("state_machine")}
    tree.add("README.md", render_template("typescript/README.md.j2", **context), ownership="scaffold")
    tree.add(".gitignore", render_template("typescript/gitignore.j2", **context), ownership="scaffold")
    tree.add(*ci_file(design, "typescript/ci.yml.j2", context))
    return tree
