"""Sizes past which one file would cost the whole build: each is a located error, and the page still builds, cut.

Content is untrusted, and some of it is repeated: a title in every listing,
feed, breadcrumb and meta tag (a 10 MB title became 90 MB of pages), a
topic as a page of its own.  A chapter's time and memory grow with its size
(100 MB took 274 s and 7.7 GB).  No honest chapter comes near these values.

Past a limit the text is cut, not left out: the author sees the page and the
message side by side under ``serve``, links to it still resolve, and the
error fails ``build`` and ``check`` so a cut page is never deployed unseen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from manabi_ssg.diagnostics import ERROR, Diagnostic

CHAPTER_BYTES = 8 * 1024 * 1024  # a chapter file; the largest real ones are a few hundred KB
# front matter text shown on other pages too, in characters
TEXT_LENGTHS = {"title": 300, "chapter_title": 300, "subtitle": 300, "series": 300, "description": 1000}
LISTS = ("topics", "keywords", "prerequisites", "learning_objectives")
ITEM_LENGTH = 300  # each item of those lists
LIST_ITEMS = 100  # items in one of those lists (each topic is a page of its own)


def cut_chapter(data: bytes, path: str) -> tuple[bytes, list[Diagnostic]]:
    """The first CHAPTER_BYTES of a chapter, cut at a line's end, and the error that says so."""
    if len(data) <= CHAPTER_BYTES:
        return data, []
    end = data.rfind(b"\n", 0, CHAPTER_BYTES) + 1 or CHAPTER_BYTES
    kept = data[:end]
    line = kept.count(b"\n") + 1
    message = (f"chapter is {len(data) / 2**20:.1f} MB, over the {CHAPTER_BYTES // 2**20} MB limit: "
               f"only the lines before this one are built (split it into several chapters)")
    return kept, [Diagnostic(path, line, 1, ERROR, "chapter-too-large", message)]


def cut_front_matter(data: dict[str, Any], path: str, place: Callable[[str, int | None], tuple[int, int]]) -> tuple[dict[str, Any], list[Diagnostic]]:
    """Front matter with texts over their length, and lists over their count, cut; an error at each one's key.

    ``place(key, index)``: the file (line, col) of a key's value (index None), of item ``index``
    of it, or of the key itself (index -1).
    """
    found: list[Diagnostic] = []
    clean = dict(data)
    for key, limit in TEXT_LENGTHS.items():
        value = clean.get(key)
        if isinstance(value, str) and len(value) > limit:
            clean[key] = _cut(value, limit)
            found.append(Diagnostic(path, *place(key, None), ERROR, "frontmatter-too-long",
                                    f"{key!r} is {len(value):,} characters, over the {limit:,} limit (it is repeated on other pages): cut"))
    for key in LISTS:
        items = clean.get(key)
        if not isinstance(items, list):
            continue
        if len(items) > LIST_ITEMS:
            found.append(Diagnostic(path, *place(key, -1), ERROR, "frontmatter-too-long",
                                    f"{key!r} has {len(items):,} items, over the {LIST_ITEMS} limit: the first {LIST_ITEMS} are kept"))
            items = items[:LIST_ITEMS]
        long = [index for index, item in enumerate(items) if isinstance(item, str) and len(item) > ITEM_LENGTH]
        for index in long:
            found.append(Diagnostic(path, *place(key, index), ERROR, "frontmatter-too-long",
                                    f"item {index + 1} of {key!r} is {len(items[index]):,} characters, over the {ITEM_LENGTH} limit: cut"))
        clean[key] = [_cut(item, ITEM_LENGTH) if isinstance(item, str) and len(item) > ITEM_LENGTH else item for item in items]
    return clean, found


def _cut(text: str, limit: int) -> str:
    return text[: limit - 1].rstrip() + "…"
