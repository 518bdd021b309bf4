"""The neutral infrastructure plan: decisions about a design made once, which every target only prints.

Today: event sources (`event_sources`). The function plans still live in `generators.renderers.analysis`.
"""

from __future__ import annotations
