"""Guards against Markdown that would make an author's text vanish silently.

* markdown-it drops everything past its nesting limit (lists or quotes nested
  hundreds deep); here the rest of that block is kept as plain text instead.
* An HTML comment that never ends hides the rest of the chapter; here the
  opening ``<!--`` is shown as text and the rest renders normally.
Both say so with a warning at the line where it happens.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

from manabi_ssg.diagnostics import WARNING, report
from manabi_ssg.markdown.order import Plugin


def guards_plugin(md: MarkdownIt) -> None:
    """Apply after setting ``maxNesting``: the guard reads it once, here, not on every line."""
    limit = md.options["maxNesting"] - 2

    def nesting_guard(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        return state.level >= limit and _nesting_guard(state, start, end, silent)

    md.block.ruler.before("table", "nesting_guard", nesting_guard, {"alt": ["paragraph", "reference", "blockquote", "list"]})
    md.block.ruler.before("html_block", "comment_guard", _comment_guard, {"alt": ["paragraph", "reference", "blockquote"]})


def _nesting_guard(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if silent:
        return True
    report(state.env, WARNING, "too-deep", f"content is nested more than {state.md.options['maxNesting'] // 2} levels deep; the rest of this block is shown as plain text", line=start)
    token = state.push("code_block", "code", 0)
    token.content = state.getLines(start, end, state.blkIndent, True)
    token.map = [start, end]
    state.line = end
    return True


def _comment_guard(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    position = state.bMarks[start] + state.tShift[start]
    if not state.src.startswith("<!--", position) or state.is_code_block(start):
        return False
    if _last_comment_end(state) >= position + 4:
        return False  # a closed comment: leave it to html_block
    if silent:
        return True
    report(state.env, WARNING, "html-comment-unclosed", "HTML comment '<!--' is never closed with '-->'; showing it as text so the rest of the chapter stays visible", line=start)
    token = state.push("paragraph_open", "p", 1)
    token.map = [start, start + 1]
    inline = state.push("inline", "", 0)
    inline.content = "\\" + state.src[position : state.eMarks[start]]
    inline.map = [start, start + 1]
    inline.children = []
    state.push("paragraph_close", "p", -1)
    state.line = start + 1
    return True


def _last_comment_end(state: StateBlock) -> int:
    """Where the chapter's last ``-->`` starts (-1: none), found once per chapter.

    A comment is closed when any ``-->`` follows it; searching the rest of the
    chapter at each ``<!--`` made a chapter of unclosed comments quadratic.
    """
    found = getattr(state, "_last_comment_end", None)
    if found is None or found[0] is not state.src:
        found = state._last_comment_end = (state.src, state.src.rfind("-->"))  # type: ignore[attr-defined]  # kept on the state: one search per page
    return found[1]


# first of the rest: every other plugin declares its place after it
PLUGIN = Plugin("guards", guards_plugin)
