"""A layered (Sugiyama) graph layout, left to right, in pure Python: deterministic and dependency-free.

Why our own: the engine may only use the standard library, pydantic, Jinja2 and PyYAML, must stay pure (no
subprocess to Graphviz's `dot`) and deterministic (the same design gives a byte-identical `docs/architecture.svg`),
and the web app lays out 200-component designs on every keystroke. The steps are the classic ones:

1. break cycles by reversing DFS back edges;
2. rank nodes by longest path, every edge spanning two ranks so that its label gets a column of its own
   (nodes on even ranks, edge labels on odd ranks: a label can never overlap a node);
3. split long edges into chains of dummy nodes;
4. order each rank by barycenter sweeps, keeping the order with the fewest crossings (counted exactly);
5. place nodes within each rank by weighted isotonic regression towards their neighbours' centres under
   minimum-separation constraints, so boxes and labels in a rank never overlap and edges stay straight.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

NODE_GAP = 18.0  # vertical gap between two boxes (nodes or labels) of the same rank
DUMMY_GAP = 8.0  # vertical gap next to an edge that only passes through a rank
RANK_GAP = 36.0  # horizontal gap between two ranks
SWEEPS = 8
PLACEMENT_ROUNDS = 6


@dataclass(frozen=True)
class Box:
    """A node to place: its id and size."""

    id: str
    width: float
    height: float


@dataclass(frozen=True)
class Edge:
    """An edge to route, optionally with a label box of the given size."""

    source: str
    target: str
    label_width: float = 0.0
    label_height: float = 0.0


@dataclass(frozen=True)
class PlacedNode:
    id: str
    x: float  # centre
    y: float  # centre
    width: float
    height: float


@dataclass(frozen=True)
class RoutedEdge:
    index: int
    points: tuple[tuple[float, float], ...]  # from the source's border to the target's border
    label: tuple[float, float] | None  # centre of the label box


@dataclass(frozen=True)
class Layout:
    width: float
    height: float
    nodes: dict[str, PlacedNode]
    edges: tuple[RoutedEdge, ...]


@dataclass
class _Vertex:
    key: int
    width: float
    height: float
    rank: int = 0
    y: float = 0.0
    real: str | None = None  # the Box id, or None for a dummy
    label_of: int | None = None  # index of the edge whose label this dummy carries
    up: list[int] = field(default_factory=list)
    down: list[int] = field(default_factory=list)


def layered_layout(boxes: Sequence[Box], edges: Sequence[Edge]) -> Layout:
    index = {box.id: i for i, box in enumerate(boxes)}
    vertices = [_Vertex(i, box.width, box.height, real=box.id) for i, box in enumerate(boxes)]
    oriented = _break_cycles(len(boxes), [(index[e.source], index[e.target]) for e in edges])
    _rank(vertices, oriented)
    chains = _split_long_edges(vertices, edges, oriented)
    layers = _order(vertices)
    _place(vertices, layers)
    return _finish(vertices, layers, chains, edges, oriented)


# ---------------------------------------------------------------- 1. cycles


def _break_cycles(count: int, pairs: list[tuple[int, int]]) -> list[tuple[int, int, bool]]:
    """(from, to, reversed) per edge; self loops keep their direction and are drawn as stubs."""
    out: list[list[int]] = [[] for _ in range(count)]
    for i, (s, _) in enumerate(pairs):
        out[s].append(i)
    state = [0] * count  # 0 new, 1 on stack, 2 done
    reverse: set[int] = set()
    for root in range(count):
        if state[root]:
            continue
        stack: list[tuple[int, int]] = [(root, 0)]
        state[root] = 1
        while stack:
            node, pos = stack[-1]
            if pos < len(out[node]):
                stack[-1] = (node, pos + 1)
                edge = out[node][pos]
                target = pairs[edge][1]
                if state[target] == 1:
                    reverse.add(edge)
                elif state[target] == 0:
                    state[target] = 1
                    stack.append((target, 0))
            else:
                state[node] = 2
                stack.pop()
    return [(t, s, True) if i in reverse else (s, t, False) for i, (s, t) in enumerate(pairs)]


# ---------------------------------------------------------------- 2. ranks


def _rank(vertices: list[_Vertex], oriented: list[tuple[int, int, bool]]) -> None:
    count = len(vertices)
    succ: list[list[int]] = [[] for _ in range(count)]
    pred: list[list[int]] = [[] for _ in range(count)]
    indegree = [0] * count
    for s, t, _ in oriented:
        if s != t:
            succ[s].append(t)
            pred[t].append(s)
            indegree[t] += 1
    order: list[int] = []
    ready = [v for v in range(count) if indegree[v] == 0]
    while ready:
        v = ready.pop(0)
        order.append(v)
        for t in succ[v]:
            indegree[t] -= 1
            if indegree[t] == 0:
                ready.append(t)
    rank = [0] * count
    for v in order:
        for t in succ[v]:
            rank[t] = max(rank[t], rank[v] + 2)
    # Pull sources towards their successors (a user pool sits next to the API it authorizes, not in column 0).
    for v in reversed(order):
        if not pred[v] and succ[v]:
            rank[v] = min(rank[t] for t in succ[v]) - 2
    low = min(rank, default=0)
    for v in range(count):
        vertices[v].rank = rank[v] - low


# ---------------------------------------------------------------- 3. dummies


def _split_long_edges(
    vertices: list[_Vertex], edges: Sequence[Edge], oriented: list[tuple[int, int, bool]]
) -> list[list[int]]:
    """For each edge, the chain of vertex keys from its (oriented) source to its target."""
    chains: list[list[int]] = []
    for i, (s, t, _) in enumerate(oriented):
        if s == t:
            chains.append([s, t])
            continue
        chain = [s]
        first = vertices[s].rank + 1
        for rank in range(first, vertices[t].rank):
            labelled = rank == first and edges[i].label_width > 0
            dummy = _Vertex(
                len(vertices),
                edges[i].label_width if labelled else 0.0,
                edges[i].label_height if labelled else 2.0,
                rank=rank,
                label_of=i if labelled else None,
            )
            vertices.append(dummy)
            chain.append(dummy.key)
        chain.append(t)
        for a, b in itertools.pairwise(chain):
            vertices[a].down.append(b)
            vertices[b].up.append(a)
        chains.append(chain)
    return chains


# ---------------------------------------------------------------- 4. order within ranks


def _order(vertices: list[_Vertex]) -> list[list[int]]:
    depth = max((v.rank for v in vertices), default=0) + 1
    layers: list[list[int]] = [[] for _ in range(depth)]
    # Initial order: depth-first from the roots in input order, so related nodes start close together.
    seen: set[int] = set()

    def visit(root: int) -> None:
        stack = [root]
        while stack:
            key = stack.pop()
            if key in seen:
                continue
            seen.add(key)
            layers[vertices[key].rank].append(key)
            stack.extend(reversed(vertices[key].down))

    for v in vertices:
        if not v.up:
            visit(v.key)
    for v in vertices:
        visit(v.key)

    best = [list(layer) for layer in layers]
    best_crossings = _crossings(vertices, layers)
    for sweep in range(SWEEPS):
        downward = sweep % 2 == 0
        ranks = range(1, depth) if downward else range(depth - 2, -1, -1)
        for r in ranks:
            neighbour_layer = layers[r - 1] if downward else layers[r + 1]
            position = {key: i for i, key in enumerate(neighbour_layer)}
            current = {key: i for i, key in enumerate(layers[r])}

            def barycenter(key: int, position: dict[int, int] = position, current: dict[int, int] = current,
                           downward: bool = downward) -> float:
                links = vertices[key].up if downward else vertices[key].down
                if not links:
                    return current[key] * len(position) / max(len(current), 1)
                return sum(position[k] for k in links) / len(links)

            layers[r].sort(key=lambda key: (barycenter(key), current[key]))
        crossings = _crossings(vertices, layers)
        if crossings < best_crossings:
            best, best_crossings = [list(layer) for layer in layers], crossings
        if best_crossings == 0:
            break
    return best


def _crossings(vertices: list[_Vertex], layers: list[list[int]]) -> int:
    """Exact count of crossings between adjacent ranks (Barth, Jünger, Mutzel: sort + Fenwick tree)."""
    total = 0
    for upper, lower in itertools.pairwise(layers):
        position = {key: i for i, key in enumerate(lower)}
        targets = [position[t] for key in upper for t in sorted(vertices[key].down, key=position.__getitem__)]
        tree = [0] * (len(lower) + 1)
        for seen, target in enumerate(targets):
            # edges seen so far that end to the right of `target` cross this one
            i, not_greater = target + 1, 0
            while i > 0:
                not_greater += tree[i]
                i -= i & -i
            total += seen - not_greater
            i = target + 1
            while i <= len(lower):
                tree[i] += 1
                i += i & -i
    return total


# ---------------------------------------------------------------- 5. positions within ranks


def _gap(a: _Vertex, b: _Vertex) -> float:
    gap = NODE_GAP if (a.real is not None or a.label_of is not None) and (
        b.real is not None or b.label_of is not None) else DUMMY_GAP
    return (a.height + b.height) / 2 + gap


def _place(vertices: list[_Vertex], layers: list[list[int]]) -> None:
    for layer in layers:
        y = 0.0
        for i, key in enumerate(layer):
            if i:
                y += _gap(vertices[layer[i - 1]], vertices[key])
            vertices[key].y = y
    for round_ in range(PLACEMENT_ROUNDS):
        downward = round_ % 2 == 0
        last = round_ == PLACEMENT_ROUNDS - 1
        order = range(len(layers)) if downward else range(len(layers) - 1, -1, -1)
        for r in order:
            layer = layers[r]
            desired: list[float] = []
            weights: list[float] = []
            for key in layer:
                v = vertices[key]
                links = v.up + v.down if last else (v.up if downward else v.down)
                if links:
                    # A neighbour pulls less the more neighbours it has: labels of a hub's hundred routes line up
                    # with the hundred functions they lead to instead of bunching up next to the hub.
                    pulls = [1.0 / max(len(vertices[k].up) + len(vertices[k].down), 1) for k in links]
                    desired.append(sum(vertices[k].y * w for k, w in zip(links, pulls, strict=True)) / sum(pulls))
                    # dummies pull hard: long edges stay straight
                    weights.append(sum(pulls) * (4.0 if v.real is None else 1.0))
                else:
                    desired.append(v.y)
                    weights.append(0.25)
            for key, y in zip(layer, _separated_fit(vertices, layer, desired, weights), strict=True):
                vertices[key].y = y


def _separated_fit(vertices: list[_Vertex], layer: list[int], desired: list[float],
                   weights: list[float]) -> list[float]:
    """Positions closest (weighted least squares) to `desired` that keep the order and the minimum gaps.

    Subtracting the cumulative minimum offsets turns the gaps into a monotonicity constraint, which the
    pool-adjacent-violators algorithm solves exactly in linear time."""
    offsets = [0.0]
    for a, b in itertools.pairwise(layer):
        offsets.append(offsets[-1] + _gap(vertices[a], vertices[b]))
    blocks: list[list[float]] = []  # [weighted mean, weight, count]
    for value, weight, offset in zip(desired, weights, offsets, strict=True):
        blocks.append([value - offset, weight, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            mean2, w2, n2 = blocks.pop()
            mean1, w1, n1 = blocks[-1]
            total = w1 + w2
            blocks[-1] = [(mean1 * w1 + mean2 * w2) / total, total, n1 + n2]
    fitted: list[float] = []
    for mean, _, n in blocks:
        fitted.extend([mean] * int(n))
    return [z + offset for z, offset in zip(fitted, offsets, strict=True)]


# ---------------------------------------------------------------- output


def _finish(vertices: list[_Vertex], layers: list[list[int]], chains: list[list[int]], edges: Sequence[Edge],
            oriented: list[tuple[int, int, bool]], margin: float = 16.0) -> Layout:
    top = min((v.y - v.height / 2 for v in vertices), default=0.0)
    bottom = max((v.y + v.height / 2 for v in vertices), default=0.0)
    xs: list[float] = []
    x = margin
    for layer in layers:
        width = max((vertices[k].width for k in layer), default=0.0)
        xs.append(x + width / 2)
        x += width + (RANK_GAP if width or layer else 0.0)
    width = x - RANK_GAP + margin if layers else 2 * margin
    shift = margin - top

    def centre(key: int) -> tuple[float, float]:
        v = vertices[key]
        return round(xs[v.rank], 1), round(v.y + shift, 1)

    nodes: dict[str, PlacedNode] = {}
    for v in vertices:
        if v.real is not None:
            cx, cy = centre(v.key)
            nodes[v.real] = PlacedNode(v.real, cx, cy, v.width, v.height)
    routed: list[RoutedEdge] = []
    for i, chain in enumerate(chains):
        points = [centre(k) for k in chain]
        first, last = vertices[chain[0]], vertices[chain[-1]]
        points[0] = (round(points[0][0] + first.width / 2, 1), points[0][1])
        points[-1] = (round(points[-1][0] - last.width / 2, 1), points[-1][1])
        label = next((centre(k) for k in chain if vertices[k].label_of == i), None)
        if oriented[i][2]:
            points.reverse()
        routed.append(RoutedEdge(i, tuple(points), label))
    return Layout(round(width, 1), round(bottom - top + 2 * margin, 1), nodes, tuple(routed))
