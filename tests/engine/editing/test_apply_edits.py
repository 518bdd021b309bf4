"""Typed edit operations (issue 12): each edit either gives a valid design or is refused, all or nothing, with a
message naming `edits[i].field`."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generators.blueprints import BLUEPRINTS
from generators.catalog import COMPONENTS, CONNECTIONS
from generators.editing import EditError, allowed_connection_kinds, apply_edits, component_defaults, parse_edits
from generators.model import Design, Project, StateMachine, TaskStep


def api_design() -> Design:
    return BLUEPRINTS["api"].build(Project(name="shop"))  # api, users, data-table, router


def workflow_design() -> Design:
    return BLUEPRINTS["workflow"].build(Project(name="flow"))


def add(kind: str, name: str, **settings: Any) -> dict[str, Any]:
    return {"op": "add_component", "kind": kind, "name": name, "settings": settings}


def connect(kind: str, source: str, target: str, **settings: Any) -> dict[str, Any]:
    return {"op": "connect", "kind": kind, "source": source, "target": target, "settings": settings}


REFUSED = [
    ("an unknown component kind names the allowed kinds", [add("queuex", "jobs")], "edits[0].kind",
     "unknown component kind 'queuex'; allowed: function"),
    ("a setting out of range names the setting and the range", [add("queue", "jobs", delay_s=9999)],
     "edits[0].settings.delay_s", "allowed: 0 to 900"),
    ("an unknown setting is named", [add("queue", "jobs", colour="red")], "edits[0].settings.colour",
     "unknown field"),
    ("a duplicate name is refused", [add("queue", "router")], "edits[0].name", "already exists"),
    ("a connection to a missing component lists the components", [connect("reads", "router", "nope")],
     "edits[0].target", "no component named 'nope'"),
    ("a pair the catalog does not allow says which kinds are allowed",
     [add("queue", "jobs"), add("function", "w"), connect("reads", "jobs", "w")], "edits[2].kind",
     "allowed for this pair: triggers"),
    ("a pair no kind joins says so", [add("queue", "jobs"), add("bucket", "b"), connect("reads", "jobs", "b")],
     "edits[2].kind", "no connection kind joins these two kinds"),
    ("a self connection is refused", [add("function", "w"), connect("invokes", "w", "w")], "edits[1].target",
     "cannot connect to itself"),
    ("a duplicate connection is refused", [connect("reads", "router", "data-table")], "edits[0]",
     "already reads"),
    ("a trigger setting that does not apply to the source kind is put on the edit",
     [add("queue", "jobs"), add("function", "w"), connect("triggers", "jobs", "w", prefix="in/")],
     "edits[2].settings.prefix", "does not apply to a trigger from a queue"),
    ("an API needing an authorizer that no edit adds is put on the edit that set it",
     [add("http_api", "api2", auth="jwt")], "edits[0].settings.auth", "needs exactly one 'authorizes'"),
    ("the kind cannot change", [{"op": "update_component", "name": "router", "settings": {"kind": "queue"}}],
     "edits[0].settings.kind", "cannot change"),
    ("an update of a missing component", [{"op": "update_component", "name": "nope", "settings": {}}],
     "edits[0].name", "no component named 'nope'"),
    ("a rename onto an existing name", [{"op": "rename_component", "name": "router", "new_name": "api"}],
     "edits[0].new_name", "already exists"),
    ("a disconnect of a missing connection lists what is there",
     [{"op": "disconnect", "kind": "publishes", "source": "router", "target": "data-table"}], "edits[0].kind",
     "there is: reads, writes"),
    ("removing the last component leaves no design",
     [{"op": "remove_component", "name": n} for n in ("api", "users", "data-table", "router")], "edits",
     "at least one component"),
    ("an unknown op lists the ops", [{"op": "frob"}], "edits[0]", "unknown op 'frob'"),
    ("a missing field is named", [{"op": "connect", "kind": "reads", "source": "router"}], "edits[0].target",
     "required"),
    ("a later bad edit refuses the earlier good ones too", [add("queue", "jobs"), add("queue", "jobs")],
     "edits[1].name", "already exists"),
]


@pytest.mark.parametrize(("scenario", "edits", "path", "message"), REFUSED, ids=[r[0] for r in REFUSED])
def test_a_refused_edit_names_the_field(scenario: str, edits: list[dict[str, Any]], path: str,
                                        message: str) -> None:
    design = api_design()
    before = design.model_dump()
    with pytest.raises(EditError) as refused:
        apply_edits(design, edits)
    assert any(p == path and message in m for p, m in refused.value.problems), refused.value.problems
    assert design.model_dump() == before  # nothing applied


def test_a_queue_and_its_worker_are_added_and_wired() -> None:
    design = apply_edits(api_design(), [add("queue", "jobs", delay_s=5), add("function", "worker"),
                                        connect("triggers", "jobs", "worker", batch_size=5),
                                        connect("publishes", "router", "jobs")])
    jobs = design.component("jobs")
    assert jobs.kind == "queue"
    assert jobs.delay_s == 5
    assert jobs.visibility_timeout_s == 180
    assert [(c.kind, c.source) for c in design.incoming("jobs")] == [("publishes", "router")]
    assert design.triggers_from("jobs")[0].batch_size == 5


def test_intermediate_states_may_be_incomplete() -> None:
    design = apply_edits(api_design(), [add("http_api", "admin", auth="jwt"), connect("authorizes", "users", "admin")])
    assert design.component("admin").auth == "jwt"  # type: ignore[union-attr]


def test_update_changes_only_the_given_settings_and_null_resets() -> None:
    design = apply_edits(api_design(), [{"op": "update_component", "name": "router",
                                         "settings": {"memory_mb": 1024, "reserved_concurrency": 5}}])
    assert design.component("router").memory_mb == 1024  # type: ignore[union-attr]
    design = apply_edits(design, [{"op": "update_component", "name": "router",
                                   "settings": {"reserved_concurrency": None}}])
    router = design.component("router")
    assert router.reserved_concurrency is None
    assert router.memory_mb == 1024


def test_rename_takes_connections_steps_and_silences_along() -> None:
    design = workflow_design()
    sm = next(c for c in design.components if isinstance(c, StateMachine))
    task = next(s for s in sm.steps if isinstance(s, TaskStep))
    old = task.function
    data = design.model_dump(mode="json", exclude_none=True)
    data["silenced"] = [{"rule": "FN-01", "component": old, "reason": "accepted for the demo"}]
    design = Design.model_validate(data)
    renamed = apply_edits(design, [{"op": "rename_component", "name": old, "new_name": "renamed-fn"}])
    assert "renamed-fn" in {c.name for c in renamed.components}
    assert old not in {c.name for c in renamed.components}
    assert all(old not in (c.source, c.target) for c in renamed.connections)
    assert any(c.target == "renamed-fn" for c in renamed.connections)
    new_sm = renamed.component(sm.name)
    assert any(isinstance(s, TaskStep) and s.function == "renamed-fn" for s in new_sm.steps)  # type: ignore[union-attr]
    assert renamed.silenced[0].component == "renamed-fn"


def test_remove_takes_its_connections_along() -> None:
    design = apply_edits(api_design(), [{"op": "remove_component", "name": "data-table"}])
    assert "data-table" not in {c.name for c in design.components}
    assert all("data-table" not in (c.source, c.target) for c in design.connections)


def test_a_function_a_workflow_step_uses_cannot_be_removed() -> None:
    design = workflow_design()
    sm = next(c for c in design.components if isinstance(c, StateMachine))
    task = next(s for s in sm.steps if isinstance(s, TaskStep))
    with pytest.raises(EditError) as refused:
        apply_edits(design, [{"op": "remove_component", "name": task.function}])
    assert refused.value.problems[0][0] == "edits[0].name"
    assert "remove that step first" in refused.value.problems[0][1]


def test_disconnect_removes_the_connection() -> None:
    design = apply_edits(api_design(), [{"op": "disconnect", "kind": "writes", "source": "router",
                                         "target": "data-table"}])
    assert [c.kind for c in design.outgoing("router")] == ["reads"]


def test_allowed_connection_kinds_come_from_the_catalog() -> None:
    assert allowed_connection_kinds("function", "queue") == ["reads", "publishes"]
    assert allowed_connection_kinds("queue", "bucket") == []
    for kind, row in CONNECTIONS.items():
        for source, target in row.pairs:
            assert kind in allowed_connection_kinds(source, target)


@pytest.mark.parametrize("kind", list(COMPONENTS))
def test_every_catalog_kind_can_be_added_with_its_defaults(kind: str) -> None:
    edits = [add(kind, "added")]
    if kind == "function_url":
        edits += [add("function", "url-fn"), connect("routes", "added", "url-fn")]
    if kind == "pipe":  # a pipe reads one source and delivers to one target
        edits += [add("queue", "pipe-q"), add("function", "pipe-fn"), connect("pipes", "pipe-q", "added"),
                  connect("pipes", "added", "pipe-fn")]
    design = apply_edits(api_design(), edits)
    assert design.component("added").kind == kind
    assert "name" not in component_defaults(kind)


def test_edits_are_parsed_from_an_object_with_an_edits_list() -> None:
    assert len(parse_edits({"edits": [add("queue", "q")]})) == 1


# -- property: any sequence of edits gives a valid design or is refused with a message ------------------------

NAMES = ("a", "b", "c", "d", "e")
KINDS = ("function", "queue", "topic", "table", "bucket", "event_bus", "stream", "http_api", "state_machine",
         "schedule", "user_pool")


def edit_strategy() -> st.SearchStrategy[dict[str, Any]]:
    name = st.sampled_from(NAMES)
    return st.one_of(
        st.builds(lambda k, n: add(k, n), st.sampled_from(KINDS), name),
        st.builds(lambda n: {"op": "remove_component", "name": n}, name),
        st.builds(lambda n, m: {"op": "rename_component", "name": n, "new_name": m}, name, name),
        st.builds(lambda n, m: {"op": "update_component", "name": n, "settings": {"memory_mb": m}}, name,
                  st.sampled_from([128, 1024, 99999])),
        st.builds(lambda k, s, t: connect(k, s, t), st.sampled_from(list(CONNECTIONS)), name, name),
        st.builds(lambda k, s, t: {"op": "disconnect", "kind": k, "source": s, "target": t},
                  st.sampled_from(list(CONNECTIONS)), name, name),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(edit_strategy(), min_size=1, max_size=8))
def test_random_edits_keep_the_design_valid_or_are_refused_with_a_message(edits: list[dict[str, Any]]) -> None:
    start = apply_edits(api_design(), [add("function", "a")])
    before = start.model_dump()
    problems: list[tuple[str, str]] = []
    result = None
    try:
        result = apply_edits(start, edits)
    except EditError as refused:
        problems = refused.problems
    if result is None:
        assert problems
        assert all(path.startswith("edits") and message for path, message in problems)
        assert start.model_dump() == before
    else:
        assert Design.model_validate(result.model_dump(mode="json", exclude_none=True)) == result
