"""Fenced code: highlighted blocks (see ``highlight.py``) and Mermaid diagrams.

An unknown language falls back to escaped plain text.
A ``mermaid`` fence becomes ``<pre class="mermaid">`` holding the escaped
source: readable as text when the Mermaid library cannot load, drawn when it
can.  ``env["has_mermaid"]`` tells the template to load the library.
"""

from __future__ import annotations

from html import escape

from markdown_it import MarkdownIt

from manabi_ssg.markdown.highlight import highlight_code


def code_plugin(md: MarkdownIt) -> None:
    md.add_render_rule("fence", _render_fence)
    md.add_render_rule("code_block", _render_code_block)


def _render_fence(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    info = token.info.strip()
    lang = info.split(maxsplit=1)[0] if info else ""
    if lang.lower() == "mermaid":
        env["has_mermaid"] = True
        return f'<pre class="mermaid">{escape(token.content)}</pre>\n'
    body = highlight_code(token.content, lang)
    lang_attr = f' class="language-{escape(lang)}"' if lang else ""
    data = f' data-lang="{escape(lang)}"' if lang else ""
    if body is None:
        body = escape(token.content)
    return f'<div class="code-block"{data}><pre class="highlight"><code{lang_attr}>{body}</code></pre></div>\n'


def _render_code_block(self, tokens, idx, options, env) -> str:
    return f'<div class="code-block"><pre class="highlight"><code>{escape(tokens[idx].content)}</code></pre></div>\n'
