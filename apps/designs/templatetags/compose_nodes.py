"""`{% compose_node n %}`: one component of the compose page's list (its buttons, rename form and connections),
built in Python. The list repeats this block for every component; as template code it was a large part of the time
an edit on a 50-component design took to answer (`make loadtest`). Same markup as the template it replaces; every
value goes through Django's `escape`, as the template's autoescaping did."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_HX = 'hx-target="#compose-area" hx-swap="outerHTML"'
_PLACEHOLDER = "component-name-placeholder"


def _get_link(url: str, text: str) -> str:
    return f'<a class="button small" href="{url}" hx-get="{url}" {_HX}>{text}</a>\n'


def _per_render(context: template.Context) -> dict[str, str]:
    """What every component's block shares, worked out once per page (a CSRF token is masked anew on each use)."""
    key = "compose_node_shared"
    if key not in context.render_context:
        token = escape(context.get("csrf_token", ""))
        context.render_context[key] = {
            "compose_url": escape(context["compose_url"]), "picking": escape(context.get("picking") or ""),
            "csrf": f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">',
            "settings_url": escape(reverse("wizard-component", args=[context["draft"].pk, _PLACEHOLDER])),
        }
    shared: dict[str, str] = context.render_context[key]
    return shared


@register.simple_tag(takes_context=True)
def compose_node(context: template.Context, n: dict[str, Any]) -> SafeString:
    shared = _per_render(context)
    compose_url, picking, csrf = shared["compose_url"], shared["picking"], shared["csrf"]
    name, label = escape(n["name"]), escape(n["label"])
    settings_url = shared["settings_url"].replace(_PLACEHOLDER, name)
    if picking and picking != name:
        connect = _get_link(f"{compose_url}?source={picking}&amp;target={name}", "Connect here")
    else:
        connect = _get_link(f"{compose_url}?source={name}", "Connect from here")
    parts = [
        f'<li class="compose-node" tabindex="0" data-name="{name}" id="node-{name}" aria-label="{label} {name}">\n'
        f'<svg class="swatch" width="14" height="14" aria-hidden="true"><rect x="1" y="1" width="12" height="12" '
        f'rx="3" fill="{escape(n["colour"])}" stroke="{escape(n["border"])}"/></svg>\n'
        f'<strong>{name}</strong> <span class="muted">{label}</span>\n',
        connect,
        f'<a class="button small" href="{settings_url}">Settings</a>\n',
        _get_link(f"{compose_url}?remove={name}", "Remove"),
        f'<details class="rename"><summary>Rename</summary>\n'
        f'<form method="post" action="{compose_url}" hx-post="{compose_url}" {_HX} class="inline" novalidate>\n'
        f'{csrf}\n<input type="hidden" name="action" value="rename"><input type="hidden" name="name" value="{name}">\n'
        f'<label for="rename-{name}">New name</label>\n'
        f'<input type="text" name="new_name" id="rename-{name}" value="{name}">\n'
        f'<button type="submit" class="small">Rename</button>\n</form>\n</details>\n',
        *(f'<p class="error" role="alert">{escape(e)}</p>' for e in n.get("errors", [])),
    ]
    if n["outgoing"]:
        parts.append('<ul class="edges">\n')
        for c in n["outgoing"]:
            source, kind, target = escape(c["source"]), escape(c["kind"]), escape(c["target"])
            parts.append(
                f'<li><code>{source} -{kind}-&gt; {target}</code>\n'
                f'<form method="post" action="{compose_url}" hx-post="{compose_url}" {_HX} class="inline">\n{csrf}\n'
                f'<input type="hidden" name="action" value="disconnect"><input type="hidden" name="kind" '
                f'value="{kind}">\n<input type="hidden" name="source" value="{source}"><input type="hidden" '
                f'name="target" value="{target}">\n<button type="submit" class="small" aria-label="Disconnect {source} '
                f'{kind} {target}">Disconnect</button>\n</form>\n</li>\n')
        parts.append("</ul>\n")
    parts.append("</li>\n")
    return mark_safe("".join(parts))  # every value above went through escape()
