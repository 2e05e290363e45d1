"""Tables scroll sideways inside their own box on narrow screens.

The wrapper is a labelled, focusable region so keyboard users can scroll it
too (axe's ``scrollable-region-focusable`` rule).
"""

from __future__ import annotations

from html import escape

from markdown_it import MarkdownIt


def tables_plugin(md: MarkdownIt) -> None:
    md.add_render_rule("table_open", _render_table_open)
    md.add_render_rule("table_close", lambda self, tokens, idx, options, env: "</table>\n</div>\n")


def _render_table_open(self, tokens, idx, options, env) -> str:
    label = escape(env.get("messages", {}).get("table", "Table"))
    return f'<div class="table-wrap" tabindex="0" role="region" aria-label="{label}">\n<table{self.renderAttrs(tokens[idx])}>\n'
