"""Forms only clean input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms

from apps.deployments.models import Target

REGIONS = [
    "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "eu-west-1", "eu-west-2", "eu-west-3",
    "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "ap-southeast-1", "ap-southeast-2",
    "ap-northeast-1", "ap-northeast-2", "ap-south-1", "sa-east-1",
]


class TargetForm(forms.Form):
    name = forms.CharField(max_length=80, help_text="How the team refers to it, e.g. “payments dev”")
    environment = forms.ChoiceField(choices=[(e, e) for e in Target.Environment.values], initial="dev")
    region = forms.ChoiceField(choices=[(r, r) for r in REGIONS], initial="us-east-1")
    role_arn = forms.CharField(
        label="Role ARN", max_length=2048,
        help_text="The worker assumes this role through STS (its trust policy must allow the worker's identity). "
                  "No access keys are ever stored.")
    external_id = forms.CharField(label="External id", max_length=1224, required=False,
                                  help_text="Optional; required when the role's trust policy asks for one")
    account_id = forms.RegexField(label="Account id", regex=r"^\d{12}$", required=False,
                                  help_text="Optional: checked against the role ARN's account")


class TeardownForm(forms.Form):
    stack_name = forms.CharField(max_length=128, label="Type the stack name to confirm")

    def __init__(self, *args: Any, expected: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.expected = expected

    def clean_stack_name(self) -> str:
        value = str(self.cleaned_data["stack_name"]).strip()
        if value != self.expected:
            raise forms.ValidationError(f"Type {self.expected} exactly to delete that stack.")
        return value
