"""The CI workflow of a generated repository, in the organisation's CI system (plan: `organisation.ci_system`)."""

from __future__ import annotations

from typing import Any

from generators.model import Design
from generators.renderers.jinja import render_template
from generators.renderers.plan import organisation


def ci_file(design: Design, github_template: str, context: dict[str, Any]) -> tuple[str, str]:
    """(path, text): the target's GitHub Actions workflow (`<family>/ci….yml.j2`), or its GitLab CI pipeline
    (`<family>/ci….gitlab-ci.yml.j2`) running the same checks."""
    system = organisation.ci_system(design)
    template = github_template if system == "github-actions" else github_template.replace(
        ".yml.j2", ".gitlab-ci.yml.j2")
    return organisation.CI_FILES[system], render_template(template, **context)


def ci_path(design: Design) -> str:
    return organisation.ci_file(design)
