"""The component graph as a standalone SVG: nodes styled per service with name and key settings, edges
labelled with what they do. Laid out by `generators.renderers.layout` (pure, deterministic)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from generators.catalog import COMPONENTS
from generators.model import (
    Bucket,
    Component,
    Connection,
    Design,
    Distribution,
    DocdbCluster,
    EventBus,
    Function,
    FunctionUrl,
    HttpApi,
    Invokes,
    KafkaCluster,
    MqBroker,
    MskCluster,
    Pipe,
    Queue,
    RestApi,
    Routes,
    Schedule,
    Secret,
    StateMachine,
    Stream,
    Table,
    Topic,
    Triggers,
    UserPool,
)
from generators.renderers.layout import Box, Edge, Layout, layered_layout

KIND_LABEL = {row.kind: row.diagram.long for row in COMPONENTS.values()}
# fill, border: one family of colours per AWS service group (compute, integration, storage, front door...)
KIND_COLOURS = {row.kind: row.diagram.colours for row in COMPONENTS.values()}
EDGE_COLOURS = {
    "routes": "#8a3ffc", "triggers": "#c8265f", "reads": "#2f5bd3", "writes": "#2f5bd3", "publishes": "#c8265f",
    "invokes": "#e07b00", "starts": "#b0186a", "authorizes": "#c0392b", "integrates": "#b0186a",
}
FONT = "system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif"
NAME_SIZE, SMALL_SIZE = 13.0, 11.0
NodeAttributes = Callable[[Component], Mapping[str, str]]


# xml.sax.saxutils's escape and quoteattr, with the same output; that module imports urllib.request (and so
# http, email and ssl), a fifth of the command line's start-up.
def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def quoteattr(text: str) -> str:
    text = escape(text).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return '"' + text.replace('"', "&quot;") + '"'


def text_width(text: str, size: float, bold: bool = False) -> float:
    """A font-independent estimate of rendered width, generous enough that labels never touch."""
    units = 0.0
    for char in text:
        if char in "ijl.,:;|!'()[] ":
            units += 0.32
        elif char in "mwMW@":
            units += 0.9
        elif char.isupper() or char in "0123456789#%&":
            units += 0.66
        else:
            units += 0.56
    return units * size * (1.08 if bold else 1.0)


def kind_label(component: Component) -> str:
    """The node's caption: the kind's, or what makes a function special (a durable workflow orchestrator)."""
    if isinstance(component, Function) and component.durable is not None:
        return "Lambda durable function"
    return KIND_LABEL[component.kind]


def key_settings(component: Component) -> str:
    """One short line with the settings people look at first."""
    if isinstance(component, Function):
        parts = [f"{component.memory_mb} MB", f"{component.timeout_s} s"]
        if component.durable is not None:
            operations = len(component.durable.operations)
            parts = [f"{operations} operation{'s' if operations != 1 else ''}",
                     f"≤ {_duration(component.durable.execution_timeout_s)}"]
        if component.snap_start:
            parts.append("SnapStart")
        if component.architecture:
            parts.append(component.architecture)
        if component.reserved_concurrency is not None:
            parts.append(f"max {component.reserved_concurrency}")
        return " · ".join(parts)
    if isinstance(component, (HttpApi, RestApi, FunctionUrl)):
        return f"auth {component.auth}"
    if isinstance(component, Queue):
        return f"visibility {component.visibility_timeout_s} s" + (" · FIFO" if component.fifo else "")
    if isinstance(component, Table):
        mode = "on-demand" if component.billing_mode == "PAY_PER_REQUEST" else "provisioned"
        return mode + (" · stream" if component.stream else "") + (
            " · idempotency" if component.purpose == "idempotency" else "")
    if isinstance(component, Bucket):
        return "versioned" if component.versioned else "unversioned"
    if isinstance(component, EventBus):
        days = component.archive_retention_days
        return "no archive" if days is None else f"archive {days or '∞'} d"
    if isinstance(component, Schedule):
        return component.expression
    if isinstance(component, Stream):
        return "on-demand" if component.mode == "ON_DEMAND" else f"{component.shard_count} shards"
    if isinstance(component, StateMachine):
        return f"{component.workflow_type.lower()} · {len(component.steps)} steps"
    if isinstance(component, UserPool):
        return f"MFA {component.mfa.lower()}"
    if isinstance(component, Pipe):
        return f"batch {component.batch_size}" if component.batch_size else "default batch"
    if isinstance(component, Secret):
        return f"generated · {component.password_length} chars"
    if isinstance(component, Distribution):
        return component.price_class.replace("PriceClass_", "price class ") + (
            " · SPA" if component.spa_fallback else "")
    if isinstance(component, MskCluster | KafkaCluster):
        return f"topic {component.topic or '(not set)'}"
    if isinstance(component, MqBroker):
        return f"{component.engine} · queue {component.queue or '(not set)'}"
    if isinstance(component, DocdbCluster):
        return f"{component.database or '(not set)'}" + (f".{component.collection}" if component.collection else "")
    assert isinstance(component, Topic)  # the last kind of the union
    return "FIFO" if component.fifo else "standard"


def edge_label(connection: Connection) -> str:
    if isinstance(connection, Routes):
        return "all routes" if connection.path == "/" and connection.method == "ANY" else (
            f"{connection.method} {connection.path}")
    if isinstance(connection, Triggers):
        details = []
        if connection.batch_size is not None:
            details.append(f"batch {connection.batch_size}")
        if connection.filter_policy or connection.event_pattern:
            details.append("filtered")
        if connection.prefix or connection.suffix:
            details.append(f"{connection.prefix or ''}*{connection.suffix or ''}")
        return "triggers" + (f" ({', '.join(details)})" if details else "")
    if isinstance(connection, Invokes):
        return f"invokes ({connection.invocation})"
    return connection.kind


def _node_size(component: Component, compact: bool) -> tuple[float, float]:
    if compact:
        return max(text_width(component.name, SMALL_SIZE, bold=True) + 16, 56.0), 26.0
    widths = [text_width(component.name, NAME_SIZE, bold=True),
              text_width(kind_label(component), SMALL_SIZE),
              text_width(key_settings(component), SMALL_SIZE)]
    return max(max(widths) + 24, 120.0), 58.0


def layout_design(design: Design, *, compact: bool = False) -> Layout:
    boxes = [Box(c.name, *_node_size(c, compact)) for c in design.components]
    edges = []
    for connection in design.connections:
        if compact:
            edges.append(Edge(connection.source, connection.target))
        else:
            label = edge_label(connection)
            edges.append(Edge(connection.source, connection.target, text_width(label, SMALL_SIZE) + 10, 18.0))
    return layered_layout(boxes, edges)


def _path(points: tuple[tuple[float, float], ...]) -> str:
    """A smooth curve through the route's points: horizontal tangents at every point."""
    (x0, y0), rest = points[0], points[1:]
    parts = [f"M{x0:g},{y0:g}"]
    px, py = x0, y0
    for x, y in rest:
        mid = (px + x) / 2
        parts.append(f"C{mid:g},{py:g} {mid:g},{y:g} {x:g},{y:g}")
        px, py = x, y
    return " ".join(parts)


def draw(design: Design, *, compact: bool = False, node_attributes: NodeAttributes | None = None,
         title: str | None = None, layout: Layout | None = None) -> str:
    """`layout` (from `layout_design(design, compact=...)`) may be passed in by callers that draw one design
    several times (the web app adds per-request links)."""
    layout = layout or layout_design(design, compact=compact)
    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="architecture" width="{layout.width:g}" '
        f'height="{layout.height:g}" viewBox="0 0 {layout.width:g} {layout.height:g}" role="img" '
        f'font-family="{FONT}">',
        f"<title>{escape(title or f'Architecture of {design.project.name}')}</title>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="context-stroke"/></marker></defs>',
        f'<rect width="{layout.width:g}" height="{layout.height:g}" fill="#ffffff"/>',
    ]
    out.append('<g class="edges" fill="none" stroke-width="1.4">')
    for routed, connection in zip(layout.edges, design.connections, strict=True):
        colour = EDGE_COLOURS.get(connection.kind, "#5b6475")
        dash = ' stroke-dasharray="5 3"' if connection.kind in ("reads", "authorizes") else ""
        out.append(f'<path class="edge edge-{connection.kind}" data-source={quoteattr(connection.source)} '
                   f'data-target={quoteattr(connection.target)} d="{_path(routed.points)}" stroke="{colour}"'
                   f'{dash} marker-end="url(#arrow)"/>')
    out.append("</g>")
    if not compact:
        out.append(f'<g class="edge-labels" font-size="{SMALL_SIZE:g}" text-anchor="middle">')
        for routed, connection in zip(layout.edges, design.connections, strict=True):
            if routed.label is None:
                continue
            label = edge_label(connection)
            x, y = routed.label
            w = text_width(label, SMALL_SIZE) + 8
            out.append(f'<g class="edge-label"><rect x="{x - w / 2:g}" y="{y - 8:g}" width="{w:g}" height="16" '
                       f'rx="3" fill="#ffffff" fill-opacity="0.92"/><text x="{x:g}" y="{y + 3.8:g}" '
                       f'fill="#3c4456">{escape(label)}</text></g>')
        out.append("</g>")
    out.append('<g class="nodes">')
    for component in design.components:
        node = layout.nodes[component.name]
        fill, border = KIND_COLOURS[component.kind]
        left, top = node.x - node.width / 2, node.y - node.height / 2
        extra = dict((node_attributes or _none)(component))
        attributes = "".join(f" {name}={quoteattr(value)}" for name, value in sorted(extra.items()))
        body = [f'<rect x="{left:g}" y="{top:g}" width="{node.width:g}" height="{node.height:g}" rx="6" '
                f'fill="{fill}" stroke="{border}" stroke-width="1.5"/>',
                f'<rect x="{left:g}" y="{top:g}" width="5" height="{node.height:g}" rx="2" fill="{border}"/>']
        if compact:
            body.append(f'<text x="{node.x + 2:g}" y="{node.y + 4:g}" text-anchor="middle" '
                        f'font-size="{SMALL_SIZE:g}" font-weight="600" fill="#1d2330">{escape(component.name)}</text>')
        else:
            x = left + 13
            body.append(f'<text x="{x:g}" y="{top + 18:g}" font-size="{NAME_SIZE:g}" font-weight="600" '
                        f'fill="#1d2330">{escape(component.name)}</text>')
            body.append(f'<text x="{x:g}" y="{top + 34:g}" font-size="{SMALL_SIZE:g}" fill="{border}">'
                        f"{escape(kind_label(component))}</text>")
            body.append(f'<text x="{x:g}" y="{top + 49:g}" font-size="{SMALL_SIZE:g}" fill="#5b6475">'
                        f"{escape(key_settings(component))}</text>")
        group = (f'<g class="node node-{component.kind}" data-component={quoteattr(component.name)}>'
                 f"<title>{escape(component.name)}: {escape(kind_label(component))}</title>"
                 + "".join(body) + "</g>")
        # With an href the node is a link (the web app opens the component's settings); else plain attributes.
        out.append(f"<a{attributes}>{group}</a>" if "href" in extra else group.replace(">", f"{attributes}>", 1))
    out.append("</g></svg>")
    return "\n".join(out) + "\n"


def _none(component: Component) -> Mapping[str, str]:
    return {}


def _duration(seconds: int) -> str:
    """A whole-execution timeout in the largest unit that divides it: 7 d, 12 h, 90 min, 45 s."""
    for size, unit in ((86400, "d"), (3600, "h"), (60, "min")):
        if seconds % size == 0:
            return f"{seconds // size} {unit}"
    return f"{seconds} s"

