"""Skip markdown-it's delimiter pairing in inline runs that have no delimiter.

Emphasis and strikethrough leave their runs of ``*``, ``_`` and ``~`` for
three post-processing rules to pair up, and a fourth (``fragments_join``)
then merges the runs left unpaired into the text beside them.  Each walks
every token of the inline run even when no run was left.  Most inline runs of
a chapter (list items, table cells, headings, plain sentences) hold none of
those characters, so for them the walks are skipped: the same tokens, sooner.
No other rule of manabi's parser leaves two text tokens side by side, which
is all ``fragments_join`` looks for; the tests compare whole pages.

When every post-processing rule is one of those four, an inline run without
a delimiter character skips the chain altogether: in a table-heavy chapter
each cell is such a run, and asking four rules to decline cost about 3%.
"""

from __future__ import annotations

from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.parser_inline import ParserInline
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from manabi_ssg.markdown.order import Plugin

PAIRING_RULES = ("balance_pairs", "strikethrough", "emphasis", "fragments_join")


def may_hold_delimiters(src: str) -> bool:
    """Whether an inline run has ``*``, ``_`` or ``~``: the only characters that leave delimiter runs."""
    return "*" in src or "_" in src or "~" in src


def delimiters_plugin(md: MarkdownIt) -> None:
    ruler = md.inline.ruler2
    for rule in ruler.__rules__:
        if rule.name in PAIRING_RULES and not getattr(rule.fn, "_guarded", False):
            ruler.at(rule.name, _only_with_delimiters(rule.fn))
    if "parse" not in vars(md.inline):
        md.inline.parse = _parse_skipping_pairing(md.inline)  # type: ignore[method-assign]  # replaces the method on this parser only


def _parse_skipping_pairing(inline: ParserInline) -> Callable:
    """``ParserInline.parse`` that leaves out the post-processing chain when it holds only guarded
    pairing rules and the run has no delimiter (each of them would decline)."""
    parse = inline.parse
    known: dict = {"chain": None, "all_guarded": False}

    def parse_inline(src: str, md: MarkdownIt, env: dict, tokens: list[Token]) -> list[Token]:
        chain = inline.ruler2.getRules("")
        if chain is not known["chain"]:  # first call, or rules changed since
            known.update(chain=chain, all_guarded=all(getattr(rule, "_guarded", False) for rule in chain))
        if not known["all_guarded"] or may_hold_delimiters(src):
            return parse(src, md, env, tokens)
        state = StateInline(src, md, env, tokens)
        inline.tokenize(state)
        return state.tokens

    return parse_inline


def _only_with_delimiters(pairing: Callable[[StateInline], None]) -> Callable[[StateInline], None]:
    def guarded(state: StateInline) -> None:
        if may_hold_delimiters(state.src):
            pairing(state)

    guarded._guarded = True  # type: ignore[attr-defined]  # a mark on the function: already wrapped
    return guarded


# after cjk: it wraps the delimiter rules and the inline parse; after chemistry: kept
PLUGIN = Plugin("delimiters", delimiters_plugin, after=("cjk", "chemistry"))
