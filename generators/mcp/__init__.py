"""The MCP (Model Context Protocol) server of the engine, for AI assistants.

- `tools.py`: what both servers answer, as pure functions over Design values with typed (pydantic) results:
  project types and their options, design from a blueprint or a document, findings with fixes, a fix applied,
  the cost estimate, generated files, a zip. The web app's `/mcp` (apps/mcp) reuses them behind its roles,
  policies and audit.
- `stdio.py`: `python -m generators mcp`, engine-only tools on local design files (no team, no deploy) for a
  developer's own assistant.

Only the official MCP SDK (`mcp`) is added to the engine's imports, and only by `stdio.py`, which is imported when
the `mcp` command runs; `import generators` stays free of it and of the web and AWS libraries.
"""

from __future__ import annotations
