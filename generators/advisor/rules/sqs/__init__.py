"""SQS consumer rules (seed catalog §2.4)."""
