"""IAM and secrets rules (seed catalog §2.2)."""
