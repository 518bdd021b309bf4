"""Import SAM/CloudFormation templates losslessly (docs/import.md): parse, map to a Design, write back."""

from __future__ import annotations

from generators.importing.mapping import ImportResult, Report, import_template
from generators.importing.parse import MAX_TEMPLATE_BYTES, TemplateError, parse_template

__all__ = ["MAX_TEMPLATE_BYTES", "ImportResult", "Report", "TemplateError", "import_template", "parse_template"]
