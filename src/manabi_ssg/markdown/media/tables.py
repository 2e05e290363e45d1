"""Tables scroll sideways inside their own box on narrow screens.

The wrapper is a labelled, focusable region so keyboard users can scroll it
too (axe's ``scrollable-region-focusable`` rule).
"""

from __future__ import annotations

import re
from html import escape

from markdown_it import MarkdownIt

from manabi_ssg.markdown.order import Plugin


def tables_plugin(md: MarkdownIt) -> None:
    md.add_render_rule("table_open", _render_table_open)
    md.add_render_rule("table_close", lambda self, tokens, idx, options, env: "</table>\n</div>\n")


def _render_table_open(self, tokens, idx, options, env) -> str:
    # Numbered so each region's name is unique on the page (axe: landmark-unique):
    # "Table 2 (scrolls sideways)", "表2（横にスクロールできます）".
    env["table_count"] = number = env.get("table_count", 0) + 1
    label = escape(_numbered(env.get("messages", {}).get("table", "Table"), number))
    # The tab stop and the region role are added by manabi.js only when the
    # table overflows its box: a table that fits is not a stop of its own.
    return f'<div class="table-wrap" data-label="{label}">\n<table{self.renderAttrs(tokens[idx])}>\n'


# the label, then any bracketed note; DOTALL: a site's catalogue may give a label of two lines
_LABEL_PARTS = re.compile(r"(.*?)(\s*[（(].*)?$", re.DOTALL)


def _numbered(label: str, number: int) -> str:
    match = _LABEL_PARTS.match(label)
    head, tail = match.groups() if match else (label, None)
    space = " " if head[-1:].isascii() else ""
    return f"{head}{space}{number}{tail or ''}"


# kept: no known dependency
PLUGIN = Plugin("tables", tables_plugin, after=("code",))
