"""Parse stage: a :class:`Source` becomes a :class:`Page`.

This is where Markdown turns into HTML.  It depends on nothing but the
source and the Markdown settings, so its result can be cached by the source's
hash and computed in any worker process.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import MutableMapping
from typing import Any, cast

from manabi_ssg.outputs.bibtex import bibtex
from manabi_ssg.site import answers
from manabi_ssg.incremental.cache import digest
from manabi_ssg.incremental.collector import collector_paused
from manabi_ssg.diagnostics import ERROR, WARNING, Diagnostic
from manabi_ssg.pipeline.load import natural_key
from manabi_ssg.markdown import PageEnv, create_markdown, page_env
from manabi_ssg.messages import catalogue
from manabi_ssg.markdown.teaching.placeholders import front_matter_placeholders
from manabi_ssg.model import CHAPTER, Order, Page, Source, place_in
from manabi_ssg.site.theme import TEMPLATE_IDS
from manabi_ssg.site.urls import alias_url

# Keys of env that plugins fill and the page keeps as components.
COMPONENT_KEYS = ("aliases", "answers", "links", "exercises", "quizzes", "case_studies", "references", "bibliography", "citations", "ids", "site_digest")


def page_order(source: Source) -> Order:
    """Reading order: series_order/chapter_number first, then natural file-name order."""
    meta = source.meta
    explicit = meta.get("series_order", meta.get("chapter_number"))
    name = source.path.rsplit("/", 1)[-1]
    if isinstance(explicit, int) and not isinstance(explicit, bool):
        return (0, explicit, natural_key(name))
    return (1, 0, natural_key(name))


def parse_source(source: Source, hard_line_breaks: bool = True, messages_dir: str = "", reference_headings: tuple[str, ...] = ()) -> Page:
    """``reference_headings``: the site's own reference-list headings, besides the known ones (config)."""
    md = create_markdown(hard_line_breaks)
    env = page_env(
        source.path,
        source.body,
        line_offset=source.body_line - 1,
        # chapters show their title in the page header; a body H1 repeating it is dropped
        title=str(source.meta.get("title") or source.meta.get("chapter_title") or ""),
        is_chapter=source.kind == CHAPTER,
        messages=catalogue(source.lang, messages_dir),
        reference_headings=reference_headings,
    )
    try:
        with collector_paused():
            # a PageEnv is a dict at run time; markdown-it's signature names the mapping it is
            body_html = md.render(source.body, cast(MutableMapping[str, Any], env))
    except RecursionError:
        body_html = "<pre>" + _escape(source.body) + "</pre>"
        env["ids"] = []  # the body is shown as text: what the renderer noted before it gave up is not on the page
        env["diagnostics"].append(
            Diagnostic(source.path, source.body_line, 1, ERROR, "too-deep", "content is nested too deeply to render; shown as plain text")
        )
    body_html, env["answers"] = answers.split(body_html)  # the body as published with answers, and where they are
    # the renderer noted every id it wrote (markdown/anchors.py): kept with the page, the link checks need them
    env.setdefault("ids", [])
    env["diagnostics"].extend(duplicate_ids(env["ids"], source))
    env["diagnostics"].extend(front_matter_placeholders(source.path, source.meta, lambda key, item: place_in(source.meta, source.places, key, item)))
    env["diagnostics"].extend(_aliases(source, env))
    if source.kind == CHAPTER and is_empty(source):
        env["diagnostics"].append(Diagnostic(source.path, 1, 1, WARNING, "chapter-empty", EMPTY_CHAPTER))
    # what this page adds to the site-wide listings, as one hash: lets the engine
    # tell a body edit from one that changes the exercises or case studies pages
    site_digest = digest(env.get("exercises"), env.get("case_studies"))
    title = _title(source, env)
    found: dict[str, Any] = {**env, "site_digest": site_digest}
    components = {key: found[key] for key in COMPONENT_KEYS if found.get(key)}
    if components.get("bibliography"):
        # formatted here, so it is cached with the page: a build that parses one chapter
        # again formats one .bib, not every chapter's (0.5 s of an edit on 1,200 chapters)
        components["bibtex"] = bibtex(components["bibliography"], source.url)
    return Page(
        path=source.path,
        url=source.url,
        kind=source.kind,
        lang=source.lang,
        meta=source.meta,
        title=title,
        body_html=body_html,
        toc=env.get("toc", []),
        order=page_order(source),
        digest=source.digest,
        has_mermaid=bool(env.get("has_mermaid")),
        components=components,
        diagnostics=source.diagnostics + env["diagnostics"],
        places=source.places,
    )


def _aliases(source: Source, env: PageEnv) -> list[Diagnostic]:
    """Front matter ``aliases:`` as [written, output path] pairs in ``env["aliases"]``; an error at each one that names no page."""
    found: list[list[str]] = []
    problems = []
    value = source.meta.get("aliases")
    for item in ([value] if isinstance(value, str) else value if isinstance(value, list) else []):
        written = str(item) if item is not None else ""
        url = alias_url(source.path, written)
        if url is None:
            problems.append(Diagnostic(source.path, *place_in(source.meta, source.places, "aliases", item), ERROR, "alias-invalid",
                                       f"alias {written!r} names no page of the site: write the old file as a link from this "
                                       "page would (old-name.md, ../old-series/chapter-4.md, /ja/old/chapter-4.md, old-folder/)"))
        else:
            found.append([written, url])
    env["aliases"] = found
    return problems


# Decided: an empty chapter is still published and listed (links to it keep working, and
# serve shows it while it is being written), with this warning; draft: true leaves it out.
EMPTY_CHAPTER = ("the chapter has no content: it is published as an empty page and listed in its series; "
                 "write its body, or add draft: true to its front matter to leave it out until it is written")
_COMMENT_RE = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)


def is_empty(source: Source) -> bool:
    """A chapter file with nothing after its front matter but blank lines and HTML comments.

    A file that could not be read or decoded already has its error, and is not called empty.
    A chapter holding only its title heading is not empty either: it is how a page is begun.
    """
    if any(d.level == ERROR for d in source.diagnostics):
        return False
    return not _COMMENT_RE.sub("", source.body).strip()


def _title(source: Source, env: PageEnv) -> str:
    for key in ("title", "chapter_title"):
        value = source.meta.get(key)
        if value is not None and str(value).strip():
            return str(value).strip()
    if env.get("first_h1"):
        return env["first_h1"]
    stem = source.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if stem.lower() == "index":
        folder = source.path.rpartition("/")[0]
        stem = folder.rsplit("/", 1)[-1] if folder else "Home"
    return re.sub(r"[-_]+", " ", stem).strip() or stem


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def duplicate_ids(ids: list[str], source: Source) -> list[Diagnostic]:
    """An id given twice on a page (or one the page template already uses) breaks its anchor."""
    counts = Counter(ids)
    found = []
    for value, n in sorted(counts.items()):
        if n > 1 or value in TEMPLATE_IDS:
            line, col = _place_of_id(source, value, nth=2 if n > 1 else 1)
            found.append(Diagnostic(source.path, line, col, WARNING, "duplicate-id",
                                    f"id {value!r} is used {max(n, 2)} times on the page"))
    return found


def _place_of_id(source: Source, value: str, nth: int) -> tuple[int, int]:
    """File (line, col) where id ``value`` is written the ``nth`` time: ``id="…"`` in HTML or
    ``{#…}`` after a heading; its ``nth`` or last place, else the body's first line."""
    pattern = re.compile(r"""(?:\bid=["']|\{[^}\n]*#)""" + re.escape(value) + r"""(?=["'}\s])""")
    places = [match.start() for _, match in zip(range(nth), pattern.finditer(source.body))]
    if not places:
        return source.body_line, 1
    position = places[-1]
    line_start = source.body.rfind("\n", 0, position) + 1
    return source.body_line + source.body.count("\n", 0, position), position - line_start + 1
