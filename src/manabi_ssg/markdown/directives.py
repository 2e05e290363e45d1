"""MyST-style colon fences: the explicit syntax for components in new content.

::

    :::exercise Title of the exercise
    :difficulty: hard

    The question, in Markdown.

    :::hint
    A hint.
    :::

    :::answer
    The answer.
    :::
    :::

A fence opens with three or more colons and a name, optionally followed by an
argument (the title) and ``{key=value ...}`` options; ``:key: value`` lines
right after the opener are options too (MyST's form).  A line of colons alone
closes the innermost open fence, so fences nest without counting colons
(longer outer fences, MyST's convention, work as well).  Fenced code inside a
directive is skipped while looking for the closer.

Tokens: ``directive_open`` (``meta``: ``name``, ``title``, ``options``),
the body's tokens, ``directive_close``.  Component plugins turn the names they
know (``exercise``, ``hint``, ``answer``, ``case-study``) into their own
tokens; any other name renders as ``<div class="directive directive-NAME">``.
"""

from __future__ import annotations

import re
from html import escape

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

from manabi_ssg.diagnostics import WARNING, report
from manabi_ssg.markdown.blocklines import find_close, line_text
from manabi_ssg.markdown.order import Plugin

OPEN_RE = re.compile(r"^(:{3,})\s*([A-Za-z][\w-]*)\s*(.*?)\s*$")
CLOSE_RE = re.compile(r"^(:{3,})\s*$")
OPTION_RE = re.compile(r"^:([A-Za-z][\w-]*):\s*(.*?)\s*$")
SEEN = "directives_seen"  # env key set once a page has a directive
BRACES_RE = re.compile(r"\{([^{}]*)\}\s*$")
PAIR_RE = re.compile(r"""([A-Za-z][\w-]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")


def directives_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before("fence", "directive", _directive, {"alt": ["paragraph", "reference", "blockquote", "list"]})
    md.add_render_rule("directive_open", _render_open)
    md.add_render_rule("directive_close", lambda self, tokens, idx, options, env: "</div>\n")


_line = line_text


def parse_argument(argument: str) -> tuple[str, dict[str, str]]:
    """``Title {difficulty=hard}`` -> ("Title", {"difficulty": "hard"})."""
    options: dict[str, str] = {}
    braces = BRACES_RE.search(argument)
    if braces:
        for match in PAIR_RE.finditer(braces.group(1)):
            options[match.group(1).lower()] = match.group(2) or match.group(3) or match.group(4) or ""
        argument = argument[: braces.start()]
    return argument.strip(), options


def _tags(text: str) -> list[tuple[int, int]]:
    if OPEN_RE.match(text):
        return [(1, 0)]
    return [(-1, 0)] if CLOSE_RE.match(text) else []


def _find_close(state: StateBlock, start: int, end: int) -> tuple[int | None, int]:
    """Line of the ``:::`` that closes the directive opened on ``start`` (nested ones counted, code skipped), and its container's end."""
    close = find_close(state, start, end, _tags, "directive")
    return close.line, close.container_end


def _directive(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.is_code_block(start):  # dispatch.py asks this rule only at a ":"
        return False
    opening = OPEN_RE.match(_line(state, start))
    if not opening:
        return False
    if silent:
        return True
    close, container_end = _find_close(state, start, end)
    if close is None:
        report(state.env, WARNING, "directive-unclosed", f":::{opening.group(2)} is never closed with ':::'; closing it at the end of its container", line=start)
        body_end, after = container_end, container_end
    else:
        body_end, after = close, close + 1

    title, options = parse_argument(opening.group(3))
    body_start = start + 1
    while body_start < body_end:
        option = OPTION_RE.match(_line(state, body_start))
        if not option:
            break
        options[option.group(1).lower()] = option.group(2)
        body_start += 1

    name = opening.group(2).lower()
    token = state.push("directive_open", "div", 1)
    token.block = True
    token.map = [start, after]
    token.info = name
    token.meta = {"name": name, "title": title, "options": options}
    state.env[SEEN] = True  # the component rules skip their directive pass on pages without one
    if body_start < body_end:
        old_max, old_parent = state.lineMax, state.parentType
        state.lineMax = body_end
        state.parentType = "directive"
        state.md.block.tokenize(state, body_start, body_end)
        state.lineMax, state.parentType = old_max, old_parent
    close_token = state.push("directive_close", "div", -1)
    close_token.block = True
    close_token.meta = {"name": name}
    state.line = after
    return True


def has_directives(env: dict) -> bool:
    """Whether the page holds any ``:::`` directive."""
    return bool(env.get(SEEN))


def _render_open(self, tokens, idx, options, env) -> str:
    name = tokens[idx].meta.get("name", "")
    return f'<div class="directive directive-{escape(name)}">\n'


# --- helpers shared by the component plugins (exercises, case studies, citations) ---

import unicodedata  # noqa: E402
from functools import lru_cache  # noqa: E402

from markdown_it.token import Token  # noqa: E402

# Leading section numbers ("3.5 ", "4.1.", "２．") and emoji/symbol runs ("📝 ").
PREFIX_RE = re.compile(r"^(?:\d+(?:\.\d+)*\.?\s*|[^\w\s(\[]+\s*)+")


def normalise(text: str) -> str:
    """NFKC (full-width brackets, colons and digits become ASCII), spaces collapsed."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


@lru_cache(maxsize=4096)
def heading_words(text: str) -> str:
    """A heading's words after any numbering or emoji: ``📝 3.5 演習問題`` -> ``演習問題``.

    Cached: the exercise, case-study and reference rules each ask it of every heading.
    """
    return PREFIX_RE.sub("", normalise(text)).strip()


def heading_level(token: Token) -> int:
    return int(token.tag[1])


def section_end(tokens: list[Token], start: int, limit: int | None = None) -> int:
    """Index just past the section that the top-level heading at ``start`` opens.

    It runs to the next top-level heading of the same or a higher level (or
    ``limit``); trailing thematic breaks (``---`` separators) stay outside.
    """
    level = heading_level(tokens[start])
    end = len(tokens) if limit is None else limit
    for index in range(start + 3, end):
        token = tokens[index]
        if token.type == "heading_open" and token.level == tokens[start].level and heading_level(token) <= level:
            end = index
            break
    while end > start + 3 and tokens[end - 1].type == "hr" and tokens[end - 1].level == tokens[start].level:
        end -= 1
    return end


def plain_text(tokens: list[Token]) -> str:
    """Visible text of inline or block tokens, whitespace collapsed (for lists and tooltips)."""
    parts: list[str] = []
    for token in tokens:
        if token.type == "inline":
            parts.append(plain_text(token.children or []))
        elif token.type in ("text", "code_inline", "math_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif token.type == "image":
            parts.append(token.content)
        elif token.type == "citation":
            parts.append(token.content)
        elif token.block and token.nesting == -1:
            parts.append(" ")
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def text_token(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


def html_token(content: str) -> Token:
    token = Token("html_inline", "", 0)
    token.content = content
    return token


def add_class(token: Token, name: str) -> None:
    existing = str(token.attrGet("class") or "")
    classes = existing.split()
    if name not in classes:
        token.attrSet("class", " ".join(classes + [name]))


# kept: no known dependency
PLUGIN = Plugin("directives", directives_plugin, after=("details",))
