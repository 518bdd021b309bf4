"""S3 rules (seed catalog §2.6)."""
