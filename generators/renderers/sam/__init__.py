"""The AWS SAM targets: template.yaml, samconfig.toml, state machine definitions and project files."""

from __future__ import annotations

from generators.renderers.sam.project import render_sam_python

__all__ = ["render_sam_python"]
