"""Markdown that reads right in Japanese (and Chinese and Korean).

Plain CommonMark was designed around languages that put spaces between words,
and gets two things wrong in CJK text:

1. **Emphasis.**  Whether ``**`` may open or close depends on the characters
   either side of it, and CommonMark treats full-width punctuation like
   ASCII punctuation.  So ``**密度汎関数理論（DFT）**は`` keeps its asterisks:
   the closing run sits between ``）`` (punctuation) and ``は`` (a letter), a
   combination English never needs.  We implement the *CJK-friendly
   amendment* to the delimiter-run rules (tats-u/markdown-cjk-friendly,
   ``specification.md``): punctuation that is itself CJK no longer blocks a
   run, and a CJK character (or ideographic variation selector) beside a run
   counts like whitespace would.  Without CJK characters next to a run the
   result is exactly the host markdown-it-py's.

   We do not use the PyPI package ``mdit-py-cjk-friendly``: it pins
   markdown-it-py < 4, patches ``StateInline`` for every parser in the
   process, leaves asterisks around Hangul, newer ideographs and variation
   selectors, lets ``_`` open inside CJK words, and drops the ``<br>`` between
   CJK lines even when newlines are meant as line breaks.

2. **Soft line breaks.**  A newline inside a paragraph renders as a newline,
   which browsers show as a space; wrapping a Japanese sentence in the source
   then puts a stray space in the middle of it.  When ``breaks`` is off, a
   soft break between two wide East Asian characters is dropped, like
   Pandoc's ``east_asian_line_breaks`` and CSS Text 3's segment-break rule.
   Hangul is left alone, as in CSS: Korean separates words with spaces, so
   a newline between Hangul still has to read as one.  With ``breaks`` on
   (the site default) soft breaks stay ``<br>``.

Works with markdown-it-py 3.x and 4.x: both call ``state.scanDelims(start,
can_split_word)`` from the emphasis and strikethrough rules, which we replace
per inline state of this parser only.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from types import MethodType

from markdown_it import MarkdownIt
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.state_inline import Scanned
from markdown_it.token import Token

from manabi_ssg.markdown.inline.delimiters import may_hold_delimiters
from manabi_ssg.markdown.order import Plugin

__all__ = ["cjk_plugin", "is_cjk"]

# Enclosed ideographs (U+1F2xx) that are wide but shown as text by default
# (🈂 🈷 …): they count as CJK.  The rest of that block is emoji.
_ENCLOSED_TEXT = frozenset(
    [0x1F200, 0x1F202, *range(0x1F210, 0x1F21A), *range(0x1F21B, 0x1F22F), 0x1F230, 0x1F231, 0x1F237, 0x1F23B]
    + [*range(0x1F240, 0x1F249), *range(0x1F260, 0x1F266)]
)
_IDEOGRAPH_BLOCKS = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3FFFD))
_QUOTES = "‘’“”"  # + U+FE01 = their full-width (CJK) form
_TRAILING_SELECTORS = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef]+$")


@lru_cache(maxsize=8192)  # asked twice per delimiter run, of the same few hundred characters
def is_cjk(ch: str) -> bool:
    """A "CJK character" in the amendment's sense, for one code point.

    East Asian Width W, F or H and not an emoji shown as emoji by default, or
    Hangul.  Unassigned code points in the ideograph planes count as wide, as
    UAX #11 says, so ideographs newer than Python's Unicode tables still work.
    """
    cp = ord(ch)
    if cp < 0x1100:
        return False
    width = unicodedata.east_asian_width(ch)
    if width in ("F", "H"):
        return True
    if width == "W":
        if 0x2000 <= cp <= 0x2BFF:  # wide symbols here are emoji, except 〈 〉
            return cp in (0x2329, 0x232A)
        if 0x1F000 <= cp <= 0x1FAFF:
            return cp in _ENCLOSED_TEXT
        return True
    if 0x1160 <= cp <= 0x11FF or 0xD7B0 <= cp <= 0xD7FF:  # Hangul jamo of neutral width
        return True
    return unicodedata.category(ch) == "Cn" and any(lo <= cp <= hi for lo, hi in _IDEOGRAPH_BLOCKS)


def _is_hangul(ch: str) -> bool:
    cp = ord(ch)
    return (0x1100 <= cp <= 0x11FF or 0x3130 <= cp <= 0x318F or 0xA960 <= cp <= 0xA97F
            or 0xAC00 <= cp <= 0xD7FF or 0xFFA0 <= cp <= 0xFFDC)  # fmt: skip


@lru_cache(maxsize=8192)
def _is_punct(ch: str) -> bool:
    # The host's own notion of punctuation (3.x: P only; 4.x: P and S), so
    # that runs with no CJK beside them behave exactly as without the plugin.
    return isMdAsciiPunct(ord(ch)) or isPunctChar(ch)


def _scan_delims(self: StateInline, start: int, canSplitWord: bool) -> Scanned:
    """``StateInline.scanDelims`` with the CJK-friendly flanking rules."""
    src, end = self.src, self.posMax
    marker = src[start]
    pos = start
    while pos < end and src[pos] == marker:
        pos += 1
    last = src[start - 1] if start > 0 else " "  # line edges count as whitespace
    nxt = src[pos] if pos < end else " "

    # Before the run we read a "sequence": a character plus an optional
    # non-emoji variation selector (U+FE00–U+FE0E), e.g. 塚︀ or “︁.
    base = last
    if "\ufe00" <= last <= "\ufe0e" and start > 1 and not isWhiteSpace(ord(src[start - 2])):
        base = src[start - 2]
    last_ws, next_ws = isWhiteSpace(ord(last)), isWhiteSpace(ord(nxt))
    last_punct, next_punct = _is_punct(base), _is_punct(nxt)
    last_cjk = is_cjk(base) or (last == "\ufe01" and base in _QUOTES)
    last_ivs = "\U000e0100" <= last <= "\U000e01ef"
    next_cjk = is_cjk(nxt)
    last_other_punct = last_punct and not last_cjk  # "non-CJK punctuation"
    next_other_punct = next_punct and not next_cjk

    left = not next_ws and (not next_other_punct or last_ws or last_other_punct or last_cjk or last_ivs)
    right = not last_ws and (not last_other_punct or next_ws or next_other_punct or next_cjk)
    if canSplitWord:  # `*`, `~`
        return Scanned(left, right, pos - start)
    # `_`: may not open or close inside a word
    return Scanned(left and (not right or last_punct), right and (not left or next_punct), pos - start)


def _edge_char(tokens: list[Token], i: int, step: int) -> str:
    """The character next to ``tokens[i]`` on one side, looking through
    ``<strong>``, ``<a>`` and other open/close tokens; "" if not plain text."""
    i += step
    while 0 <= i < len(tokens):
        tok = tokens[i]
        if tok.nesting == 0 and tok.content:
            if tok.type not in ("text", "text_special"):
                return ""
            text = _TRAILING_SELECTORS.sub("", tok.content) if step < 0 else tok.content
            return text[-1:] if step < 0 else text[:1]
        if tok.nesting == 0 and tok.type != "text":  # an image, a break, empty code…
            return ""
        i += step
    return ""


def _joins(ch: str) -> bool:
    return bool(ch) and is_cjk(ch) and not _is_hangul(ch)


def _join_soft_breaks(state: StateCore) -> None:
    if state.md.options.get("breaks"):
        return
    todo = [tok for tok in state.tokens if tok.children]
    while todo:  # inline blocks, and images inside them (for the alt text)
        parent = todo.pop()
        kids = parent.children or []
        todo.extend(tok for tok in kids if tok.children)
        drop = {
            i
            for i, tok in enumerate(kids)
            if tok.type == "softbreak" and _joins(_edge_char(kids, i, -1)) and _joins(_edge_char(kids, i, 1))
        }
        if drop:
            parent.children = [tok for i, tok in enumerate(kids) if i not in drop]


def cjk_plugin(md: MarkdownIt, *, soft_breaks_join: bool = True) -> None:
    """CJK-friendly emphasis, and (with ``breaks`` off) no space at a soft
    break between two wide East Asian characters."""
    inline = md.inline
    if not getattr(inline, "_cjk_friendly", False):
        tokenize: Callable[[StateInline], None] = inline.tokenize

        def cjk_tokenize(state: StateInline) -> None:
            fields = vars(state)
            if "scanDelims" in fields or "_no_delimiters" in fields:
                tokenize(state)  # a nested call (link text): the outer call decided, once for the run
                return
            if not may_hold_delimiters(state.src):
                # no run, no use for it; marked, so each link's text does not search the run again
                state._no_delimiters = True  # type: ignore[attr-defined]  # a mark on this state
                tokenize(state)
                return
            state.scanDelims = MethodType(_scan_delims, state)  # type: ignore[method-assign]  # replaces the method on this state only
            try:
                tokenize(state)
            finally:
                # the bound method points back at the state: left in place, every
                # inline state becomes a reference cycle for the garbage collector
                del state.scanDelims

        inline.tokenize = cjk_tokenize  # type: ignore[method-assign]  # replaces the method on this parser only
        inline._cjk_friendly = True  # type: ignore[attr-defined]  # a mark on the parser: already patched
    if soft_breaks_join and _join_soft_breaks not in md.core.ruler.getRules(""):
        md.core.ruler.push("cjk_soft_breaks", _join_soft_breaks)


# after the syntax plugins (kept: no known dependency on one)
PLUGIN = Plugin("cjk", cjk_plugin, after=("attrs_block",))
