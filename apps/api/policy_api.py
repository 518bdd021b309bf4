"""The organisation defaults of the token's team in the JSON API (docs/org-defaults.md): read them (any member),
replace them (an admin). The same service as the policy page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from apps.api import schemas
from apps.api.api import ERRORS, _caller, _guard, api
from apps.api.errors import ApiError, invalid
from apps.policies import services as policies
from apps.teams.permissions import Action, NotAllowed


@api.get("/policy/org-defaults", response={200: schemas.OrgDefaultsBody, **ERRORS}, tags=["policy"])
def get_org_defaults(request: HttpRequest) -> Any:
    """The organisation defaults every render, download and deployment of the team's designs applies (scope read)."""
    caller = _caller(request, "read")
    _guard(caller, Action.READ)
    return {"org_defaults": policies.policy_get(team=caller.membership.team_id).org_defaults or {}}


@api.put("/policy/org-defaults", response={200: schemas.OrgDefaultsBody, **ERRORS}, tags=["policy"])
def set_org_defaults(request: HttpRequest, body: schemas.OrgDefaultsBody) -> Any:
    """Replace the organisation defaults (scope write, admin role); an empty object removes them. A bad field
    answers 422 with problems naming `org_defaults.<field>`."""
    caller = _caller(request, "write")
    try:
        cleaned = policies.policy_set_org_defaults(membership=caller.membership, org_defaults=body.org_defaults,
                                                   via="api")
    except NotAllowed as refused:
        raise ApiError(403, str(refused)) from refused
    except policies.PolicyInvalid as bad:
        raise invalid(bad.problems) from None
    return {"org_defaults": cleaned}
