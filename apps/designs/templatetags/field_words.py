"""`{{ path|words }}`: an engine path (`components[3] (router).memory_mb`) named as the forms label it
(`router › Memory (MB)`), for the web pages; the JSON API keeps the paths."""

from __future__ import annotations

from django import template

from apps.designs.forms import words_for

register = template.Library()


@register.filter
def words(path: object) -> str:
    return words_for(str(path)) if path else ""
