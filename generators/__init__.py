"""The serverless designer's engine: design model, blueprints, advisor, renderers.

A pure library: it never imports Django, Celery or boto3 (a test enforces this).
"""

from __future__ import annotations

__version__ = "0.1.0"
