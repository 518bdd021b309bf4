"""EventBridge rules (seed catalog §2.7)."""
