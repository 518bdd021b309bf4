"""Function configuration rules (seed catalog §2.1)."""
