"""The MCP server of the web app (`/mcp`, streamable HTTP): the portal's designs, findings, cost, files, targets and
deployments for AI assistants, authenticated with personal access tokens and governed like the JSON API."""

from __future__ import annotations
