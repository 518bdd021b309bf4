"""Event contract rules (issue 14)."""
