"""The front matter as JSON Schema, so editors can check it while authors type.

Derived from :data:`manabi_ssg.pipeline.frontmatter.SCHEMA`, the same table the build
checks against, so the two can never disagree.  ``schema/frontmatter.schema.json``
in the repository is a copy (a test keeps it equal).
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from manabi_ssg.pipeline.frontmatter import LIST_OF_STR, SCHEMA
from manabi_ssg.guards.limits import ITEM_LENGTH, LIST_ITEMS, LISTS, TEXT_LENGTHS

DESCRIPTIONS = {
    "title": "Chapter title, shown in the header, navigation and cards.",
    "subtitle": "One line under the title.",
    "level": "beginner, intermediate or advanced; a range like intermediate-advanced is fine.",
    "difficulty": "Difficulty in the author's words (e.g. 中級〜上級); mapped onto the level scale.",
    "estimated_time": "Reading time, e.g. \"20-25分\" or \"15 minutes\".",
    "learning_objectives": "What a learner can do after the chapter.",
    "topics": "Topic slugs; each gets a page listing its chapters.",
    "prerequisites": "Chapters (第1章, Chapter 2, or a title) or other knowledge needed first.",
    "aliases": "The page's old addresses (old-name.md, ../old-series/chapter-4.md, /ja/old/): each becomes a page that redirects here, and progress kept there moves here.",
    "series_order": "Position of the chapter in its series.",
    "chapter_number": "Alternative to series_order.",
    "lang": "Language of the page (ja, en, ...); defaults to the top folder's name.",
    "translation": "Path of the same chapter in another language, when the paths differ.",
    "draft": "true: not published, listed, searched or fed by manabi build (build --drafts and serve include it, with a banner).",
}


DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$"


def _json_type(expected: object) -> dict[str, Any]:
    if expected == LIST_OF_STR:
        return {"oneOf": [{"type": "array", "items": {"type": ["string", "number"]}}, {"type": "string"}]}
    if expected is int:
        return {"type": "integer"}
    if expected is bool:
        return {"type": "boolean"}
    if expected is str:
        return {"type": "string"}
    types = set()
    for kind in expected if isinstance(expected, tuple) else (expected,):
        if kind is str or kind in (_dt.date, _dt.datetime):
            types.add("string")
        elif kind is int:
            types.add("integer")
        elif kind is float:
            types.add("number")
        elif kind is list:
            types.add("array")
    return {"type": sorted(types)}


def _with_limits(key: str, entry: dict[str, Any]) -> dict[str, Any]:
    """The size limits of :mod:`manabi_ssg.guards.limits`, so an editor flags a value before the build cuts it."""
    if key in TEXT_LENGTHS:
        entry["maxLength"] = TEXT_LENGTHS[key]
    elif key in LISTS:
        array, single = entry["oneOf"]
        array.update(maxItems=LIST_ITEMS)
        array["items"]["maxLength"] = ITEM_LENGTH
        single["maxLength"] = ITEM_LENGTH
    return entry


def frontmatter_schema() -> dict[str, Any]:
    properties = {}
    for key, expected in SCHEMA.items():
        entry = _with_limits(key, _json_type(expected))
        if isinstance(expected, tuple) and _dt.date in expected:  # quoted dates too (iso_dates.py)
            entry["pattern"] = DATE_PATTERN
        if key in DESCRIPTIONS:
            entry["description"] = DESCRIPTIONS[key]
        properties[key] = entry
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://manabi.invalid/schema/frontmatter.schema.json",
        "title": "manabi chapter front matter",
        "type": "object",
        "properties": properties,
        "additionalProperties": True,
    }
