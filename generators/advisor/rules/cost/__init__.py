"""Cost and data-store hygiene rules (seed catalog §2.11)."""
