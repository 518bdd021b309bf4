"""The CDK + Python target."""

from __future__ import annotations

from generators.renderers.cdk_python.project import render_cdk_python

__all__ = ["render_cdk_python"]
