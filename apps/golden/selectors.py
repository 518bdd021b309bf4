"""Reading golden paths: which a member sees (their team's and every organisation-wide one), and the engine's
view of a stored version."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from apps.golden.models import GoldenPath, GoldenPathVersion, GoldenSource
from apps.teams.models import Membership
from generators.golden import GoldenPath as GoldenDocument
from generators.golden import golden_path_from_data


def golden_paths_visible(*, membership: Membership) -> QuerySet[GoldenPath]:
    return GoldenPath.objects.filter(Q(team_id=membership.team_id) | Q(scope=GoldenPath.Scope.ORGANISATION)) \
        .select_related("team").prefetch_related("versions")


def golden_path_get(*, membership: Membership, pk: int) -> GoldenPath:
    """A golden path the member may see (another team's team-only path is a 404, as for designs)."""
    golden = golden_paths_visible(membership=membership).filter(pk=pk).first()
    if golden is None:
        raise Http404("no such golden path")
    return golden


def version_document(version: GoldenPathVersion) -> GoldenDocument:
    return golden_path_from_data(version.document)


def golden_source_of(*, design_id: int | None) -> GoldenSource | None:
    if design_id is None:
        return None
    return GoldenSource.objects.select_related("version__golden_path").filter(design_id=design_id).first()
