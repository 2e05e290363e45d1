"""Every id the body's HTML carries, recorded as it is written.

The link checks need each page's ids (``chapter-2.md#背景`` must name one),
and the parse stage warns of an id given twice.  Rather than searching the
finished HTML for them, the renderer notes each id in ``env["ids"]`` as it
writes it, in the order of the page:

* an element written from a token's attributes (headings, ``{#id}``,
  exercises, case studies, tables...): :meth:`PageRenderer.renderAttrs`;
* the author's own HTML (``<a id="x">``): the ``id`` attributes of raw HTML
  blocks and tags, read with :data:`RAW_ID_RE`;
* rules that write an id themselves: manabi's citations call
  :func:`record_id`; mdit-py-plugins' footnote rules are wrapped at the first
  render, when every plugin has added its rules.

Text that only looks like an id (``id='main'`` in a sentence or in inline
code) is no id, and is not recorded.
"""

from __future__ import annotations

import re
from collections.abc import Callable, MutableMapping, Sequence
from typing import Any

from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import OptionsDict

# an id attribute in raw HTML, as a browser reads one: after white space, quoted
RAW_ID_RE = re.compile(r"""id=(?<=\sid=)(?:"([^"]*)"|'([^']*)')""")


def record_id(env: MutableMapping[str, Any], value: str) -> None:
    """Note that the body carries ``id="value"`` (for rules that write an id themselves)."""
    env.setdefault("ids", []).append(value)


class PageRenderer(RendererHTML):
    """markdown-it's HTML renderer, noting every id it writes in ``env["ids"]``."""

    def __init__(self, parser: Any = None):
        super().__init__(parser)
        self._ids: list[str] | None = None  # the page's list while a render runs
        self._footnotes_wrapped = False

    def render(self, tokens: Sequence[Token], options: OptionsDict, env: MutableMapping[str, Any]) -> str:
        if not self._footnotes_wrapped:
            self._wrap_footnote_rules()
        outer = self._ids
        self._ids = env.setdefault("ids", [])
        try:
            return super().render(tokens, options, env)
        finally:
            self._ids = outer  # a nested render (a case study's box) gives it back

    def renderAttrs(self, token: Token) -> str:  # type: ignore[override]  # markdown-it's is static; it is called on the renderer
        value = token.attrGet("id")
        if value is not None and self._ids is not None:
            self._ids.append(str(value))
        return RendererHTML.renderAttrs(token)

    def html_block(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: MutableMapping[str, Any]) -> str:
        self._raw(tokens[idx].content)
        return tokens[idx].content

    def html_inline(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: MutableMapping[str, Any]) -> str:
        self._raw(tokens[idx].content)
        return tokens[idx].content

    def _raw(self, html: str) -> None:
        if self._ids is not None and "id=" in html:
            self._ids.extend(a or b for a, b in RAW_ID_RE.findall(html))

    def _wrap_footnote_rules(self) -> None:
        """mdit-py-plugins' footnotes write ``id="fnrefN"`` and ``id="fnN"`` by hand."""
        self._footnotes_wrapped = True
        for name, prefix in (("footnote_ref", "fnref"), ("footnote_open", "fn")):
            rule = self.rules.get(name)
            if rule is not None:
                self.rules[name] = self._recording(rule, prefix)  # type: ignore[assignment]  # markdown-it calls a rule as (tokens, idx, options, env), bound or not

    def _recording(self, rule: Callable[..., str], prefix: str) -> Callable[..., str]:
        def recorded(tokens: Sequence[Token], idx: int, options: OptionsDict, env: MutableMapping[str, Any]) -> str:
            html = rule(tokens, idx, options, env)
            token = tokens[idx]
            sub_id = ":" + str(token.meta["subId"]) if token.meta.get("subId", -1) > 0 else ""  # as the rule writes it
            record_id(env, prefix + self.rules["footnote_anchor_name"](tokens, idx, options, env) + sub_id)
            return html

        return recorded
