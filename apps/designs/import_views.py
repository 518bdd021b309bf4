"""The import page (/designs/import/): upload or paste a SAM/CloudFormation template; the design is created with a
first revision and the page shows the import report (docs/import.md)."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from apps.designs.importing import design_import_template
from apps.designs.services import NotAllowed
from apps.designs.views import _membership
from generators.importing import MAX_TEMPLATE_BYTES
from generators.model.names import NAME_MAX_LENGTH, NAME_PATTERN, NAME_RULE


class ImportForm(forms.Form):
    name = forms.RegexField(regex=NAME_PATTERN, max_length=NAME_MAX_LENGTH, help_text=NAME_RULE,
                            error_messages={"invalid": f"use {NAME_RULE}"})
    file = forms.FileField(required=False, help_text="template.yaml or template.json")
    text = forms.CharField(required=False, strip=False, label="or paste the template",
                           widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false"}))

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        upload, text = data.get("file"), data.get("text")
        if not upload and not text:
            raise forms.ValidationError("upload a template file or paste its text")
        if upload is not None and getattr(upload, "size", 0) > MAX_TEMPLATE_BYTES:
            self.add_error("file", f"the file is {upload.size:,} bytes; CloudFormation accepts at most 1 MB")
        return data


@require_http_methods(["GET", "POST"])
def design_import(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    context: dict[str, object] = {"form": form, "membership": membership}
    if request.method != "POST" or not form.is_valid():
        return render(request, "designs/import.html", context, status=422 if request.method == "POST" else 200)
    upload = form.cleaned_data.get("file")
    template: str | bytes = upload.read() if upload else form.cleaned_data["text"]
    source = upload.name if upload else "template.yaml"
    try:
        result = design_import_template(membership=membership, name=form.cleaned_data["name"], template=template,
                                        source_name=source.rsplit("/", 1)[-1] or "template.yaml", via="web")
    except NotAllowed as refused:
        context["problems"] = [("", str(refused))]
        return render(request, "designs/import.html", context, status=403)
    if result.saved.design is None:
        context["problems"] = result.saved.problems
        return render(request, "designs/import.html", context, status=422)
    context.update(design=result.saved.design, report=result.report.as_dict() if result.report else None)
    return render(request, "designs/import.html", context, status=201)
