"""Shared pytest configuration for every test folder.

Django is configured by pytest-django from `designer.test_settings` (see [tool.pytest.ini_options]).
"""

from __future__ import annotations

import os

# No test may reach a real AWS account: fake credentials and a fixed region for boto3, moto and samtranslator.
os.environ["AWS_ACCESS_KEY_ID"] = "testing"
os.environ["AWS_SECRET_ACCESS_KEY"] = "testing"
os.environ["AWS_SESSION_TOKEN"] = "testing"
os.environ["AWS_DEFAULT_REGION"] = "us-east-1"
os.environ.pop("AWS_PROFILE", None)
