"""Prerequisites that name a chapter, resolved to that chapter's page.

Front matter writes ``prerequisites: ["第1章", "第2章", "基礎的な材料科学知識"]``
or ``["Chapter 2", "Python basics"]``.  ``第N章`` / ``Chapter N`` (alone or
followed by a separator and the title) is chapter N of the same series folder:
its ``series_order``/``chapter_number``, else the number in its file name
(``chapter2-fundamentals.md``, ``chapter-2.md``).  A prerequisite equal to a
chapter's title (with or without its ``第N章：`` prefix) matches too.
Anything else stays plain text; the build reports it as INFO
``prerequisite-unresolved``.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from manabi_ssg.model import PageSummary, Section

CHAPTER_RE = re.compile(r"^(?:第\s*(\d+)\s*章|chapter\s*(\d+)|ch\.?\s*(\d+))(?:\s*(?:[:：.\-–—]|\s)\s*.*)?$", re.IGNORECASE)
NUMBER_IN_NAME_RE = re.compile(r"(\d+)")
TITLE_PREFIX_RE = re.compile(r"^(?:第\s*\d+\s*章|chapter\s*\d+)\s*[:：.\-–—]?\s*", re.IGNORECASE)


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text))).lower()


def chapter_number(summary: PageSummary) -> int | None:
    """The chapter's number: series_order/chapter_number, else the file name's first number."""
    order = summary.order
    if order and order[0] == 0 and isinstance(order[1], int):
        return order[1]
    stem = summary.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    match = NUMBER_IN_NAME_RE.search(stem)
    return int(match.group(1)) if match else None


def resolve_prerequisite(text: object, section: Section | None) -> PageSummary | None:
    """The chapter of ``section`` that the prerequisite ``text`` names, or ``None``."""
    if not text or section is None or not getattr(section, "chapters", None):
        return None
    by_number, by_title = _lookup(section)
    value = unicodedata.normalize("NFKC", str(text)).strip()
    match = CHAPTER_RE.match(value)
    if match:
        wanted = int(next(group for group in match.groups() if group))
        if wanted in by_number:
            return by_number[wanted]
    return by_title.get(_norm(value)) if value else None


_LOOKUPS: dict[int, tuple[Section, tuple[dict[int, PageSummary], dict[str, PageSummary]]]] = {}


def _lookup(section: Section) -> tuple[dict[int, PageSummary], dict[str, PageSummary]]:
    """Chapters of a section by number and by normalised title, built once per section object.

    Keyed by identity: hashing a frozen Section would walk all its chapters on every call.
    """
    known = _LOOKUPS.get(id(section))
    if known is not None and known[0] is section:
        return known[1]
    if len(_LOOKUPS) > 4096:
        _LOOKUPS.clear()
    result = _build_lookup(section)
    _LOOKUPS[id(section)] = (section, result)
    return result


def _build_lookup(section: Section) -> tuple[dict[int, PageSummary], dict[str, PageSummary]]:
    by_number: dict[int, PageSummary] = {}
    by_title: dict[str, PageSummary] = {}
    for chapter in section.chapters:
        number = chapter_number(chapter)
        if number is not None:
            by_number.setdefault(number, chapter)
    for chapter in section.chapters:
        by_title.setdefault(_norm(chapter.title), chapter)
    for chapter in section.chapters:
        by_title.setdefault(_norm(TITLE_PREFIX_RE.sub("", unicodedata.normalize("NFKC", chapter.title))), chapter)
    by_title.pop("", None)
    return by_number, by_title


def prerequisite_items(meta: dict[str, Any]) -> list[str]:
    value = meta.get("prerequisites")
    if not value:
        return []
    if isinstance(value, str):
        return [value]
    return [str(item) for item in value if item is not None and str(item).strip()]
