"""Syntax highlighting: code in, ``<span class="…">`` HTML out.

Python, nine blocks in ten of the code chapters show, goes through
tree-sitter: its parser is C, five times faster than Pygments'
regular-expression lexer on the same blocks (``benchmarks/highlight_corpus.py``),
and it sees the code's structure (a function's name, a docstring, an
f-string's fields).  Every other language goes through Pygments.  A grammar's
scanner is C, so one joins ``GRAMMARS`` only after the fuzz test in
``tests/test_highlight.py`` runs clean on it (tree-sitter-bash did not).
Both give Pygments' short class
names (``k``, ``s2``, ``c1``, ...), so one stylesheet, made from Pygments'
styles, colours them all with a light and a dark palette.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape
from importlib import import_module
from pathlib import Path

from pygments import highlight as pygments_highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound
from tree_sitter import Language, Parser, Query, QueryCursor

ALIASES = {"py": "python", "python3": "python", "sh": "bash", "shell": "bash", "zsh": "bash",
           "console": "shell-session", "yml": "yaml"}

# language -> (grammar package, query file in queries/)
GRAMMARS = {"python": ("tree_sitter_python", "python.scm")}

_FORMATTER = HtmlFormatter(nowrap=True)
_QUERIES = Path(__file__).parent / "queries"


@lru_cache(maxsize=4096)
def highlight_code(code: str, lang: str) -> str | None:
    """Highlighted HTML for the inside of ``<code>``, or None for plain text.

    Cached: while an author edits one chapter under ``serve``, its unchanged
    code blocks are not highlighted again on every save.
    """
    lang = lang.lower()
    name = ALIASES.get(lang, lang)
    if not name:
        return None
    grammar = _grammar(name)
    if grammar is not None:
        return _tree_sitter_html(code, *grammar)
    lexer = _lexer(name)
    return pygments_highlight(code, lexer, _FORMATTER) if lexer is not None else None


@lru_cache(maxsize=None)
def _grammar(name: str):
    """(parser, query, capture ranks) for a language with a tree-sitter grammar installed, else None."""
    if name not in GRAMMARS:
        return None
    package, query_file = GRAMMARS[name]
    try:
        language = Language(import_module(package).language())
    except (ImportError, ValueError):
        return None  # no grammar here (or one built for another tree-sitter): Pygments does it
    query = Query(language, (_QUERIES / query_file).read_text(encoding="utf-8"))
    ranks = {query.capture_name(i): i for i in range(query.capture_count)}
    return Parser(language), query, ranks


@lru_cache(maxsize=256)
def _lexer(name: str):
    try:
        return get_lexer_by_name(name, stripnl=False, ensurenl=False)
    except ClassNotFound:
        return None


# More children than this under one node of a tree with errors, and the block is shown as plain text
WIDEST_ERROR = 2000


def _tree_sitter_html(code: str, parser, query, ranks: dict[str, int]) -> str | None:
    """None (plain text) when tree-sitter's query would take time quadratic in the block.

    A run of brackets or operators that never close (``((((``, ``****``, a
    fence's own backquotes repeated) leaves an error node with a child per
    token, and the query cursor's time grows with the square of their count
    (0.2 s for 20,000, 3 s for 80,000).  An honest snippet with a syntax error
    has a few hundred children at most.  Plain, not Pygments: Pygments is
    slower than tree-sitter, so a block just past the limit would cost more
    than one just under it.
    """
    data = code.encode("utf-8")
    tree = _parse_within_budget(parser, data)
    if tree is None:
        return None
    root = tree.root_node
    if root.has_error and (root.child_count > WIDEST_ERROR or any(child.child_count > WIDEST_ERROR for child in root.children)):
        return None
    captures = QueryCursor(query).captures(root)
    spans = sorted((node.start_byte, -node.end_byte, ranks[name], name) for name, nodes in captures.items() for node in nodes)
    # offsets are in bytes: slice the text itself when it is all ASCII
    return "".join(_flat_spans(code if len(data) == len(code) else data, spans))


# tree-sitter's progress reports allowed per byte of code (and a few for any block): honest code
# takes under 0.04 per byte (a REPL session 0.03, a module 0.007); error recovery on lines such as
# "**label**: text" takes more each line, quadratic in the block (4,096 such lines: 13 s)
PARSE_STEPS_PER_BYTE = 0.1
PARSE_STEPS_ANY = 200


def _parse_within_budget(parser, data: bytes):
    """The tree, or None when the parse passes its budget of progress reports: the block is then plain text.

    Counted, not timed, so the same block always gets the same answer (builds stay byte-identical).
    """
    budget = PARSE_STEPS_ANY + PARSE_STEPS_PER_BYTE * len(data)
    steps = 0

    def progress(*_state) -> bool:
        nonlocal steps
        steps += 1
        return steps > budget  # True cancels the parse

    def read(offset: int, _point) -> bytes:  # progress is reported only for text read this way
        return data[offset : offset + 65536]

    try:
        return parser.parse(read, progress_callback=progress)
    except ValueError:  # cancelled: the parser would resume this parse on its next call
        parser.reset()
        return None


def _flat_spans(data: str | bytes, spans: list) -> list[str]:
    """Nested captures as flat, Pygments-style runs: each piece of text in the class of its innermost capture.

    ``spans`` holds (start, -end, rank, class) sorted; for the same range the
    first rank wins, and a capture crossing its outer one's end is dropped.
    """
    piece = (lambda a, b: data[a:b]) if isinstance(data, str) else (lambda a, b: data[a:b].decode("utf-8", "replace"))
    out: list[str] = []
    stack: list[tuple[int, str]] = []  # (end, class) of the open captures, innermost last
    pos = 0
    previous = None
    for start, negative_end, _rank, name in spans:
        end = -negative_end
        if (start, end) == previous:
            continue
        previous = (start, end)
        while stack and stack[-1][0] <= start:  # close the captures that end here
            close, cls = stack.pop()
            if close > pos:
                out.append(f'<span class="{cls}">{escape(piece(pos, close), False)}</span>')
                pos = close
        if stack and end > stack[-1][0]:
            continue
        if start > pos:
            text = escape(piece(pos, start), False)
            out.append(f'<span class="{stack[-1][1]}">{text}</span>' if stack else text)
            pos = start
        stack.append((end, name))
    while stack:
        close, cls = stack.pop()
        if close > pos:
            out.append(f'<span class="{cls}">{escape(piece(pos, close), False)}</span>')
            pos = close
    if pos < len(data):
        out.append(escape(piece(pos, len(data)), False))
    return out


# Token colours a style ships that fall short of WCAG AA (4.5:1) on the theme's
# code background (--bg-soft: #f5f6f8 light, #1f2228 dark), and their stand-ins.
_CONTRAST_FIXES = {"#2b91af": "#1a6f8a"}  # vs: class names and types (3.4:1 -> 5.3:1)


def _style_defs(style: str, prefix: str) -> str:
    css = HtmlFormatter(style=style).get_style_defs(prefix)
    # code blocks keep the theme's own background (var(--bg-soft)), so they
    # stand out from the page in both schemes; the token colours are checked
    # against it (tests/test_browser.py runs axe on highlighted code)
    css = re.sub(r"^(.*?\.highlight \{ )background: #[0-9a-fA-F]+;\s*", r"\1", css, flags=re.M)
    for old, new in _CONTRAST_FIXES.items():
        css = re.sub(re.escape(old), new, css, flags=re.I)
    return css


def pygments_css() -> str:
    """Light palette by default, dark under ``prefers-color-scheme: dark``."""
    light = _style_defs("vs", ".highlight")
    dark = _style_defs("github-dark", ":root[data-theme=dark] .highlight")
    dark_auto = _style_defs("github-dark", ":root:not([data-theme=light]) .highlight")
    return (
        "/* Generated by manabi from Pygments styles. */\n"
        + light
        + "\n"
        + dark
        + "\n@media (prefers-color-scheme: dark) {\n"
        + dark_auto
        + "\n}\n"
    )
