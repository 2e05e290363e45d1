"""The tests' one way to render Markdown as the parse stage does: a fresh ``page_env`` and manabi's parser.

``render_html(text)`` gives the HTML and the env the plugins filled (diagnostics, toc, exercises, ...);
``render_tree`` the same with the HTML parsed.  ``lang`` picks the language's messages (labels such as
「表」), ``messages`` gives a site's own; without either the plugins write their English fallbacks.  ``md`` renders with another parser (a
variant without one plugin, a bare one with one plugin), and any other ``page_env`` field
(``line_offset``, ``is_chapter``, ``title``, ``reference_headings``) is passed through.
``parse_chapter`` takes a whole chapter file, front matter and all, through the parse stage.
"""

from __future__ import annotations

from htmltree import Element, parse_html
from markdown_it import MarkdownIt

from manabi_ssg.markdown import PageEnv, create_markdown, page_env
from manabi_ssg.messages import catalogue
from manabi_ssg.model import CHAPTER, Page, Source
from manabi_ssg.pipeline import frontmatter
from manabi_ssg.pipeline.parse import parse_source


def render_html(text: str, lang: str | None = None, *, path: str = "t.md", md: MarkdownIt | None = None,
                messages: dict[str, str] | None = None, **fields) -> tuple[str, PageEnv]:
    if messages is None and lang:
        messages = catalogue(lang)
    env = page_env(path, text, messages=messages, **fields)
    return (md or create_markdown()).render(text, env), env


def render_tree(text: str, lang: str | None = None, **options) -> tuple[Element, PageEnv]:
    html, env = render_html(text, lang, **options)
    return parse_html(html), env



def chapter_source(text: str, path: str = "ja/s/chapter-1.md") -> Source:
    """A whole chapter file (front matter and body) as the load stage gives it to the parse stage."""
    fm = frontmatter.parse(text, path)
    return Source(path=path, url=path[:-3] + ".html", kind=CHAPTER, lang="ja", meta=fm.data, body=fm.body,
                  body_line=fm.body_line, digest="x", diagnostics=fm.diagnostics)


def parse_chapter(text: str, path: str = "ja/s/chapter-1.md") -> Page:
    """A whole chapter file through the parse stage: its page, with the components and diagnostics."""
    return parse_source(chapter_source(text, path))
