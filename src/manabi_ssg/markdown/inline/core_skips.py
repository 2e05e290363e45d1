"""Skip two mdit-py-plugins core passes on pages where they can change nothing.

Each walks every token of a page, and on a table- or list-heavy chapter each
walk costs one to two per cent of the page:

* ``github-tasklists`` looks, three tokens at a time, for a list item whose
  text starts with ``[ ]``, ``[x]`` or ``[X]``.  A checkbox is written in the
  page's own text, so a page without one anywhere goes without the walk.
* ``footnote_tail`` moves footnote definitions to the end of the page.  It
  runs on every page with a ``[`` (the footnote rules note their data at any
  ``[``), but with no footnote defined or referenced it only copies the token
  list as it was.

The same tokens, sooner: ``tests/test_core_skips.py`` compares whole pages
with and without this plugin.  Install after ``tasklists_plugin`` and
``footnote_plugin``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from manabi_ssg.markdown.order import Plugin

CHECKBOX_RE = re.compile(r"\[[ xX]\]")


def _has_checkbox(state: StateCore) -> bool:
    return CHECKBOX_RE.search(state.src) is not None


def _has_footnotes(state: StateCore) -> bool:
    footnotes = state.env.get("footnotes")
    if not footnotes:
        return False
    return bool(footnotes.get("refs") or footnotes.get("list"))


# core rule name -> whether the page may need it
NEEDED: dict[str, Callable[[StateCore], bool]] = {"github-tasklists": _has_checkbox, "footnote_tail": _has_footnotes}


def core_skips_plugin(md: MarkdownIt) -> None:
    for rule in md.core.ruler.__rules__:
        if rule.name in NEEDED and not getattr(rule.fn, "_guarded", False):
            md.core.ruler.at(rule.name, _only_if(NEEDED[rule.name], rule.fn))


def _only_if(needed: Callable[[StateCore], bool], rule: Callable[[StateCore], None]) -> Callable[[StateCore], None]:
    def guarded(state: StateCore) -> None:
        if needed(state):
            rule(state)

    guarded._guarded = True  # type: ignore[attr-defined]  # a mark on the function: already wrapped
    return guarded


# after footnote and tasklists: it guards their core rules; after delimiters: kept
PLUGIN = Plugin("core_skips", core_skips_plugin, after=("footnote", "tasklists", "delimiters"))
