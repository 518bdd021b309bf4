"""SNS-06: a subscription filters on a key no publisher of the topic ever sets.

The generated publishers (a function's publish step, in both languages) set the `event_type` message attribute
(Python adds `correlation_id`) and put `event_type` at the top of the JSON body; a state machine's sns_publish step
sends its input as the body and no attributes. A filter on any other key, or on the wrong scope, matches nothing:
the subscriber never receives a message and nothing reports it."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.finding import Finding
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.model import Function, SdkStep, StateMachine, Topic, Triggers

ATTRIBUTE_KEYS = {"python": {"event_type", "correlation_id"}, "typescript": {"event_type"}}
BODY_KEYS = {"event_type"}


def _published_keys(graph: Graph, topic: str) -> dict[str, set[str] | None]:
    """publisher name -> the keys it sets, per scope; None when the body is not the designer's to know."""
    keys: dict[str, dict[str, set[str] | None]] = {}
    for _i, conn in graph.ins(topic, "publishes"):
        if graph.get(conn.source, Function) is not None:
            keys[conn.source] = {"MessageAttributes": set(ATTRIBUTE_KEYS.get(graph.design.project.language, set())),
                                 "MessageBody": set(BODY_KEYS)}
    for machine in graph.of(StateMachine):
        if any(isinstance(s, SdkStep) and s.action == "sns_publish" and s.target == topic for s in machine.steps):
            keys[machine.name] = {"MessageAttributes": set(), "MessageBody": None}
    if not keys:
        return {}
    return {scope: _union(keys, scope) for scope in ("MessageAttributes", "MessageBody")}


def _union(keys: dict[str, dict[str, set[str] | None]], scope: str) -> set[str] | None:
    found: set[str] = set()
    for per_scope in keys.values():
        value = per_scope[scope]
        if value is None:
            return None
        found |= value
    return found


def check(graph: Graph) -> Iterator[Finding]:
    for topic in graph.of(Topic):
        published = _published_keys(graph, topic.name)
        if not published:
            continue  # published from outside the design: its keys are unknown
        for i, conn in graph.outs(topic.name, "triggers"):
            if not isinstance(conn, Triggers) or not conn.filter_policy:
                continue
            scope = conn.filter_policy_scope or "MessageAttributes"
            known = published[scope]
            if known is None:
                continue
            missing = sorted(k for k in conn.filter_policy if not k.startswith("$") and k not in known)
            if not missing:
                continue
            where = "message attribute" if scope == "MessageAttributes" else "top-level body key"
            yield RULE.finding(
                graph, component=conn.target, connection=i,
                message=f"The subscription of {conn.target!r} to {topic.name!r} filters on {where}(s) "
                        f"{', '.join(repr(k) for k in missing)}, which no publisher of the topic sets: it will "
                        "receive no messages.",
                hint=f"Filter on {', '.join(sorted(known)) or 'nothing'} in scope {scope}, change the scope, or make "
                     "the publisher set the key (then silence this finding with the reason).",
            )


RULE = Rule(
    id="SNS-06", title="Filter on a key no publisher sets", severity="warning", area="sns",
    checks="A subscription filter policy names a message attribute (or, for MessageBody scope, a top-level body "
           "key) that no publisher of the topic in the design sets.",
    fix=None,
    source="000 event-sources §SNS Subscriptions (L645)",
    check=check,
)
