"""What the CDK targets share: the stack plan (constructs, grants, triggers) and small helpers."""

from __future__ import annotations
