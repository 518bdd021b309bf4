"""API front door rules (seed catalog §2.3)."""
