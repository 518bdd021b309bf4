"""Issue 11 item 3: a design with an active advisor *error* finding is refused at every way out of the designer —
CLI `render` and `new`, the wizard's and a revision's zip download, the API's zip, and the deploy pipeline —
naming the rule, the component, the message and the hint; silencing the finding with a reason lets it through."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from apps.deployments import services as deployment_services
from apps.deployments.models import Deployment, Target
from apps.designs import services as design_services
from apps.designs.convert import design_to_document
from apps.designs.models import Design as DesignRow
from apps.designs.models import DesignRevision
from generators import cli
from generators.advisor import ErrorFindings, require_no_errors
from generators.blueprints import BLUEPRINTS
from generators.model import Design, Project, Silence, dump_design
from generators.model.io import design_from_data, design_to_data
from tests.engine.variants import all_variants, build
from tests.portal.conftest import People, client_for
from tests.portal.test_api import bearer, make_token

RULE, COMPONENT = "SFN-08", "workflow"
ALSO = "SFN-09"  # the callback step's timeout is longer than an Express execution may run
REASON = "the callback step is replaced by a poller in production"


def error_design(*, silenced: bool = False) -> Design:
    """A Standard workflow with a human-approval (callback) step, switched to Express by hand: SFN-08 and SFN-09."""
    data = design_to_data(build("workflow", {"human_approval": True}, name="flow"))
    machine = next(c for c in data["components"] if c["kind"] == "state_machine")
    machine["workflow_type"] = "EXPRESS"
    if silenced:
        data["silenced"] = [{"rule": rule, "component": machine["name"], "reason": REASON} for rule in (RULE, ALSO)]
    return design_from_data(data)


def test_the_error_design_really_has_the_error_finding() -> None:
    with pytest.raises(ErrorFindings) as refused:
        require_no_errors(error_design())
    assert [f.rule for f in refused.value.findings] == [RULE, ALSO]
    require_no_errors(error_design(silenced=True))


# ---------------------------------------------------------------------------------------------- boundaries
# Each boundary takes the design and answers (accepted, the text it showed).
Boundary = Callable[[Design, Any], tuple[bool, str]]


def cli_render(design: Design, ctx: Any) -> tuple[bool, str]:
    path = ctx.tmp_path / "design.yaml"
    path.write_text(dump_design(design), encoding="utf-8")
    code = cli.main(["render", str(path), "--out", str(ctx.tmp_path / "out")])
    return code == cli.EXIT_OK, ctx.capsys.readouterr().err


def cli_new(design: Design, ctx: Any) -> tuple[bool, str]:
    # no blueprint option produces an error finding (see the property tests below): a blueprint that would
    patched = {name: BLUEPRINTS[name] for name in BLUEPRINTS}
    patched["workflow"] = dataclasses.replace(BLUEPRINTS["workflow"], builder=lambda *args: design)
    ctx.monkeypatch.setattr(cli, "BLUEPRINTS", patched)
    code = cli.main(["new", "workflow", "--name", "flow", "--out", str(ctx.tmp_path / "new")])
    return code == cli.EXIT_OK, ctx.capsys.readouterr().err


def _saved(design: Design, ctx: Any) -> DesignRevision:
    row = DesignRow.objects.create(team=ctx.people.shop, name="flow", blueprint="workflow",
                                   created_by=ctx.people.alice)
    revision = DesignRevision.objects.create(design=row, number=1, document=design_to_document(design),
                                             author=ctx.people.alice, message="by hand")
    row.current_revision = revision
    row.save(update_fields=["current_revision"])
    return revision


def wizard_zip(design: Design, ctx: Any) -> tuple[bool, str]:
    revision = _saved(design, ctx)
    draft = design_services.design_open(membership=ctx.people.membership(ctx.people.alice), design=revision.design)
    response = client_for(ctx.people.alice).get(reverse("wizard-download", kwargs={"pk": draft.pk}))
    return response.status_code == 200, "" if response.status_code == 200 else response.content.decode()


def revision_zip(design: Design, ctx: Any) -> tuple[bool, str]:
    revision = _saved(design, ctx)
    response = client_for(ctx.people.alice).get(
        reverse("revision-download", kwargs={"pk": revision.design_id, "number": 1}))
    return response.status_code == 200, "" if response.status_code == 200 else response.content.decode()


def patch_download(design: Design, ctx: Any) -> tuple[bool, str]:
    revision = _saved(design, ctx)  # revision 1; revision 2 is the same design: the patch from 1 to 2 is empty
    DesignRevision.objects.create(design=revision.design, number=2, document=revision.document,
                                  author=ctx.people.alice, message="again")
    response = client_for(ctx.people.alice).get(
        reverse("revision-patch", kwargs={"pk": revision.design_id, "number": 2}) + "?from=1")
    return response.status_code == 200, "" if response.status_code == 200 else response.content.decode()


def api_zip(design: Design, ctx: Any) -> tuple[bool, str]:
    revision = _saved(design, ctx)
    token = make_token(ctx.people, ctx.people.alice)
    response = Client().get(f"/api/designs/{revision.design_id}/revisions/1/zip", **bearer(token))
    if response.status_code == 200:
        return True, ""
    assert response.status_code == 422, response.content
    return False, response.json()["detail"]


def deployment_start(design: Design, ctx: Any) -> tuple[bool, str]:
    revision = _saved(design, ctx)
    target = Target.objects.create(team=ctx.people.shop, name="sandbox", kind=Target.Kind.SANDBOX,
                                   account_id="123456789012")
    try:
        deployment = deployment_services.deployment_create(revision=revision, target=target,
                                                           requested_by=ctx.people.alice)
    except deployment_services.DesignHasErrors as refused:
        assert not Deployment.objects.exists()
        return False, str(refused)
    return deployment.status == Deployment.Status.PENDING, ""


BOUNDARIES: dict[str, Boundary] = {
    "cli render": cli_render, "cli new": cli_new, "wizard zip view": wizard_zip, "revision zip view": revision_zip,
    "patch download": patch_download, "api zip endpoint": api_zip, "deployment start": deployment_start,
}


class Ctx:
    def __init__(self, **values: Any) -> None:
        self.__dict__.update(values)


@pytest.fixture
def ctx(people: People, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        django_capture_on_commit_callbacks: Any) -> Ctx:
    return Ctx(people=people, tmp_path=tmp_path, capsys=capsys, monkeypatch=monkeypatch)


@pytest.mark.parametrize("boundary", list(BOUNDARIES))
def test_a_design_with_an_error_finding_is_refused_naming_the_finding(boundary: str, ctx: Ctx) -> None:
    accepted, shown = BOUNDARIES[boundary](error_design(), ctx)

    assert not accepted
    assert f"{RULE} ({COMPONENT})" in shown  # the rule and the component
    assert f"{ALSO} ({COMPONENT})" in shown  # every error finding, not only the first
    assert "Express workflow" in shown  # the message
    assert "Hint: Use a Standard workflow" in shown  # what to do
    assert "silenced" in shown  # and how to accept it on purpose


@pytest.mark.parametrize("boundary", list(BOUNDARIES))
def test_the_same_design_with_the_finding_silenced_with_a_reason_is_accepted(boundary: str, ctx: Ctx) -> None:
    design = error_design(silenced=True)
    assert design.silenced == [Silence(rule=rule, component=COMPONENT, reason=REASON) for rule in (RULE, ALSO)]

    accepted, shown = BOUNDARIES[boundary](design, ctx)

    assert accepted, shown


def test_every_boundary_of_the_designer_is_in_the_table() -> None:
    # the CLI commands that write a project, and every zip or deploy entry point of the web product
    writers = {name for name in ("new", "render") if name in cli.CORE_COMMANDS}
    assert {f"cli {name}" for name in writers} <= set(BOUNDARIES)


@pytest.mark.parametrize(("blueprint", "options"), all_variants(), ids=lambda v: str(v))
def test_no_blueprint_variant_is_refused_by_the_gate(blueprint: str, options: dict[str, Any]) -> None:
    # the wider property (no errors or warnings over many more variants) is tests/engine/advisor/
    # test_blueprints_are_clean.py; this one pins that what the wizard offers always passes the gate
    for language in ("python", "typescript"):
        require_no_errors(build(blueprint, options, language=language))


def test_a_blueprint_refuses_options_that_would_make_an_error_finding() -> None:
    from generators.model import DesignInputError

    with pytest.raises(DesignInputError, match="SFN-08"):
        BLUEPRINTS["workflow"].build(Project(name="flow"), {"workflow_type": "express", "human_approval": True})
