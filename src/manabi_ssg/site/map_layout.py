"""A small layered layout for a series map: where each chapter's box and each arrow goes.

A series is 4 to 20 chapters whose prerequisites name a few others, so the
graph is small, nearly a chain, and must come out the same on every build.
This is the layered (Sugiyama) scheme cut to what such a graph needs:

1. edges that close a cycle (a prerequisite later in the reading order that
   also needs this chapter) are left out of the layering, so it is a DAG;
2. layers by longest path: a chapter sits one row below its lowest
   prerequisite, so chapters that do not need each other share a row;
3. an arrow longer than one row gets a waypoint in each row it crosses,
   ordered after the chapters it passes, so it runs beside them, not through;
4. within a row, chapters in reading order (a reader looks for 1, 2, 3 left
   to right), two at most: a wider layer goes on in the next rows (a phone
   shows two boxes at a readable size); rows are centred; arrows leave a box's bottom and enter the
   next box's top at points spread by where they come from.

Pure: numbers in, numbers out, no Markdown or HTML (map_svg.py draws).
"""

from __future__ import annotations

from dataclasses import dataclass, field

BOX_WIDTH = 184
BOX_HEIGHT = 52
WAYPOINT_WIDTH = 12
GAP = 24  # between boxes of a row
ROW_GAP = 44  # between rows: room for the arrows' curves and heads
MARGIN = 8
# Chapters side by side in one row, at most: a series page's column is about 40rem, and a phone's
# 390 px shows two boxes at 85% of their size; three would shrink their labels to 7 px.
PER_ROW = 2


@dataclass
class Layout:
    width: int
    height: int
    boxes: list[tuple[int, int]]  # top-left (x, y) of each chapter's box, by reading index
    layers: list[int]  # each chapter's row
    arrows: list[tuple[int, int, list[tuple[float, float]]]] = field(default_factory=list)  # (from, to, points)
    left_out: list[tuple[int, int]] = field(default_factory=list)  # edges that closed a cycle (not layered, still drawn)


def cyclic_edges(count: int, edges: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """The edges inside a cycle (both ends in one strongly connected component, or a self-loop)."""
    following: list[list[int]] = [[] for _ in range(count)]
    for source, target in edges:
        following[source].append(target)
    component = _components(count, following)
    return {(s, t) for s, t in edges if s == t or component[s] == component[t]}


def _components(count: int, following: list[list[int]]) -> list[int]:
    """Tarjan's strongly connected components, iterative (a long chain would overflow recursion)."""
    index_of = [-1] * count
    low = [0] * count
    on_stack = [False] * count
    stack: list[int] = []
    component = [-1] * count
    counter = 0
    found = 0
    for root in range(count):
        if index_of[root] != -1:
            continue
        work = [(root, 0)]
        while work:
            node, position = work.pop()
            if position == 0:
                index_of[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack[node] = True
            if position < len(following[node]):
                work.append((node, position + 1))
                nxt = following[node][position]
                if index_of[nxt] == -1:
                    work.append((nxt, 0))
                elif on_stack[nxt]:
                    low[node] = min(low[node], index_of[nxt])
                continue
            if low[node] == index_of[node]:
                while True:
                    member = stack.pop()
                    on_stack[member] = False
                    component[member] = found
                    if member == node:
                        break
                found += 1
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return component


def layout(count: int, edges: list[tuple[int, int]]) -> Layout:
    """Boxes and arrows for ``count`` chapters (in reading order) and prerequisite ``edges`` (needed, needing)."""
    edges = sorted(set(edges))
    cyclic = cyclic_edges(count, edges)
    left_out = [(s, t) for s, t in edges if (s, t) in cyclic and s >= t]  # a self-loop, or backwards in reading order
    kept = [(s, t) for s, t in edges if (s, t) not in set(left_out)]
    layers = _wrapped(_longest_path_layers(count, kept))

    # rows of slots: ("box", chapter) or ("via", edge index), sorted by reading order
    rows: dict[int, list[tuple[tuple[int, int, int], tuple[str, int]]]] = {}
    for chapter in range(count):
        rows.setdefault(layers[chapter], []).append(((chapter, 0, 0), ("box", chapter)))
    for number, (source, target) in enumerate(kept):
        low, high = sorted((layers[source], layers[target]))
        for row in range(low + 1, high):
            rows.setdefault(row, []).append(((max(source, target), 1, source), ("via", number)))
    depth = max(layers, default=-1) + 1
    widths = []
    for row in range(depth):
        slots = sorted(rows.get(row, []))
        rows[row] = slots
        widths.append(sum(BOX_WIDTH if kind == "box" else WAYPOINT_WIDTH for _, (kind, _) in slots) + GAP * max(len(slots) - 1, 0))
    width = max(widths, default=0) + 2 * MARGIN
    boxes: list[tuple[int, int]] = [(0, 0)] * count
    via: dict[tuple[int, int], float] = {}  # (edge, row) -> x of its waypoint
    for row in range(depth):
        x = MARGIN + (width - 2 * MARGIN - widths[row]) / 2
        y = MARGIN + row * (BOX_HEIGHT + ROW_GAP)
        for _, (kind, which) in rows[row]:
            if kind == "box":
                boxes[which] = (round(x), y)
                x += BOX_WIDTH + GAP
            else:
                via[(which, row)] = x + WAYPOINT_WIDTH / 2
                x += WAYPOINT_WIDTH + GAP
    height = MARGIN * 2 + depth * BOX_HEIGHT + max(depth - 1, 0) * ROW_GAP
    arrows = _arrows(kept + left_out, kept, layers, boxes, via)
    return Layout(width=int(width), height=height, boxes=boxes, layers=layers, arrows=arrows, left_out=left_out)


def _wrapped(layers: list[int]) -> list[int]:
    """Rows of at most :data:`PER_ROW` chapters: a wider layer goes on in the rows below, in reading order.

    Every edge still points down (longest-path layers have none inside a layer), and an arrow into
    a later part of a layer gets waypoints beside the parts above it, as any long arrow does.
    """
    rows = [0] * len(layers)
    next_row = 0
    for layer in sorted(set(layers)):
        members = [node for node in range(len(layers)) if layers[node] == layer]
        for place, node in enumerate(members):
            rows[node] = next_row + place // PER_ROW
        next_row += (len(members) + PER_ROW - 1) // PER_ROW
    return rows


def _longest_path_layers(count: int, edges: list[tuple[int, int]]) -> list[int]:
    """Each node's row: 0 without a prerequisite, else one below its lowest one (edges form a DAG)."""
    needs: list[list[int]] = [[] for _ in range(count)]
    waiting = [0] * count
    for source, target in edges:
        needs[source].append(target)
        waiting[target] += 1
    layers = [0] * count
    ready = [node for node in range(count) if waiting[node] == 0]
    while ready:
        node = ready.pop()
        for target in needs[node]:
            layers[target] = max(layers[target], layers[node] + 1)
            waiting[target] -= 1
            if waiting[target] == 0:
                ready.append(target)
    return layers


def _arrows(drawn: list[tuple[int, int]], kept: list[tuple[int, int]], layers: list[int],
            boxes: list[tuple[int, int]], via: dict[tuple[int, int], float]) -> list[tuple[int, int, list[tuple[float, float]]]]:
    """Each edge as points from its source box to its target box, through its waypoints.

    Ports: the arrows leaving a box's bottom (entering its top) are spread
    along it in the order of where they go (come from), so they do not cross there.
    """
    centre = [x + BOX_WIDTH / 2 for x, _ in boxes]
    leaving: dict[int, list[tuple[int, int]]] = {}
    entering: dict[int, list[tuple[int, int]]] = {}
    for source, target in drawn:
        leaving.setdefault(source, []).append((source, target))
        entering.setdefault(target, []).append((source, target))

    def port(edges: list[tuple[int, int]], edge: tuple[int, int], far: int) -> float:
        ordered = sorted(edges, key=lambda e: (centre[e[far]], e))
        spot = ordered.index(edge) + 1
        owner = edge[1 - far]
        return boxes[owner][0] + BOX_WIDTH * spot / (len(ordered) + 1)

    index_of = {edge: number for number, edge in enumerate(kept)}
    result = []
    for edge in drawn:
        source, target = edge
        start: tuple[float, float] = (port(leaving[source], edge, 1), boxes[source][1] + BOX_HEIGHT)
        end: tuple[float, float] = (port(entering[target], edge, 0), boxes[target][1])
        points = [start]
        if edge in index_of:
            for row in range(layers[source] + 1, layers[target]):
                x = via[(index_of[edge], row)]
                top = boxes[source][1] + (row - layers[source]) * (BOX_HEIGHT + ROW_GAP)
                points += [(x, top), (x, top + BOX_HEIGHT)]
        if layers[target] <= layers[source]:  # a left-out edge going up or sideways: from the side, not through boxes
            start = (boxes[source][0] + BOX_WIDTH, boxes[source][1] + BOX_HEIGHT / 2)
            end = (boxes[target][0] + BOX_WIDTH, boxes[target][1] + BOX_HEIGHT / 2)
            points = [start]
        points.append(end)
        result.append((source, target, points))
    return result
