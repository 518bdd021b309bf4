"""The CDK + TypeScript target."""

from __future__ import annotations

from generators.renderers.cdk_typescript.project import render_cdk_typescript

__all__ = ["render_cdk_typescript"]
