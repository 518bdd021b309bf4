"""`{% compose_node n %}`: one component of the compose page's list (its buttons, rename form and connections),
built in Python. The list repeats this block for every component; as template code it was most of the time an edit
on a 50-component design took to answer (`make loadtest`), as Python it is a small part. Same markup, same
escaping (format_html escapes every value as the template did)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_CSRF = '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
_HX = 'hx-target="#compose-area" hx-swap="outerHTML"'


def _get_link(url: str, text: str) -> SafeString:
    return format_html('<a class="button small" href="{}" hx-get="{}" ' + _HX + '>{}</a>', url, url, text)


@register.simple_tag(takes_context=True)
def compose_node(context: template.Context, n: dict[str, Any]) -> SafeString:
    compose_url, picking, name = context["compose_url"], context.get("picking") or "", n["name"]
    csrf = format_html(_CSRF, context.get("csrf_token", ""))
    if picking and picking != name:
        connect = _get_link(f"{compose_url}?source={picking}&target={name}", "Connect here")
    else:
        connect = _get_link(f"{compose_url}?source={name}", "Connect from here")
    parts = [
        format_html('<li class="compose-node" tabindex="0" data-name="{}" id="node-{}" aria-label="{} {}">\n',
                    name, name, n["label"], name),
        format_html('<svg class="swatch" width="14" height="14" aria-hidden="true"><rect x="1" y="1" width="12" '
                    'height="12" rx="3" fill="{}" stroke="{}"/></svg>\n', n["colour"], n["border"]),
        format_html('<strong>{}</strong> <span class="muted">{}</span>\n', name, n["label"]),
        connect, mark_safe("\n"),
        format_html('<a class="button small" href="{}">Settings</a>\n',
                    reverse("wizard-component", args=[context["draft"].pk, name])),
        _get_link(f"{compose_url}?remove={name}", "Remove"), mark_safe("\n"),
        format_html('<details class="rename"><summary>Rename</summary>\n'
                    '<form method="post" action="{}" hx-post="{}" ' + _HX + ' class="inline" novalidate>\n{}\n'
                    '<input type="hidden" name="action" value="rename"><input type="hidden" name="name" value="{}">\n'
                    '<label for="rename-{}">New name</label>\n'
                    '<input type="text" name="new_name" id="rename-{}" value="{}">\n'
                    '<button type="submit" class="small">Rename</button>\n</form>\n</details>\n',
                    compose_url, compose_url, csrf, name, name, name, name),
        format_html_join("", '<p class="error" role="alert">{}</p>', ((e,) for e in n.get("errors", []))),
    ]
    if n["outgoing"]:
        edges = format_html_join("", (
            '<li><code>{} -{}-&gt; {}</code>\n'
            '<form method="post" action="{}" hx-post="{}" ' + _HX + ' class="inline">\n{}\n'
            '<input type="hidden" name="action" value="disconnect"><input type="hidden" name="kind" value="{}">\n'
            '<input type="hidden" name="source" value="{}"><input type="hidden" name="target" value="{}">\n'
            '<button type="submit" class="small" aria-label="Disconnect {} {} {}">Disconnect</button>\n'
            '</form>\n</li>\n'), (
            (c["source"], c["kind"], c["target"], compose_url, compose_url, csrf, c["kind"], c["source"], c["target"],
             c["source"], c["kind"], c["target"]) for c in n["outgoing"]))
        parts.append(format_html('<ul class="edges">\n{}</ul>\n', edges))
    parts.append(mark_safe("</li>\n"))
    return mark_safe("".join(parts))  # every part above is already escaped
