"""The advisor rules, one module per rule, grouped by area (see generators/advisor/registry.py)."""
