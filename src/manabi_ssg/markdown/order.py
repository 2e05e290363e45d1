"""Plugin order, computed from what each plugin says it needs.

markdown-it runs rules in the order plugins register them, and a plugin that
wraps another's rules (the dispatch tables, the core-pass skips, CJK's
tokenizer) must come after it.  Each plugin says so by name:
``Plugin("bibliography", bibliography_plugin, after=("citations",))``.  The
order is computed once, at import, and a name no plugin has or a cycle is an
error then, not a page rendered in a surprising order.

``after="*"`` (``before="*"``) puts a plugin after (before) every plugin that
does not say ``"*"`` itself: the dispatch tables, which guard every rule
registered before them.  Plugins with no constraint between them are ordered
by name, so the order never depends on the order of a listing.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from markdown_it import MarkdownIt

EVERY = "*"


class PluginOrderError(ValueError):
    """The declared constraints name an unknown plugin, repeat a name, or form a cycle."""


@dataclass(frozen=True)
class Plugin:
    """A markdown-it plugin with its name and the plugins it must follow or precede."""

    name: str
    install: Callable[[MarkdownIt], None]
    after: tuple[str, ...] = ()
    before: tuple[str, ...] = ()


def plugin_order(plugins: Iterable[Plugin]) -> tuple[Plugin, ...]:
    """``plugins`` in an order that keeps every ``after`` and ``before``; ties go by name."""
    by_name: dict[str, Plugin] = {}
    for plugin in plugins:
        if plugin.name in by_name or plugin.name == EVERY:
            raise PluginOrderError(f"two plugins are named {plugin.name!r}" if plugin.name != EVERY else "a plugin cannot be named '*'")
        by_name[plugin.name] = plugin
    edges = _edges(by_name)
    waiting = {name: 0 for name in by_name}
    for _, later in edges:
        waiting[later] += 1
    ready = [name for name, count in waiting.items() if count == 0]
    heapq.heapify(ready)
    order: list[Plugin] = []
    while ready:
        name = heapq.heappop(ready)
        order.append(by_name[name])
        for earlier, later in edges:
            if earlier == name:
                waiting[later] -= 1
                if waiting[later] == 0:
                    heapq.heappush(ready, later)
    if len(order) < len(by_name):
        stuck = sorted(name for name, count in waiting.items() if count > 0)
        raise PluginOrderError("the plugins' after/before form a cycle among: " + ", ".join(stuck))
    return tuple(order)


def _edges(by_name: dict[str, Plugin]) -> set[tuple[str, str]]:
    """(earlier, later) pairs from every plugin's constraints, ``*`` expanded."""
    first = {name for name, plugin in by_name.items() if EVERY in plugin.before}
    last = {name for name, plugin in by_name.items() if EVERY in plugin.after}
    edges: set[tuple[str, str]] = set()
    for name, plugin in by_name.items():
        for other in plugin.after:
            if other == EVERY:
                edges.update((rest, name) for rest in by_name if rest not in last)
            else:
                edges.add((_known(other, name, by_name), name))
        for other in plugin.before:
            if other == EVERY:
                edges.update((name, rest) for rest in by_name if rest not in first)
            else:
                edges.add((name, _known(other, name, by_name)))
    return edges


def _known(other: str, name: str, by_name: dict[str, Plugin]) -> str:
    if other not in by_name:
        raise PluginOrderError(f"plugin {name!r} names {other!r}, which is no plugin (known: {', '.join(sorted(by_name))})")
    return other
