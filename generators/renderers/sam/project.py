"""The whole SAM project: template.yaml + samconfig.toml + state machines + handlers + docs and CI."""

from __future__ import annotations

from generators.filetree import FileTree
from generators.model import Design, StateMachine
from generators.renderers import asl
from generators.renderers.ci import ci_file, ci_path
from generators.renderers.diagram import mermaid
from generators.renderers.jinja import render_template
from generators.renderers.plan import organisation
from generators.renderers.sam.template import render_template as render_cfn_template


def samconfig(design: Design) -> str:
    """One section per environment (`sam deploy --config-env <env>`), TOML written by hand: only plain values."""
    project = design.project
    lines = ["version = 0.1", ""]
    tag_items = organisation.tags(design)
    for index, env in enumerate(organisation.environments(design)):
        sections = [env.name] + (["default"] if index == 0 else [])
        for section in sections:
            tags = " ".join(f'{_toml_inner(k)}=\\"{_toml_inner(v)}\\"' for k, v in
                            sorted({**tag_items, "environment": env.name}.items()))
            lines += [
                f"[{section}.global.parameters]",
                f'stack_name = "{project.name}-{env.name}"',
                f'region = "{project.region}"',
                "",
                f"[{section}.build.parameters]",
                "cached = true",
                "parallel = true",
                "",
                f"[{section}.validate.parameters]",
                "lint = true",
                "",
                f"[{section}.deploy.parameters]",
                'capabilities = "CAPABILITY_IAM"',
                f"confirm_changeset = {'true' if env.name == 'prod' else 'false'}",
                "resolve_s3 = true",
                f'parameter_overrides = "Environment=\\"{env.name}\\""',
                f'tags = "{tags}"',
                "",
            ]
    return "\n".join(lines).rstrip("\n") + "\n"


def _toml_inner(value: str) -> str:
    # tag keys/values are restricted to letters, digits, spaces and _.:/=+@- by the model: nothing to escape
    return value.replace("\\", "").replace('"', "")


def _statemachines(design: Design, tree: FileTree) -> None:
    for component in design.components:
        if isinstance(component, StateMachine):
            tree.add(f"statemachine/{component.name}.asl.json", asl.definition_json(design, component))


def render_sam_python(design: Design) -> FileTree:
    from generators.renderers.python import render_python_project_files

    tree = FileTree()
    tree.add("template.yaml", render_cfn_template(design))
    tree.add("samconfig.toml", samconfig(design))
    _statemachines(design, tree)
    tree.merge(render_python_project_files(design))
    context = {"design": design, "project": design.project, "mermaid": mermaid(design), "ci_path": ci_path(design),
               "environments": [e.name for e in design.project.environments],
               "functions": design.functions(), "state_machines": design.of_kind("state_machine")}
    tree.add("README.md", render_template("sam/README.md.j2", **context), ownership="scaffold")
    tree.add(".gitignore", render_template("sam/gitignore.j2", **context), ownership="scaffold")
    tree.add(*ci_file(design, "sam/ci-python.yml.j2", context))
    return tree
