"""The page environment: what the Markdown plugins read and fill while one page renders.

markdown-it passes one mutable mapping, ``env``, to every rule of a render;
manabi's plugins use it to learn about the page (its path, language's
messages, where its body starts in the file) and to hand back what they found
(contents, links, exercises, ids, diagnostics), which the parse stage turns
into the :class:`~manabi_ssg.model.Page`.  A :class:`PageEnv` names every key
and its type, so a misspelt key is a type error, not a silent ``None``; it is
a ``TypedDict``, a plain ``dict`` at run time, because markdown-it refuses
anything that is not a mutable mapping and mdit-py-plugins' footnotes keep
their own data in it (``env["footnotes"]``).  :func:`page_env` is the one
way to make one, for the parse stage and for tests alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypedDict

from manabi_ssg.diagnostics import Diagnostic


class PageEnv(TypedDict, total=False):
    # -- given by page_env: the page being rendered
    path: str  # the content file, relative to the content folder (diagnostics, links, the .bib name)
    source: str  # the body, for the column of a block's diagnostic (diagnostics.report)
    line_offset: int  # lines of front matter before the body
    title: str  # front matter title: a chapter's leading h1 repeating it is dropped
    is_chapter: bool
    messages: Mapping[str, str]  # the page language's catalogue (labels the plugins write)
    reference_headings: tuple[str, ...]  # the site's own reference-list headings (config)
    diagnostics: list[Diagnostic]
    # -- filled by the plugins, read back by the parse stage
    toc: list[dict[str, Any]]  # headings.py: h2/h3 entries
    first_h1: str  # headings.py: a title when front matter has none
    ids: list[str]  # anchors.py: every id in the body, in order
    aliases: list[list[str]]  # the parse stage: front matter aliases as [written, output path] pairs
    answers: list[list[Any]]  # the parse stage: the answer regions of the body (answers.split)
    links: list[dict[str, Any]]  # links.py: internal links and images, for the link checks
    references: list[dict[str, Any]]  # citations.py
    citations: list[dict[str, Any]]  # citations.py
    bibliography: list[dict[str, Any]]  # bibliography.py: what the .bib file is made of
    exercises: list[dict[str, Any]]  # exercises.py
    quizzes: list[dict[str, Any]]  # quiz.py: id, kind, line of each self-check question
    case_studies: list[dict[str, Any]]  # case_studies.py
    has_mermaid: bool  # code.py: the page loads the diagram library
    # -- shared between plugins during one render
    used_ids: dict[str, int]  # headings.unique_id: ids taken on the page, for -2, -3 suffixes
    table_count: int  # tables.py: the number of the next table
    directives_seen: bool  # directives.py: the page has a ::: directive
    quiz_count: int  # quiz.py: quizzes so far, broken ones too (their ids)
    math_unclosed: list[tuple[int, int, str]]  # math.py: $$ / \[ blocks never closed
    math_unclosed_inline: list[tuple[str, int, str]]  # math.py: $ / \( never closed
    footnotes: dict[str, Any]  # mdit-py-plugins' footnote rules
    _line_starts: tuple[str, list[int]]  # diagnostics._text_column's cache
    _source_lines: tuple[str, list[str]]  # locate.py's cache


def page_env(path: str, source: str = "", *, line_offset: int = 0, title: str = "", is_chapter: bool = False,
             messages: Mapping[str, str] | None = None, reference_headings: tuple[str, ...] = ()) -> PageEnv:
    """A fresh environment for rendering the body ``source`` of the file ``path``.

    Without ``messages`` the plugins write their English fallback labels.
    """
    return PageEnv(path=path, source=source, line_offset=line_offset, diagnostics=[], title=title,
                   is_chapter=is_chapter, messages=messages if messages is not None else {},
                   reference_headings=tuple(reference_headings))
