"""What a chapter is, for machines: schema.org JSON-LD.

A chapter is a ``LearningResource`` (name, description, language, level,
time required, what it teaches, its series as the ``Course`` it is part of,
its references as ``citation``, authors, licence, dates); a series page is
the ``Course`` with its chapters as ``hasPart``.  Only front matter and the
parsed reference list feed it, so it says nothing the page does not.

A ``Course`` names its ``provider``: the site, by its title (and its address
when it has one).  ``educationalLevel`` is the front matter's level on the
site's one scale (:mod:`manabi_ssg.words.levels`): ``intermediate-advanced``, not
whatever words the author used, so that 18 wordings of three levels read as
three levels.  URLs are written only when the site has a ``base_url``: a
relative URL in JSON-LD means nothing to the machine that reads it.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any, Callable
from functools import partial

from manabi_ssg.outputs.bibtex import parse_reference
from manabi_ssg.words.levels import level_range
from manabi_ssg.model import CHAPTER, SECTION, Page, Section, SiteIndex
from manabi_ssg.site.urls import absolute_url

# "MLP入門シリーズ v1.0", "MI Introduction Series v3.0", "… Ver. 2": the version is not the name
VERSION_SUFFIX_RE = re.compile(r"\s*(?:\(\s*)?(?:v|ver\.?|version)\s*\d+(?:\.\d+)*\s*\)?\s*$", re.IGNORECASE)
RANGE_RE = re.compile(r"(\d+(?:\.\d+)?)\s*[-–—〜~～]\s*(\d+(?:\.\d+)?)")
HOURS_RE = re.compile(r"(\d+(?:\.\d+)?)\s*(?:時間|hours?|hrs?|h\b)", re.IGNORECASE)
MINUTES_RE = re.compile(r"(\d+(?:\.\d+)?)\s*(?:分|minutes?|mins?|m\b)", re.IGNORECASE)
ORGANISATION_RE = re.compile(r"\b(?:team|hub|lab|laboratory|university|institute|group|inc|ltd|project)\b|チーム|研究室|大学|研究所", re.IGNORECASE)


def series_name(value: object) -> str:
    """The series' name without its version: ``"MLP入門シリーズ v1.0"`` -> ``"MLP入門シリーズ"``."""
    text = "" if value is None else str(value).strip()
    return VERSION_SUFFIX_RE.sub("", text).strip() or text


def duration_minutes(value: object) -> int | None:
    """``"20-25分"`` -> 25 (a range counts at its upper bound), ``"1.5 hours"`` -> 90, ``"1時間30分"`` -> 90."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return int(value) if value > 0 else None
    text = RANGE_RE.sub(lambda m: m.group(2), unicodedata.normalize("NFKC", str(value)))
    hours = sum(float(n) for n in HOURS_RE.findall(text))
    minutes = sum(float(n) for n in MINUTES_RE.findall(text))
    if not hours and not minutes:
        bare = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*", text)  # a bare number is minutes
        minutes = float(bare.group(1)) if bare else 0
    total = round(hours * 60 + minutes)
    return total or None


def iso_duration(value: object) -> str:
    minutes = duration_minutes(value)
    return f"PT{minutes}M" if minutes else ""


def people(meta: dict[str, Any]) -> list[str]:
    """Names from ``author``/``authors``: a string, a list of strings, or a list of {name: …}."""
    found: list[str] = []
    for key in ("authors", "author"):
        value = meta.get(key)
        items = value if isinstance(value, list) else [value]
        for item in items:
            name = item.get("name") if isinstance(item, dict) else item
            if isinstance(name, str) and name.strip() and name.strip() not in found:
                found.append(name.strip())
    return found


CC_RE = re.compile(r"^(?:creative\s*commons|cc)[\s-]*((?:by|nc|sa|nd)(?:[\s-]+(?:by|nc|sa|nd))*)[\s-]*(\d\.\d)?(?:\s+international)?$", re.IGNORECASE)


def license_value(text: str) -> str | dict[str, Any]:
    """``license`` is a URL or a CreativeWork: "CC BY 4.0" becomes its deed's URL, other names a named work."""
    text = text.strip()
    if re.match(r"https?://", text):
        return text
    if re.fullmatch(r"CC0(?:\s*1\.0)?", text, re.IGNORECASE):
        return "https://creativecommons.org/publicdomain/zero/1.0/"
    match = CC_RE.match(text)
    if match:
        terms = "-".join(re.split(r"[\s-]+", match.group(1).lower()))
        return f"https://creativecommons.org/licenses/{terms}/{match.group(2) or '4.0'}/"
    return {"@type": "CreativeWork", "name": text}


def educational_level(meta: dict[str, Any]) -> str:
    """``"中級〜上級"`` -> ``"intermediate-advanced"``; "" when the words name no level on the scale."""
    levels = level_range(meta.get("level"), meta.get("difficulty"))
    if not levels:
        return ""
    return levels[0] if len(levels) == 1 else f"{levels[0]}-{levels[-1]}"


def provider(index: SiteIndex) -> dict[str, Any]:
    """Who offers the course: the site, named by its title."""
    found: dict[str, Any] = {"@type": "Organization", "name": index.title}
    if index.base_url:
        found["url"] = index.base_url
    return found


def _agent(name: str) -> dict[str, Any]:
    return {"@type": "Organization" if ORGANISATION_RE.search(name) else "Person", "name": name}


def _date(value: object) -> str:
    text = "" if value is None else str(value).strip()
    return text[:10] if re.match(r"\d{4}-\d\d-\d\d", text) else ""


def _strings(value: object) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [str(item).strip() for item in items if item is not None and not isinstance(item, (dict, list)) and str(item).strip()]


def citation(entry: dict[str, Any]) -> dict[str, Any]:
    """One reference as a ``CreativeWork``: its title, authors, year, journal and DOI as ``sameAs``/``identifier``."""
    fields = parse_reference(entry)["fields"]
    work: dict[str, Any] = {"@type": "CreativeWork", "name": fields.get("title") or entry["text"]}
    if fields.get("author"):
        work["author"] = [_agent(name) for name in fields["author"].split(" and ") if name != "others"]
    if fields.get("year"):
        work["datePublished"] = fields["year"]
    venue = fields.get("journal") or fields.get("booktitle")
    if venue:
        work["isPartOf"] = {"@type": "CreativeWork", "name": venue}
    if fields.get("doi"):
        work["sameAs"] = "https://doi.org/" + fields["doi"]
        work["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": fields["doi"]}
    elif fields.get("eprint"):
        work["sameAs"] = "https://arxiv.org/abs/" + fields["eprint"]
        work["identifier"] = {"@type": "PropertyValue", "propertyID": "arXiv", "value": fields["eprint"]}
    return work


def _url(data: dict[str, Any], link: Callable[[str], str] | None, url: str) -> dict[str, Any]:
    if link is not None:
        data["url"] = link(url)
    return data


def chapter_data(page: Page, section: Section | None, link: Callable[[str], str] | None, license: str = "",
                 index: SiteIndex | None = None) -> dict[str, Any]:
    """The chapter's ``LearningResource``; ``link`` makes a site path absolute (None: no URLs are written)."""
    meta = page.meta
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": "LearningResource", "name": page.title}
    description = _strings(meta.get("description") or meta.get("subtitle"))
    if description:
        data["description"] = description[0]
    data["inLanguage"] = page.lang
    _url(data, link, page.url)
    level = educational_level(meta)
    if level:
        data["educationalLevel"] = level
    duration = iso_duration(meta.get("estimated_time") or meta.get("reading_time"))
    if duration:
        data["timeRequired"] = duration
    teaches = _strings(meta.get("learning_objectives"))
    if teaches:
        data["teaches"] = teaches
    keywords = _strings(meta.get("topics"))
    if keywords:
        data["keywords"] = keywords
    name = series_name(meta.get("series")) or (section.title if section and section.landing else "")
    if name and section is not None:
        data["isPartOf"] = _url({"@type": "Course", "name": name}, link, section.index_url)
        if index is not None:
            data["isPartOf"]["provider"] = provider(index)
    references = page.components.get("bibliography") if page.components else None
    if references:
        data["citation"] = [citation(entry) for entry in references]
    authors = people(meta)
    if authors:
        data["author"] = [_agent(name) for name in authors]
    licence = _strings(meta.get("license")) or ([license] if license else [])
    if licence:
        data["license"] = license_value(licence[0])
    published = _date(meta.get("created_at"))
    modified = _date(meta.get("updated_at")) or published
    if published:
        data["datePublished"] = published
    if modified:
        data["dateModified"] = modified
    return data


def course_data(page: Page, section: Section, link: Callable[[str], str] | None, index: SiteIndex | None = None) -> dict[str, Any]:
    meta = page.meta
    name = series_name(meta.get("series")) or page.title
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": "Course", "name": name}
    description = _strings(meta.get("description") or meta.get("subtitle"))
    if description:
        data["description"] = description[0]
    data["inLanguage"] = page.lang
    _url(data, link, page.url)
    if index is not None:
        data["provider"] = provider(index)
    level = educational_level(meta)
    if level:
        data["educationalLevel"] = level
    data["hasPart"] = [
        {**_url({"@type": "LearningResource", "name": chapter.title}, link, chapter.url), "position": position}
        for position, chapter in enumerate(section.chapters, start=1)
    ]
    return data


def structured_data(page: Page, index: SiteIndex, section: Section | None, link: Callable[[str], str] | None, license: str = "") -> dict[str, Any] | None:
    """The page's JSON-LD object: chapters and series pages have one, other pages none."""
    if page.kind == CHAPTER:
        return chapter_data(page, section, link, license, index)
    if page.kind == SECTION and section is not None and section.chapters:
        return course_data(page, section, link, index)
    return None


def script(data: dict[str, Any] | None) -> str:
    """``<script type="application/ld+json">`` with ``<``, ``>`` and ``&`` escaped, so no text can close it."""
    if not data:
        return ""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">\n{text}\n</script>'


def page_script(page: Page, index: SiteIndex, section: Section | None, rel: Callable[[str], str], license: str = "") -> str:
    """For templates: the page's JSON-LD script; URLs only when the site has a base URL to make them absolute."""
    link = partial(absolute_url, index.base_url) if index.base_url.rstrip("/") else None
    return script(structured_data(page, index, section, link, license))
