"""A series' map: which chapter needs which, drawn at build time for the series page.

Each chapter's ``prerequisites`` are resolved as its header resolves them
(:func:`~manabi_ssg.pipeline.prerequisites.resolve_prerequisite`): an item
naming a chapter of the series is an arrow from that chapter; anything else
(「基礎的な材料科学知識」) is knowledge from outside, listed beside the map
with the chapters that need it.  :mod:`map_layout` places the boxes; the
theme's ``partials/series_map.html`` draws them as inline SVG from what
:func:`series_map` returns, plus the same facts as a list, which is what
screen readers and the keyboard use.

No map is drawn for a series whose prerequisites name none of its chapters
(a single chapter, or chapters that need nothing of each other): the
chapter list already shows the reading order, and a map of unconnected boxes
would say nothing more.  Nor past :data:`MOST_CHAPTERS`, where the drawing
grows too tall to read.

:func:`cycle_diagnostics` warns at a ``prerequisites`` item that closes a
cycle (第2章 needs 第3章, which needs 第2章): no reading order satisfies it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from manabi_ssg.diagnostics import WARNING, Diagnostic
from manabi_ssg.model import CHAPTER, Page, PageSummary, Section, SiteIndex
from manabi_ssg.site.map_layout import BOX_HEIGHT, BOX_WIDTH, cyclic_edges, layout
from manabi_ssg.pipeline.prerequisites import TITLE_PREFIX_RE, resolve_prerequisite

MOST_CHAPTERS = 60
FONT = 13  # the label's font size in the drawing's units
LINE_WIDTH = BOX_WIDTH - 52  # room for a label line beside the reading-order number
WIDE = "WF"  # East Asian widths counted as one em; the rest as about half of one


@dataclass(frozen=True)
class MapNode:
    url: str
    title: str
    number: int  # place in the reading order, from 1
    lines: tuple[str, ...]  # the label, at most two lines, cut with … when longer
    x: int
    y: int
    needs: tuple[str, ...]  # titles of the chapters it needs, for the list


@dataclass(frozen=True)
class MapArrow:
    path: str  # SVG path data
    cycle: bool  # closes a cycle of prerequisites (drawn dashed)


@dataclass(frozen=True)
class SeriesMap:
    width: int
    height: int
    nodes: tuple[MapNode, ...]
    arrows: tuple[MapArrow, ...]
    outside: tuple[tuple[str, tuple[str, ...]], ...]  # (knowledge, titles of the chapters that need it)
    box_width: int = BOX_WIDTH
    box_height: int = BOX_HEIGHT


def _edges(section: Section) -> tuple[list[tuple[int, int]], list[tuple[str, list[str]]]]:
    place = {chapter.url: number for number, chapter in enumerate(section.chapters)}
    edges: list[tuple[int, int]] = []
    outside: dict[str, list[str]] = {}
    for number, chapter in enumerate(section.chapters):
        for item in chapter.prerequisites:
            needed = resolve_prerequisite(item, section)
            if needed is not None and needed.url in place:
                edges.append((place[needed.url], number))
            else:
                outside.setdefault(item.strip(), []).append(chapter.title)
    return edges, list(outside.items())


def _width(text: str) -> float:
    return sum(FONT if unicodedata.east_asian_width(ch) in WIDE else FONT * 0.56 for ch in text)


def label_lines(title: str) -> tuple[str, ...]:
    """The title without its 第N章 prefix (the box shows the number), in two lines at most, cut with …."""
    label = TITLE_PREFIX_RE.sub("", unicodedata.normalize("NFKC", title)).strip() or title
    lines: list[str] = []
    rest = label
    while rest and len(lines) < 2:
        taken = ""
        for ch in rest:
            if _width(taken + ch) > LINE_WIDTH:
                break
            taken += ch
        if len(lines) == 0 and len(taken) < len(rest):
            space = taken.rfind(" ")  # break Latin text between words
            if space > len(taken) // 2:
                taken = taken[: space + 1]
        lines.append(taken.strip())
        rest = rest[len(taken):].lstrip()
    if not rest and len(lines) == 2 and len(lines[1]) <= 2 < len(lines[0]):
        whole = lines[0] + lines[1]  # no line of one or two characters: the two lines halved
        lines = [whole[: (len(whole) + 1) // 2], whole[(len(whole) + 1) // 2:]]
    if rest:
        last = lines[-1]
        while last and _width(last + "…") > LINE_WIDTH:
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return tuple(lines)


def _path(points: list[tuple[float, float]], side: bool) -> str:
    """Vertical curves between rows, straight through waypoints; a cycle's arrow loops out on the right."""
    if side:
        (x1, y1), (x2, y2) = points[0], points[-1]
        reach = 36 + abs(y2 - y1) / 6
        return f"M{x1:g},{y1:g} C{x1 + reach:g},{y1:g} {x2 + reach:g},{y2:g} {x2:g},{y2:g}"
    parts = [f"M{points[0][0]:g},{points[0][1]:g}"]
    for (x1, y1), (x2, y2) in zip(points, points[1:]):
        if x1 == x2:
            parts.append(f"L{x2:g},{y2:g}")
        else:
            middle = (y1 + y2) / 2
            parts.append(f"C{x1:g},{middle:g} {x2:g},{middle:g} {x2:g},{y2:g}")
    return " ".join(parts)


def series_map(section: Section | None) -> SeriesMap | None:
    """The map of ``section``'s chapters, or ``None`` when there is nothing to draw (see the module's docstring)."""
    if section is None or not 2 <= len(section.chapters) <= MOST_CHAPTERS:
        return None
    edges, outside = _edges(section)
    if not edges:
        return None
    placed = layout(len(section.chapters), edges)
    chapters = section.chapters
    needs: dict[int, list[str]] = {}
    for source, target in sorted(set(edges)):
        if source != target:
            needs.setdefault(target, []).append(chapters[source].title)
    nodes = tuple(
        MapNode(url=chapter.url, title=chapter.title, number=number + 1, lines=label_lines(chapter.title),
                x=placed.boxes[number][0], y=placed.boxes[number][1], needs=tuple(needs.get(number, ())))
        for number, chapter in enumerate(chapters)
    )
    side = set(placed.left_out)
    cyclic = cyclic_edges(len(chapters), sorted(set(edges)))
    arrows = tuple(MapArrow(path=_path(points, (source, target) in side), cycle=(source, target) in cyclic)
                   for source, target, points in placed.arrows if source != target)
    right = max((x for x, _ in placed.boxes), default=0) + BOX_WIDTH
    width = placed.width + (48 if side and right + 48 > placed.width else 0)  # room for a cycle's loop
    return SeriesMap(width=width, height=placed.height, nodes=nodes, arrows=arrows,
                     outside=tuple((item, tuple(titles)) for item, titles in outside))


def cycle_diagnostics(pages: list[Page], index: SiteIndex) -> list[Diagnostic]:
    """WARNING ``prerequisite-cycle`` at each ``prerequisites`` item that is part of a cycle."""
    found: list[Diagnostic] = []
    by_url = {page.url: page for page in pages if page.kind == CHAPTER}
    for section in index.sections.values():
        chapters = section.chapters
        if len(chapters) < 1 or not any(chapter.prerequisites for chapter in chapters):
            continue
        place = {chapter.url: number for number, chapter in enumerate(chapters)}
        edges: list[tuple[int, int, str]] = []
        for number, chapter in enumerate(chapters):
            for item in chapter.prerequisites:
                needed = resolve_prerequisite(item, section)
                if needed is not None and needed.url in place:
                    edges.append((place[needed.url], number, item))
        cyclic = cyclic_edges(len(chapters), [(s, t) for s, t, _ in edges])
        for source, target, item in edges:
            page = by_url.get(chapters[target].url)
            if (source, target) not in cyclic or page is None:
                continue
            if source == target:
                message = f"prerequisite {item!r} names this chapter itself"
            else:
                message = (f"prerequisite {item!r} ({_short(chapters[source])}) needs this chapter too, through its own "
                           "prerequisites: the chapters form a cycle no reading order can follow")
            found.append(Diagnostic(page.path, *page.place("prerequisites", item), WARNING, "prerequisite-cycle", message))
    return found


def _short(chapter: PageSummary) -> str:
    return re.sub(r"\s+", " ", chapter.title)[:80]


__all__ = ["SeriesMap", "series_map", "cycle_diagnostics", "label_lines"]
