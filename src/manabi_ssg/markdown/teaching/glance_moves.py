"""A case study's facts move into its at-a-glance box, so each shows once.

The box (:mod:`manabi_ssg.markdown.teaching.case_studies`) is built from labelled
lines the section already has (``**論文**: ...``, ``- **手法**: ...``,
``**結果**:`` followed by a list).  Leaving them in place printed every line
twice, the second time right under the box.  Here each fact's source leaves
the text: its line (the paragraph goes when no line of it is left), its list
item (the list goes when no item is left, and with it a lead-in line that is
only a label, ``**技術スタック**:``), and the list that was its value.

One exception keeps the author's structure: a sub-heading of the case study
is never left with nothing under it.  The facts of such a sub-section stay
where they are and are not put in the box, so they still show once.
"""

from __future__ import annotations

from markdown_it.token import Token

from manabi_ssg.markdown.blocklines import matching_close
from manabi_ssg.markdown.directives import plain_text

BREAKS = ("softbreak", "hardbreak")
CONTAINERS = ("paragraph_open", "list_item_open", "bullet_list_open", "ordered_list_open", "blockquote_open")


def take_facts(tokens: list[Token], facts: list[dict], start: int, end: int, removed: set[int] | None = None) -> list[dict]:
    """Remove the sources of ``facts`` from ``tokens[start:end]``; returns the facts moved (the box's).

    ``removed``: where the indices of the tokens to remove go instead, for a
    caller that removes those of every case study in one pass (deleting them
    one by one moved the rest of the page each time, quadratic in its length).
    """
    moved = list(facts)
    while moved:
        deleted, lines = _removal(tokens, moved, start, end)
        emptied = _emptied_subsections(tokens, deleted, start, end)
        if not emptied:
            break
        moved = [fact for fact in moved if not any(first <= fact["source"]["inline"] < last for first, last in emptied)]
    else:
        return []
    for index, taken in lines.items():
        if index not in deleted:
            tokens[index].children = _without_lines(tokens[index].children or [], taken)
    if removed is not None:
        removed.update(deleted)
        return moved
    for index in sorted(deleted, reverse=True):
        del tokens[index]
    return moved


def _removal(tokens: list[Token], facts: list[dict], start: int, end: int) -> tuple[set[int], dict[int, set[int]]]:
    """Indices of the tokens that go, and per inline token the line numbers that go from it."""
    deleted: set[int] = set()
    lines: dict[int, set[int]] = {}
    for fact in facts:
        source = fact["source"]
        lines.setdefault(source["inline"], set()).add(source["line"])
        if source.get("block"):
            deleted.update(range(*source["block"]))
    for index, taken in lines.items():
        if len(taken) == _line_count(tokens[index].children or []):
            deleted.add(index)
    for index in range(end - 1, start - 1, -1):
        token = tokens[index]
        if token.type not in CONTAINERS or index in deleted:
            continue
        close = matching_close(tokens, index)
        if all(inner in deleted for inner in range(index + 1, close)):
            deleted.update((index, close))
        elif token.type == "paragraph_open" and close + 1 in deleted and tokens[close + 1].type.endswith("list_open"):
            if _is_bare_label(tokens[index + 1]):  # "**技術スタック**:" whose list has gone
                deleted.update(range(index, close + 1))
    return deleted, lines


def _emptied_subsections(tokens: list[Token], deleted: set[int], start: int, end: int) -> list[tuple[int, int]]:
    """(first, last) token ranges of sub-sections that had content and would have none left.

    A sub-section runs to the next heading of any level: a heading followed
    at once by a deeper one is a normal outline, a heading followed by the
    next of its own level is not.
    """
    emptied = []
    for index in range(start, end):
        if tokens[index].type != "heading_open":
            continue
        body = index + 3
        last = next((k for k in range(body, end) if tokens[k].type == "heading_open"), end)
        if body < last and all(k in deleted for k in range(body, last)):
            emptied.append((body, last))
    return emptied


def _line_count(children: list[Token]) -> int:
    return 1 + sum(child.type in BREAKS for child in children)


def _without_lines(children: list[Token], taken: set[int]) -> list[Token]:
    """``children`` without the lines numbered in ``taken``; the breaks between kept lines stay."""
    kept: list[list[Token]] = []
    line: list[Token] = []
    number = 0
    for child in children:
        if child.type in BREAKS:
            if number not in taken:
                kept.append(line + [child])
            line, number = [], number + 1
        else:
            line.append(child)
    if number not in taken:
        kept.append(line)
    elif kept:
        kept[-1] = kept[-1][:-1]  # the break before a removed last line goes with it
    return [child for part in kept for child in part]


def _is_bare_label(inline: Token) -> bool:
    """One ``**Label**:`` line and nothing after it."""
    children = [child for child in inline.children or [] if child.type != "text" or child.content.strip()]
    if any(child.type in BREAKS for child in children) or not children or children[0].type != "strong_open":
        return False
    return plain_text([inline]).strip().endswith((":", "："))
