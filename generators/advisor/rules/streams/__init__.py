"""Stream consumer rules (seed catalog §2.5)."""
