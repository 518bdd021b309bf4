"""SNS rules (seed catalog §2.6)."""
