"""Skip the task-list pass on pages that hold no ``[ ]``, ``[x]`` or ``[X]``.

mdit-py-plugins' tasklists rule looks at every token of every page, three
tokens at a time, for a list item whose text starts with a checkbox; on a
table- or list-heavy chapter that walk costs about 2% of the page.  A
checkbox is written in the page's own text, so a page without one anywhere
goes without the walk: the same tokens, sooner.  ``tests/test_tasklist_guard.py``
compares whole pages with and without it.  Install after ``tasklists_plugin``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

RULE = "github-tasklists"
CHECKBOX_RE = re.compile(r"\[[ xX]\]")


def tasklist_guard_plugin(md: MarkdownIt) -> None:
    for rule in md.core.ruler.__rules__:
        if rule.name == RULE and not getattr(rule.fn, "_guarded", False):
            md.core.ruler.at(RULE, _only_with_checkboxes(rule.fn))


def _only_with_checkboxes(tasklists: Callable[[StateCore], None]) -> Callable[[StateCore], None]:
    def guarded(state: StateCore) -> None:
        if CHECKBOX_RE.search(state.src):
            tasklists(state)

    guarded._guarded = True  # type: ignore[attr-defined]
    return guarded
