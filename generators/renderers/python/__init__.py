"""Python handlers for any IaC target: `src/<module>/` packages, sample events, unit tests and tool config.

Shared by the SAM+Python and CDK+Python targets, so nothing here is IaC-specific.
"""

from __future__ import annotations

from generators.renderers.python.project import render_python_project_files

__all__ = ["render_python_project_files"]
