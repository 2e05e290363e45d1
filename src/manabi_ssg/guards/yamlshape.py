"""The shape of a YAML document before any value is built: size with aliases expanded, depth, loops.

Aliases make a few hundred bytes of front matter stand for billions of
values (``&a [x, x, ...]``, ``&b [*a, *a, ...]``, ...): PyYAML builds them
shared and cheap, but anything that walks the values (type checks, templates,
the cache) walks every copy.  So the composed node graph is measured first,
each distinct node once, and a top-level key whose value would pass the
bounds is dropped, with an error at that key's line, before anything is built.
"""

from __future__ import annotations

import yaml

MAX_VALUES = 10_000  # values in the whole front matter, aliases expanded; real front matter holds tens
MAX_DEPTH = 32  # levels of nesting; real front matter holds two or three


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def measure(root: yaml.Node) -> tuple[dict[int, int], dict[int, int], set[int]]:
    """(expanded size, depth, and whether it loops) of every node under ``root``, each distinct node walked once.

    Sizes stop counting past ``MAX_VALUES``, so a bomb's numbers stay small.
    """
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    loops: set[int] = set()
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            children = _children(node)
            # a child still on the path is a loop (reported as such), counted as nothing here
            size[key] = min(MAX_VALUES + 1, 1 + sum(size.get(id(c), 0) for c in children))
            depth[key] = 1 + max((depth.get(id(c), 0) for c in children), default=0)
            if any(id(c) in loops for c in children):
                loops.add(key)
            continue
        if key in size:
            continue
        on_path.add(key)
        stack.append((node, True))
        for child in reversed(_children(node)):
            if id(child) in on_path:  # an alias inside the value it names
                loops.add(key)
            elif id(child) not in size:
                stack.append((child, False))
    return size, depth, loops


def oversized(root: yaml.Node) -> list[tuple[yaml.Node, str]]:
    """The top-level pairs to drop, as (key node, why), in document order; ``root`` loses them.

    A pair goes when its value loops, nests deeper than ``MAX_DEPTH`` or, with
    the pairs kept before it, expands past ``MAX_VALUES``.
    """
    size, depth, loops = measure(root)
    dropped: list[tuple[yaml.Node, str]] = []
    kept = []
    total = 1
    for key_node, value_node in root.value:
        pair = (key_node, value_node)
        why = _problem(pair, size, depth, loops, total)
        if why is None:
            kept.append(pair)
            total += size[id(key_node)] + size[id(value_node)]
        else:
            dropped.append((key_node, why))
    root.value[:] = kept
    return dropped


def whole_problem(root: yaml.Node) -> str | None:
    """Why a document that is not a mapping cannot be read at all, or None."""
    size, depth, loops = measure(root)
    return _problem((root,), size, depth, loops, 0)


def _problem(nodes: tuple[yaml.Node, ...], size: dict[int, int], depth: dict[int, int], loops: set[int], total: int) -> str | None:
    if any(id(n) in loops for n in nodes):
        return "an alias (*name) inside the value its anchor (&name) names makes an endless value"
    deepest = max(depth[id(n)] for n in nodes)
    if deepest > MAX_DEPTH:
        return f"the value nests {deepest} levels deep; front matter may nest {MAX_DEPTH}"
    if total + sum(size[id(n)] for n in nodes) > MAX_VALUES:
        return (f"with its aliases (*name) expanded, the front matter would hold more than {MAX_VALUES:,} values "
                "(an alias bomb, or a value far too large)")
    return None
