"""Every CloudFormation stack status, what it means, and what the designer does about it — one row each.

Nothing is guessed from a status's spelling (`endswith("_IN_PROGRESS")` took REVIEW_IN_PROGRESS, a stack that
waits for someone to execute a change set, for a stack being worked on, and followed it until the time limit).
The test checks the table against the full StackStatus list of botocore's CloudFormation service model.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Phase(StrEnum):
    WORKING = "working"  # CloudFormation is changing the stack: wait (and poll, backing off)
    DONE = "done"  # an operation ended well: the stack can be updated
    ROLLED_BACK = "rolled_back"  # an update or import failed and was undone: the stack works, can be updated
    NEEDS_RECREATE = "needs_recreate"  # a first creation failed: CloudFormation can only delete it
    REVIEW = "review"  # a CREATE change set made the stack; nothing was ever executed in it
    STUCK = "stuck"  # someone must act on the stack before any deployment can touch it
    GONE = "gone"  # deleted


class Before(StrEnum):
    """What `prepare` does when it finds the stack in this status."""

    WAIT = "wait"  # let the operation finish, then look again
    UPDATE = "update"  # an UPDATE change set
    ASK_TO_RECREATE = "ask_to_recreate"  # ask the user, then delete it and CREATE again
    ASK_TO_CLEAN_UP = "ask_to_clean_up"  # ask the user, then delete the empty stack and CREATE again
    REFUSE = "refuse"  # fail with what to do
    CREATE = "create"  # as if there were no stack


@dataclass(frozen=True)
class StackState:
    phase: Phase
    before: Before
    meaning: str


_W, _D = Phase.WORKING, Phase.DONE

STACK_STATES: dict[str, StackState] = {
    "CREATE_IN_PROGRESS": StackState(_W, Before.WAIT, "the stack is being created"),
    "CREATE_FAILED": StackState(Phase.STUCK, Before.REFUSE, "creation failed and rollback was disabled"),
    "CREATE_COMPLETE": StackState(_D, Before.UPDATE, "the stack was created"),
    "ROLLBACK_IN_PROGRESS": StackState(_W, Before.WAIT, "a failed creation is being rolled back"),
    "ROLLBACK_FAILED": StackState(Phase.STUCK, Before.REFUSE, "a failed creation could not be rolled back"),
    "ROLLBACK_COMPLETE": StackState(Phase.NEEDS_RECREATE, Before.ASK_TO_RECREATE,
                                    "the first creation failed and was rolled back; it can only be deleted"),
    "DELETE_IN_PROGRESS": StackState(_W, Before.WAIT, "the stack is being deleted"),
    "DELETE_FAILED": StackState(Phase.STUCK, Before.REFUSE, "a resource could not be deleted"),
    "DELETE_COMPLETE": StackState(Phase.GONE, Before.CREATE, "the stack was deleted"),
    "UPDATE_IN_PROGRESS": StackState(_W, Before.WAIT, "the stack is being updated"),
    "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS": StackState(_W, Before.WAIT,
                                                      "an update succeeded; old resources are being removed"),
    "UPDATE_COMPLETE": StackState(_D, Before.UPDATE, "the stack was updated"),
    "UPDATE_FAILED": StackState(Phase.STUCK, Before.REFUSE, "an update failed and rollback was disabled"),
    "UPDATE_ROLLBACK_IN_PROGRESS": StackState(_W, Before.WAIT, "a failed update is being rolled back"),
    "UPDATE_ROLLBACK_FAILED": StackState(Phase.STUCK, Before.REFUSE,
                                         "a failed update could not be rolled back"),
    "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS": StackState(_W, Before.WAIT,
                                                               "a rollback is removing new resources"),
    "UPDATE_ROLLBACK_COMPLETE": StackState(Phase.ROLLED_BACK, Before.UPDATE,
                                           "a failed update was rolled back to the previous version"),
    "REVIEW_IN_PROGRESS": StackState(Phase.REVIEW, Before.ASK_TO_CLEAN_UP,
                                     "a change set created the stack but was never executed: it holds nothing"),
    "IMPORT_IN_PROGRESS": StackState(_W, Before.WAIT, "resources are being imported"),
    "IMPORT_COMPLETE": StackState(_D, Before.UPDATE, "resources were imported"),
    "IMPORT_ROLLBACK_IN_PROGRESS": StackState(_W, Before.WAIT, "a failed import is being rolled back"),
    "IMPORT_ROLLBACK_FAILED": StackState(Phase.STUCK, Before.REFUSE, "a failed import could not be rolled back"),
    "IMPORT_ROLLBACK_COMPLETE": StackState(Phase.ROLLED_BACK, Before.UPDATE,
                                           "a failed import was rolled back to the previous version"),
}

UNKNOWN = StackState(Phase.STUCK, Before.REFUSE, "a status this version of the designer does not know")


def state_of(status: str) -> StackState:
    """The row of a status; a status AWS adds later is treated as one to refuse (never as 'working')."""
    return STACK_STATES.get(status, UNKNOWN)


def is_working(status: str) -> bool:
    return state_of(status).phase == Phase.WORKING


class Poll:
    """When to look again: starts at `first` seconds and grows by half each time up to `cap`. Each look costs at
    most `requests` API calls, so the first interval is at least that many seconds (≤ 1 request/s)."""

    def __init__(self, *, first: float, cap: float, requests: int = 2) -> None:
        self.next = max(first, float(requests))
        self.cap = max(cap, self.next)

    def interval(self) -> float:
        current = self.next
        self.next = min(self.cap, self.next * 1.5)
        return current
