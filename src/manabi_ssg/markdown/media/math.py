r"""TeX math becomes MathML when the site is built; no JavaScript on the page.

Syntax
------
* inline: ``$…$`` and ``\(…\)``
* display: ``$$…$$`` and ``\[…\]``, either as a block (the delimiters start a
  line, the math may span lines and may interrupt a paragraph, e.g. inside a
  list item) or inside running text.

Output
------
Inline math is ``<math display="inline">``; display math is
``<math display="block">`` inside ``<div class="math-block">`` (the stylesheet
lets that box scroll sideways).  Display math written inside running text can't
use a ``<div>`` (it would end the ``<p>``), so it gets a
``<span class="math-block">`` instead.  The block wrapper has no ``tabindex``:
most equations never overflow, so a tab stop on each of a chapter's dozens of
equations would hurt keyboard users more than it helps, and current browsers
make an overflowing scroller keyboard-focusable by themselves.

The TeX source stays in the MathML as
``<semantics>…<annotation encoding="application/x-tex">TeX</annotation></semantics>``
so it can be copied and is available to assistive technology; the annotation
is not displayed.

Dollars that are money
----------------------
``$`` follows pandoc's rule: an opening ``$`` must be followed by a
non-space, and the first ``$`` after it closes the span only if it is preceded
by a non-space and not followed by a digit; otherwise the opening ``$`` is a
literal dollar.  Two refinements, tuned on real chapters: a closing ``$``
followed by a digit still closes when the content has a TeX-ish character
(``\ ^ _ { } =``), as in ``$\sim$1 ns``; and a candidate whose content starts
with a digit, has no TeX-ish character and holds non-ASCII text or an English
word is money (``$5で、$x$`` → "$5で、" stays text, ``$x$`` is math), while short
content like ``$3N$`` or ``$2$`` is math.  ``\$`` never opens or closes math:
outside math it is a literal dollar, inside it TeX's dollar sign.  Inline ``\[…\]`` is only math when its content looks like TeX, because
``\[1\]`` is the usual Markdown way to write a literal ``[1]``.

Failures
--------
Math that latex2mathml cannot convert, whose output is not well-formed or
has an element short of children (``\frac{1}``), or that uses a command
latex2mathml doesn't know (it would show up as a literal
``\foo`` on the page) is shown as its source in ``<code class="math-error">``
and reported as a ``math-failed`` warning at the line of the math: for inline
math the line of its block plus the newlines before it in the block, and the
column where it is written.  A brace left open is such a failure too (latex2mathml
would close it without a word), and so is display math whose ``$$``/``\]``
never comes: a delimiter alone on its line or followed by TeX, with no
closing one before the blank line (``$$ 100`` stays money); and ``\(`` followed
by TeX and never closed (``\(`` before plain text is an escaped parenthesis).

Before conversion a few environments are normalised (the annotation keeps the
author's TeX): ``align`` and ``aligned`` become ``align*`` (``aligned`` is
broken in latex2mathml, and numbered ``align`` would restart at (1) in every
equation), ``dcases`` becomes ``cases``, ``\arg\max`` becomes ``\argmax`` (latex2mathml
lacks ``\arg``); ``\label{…}``, ``\nonumber`` and
``\notag`` are dropped.

Known limit: in a table cell a ``|`` ends the cell before the math rule sees
it (GFM splits the row first, even inside ``$…$``), so math in a table cell
must write ``\|`` for ``|`` (GFM turns it into ``|`` before inline parsing,
as for code spans), or ``\vert``/``\mid``; ``‖`` there is ``\Vert``.

Tokens: ``math_inline`` (inline, ``meta["display"]`` true for ``$$``/``\[``
in running text) and ``math_block``; ``content`` is the TeX, ``markup`` the
opening delimiter.  Conversion happens once, in a core rule at parse time
(``meta["html"]``), so diagnostics come with ``md.parse`` as well as
``md.render``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from bisect import bisect_left
from collections.abc import MutableMapping
from functools import lru_cache
from typing import Any
from html import escape

from latex2mathml.converter import convert as _latex2mathml
from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from manabi_ssg.diagnostics import WARNING, report
from manabi_ssg.markdown.locate import BlockSource
from manabi_ssg.markdown.order import Plugin

TEXISH = frozenset("\\^_{}=")
CLOSERS = {"$$": "$$", "\\[": "\\]", "\\(": "\\)", "$": "$"}

_NORMALISE = [
    (re.compile(r"\\(begin|end)\{(?:aligned|align)\}"), r"\\\1{align*}"),
    (re.compile(r"\\(begin|end)\{dcases\}"), r"\\\1{cases}"),
    (re.compile(r"\\label\{[^{}]*\}|\\nonumber\b|\\notag\b"), ""),
    # latex2mathml lacks \arg; it does know \argmax and \argmin
    (re.compile(r"\\arg\s*\\(max|min)(?![A-Za-z])"), r"\\arg\1"),
    (re.compile(r"\\arg(?![A-Za-z])"), r"\\operatorname{arg}"),
]
# MathML elements with a fixed number of children; latex2mathml emits them short
# when an argument is missing (\frac{1} gives a one-child <mfrac>)
_ARITY = {
    "mfrac": (2, r"\frac or \binom needs two"),
    "mroot": (2, r"\sqrt[n] needs a radicand"),
    "msub": (2, "_ needs a base and a subscript"),
    "msup": (2, "^ needs a base and a superscript"),
    "msubsup": (3, "_ and ^ need a base"),
    "munder": (2, r"\underset or a limit needs two parts"),
    "mover": (2, r"\overset or an accent needs two parts"),
    "munderover": (3, "a limit needs three parts"),
}
_WORD = re.compile(r"[A-Za-z]{3,}")
_UNKNOWN_COMMAND = re.compile(r"\\[A-Za-z]+")


class MathError(ValueError):
    pass


# latex2mathml's exceptions carry no message; say what usually causes each one
_REASONS = {
    "NoAvailableTokensError": "incomplete expression (a missing argument or an unclosed brace?)",
    "NumeratorNotFoundError": "\\frac without a numerator",
    "DenominatorNotFoundError": "\\frac without a denominator",
    "ExtraLeftOrMissingRightError": "\\left without a matching \\right",
    "MissingSuperScriptOrSubscriptError": "^ or _ without an argument",
    "DoubleSubscriptsError": "double subscript (write x_{a_b} or {x_a}_b)",
    "DoubleSuperscriptsError": "double superscript (write x^{a^b} or {x^a}^b)",
    "MissingEndError": "\\begin without a matching \\end",
    "InvalidAlignmentError": "invalid column alignment",
    "InvalidWidthError": "invalid width",
    "InvalidStyleForGenfracError": "invalid style for \\genfrac",
    "LimitsMustFollowMathOperatorError": "\\limits must follow an operator such as \\sum",
}


def math_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("escape", "math_inline", _math_inline)
    md.block.ruler.before(
        "fence", "math_block", _math_block, {"alt": ["paragraph", "reference", "blockquote", "list"]}
    )
    # pushed last so it also sees tokens other core rules build (footnotes)
    md.core.ruler.push("math_convert", _convert_all)
    md.add_render_rule("math_inline", _render_inline)
    md.add_render_rule("math_block", _render_block)


# ---------------------------------------------------------------- conversion


@lru_cache(maxsize=4096)
def tex_to_mathml(tex: str, display: bool) -> str:
    """MathML for ``tex`` with the source as an annotation; raises MathError."""
    source = tex.strip()
    if not source:
        raise MathError("empty math")
    _check_braces(source)
    normalised = source
    for pattern, replacement in _NORMALISE:
        normalised = pattern.sub(replacement, normalised)
    try:
        raw = _latex2mathml(normalised, display="block" if display else "inline")
    except Exception as exc:  # latex2mathml raises many exception types
        reason = _REASONS.get(type(exc).__name__) or f"{type(exc).__name__}: {exc}".rstrip(": ")
        raise MathError(reason) from None
    try:
        root = ET.fromstring(raw)
    except ET.ParseError:
        raise MathError("latex2mathml produced malformed MathML (an '&' outside an alignment?)") from None
    unknown = sorted(
        {
            text
            for el in root.iter()
            if not el.tag.endswith("mtext") and _UNKNOWN_COMMAND.fullmatch(text := (el.text or "").strip())
        }
    )
    if unknown:
        raise MathError("unknown command " + ", ".join(unknown))
    for el in root.iter():
        name = el.tag.rpartition("}")[2]
        if name in _ARITY and len(el) != _ARITY[name][0]:
            raise MathError(f"missing argument ({_ARITY[name][1]})")
    children = list(root)
    if not children or "</math>" not in raw:
        raise MathError("latex2mathml produced no MathML")
    start = raw.index(">") + 1
    inner = raw[start : raw.rindex("</math>")]
    if len(children) != 1:
        inner = f"<mrow>{inner}</mrow>"
    mode = "block" if display else "inline"
    return (
        f'<math display="{mode}"><semantics>{inner}'
        f'<annotation encoding="application/x-tex">{escape(source, quote=False)}</annotation>'
        "</semantics></math>"
    )


def _check_braces(tex: str) -> None:
    """latex2mathml closes a brace left open (``\\frac{a}{b``) without a word; TeX would stop there."""
    depth = 0
    escaped = False
    for ch in tex:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True  # \{ and \} are braces to show, not groups
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth < 0:
                raise MathError("a '}' closes no '{'")
    if depth:
        raise MathError(f"{depth} '{{' never closed" if depth > 1 else "a '{' is never closed")


def _convert(token: Token, env: MutableMapping[str, Any] | None, line: int | None, col: int = 1, where: BlockSource | None = None) -> None:
    """``where``: the token's block source, to find an inline formula's column when it fails."""
    display = token.type == "math_block" or bool(token.meta.get("display"))
    try:
        token.meta["html"] = tex_to_mathml(token.content, display)
        token.meta.pop("error", None)
    except MathError as exc:
        token.meta["html"] = None
        token.meta["error"] = str(exc)
        if env is not None:
            if where is not None:
                line, col = where.find(token.markup + token.content)
            report(env, WARNING, "math-failed", f"could not convert math: {exc}", line=line, col=col)


def _unclosed(state: StateInline, pos: int, markup: str) -> None:
    """Remember math left open in running text ("$$", "\\(", "\\["); reported with its line when the block's is known."""
    state.env.setdefault("math_unclosed_inline", []).append((state.src, pos, markup))


def _report_unclosed(state: StateCore) -> None:
    """WARNING ``math-failed`` for display math whose closing delimiter never comes: without it the TeX is shown as text."""
    reported = set()
    for line, col, markup in state.env.pop("math_unclosed", ()):
        reported.add(line)
        report(state.env, WARNING, "math-failed", _unclosed_message(markup), line=line, col=col)
    inline = state.env.pop("math_unclosed_inline", ())
    if not inline:
        return
    by_block: dict[int, list[tuple[str, int, str]]] = {}  # looked up per block: a page of them is not read once per block
    for entry in inline:
        by_block.setdefault(id(entry[0]), []).append(entry)
    for token in state.tokens:
        if token.type != "inline" or not token.map:
            continue
        entries = [entry for entry in by_block.get(id(token.content), ()) if entry[0] is token.content]
        if not entries:
            continue
        where = BlockSource(state, token)
        for src, pos, markup in entries:
            line_end = src.find("\n", pos)  # the opener and a little of its line are enough to find it
            line, col = where.find(src[pos : min(line_end if line_end >= 0 else len(src), pos + 40)])
            if line in reported:
                continue  # the block rule said it already
            report(state.env, WARNING, "math-failed", _unclosed_message(markup), line=line, col=col)


def _unclosed_message(markup: str) -> str:
    kind = "inline" if markup == "\\(" else "display"
    return (f"could not convert math: {kind} math opened with {markup} is never closed "
            f"(no {CLOSERS[markup]} before the blank line); it is shown as text")


def _convert_all(state: StateCore) -> None:
    _report_unclosed(state)
    last_line: int | None = None
    for token in state.tokens:
        if token.map:
            last_line = token.map[0]
        if token.type == "math_block":
            _convert(token, state.env, token.map[0] if token.map else last_line)
        elif token.type == "inline" and token.children:
            if token.content and "$" not in token.content and "\\" not in token.content:
                continue  # the math rule starts only at these two characters
            base = token.map[0] if token.map else last_line
            where = BlockSource(state, token) if token.map else None
            for child in token.children:
                if child.type == "math_inline" and "html" not in child.meta:
                    line = None if base is None else base + child.meta.get("newlines", 0)
                    _convert(child, state.env, line, where=where)


# ---------------------------------------------------------------- inline rule


def _is_space(ch: str) -> bool:
    return ch.isspace()


def _looks_like_money(content: str) -> bool:
    """Whether a pair pandoc's rule accepted is really text between two dollars.

    Money: the content starts with a digit, has no TeX-ish character and holds
    non-ASCII text or an English word, e.g. ``5で、`` from ``$5で、$x$``.  Short
    ASCII content such as ``3N`` or ``2`` is math.
    """
    if not content[:1].isdigit() or TEXISH & set(content):
        return False
    return not content.isascii() or _WORD.search(content) is not None


def _closer_pattern(close: str) -> re.Pattern:
    """``close`` where it is not escaped, or a backslash escape to step over.

    A ``$$`` closer may overlap the one before it (``$$$``), so it is matched
    one ``$`` at a time with the second one looked at ahead.
    """
    if close == "$$":
        return re.compile(r"(\$(?=\$))|\\.", re.DOTALL)
    return re.compile("(" + re.escape(close) + r")|\\.", re.DOTALL)


_CLOSER_PATTERNS = {close: _closer_pattern(close) for close in set(CLOSERS.values())}


class _Scan:
    """Where the closers and newlines of one inline block are, found once for the block.

    A search from each opener to the end of the block made a paragraph of
    openers that never close (``\\(`` repeated, prices with ``$``) quadratic
    in its length, and so did counting the newlines before each math span.
    An escape never runs into an opener's start (the character before it is
    ``(``, ``[`` or ``$``), so escapes read from the block's start are the
    ones a search from the opener would see.
    """

    def __init__(self, src: str):
        self.src = src
        self.closers: dict[str, list[int]] = {}
        self.newlines: list[int] | None = None
        self.texish: list[int] | None = None

    def find_close(self, start: int, end: int, close: str) -> int:
        """Index of the first unescaped ``close`` that starts at or after ``start`` and ends by ``end``; -1 if none."""
        positions = self.closers.get(close)
        if positions is None:
            positions = self.closers[close] = [m.start() for m in _CLOSER_PATTERNS[close].finditer(self.src) if m.group(1)]
        at = bisect_left(positions, start)
        if at < len(positions) and positions[at] + len(close) <= end:
            return positions[at]
        return -1

    def texish_between(self, start: int, end: int) -> bool:
        """Whether a TeX-ish character (``\\ ^ _ { } =``) is in ``src[start:end]``, without copying it."""
        if self.texish is None:
            self.texish = [m.start() for m in _TEXISH_RE.finditer(self.src)]
        at = bisect_left(self.texish, start)
        return at < len(self.texish) and self.texish[at] < end

    def newlines_before(self, pos: int) -> int:
        if self.newlines is None:
            self.newlines = [m.start() for m in _NEWLINE.finditer(self.src)]
        return bisect_left(self.newlines, pos)


_NEWLINE = re.compile("\n")
_TEXISH_RE = re.compile("[" + re.escape("".join(sorted(TEXISH))) + "]")


def _scan(state: StateInline) -> _Scan:
    scan = getattr(state, "_math_scan", None)
    if scan is None or scan.src is not state.src:
        scan = state._math_scan = _Scan(state.src)  # type: ignore[attr-defined]  # kept on the state: one scan per page
    return scan


def _find_close(src: str, start: int, end: int, close: str) -> int:
    """Index of ``close`` at or after ``start``, skipping backslash escapes; -1 if none (one search, for tests)."""
    return _Scan(src).find_close(start, end, close)


def _math_inline(state: StateInline, silent: bool) -> bool:
    src, pos, end = state.src, state.pos, state.posMax
    ch = src[pos]
    find_close = _scan(state).find_close
    display = False
    if ch == "\\":
        if pos + 1 >= end or src[pos + 1] not in "([":
            return False
        markup = src[pos : pos + 2]
        display = markup == "\\["
        close_at = find_close(pos + 2, end, CLOSERS[markup])
        if close_at < 0:
            if not silent and _scan(state).texish_between(pos + 2, end):
                _unclosed(state, pos, markup)  # "\(\frac{a}{b}" and no "\)": math left open, not an escaped "("
            return False
        content = src[pos + 2 : close_at]
        if not content.strip() or (display and not (TEXISH & set(content))):
            return False
    elif ch == "$":
        if src.startswith("$$", pos):
            markup, display = "$$", True
            close_at = find_close(pos + 2, end, "$$")
            content = src[pos + 2 : close_at] if close_at >= 0 else ""
            if not content.strip():
                # "$$" that opens nothing is two literal dollars, not a "$" and a math span
                if not silent:
                    state.pending += "$$"
                    if close_at < 0 and _scan(state).texish_between(pos + 2, end):
                        _unclosed(state, pos, "$$")  # "$$\frac{a}{b}" and no "$$" after it: math left open
                state.pos += 2
                return True
        else:
            markup = "$"
            if pos + 1 >= end or _is_space(src[pos + 1]):
                return False
            close_at = find_close(pos + 1, end, "$")
            if close_at < 0:
                return False
            content = src[pos + 1 : close_at]
            if _is_space(src[close_at - 1]):
                return False
            if close_at + 1 < end and src[close_at + 1].isdigit() and not (TEXISH & set(content)):
                return False  # "$5 … $10": but "$\sim$1 ns" is math
            if _looks_like_money(content):
                return False
    else:
        return False

    if not silent:
        token = state.push("math_inline", "math", 0)
        token.content = content
        token.markup = markup
        token.meta["display"] = display
        token.meta["newlines"] = _scan(state).newlines_before(pos)
    state.pos = close_at + len(CLOSERS[markup])
    return True


# ---------------------------------------------------------------- block rule


def _line_text(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


def _math_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.is_code_block(start):  # dispatch.py asks this rule only at a "$" or "\\"
        return False
    first = _line_text(state, start).rstrip()
    if first.startswith("$$"):
        markup = "$$"
    elif first.startswith("\\["):
        markup = "\\["
    else:
        return False
    close = CLOSERS[markup]
    rest = first[2:]
    last: int | None  # the closing line; None while not found

    if rest.endswith(close) and rest[: -len(close)].strip() and close not in rest[: -len(close)]:
        content, last = rest[: -len(close)], start  # $$ … $$ on one line
    elif close in rest:
        return False  # "$$x$$ and text": display math inside a paragraph
    else:
        parts = [rest] if rest.strip() else []
        last = None
        for line in range(start + 1, end):
            if state.isEmpty(line) or state.sCount[line] < state.blkIndent:
                break  # TeX math has no blank lines; left the list item/quote
            text = _line_text(state, line).rstrip()
            if text.endswith(close) and not text.endswith("\\" + close):
                parts.append(text[: -len(close)])
                last = line
                break
            if close in text or markup in text:
                break  # another opener: each line is read by one opener's look ahead, not by all before it
            parts.append(text)
        if last is None:
            # a delimiter alone on its line, or TeX after it: math left open ("$$ 100" is money)
            if not silent and (not rest.strip() or TEXISH & set("".join(parts))):
                opening = state.bMarks[start] + state.tShift[start]
                col = opening - state.src.rfind("\n", 0, opening)  # 1-based, after any "> " or list marker
                state.env.setdefault("math_unclosed", []).append((start, col, markup))
            return False
        content = "\n".join(parts)
        if not content.strip():
            return False

    if silent:
        return True
    token = state.push("math_block", "math", 0)
    token.block = True
    token.content = content
    token.markup = markup
    token.map = [start, last + 1]
    state.line = last + 1
    return True


# ---------------------------------------------------------------- rendering


def _html(token, env) -> str | None:
    if "html" not in token.meta:  # tokens built after the core rule ran
        _convert(token, env, None)
    return token.meta["html"]


def _source(token) -> str:
    if token.type == "math_block" and "\n" in token.content.strip():
        return f"{token.markup}\n{token.content.strip()}\n{CLOSERS[token.markup]}"
    return token.markup + token.content + CLOSERS[token.markup]


def _render_inline(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    html = _html(token, env)
    if html is None:
        return f'<code class="math-error">{escape(_source(token))}</code>'
    if token.meta.get("display"):
        return f'<span class="math-block">{html}</span>'
    return html


def _render_block(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    html = _html(token, env)
    if html is None:
        return f'<pre><code class="math-error">{escape(_source(token))}</code></pre>\n'
    return f'<div class="math-block">{html}</div>\n'


# kept: no known dependency
PLUGIN = Plugin("math", math_plugin, after=("cjk",))
