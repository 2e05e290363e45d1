"""``<details>``/``<summary>`` as a Markdown container.

CommonMark treats ``<details>`` as raw HTML, so Markdown written inside it
(the seed's answers hold tables, bold text and code) only renders when blank
lines happen to split the HTML from it.  This rule parses the whole block as a
container instead: the summary as inline Markdown, the body as Markdown.
Components (exercises) then see structured tokens rather than HTML strings.

Tokens: ``details_open`` (attrs copied from the tag), ``summary_open``,
``inline``, ``summary_close``, body tokens, ``details_close``.  The summary's
plain text is in ``details_open.meta["summary"]``.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

from manabi_ssg.diagnostics import ERROR, WARNING, report
from manabi_ssg.markdown.blocklines import find_close, line_text
from manabi_ssg.markdown.order import Plugin

OPEN_RE = re.compile(r"^<details(\s[^>]*)?>", re.IGNORECASE)
CLOSE_RE = re.compile(r"</details\s*>", re.IGNORECASE)
OPEN_ANY_RE = re.compile(r"<details(\s[^>]*)?>", re.IGNORECASE)
SUMMARY_RE = re.compile(r"^\s*<summary(\s[^>]*)?>(.*?)</summary\s*>", re.IGNORECASE | re.DOTALL)
ATTR_RE = re.compile(r"""([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")


def details_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before("html_block", "details", _details_block, {"alt": ["paragraph", "reference", "blockquote", "list"]})
    md.block.ruler.before("html_block", "details_stray_close", _stray_close, {"alt": ["paragraph", "reference", "blockquote", "list"]})
    md.add_render_rule("details_open", _render_details_open)
    md.add_render_rule("details_close", lambda self, tokens, idx, options, env: "</details>\n")
    md.add_render_rule("summary_open", _render_summary_open)
    md.add_render_rule("summary_close", lambda self, tokens, idx, options, env: "</summary>\n")


_line = line_text


TAG_RE = re.compile(r"<details(?:\s[^>]*)?>|</details\s*>", re.IGNORECASE)


def _tags(text: str) -> list[tuple[int, int]]:
    return [(-1 if match.group(0).startswith("</") else 1, match.start()) for match in TAG_RE.finditer(text)]


def _find_close(state: StateBlock, start: int, end: int) -> tuple[int | None, int, str]:
    """Line of the ``</details>`` that closes the block opened on ``start``.

    Counts nested ``<details>`` and skips fenced code.  Returns (line, col) of
    the closing tag (and ""), or (None, fallback_end, where) when the block is
    never closed: then it ends before the next heading, so it cannot swallow
    the chapter, or at the end of its list item or quote, so it cannot swallow
    the next one, or at the end of the file; ``where`` says which, for the message.
    """
    close = find_close(state, start, end, _tags, "details")
    if close.line is not None and close.col is not None:  # both or neither (blocklines.Close)
        return close.line, close.col, ""
    offset = state.env.get("line_offset", 0) if isinstance(state.env, dict) else 0
    if close.heading is not None:
        return None, close.heading, f"before the next heading (line {close.heading + 1 + offset})"
    if close.container_end < state.lineMax or state.parentType in ("list", "blockquote"):
        return None, close.container_end, "at the end of its list item or quote"
    if close.container_end >= len(state.bMarks) - 1:  # markdown-it keeps one mark past the last line
        return None, close.container_end, "at the end of the file"
    return None, close.container_end, "at the end of the block that holds it"


def _details_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.is_code_block(start):  # dispatch.py asks this rule only at a "<"
        return False
    text = _line(state, start)
    opening = OPEN_RE.match(text)
    if not opening:
        return False
    if silent:
        return True
    close_line, close_col, where = _find_close(state, start, end)
    if close_line is None:
        report(state.env, ERROR, "details-unclosed", f"<details> is never closed with </details>; closing it {where}: "
               "add </details> on its own line where the block should end", line=start)
        body_end = close_col
        after = body_end
    else:
        body_end = close_line
        after = close_line + 1
        trailing = _line(state, close_line)
        tail = CLOSE_RE.split(trailing, maxsplit=1)
        if close_line != start and tail[0].strip():
            # text before </details> on its closing line belongs to the body
            body_end = close_line + 1

    # Everything after <details ...> on the opening line, and possibly the
    # following lines, may hold the <summary>.
    rest_of_line = text[opening.end() :]
    body_start = start + 1
    summary_html = None
    summary_source = rest_of_line
    probe_line = start
    if not rest_of_line.strip() and start + 1 < body_end:
        summary_source = _line(state, start + 1)
        probe_line = start + 1
    summary = SUMMARY_RE.match(summary_source)
    if not summary and "<summary" in summary_source.lower():
        # a summary spread over several lines
        joined = summary_source
        for n in range(probe_line + 1, min(body_end, probe_line + 10)):
            joined += "\n" + _line(state, n)
            summary = SUMMARY_RE.match(joined)
            if summary:
                probe_line = n
                break
    if summary:
        summary_html = summary.group(2).strip()
        body_start = probe_line + 1
        leftover = (summary_source if probe_line == start or probe_line == start + 1 else "")[summary.end() :]
        if close_line is not None and close_line == start:
            leftover = CLOSE_RE.split(leftover, maxsplit=1)[0]
    else:
        leftover = rest_of_line if close_line != start else CLOSE_RE.split(rest_of_line, maxsplit=1)[0]
        report(state.env, WARNING, "details-no-summary", "<details> has no <summary>; the browser will show a generic label", line=start)

    token = state.push("details_open", "details", 1)
    token.map = [start, after]
    token.block = True
    token.attrs = {m.group(1): (m.group(2) or m.group(3) or m.group(4) or "") for m in ATTR_RE.finditer(opening.group(1) or "")}
    token.meta = {"summary": _plain(summary_html) if summary_html is not None else ""}
    if summary_html is not None:
        state.push("summary_open", "summary", 1)
        inline = state.push("inline", "", 0)
        inline.content = summary_html
        inline.map = [start, start + 1]
        inline.children = []
        state.push("summary_close", "summary", -1)

    if leftover.strip():
        inline_para = state.push("paragraph_open", "p", 1)
        inline_para.map = [start, start + 1]
        inline = state.push("inline", "", 0)
        inline.content = leftover.strip()
        inline.map = [start, start + 1]
        inline.children = []
        state.push("paragraph_close", "p", -1)

    if body_start < body_end:
        old_max, old_parent = state.lineMax, state.parentType
        state.lineMax = body_end
        state.parentType = "details"
        if close_line is not None and body_end == close_line + 1:
            # "text</details>" on the closing line: hide the tag from the body
            state.eMarks[close_line] = state.bMarks[close_line] + state.tShift[close_line] + close_col if close_col else state.eMarks[close_line]
        state.md.block.tokenize(state, body_start, body_end)
        state.lineMax, state.parentType = old_max, old_parent

    close = state.push("details_close", "details", -1)
    close.block = True
    state.line = after
    return True


def _stray_close(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.is_code_block(start):
        return False
    text = _line(state, start).strip()
    if not CLOSE_RE.fullmatch(text):
        return False
    if not silent:
        report(state.env, WARNING, "details-stray-close", "</details> without a matching <details>; ignored", line=start)
    state.line = start + 1
    return True


def _plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html).strip()


def _render_details_open(self, tokens, idx, options, env) -> str:
    return f"<details{self.renderAttrs(tokens[idx])}>\n"


def _render_summary_open(self, tokens, idx, options, env) -> str:
    return f"<summary{self.renderAttrs(tokens[idx])}>"


# after guards: its rules go before html_block behind the comment guard's; after math: kept
PLUGIN = Plugin("details", details_plugin, after=("guards", "math"))
