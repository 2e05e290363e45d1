"""Fenced code: highlighted blocks (see ``highlight.py``) and Mermaid diagrams.

An unknown language falls back to escaped plain text.
A ``mermaid`` fence becomes ``<pre class="mermaid">`` holding the escaped
source: readable as text when the Mermaid library cannot load, drawn when it
can.  ``env["has_mermaid"]`` tells the template to load the library.
A diagram Mermaid's parser rejects (checked at build time, ``diagrams.py``)
would be drawn as Mermaid's error bomb: it gets a WARNING ``mermaid-syntax``
at the fence's line with Mermaid's message, and the page shows its source
with a note instead (``<pre class="mermaid-source">``, which Mermaid leaves alone).

A fence never closed runs to the end of its container, usually the end of the
chapter, and takes the exercises and references below it along: a WARNING
``code-fence-unclosed`` at the fence's line says so.

The info string's backslash escapes and entities are decoded, as CommonMark
says (```` ``` f&ouml;&ouml; ```` is the language ``föö``).
"""

from __future__ import annotations

from html import escape

from markdown_it import MarkdownIt
from markdown_it.common.utils import unescapeAll

from manabi_ssg.markdown.media.diagrams import mermaid_problem, unchecked_reason
from manabi_ssg.diagnostics import INFO, WARNING, report
from manabi_ssg.markdown.media.highlight import highlight_code
from manabi_ssg.markdown.order import Plugin


def code_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("fence_unclosed", _report_unclosed)
    md.add_render_rule("fence", _render_fence)
    md.add_render_rule("code_block", _render_code_block)


def _report_unclosed(state) -> None:
    lines = None
    for token in state.tokens:
        if token.type != "fence" or not token.map:
            continue
        if lines is None:
            lines = state.src.split("\n")
        start, end = token.map
        if end - 1 > start and _closes(lines[end - 1] if end - 1 < len(lines) else "", token.markup):
            continue
        report(state.env, WARNING, "code-fence-unclosed",
               f"code fence {token.markup} is never closed, so all that follows it (to the end of the chapter, or of its list item or quote) is shown as code; close it with a {token.markup} line",
               line=start)


def _closes(line: str, markup: str) -> bool:
    """Whether ``line`` (with any quote or list indentation before it) is a closing fence for ``markup``."""
    text = line.lstrip(" \t>")
    run = len(text) - len(text.lstrip(markup[0]))
    return run >= len(markup) and not text[run:].strip()


def _render_fence(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    info = unescapeAll(token.info).strip()
    lang = info.split(maxsplit=1)[0] if info else ""
    if lang.lower() == "mermaid":
        return _render_mermaid(token, env)
    body = highlight_code(token.content, lang)
    lang_attr = f' class="language-{escape(lang)}"' if lang else ""
    data = f' data-lang="{escape(lang)}"' if lang else ""
    if body is None:
        body = escape(token.content)
    return f'<div class="code-block"{data}><pre class="highlight"><code{lang_attr}>{body}</code></pre>{_copy_button(env)}</div>\n'


def _render_mermaid(token, env: dict) -> str:
    problem = mermaid_problem(token.content)
    if problem is None:
        env["has_mermaid"] = True
        reason = unchecked_reason(token.content)
        if reason:
            report(env, INFO, "mermaid-unchecked", f"diagram not checked at build time: {reason}; the browser draws it, "
                   "or shows its source with a note", line=token.map[0] if token.map else None)
        return f'<pre class="mermaid">{escape(token.content)}</pre>\n'
    line, message = problem
    where = f" (line {line} of the diagram)" if line else ""
    report(env, WARNING, "mermaid-syntax", f"Mermaid cannot draw this diagram{where}: {message}; the page shows its source",
           line=token.map[0] if token.map else None)
    note = env.get("messages", {}).get("diagram_failed", "This diagram could not be drawn; its source is shown.")
    return (f'<div class="diagram-failed"><pre class="mermaid-source">{escape(token.content)}</pre>'
            f'<p class="diagram-note">{escape(note)}</p></div>\n')


def _render_code_block(self, tokens, idx, options, env) -> str:
    return f'<div class="code-block"><pre class="highlight"><code>{escape(tokens[idx].content)}</code></pre>{_copy_button(env)}</div>\n'


def _copy_button(env: dict) -> str:
    """The block's copy button, in the HTML so nothing is inserted (and laid out again) when the page loads."""
    messages = env.get("messages", {})
    return (f'<button type="button" class="code-copy" aria-label="{escape(messages.get("copy_code", "Copy code"))}">'
            f'{escape(messages.get("copy", "Copy"))}</button>')


# kept: no known dependency
PLUGIN = Plugin("code", code_plugin, after=("directives",))
