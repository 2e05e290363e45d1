"""Ask only the rules that can start at the character in hand.

**Inline.**  markdown-it's inline tokenizer stops at each of some twenty "terminator"
characters (``-``, ``:``, ``%``, ``=``, ``]``, ...) and offers the position to
every inline rule in turn, and at most of those positions every rule declines
after one look at the character.  Here each known rule names the characters
it can start at, so such a position goes only to the rules that may take it,
in their usual order; a position where the ``text`` rule goes on is handled
as before.  Install it before plugins that wrap the inline tokenizer
(``cjk``): it replaces the tokenizer's loop, and they wrap whatever loop they
find.

**Block.**  Each line that starts a block, and each line of a paragraph (to
see whether a list, a heading, a fence... interrupts it), goes to some twenty
block rules in turn.  Most of them can only start at one or two characters
(``#``, ``>``, ``<``, a list marker...), so :func:`block_dispatch_plugin`
puts a one-character test in front of each of those; install it after every
block rule is registered.  The setext-heading rule gets a cheaper look ahead
for its underline than its own.

A rule not named in :data:`INLINE_STARTS` or :data:`BLOCK_STARTS` is asked
everywhere, so a new plugin's rule is never skipped.  ``tests/test_dispatch.py``
checks that every named rule declines at every other character, and that the
HTML is identical with and without dispatch.
"""

from __future__ import annotations

from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline

from manabi_ssg.markdown.order import Plugin

__all__ = ["BLOCK_STARTS", "INLINE_STARTS", "block_dispatch_plugin", "inline_dispatch_plugin"]

# inline rule name -> the characters it can start at
INLINE_STARTS: dict[str, str] = {
    "text": "",  # stops at every terminator, by definition
    "newline": "\n",
    "escape": "\\",
    "backticks": "`",
    "strikethrough": "~",
    "emphasis": "*_",
    "link": "[",
    "image": "!",
    "autolink": "<",
    "html_inline": "<",
    "entity": "&",
    "footnote_inline": "^",  # mdit-py-plugins
    "footnote_ref": "[",
    "attr": "{",
    "math_inline": "$\\",  # manabi_ssg.markdown.media.math
}

# block rule name -> the characters its first line can start at (after indentation);
# the rules themselves do not test this again
BLOCK_STARTS: dict[str, str] = {
    "fence": "`~",
    "blockquote": ">",
    "hr": "*-_",
    "list": "*-+0123456789",
    "reference": "[",
    "html_block": "<",
    "heading": "#",
    "attr": "{",  # mdit-py-plugins attrs_block
    "footnote_def": "[",
    # manabi_ssg.markdown: math, guards, directives, details
    "math_block": "$\\",
    "comment_guard": "<",
    "directive": ":",
    "details": "<",
    "details_stray_close": "<",
}

Rule = Callable[[StateInline, bool], bool]
BlockRule = Callable[[StateBlock, int, int, bool], bool]


def block_dispatch_plugin(md: MarkdownIt) -> None:
    ruler = md.block.ruler
    for rule in list(ruler.__rules__):
        if getattr(rule.fn, "_dispatched", False):
            continue
        if rule.name in BLOCK_STARTS:
            ruler.at(rule.name, _starting_with(BLOCK_STARTS[rule.name], rule.fn), {"alt": list(rule.alt)})
        elif rule.name == "lheading":
            ruler.at(rule.name, _with_underline(rule.fn), {"alt": list(rule.alt)})


def _with_underline(rule: BlockRule) -> BlockRule:
    """A setext heading needs a line of ``=`` or ``-`` before the next blank line.

    Without one the rule fails, but only after reading the whole paragraph
    ahead and asking every interrupting rule about each of its lines, which
    the paragraph rule then does again.  The look ahead hands over to the rule
    itself at the first line that could end the paragraph another way (a
    line another block rule may start at, or one left of the block's indent):
    scanning on to the next blank line made each item of a tight list, or
    each paragraph line between headings, read to the end of the list or
    chapter, quadratic in its length.
    """

    def dispatched(state: StateBlock, line: int, end: int, silent: bool) -> bool:
        src, starts, shifts, ends, counts = state.src, state.bMarks, state.tShift, state.eMarks, state.sCount
        indent = state.blkIndent
        for n in range(line + 1, end):
            pos = starts[n] + shifts[n]
            if pos >= ends[n]:
                return False  # a blank line: the paragraph ends with no underline
            if src[pos] in _MAY_END_PARAGRAPH or counts[n] < indent:
                return rule(state, line, end, silent)
        return False

    dispatched._dispatched = True  # type: ignore[attr-defined]  # a mark on the function: already wrapped
    return dispatched


# an underline's characters, and every character a block rule that interrupts a
# paragraph may start at (a table's delimiter row, a definition list's marker too)
_MAY_END_PARAGRAPH = frozenset("=-|:~" + "".join(BLOCK_STARTS.values()))


def _starting_with(chars: str, rule: BlockRule) -> BlockRule:
    def dispatched(state: StateBlock, line: int, end: int, silent: bool) -> bool:
        pos = state.bMarks[line] + state.tShift[line]
        return pos < state.eMarks[line] and state.src[pos] in chars and rule(state, line, end, silent)

    dispatched._dispatched = True  # type: ignore[attr-defined]  # a mark on the function: already wrapped
    return dispatched


def inline_dispatch_plugin(md: MarkdownIt) -> None:
    inline = md.inline
    if "tokenize" in vars(inline):
        raise ValueError("inline_dispatch_plugin replaces the inline tokenizer: use it before plugins that wrap it")
    ruler = inline.ruler
    known: dict = {"chain": None, "names": None, "by_char": {}}

    def rules_for(ch: str) -> list[Rule]:
        chain, names = known["chain"], known["names"]
        if names is None or _text_takes(md, ch, chain, names):
            rules = chain
        else:
            rules = [rule for name, rule in zip(names, chain) if name not in INLINE_STARTS or ch in INLINE_STARTS[name]]
        known["by_char"][ch] = rules
        return rules

    append = StateInline.append_pending if hasattr(StateInline, "append_pending") else _append_pending

    def refresh() -> dict:
        chain = ruler.getRules("")
        if known["chain"] is not chain:  # first call, or rules enabled/disabled since
            enabled = [rule for rule in ruler.__rules__ if rule.enabled]
            names = [rule.name for rule in enabled] if [rule.fn for rule in enabled] == chain else None
            known.update(chain=chain, names=names, by_char={})
        return known["by_char"]

    def tokenize(state: StateInline) -> None:
        by_char = refresh()
        src, end = state.src, state.posMax
        max_nesting = state.md.options["maxNesting"]
        while state.pos < end:
            pos = state.pos
            ok = False
            if state.level < max_nesting:
                rules = by_char.get(src[pos])
                if rules is None:
                    rules = rules_for(src[pos])
                for rule in rules:
                    ok = rule(state, False)
                    if ok:
                        if state.pos <= pos:
                            raise RuntimeError("inline rule didn't increment state.pos")
                        break
            if ok:
                if state.pos >= end:
                    break
                continue
            append(state, src[pos])
            state.pos += 1
        if state.pending:
            state.pushPending()

    def skip_token(state: StateInline) -> None:
        """markdown-it's ``skipToken`` (a link label's look ahead, once per position), asking the same rules as above.

        ``![`` repeated 100,000 times took 30 s against markdown-it-py's 4.4 s:
        each position went to every inline rule of the longer chain plugins make.
        """
        pos = state.pos
        cache = state.cache
        if pos in cache:
            state.pos = cache[pos]
            return
        ok = False
        if state.level < state.md.options["maxNesting"]:
            by_char = refresh()
            rules = by_char.get(state.src[pos])
            if rules is None:
                rules = rules_for(state.src[pos])
            for rule in rules:
                state.level += 1  # limits recursion, as markdown-it's own does
                ok = rule(state, True)
                state.level -= 1
                if ok:
                    if state.pos <= pos:
                        raise RuntimeError("inline rule didn't increment state.pos")
                    break
        else:
            state.pos = state.posMax  # too deep: skip to the end of the run, as markdown-it does
        if not ok:
            state.pos += 1
        cache[pos] = state.pos

    inline.tokenize = tokenize  # type: ignore[method-assign]  # replaces the method on this parser only
    inline.skipToken = skip_token  # type: ignore[method-assign]  # replaces the method on this parser only


def _text_takes(md: MarkdownIt, ch: str, chain: list[Rule], names: list[str]) -> bool:
    """Whether the ``text`` rule consumes ``ch`` (is it not a terminator?), asked of the rule itself."""
    if "text" not in names:
        return True  # no text rule: keep the whole chain everywhere
    text_rule = chain[names.index("text")]
    return bool(text_rule(StateInline(ch, md, {}, []), True))


def _append_pending(state: StateInline, text: str) -> None:  # markdown-it-py 3.x
    state.pending += text


# first: it replaces the inline tokenizer, which cjk then wraps
INLINE_DISPATCH = Plugin("inline_dispatch", inline_dispatch_plugin, before=("*",))

# last: it guards the block rules registered before it
BLOCK_DISPATCH = Plugin("block_dispatch", block_dispatch_plugin, after=("*",))
