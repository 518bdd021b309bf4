"""The portal's personas (tests/portal/conftest.py) for the /mcp tests."""

from __future__ import annotations

from tests.portal.conftest import _fresh_workspace_cache, people  # noqa: F401  (fixtures)
