"""The serverless designer's engine: design model, blueprints, advisor, renderers.

A pure library: it never imports the web framework, the task queue or the AWS SDK (a test enforces this).
"""

from __future__ import annotations

__version__ = "0.1.0"
