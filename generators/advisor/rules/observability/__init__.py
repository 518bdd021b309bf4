"""Observability rules (seed catalog §2.10)."""
