"""Step lookups shared by the Step Functions rules."""

from __future__ import annotations

from typing import TypeVar

from generators.advisor.edits import component
from generators.advisor.graph import Graph
from generators.model import Design, StateMachine

T = TypeVar("T")


def steps_of(graph: Graph, cls: type[T]) -> list[tuple[StateMachine, int, T]]:
    """(state machine, step index, step) for every step of type `cls`."""
    return [(sm, j, step) for sm in graph.of(StateMachine) for j, step in enumerate(sm.steps) if isinstance(step, cls)]


def step_path(graph: Graph, sm: StateMachine, index: int) -> str:
    return f"{graph.path(sm.name)}.steps[{index}]"


def draft_step(d: Design, machine: str, index: int, cls: type[T]) -> T:
    step = component(d, machine, StateMachine).steps[index]
    if not isinstance(step, cls):
        raise TypeError(f"step {index} of {machine!r} is not a {cls.__name__}")
    return step


def uses_callback_or_sync(sm: StateMachine) -> list[str]:
    from generators.model import TaskStep

    return [s.name for s in sm.steps if isinstance(s, TaskStep) and s.integration != "request_response"]
