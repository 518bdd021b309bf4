"""Step Functions rules (seed catalog §2.8)."""
