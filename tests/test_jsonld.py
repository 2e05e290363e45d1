"""Chapters and series pages as schema.org JSON-LD, checked against the schema.org terms they use."""

import json
import re

import pytest
from progress_site import CHAPTER, SERIES, built_series

from manabi_ssg.outputs.jsonld import duration_minutes, educational_level, license_value, script, series_name

# The schema.org terms manabi emits, transcribed from https://schema.org (release 28):
# each class with its parents, each property with its domainIncludes and rangeIncludes.
CLASSES = {
    "Thing": (),
    "CreativeWork": ("Thing",),
    "LearningResource": ("CreativeWork",),
    "Course": ("CreativeWork", "LearningResource"),
    "Person": ("Thing",),
    "Organization": ("Thing",),
    "Intangible": ("Thing",),
    "StructuredValue": ("Intangible",),
    "PropertyValue": ("StructuredValue",),
}
PROPERTIES = {
    "name": (("Thing",), ("Text",)),
    "description": (("Thing",), ("Text",)),
    "url": (("Thing",), ("URL",)),
    "sameAs": (("Thing",), ("URL",)),
    "identifier": (("Thing",), ("PropertyValue", "Text", "URL")),
    "inLanguage": (("CreativeWork",), ("Language", "Text")),
    "educationalLevel": (("CreativeWork",), ("DefinedTerm", "Text", "URL")),
    "timeRequired": (("CreativeWork",), ("Duration",)),
    "teaches": (("CreativeWork",), ("DefinedTerm", "Text")),
    "keywords": (("CreativeWork", "Organization"), ("DefinedTerm", "Text", "URL")),
    "isPartOf": (("CreativeWork",), ("CreativeWork", "URL")),
    "hasPart": (("CreativeWork",), ("CreativeWork",)),
    "citation": (("CreativeWork",), ("CreativeWork", "Text")),
    "author": (("CreativeWork",), ("Organization", "Person")),
    "license": (("CreativeWork",), ("CreativeWork", "URL")),
    "datePublished": (("CreativeWork",), ("Date", "DateTime")),
    "dateModified": (("CreativeWork",), ("Date", "DateTime")),
    "position": (("CreativeWork",), ("Integer", "Text")),
    "provider": (("CreativeWork",), ("Organization", "Person")),
    "propertyID": (("PropertyValue",), ("Text", "URL")),
    "value": (("PropertyValue",), ("Boolean", "Number", "StructuredValue", "Text")),
}
DATA_TYPES = {
    "Text": lambda v: isinstance(v, str) and v != "",
    "URL": lambda v: isinstance(v, str) and re.match(r"https?://\S+$", v) is not None,
    "Duration": lambda v: isinstance(v, str) and re.fullmatch(r"P(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+S)?)?", v) is not None and v not in ("P", "PT"),
    "Date": lambda v: isinstance(v, str) and re.fullmatch(r"\d{4}(?:-\d\d(?:-\d\d)?)?", v) is not None,
    "DateTime": lambda v: isinstance(v, str) and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d)?(?:Z|[+-]\d\d:\d\d)?", v) is not None,
    "Integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "Number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "Boolean": lambda v: isinstance(v, bool),
}


def is_a(kind: str, wanted: str) -> bool:
    return kind == wanted or any(is_a(parent, wanted) for parent in CLASSES.get(kind, ()))


def vocabulary_errors(node: dict, where: str = "$") -> list[str]:
    """Every type unknown to schema.org, property outside its domain, or value outside its range."""
    errors = []
    kind = node.get("@type")
    if kind not in CLASSES:
        return [f"{where}: unknown type {kind!r}"]
    for key, values in node.items():
        if key.startswith("@"):
            continue
        if key not in PROPERTIES:
            errors.append(f"{where}.{key}: not a schema.org property manabi knows")
            continue
        domain, range_ = PROPERTIES[key]
        if not any(is_a(kind, d) for d in domain):
            errors.append(f"{where}.{key}: not a property of {kind}")
        for value in values if isinstance(values, list) else [values]:
            if isinstance(value, dict):
                if not any(is_a(value.get("@type", ""), r) for r in range_):
                    errors.append(f"{where}.{key}: a {value.get('@type')} is outside {range_}")
                errors.extend(vocabulary_errors(value, f"{where}.{key}"))
            elif not any(DATA_TYPES.get(r, lambda v: False)(value) for r in range_):
                errors.append(f"{where}.{key}: {value!r} is none of {range_}")
    return errors


def test_vocabulary_check_can_fail():
    assert vocabulary_errors({"@type": "LearningResource", "teaches": 5, "hasPart": {"@type": "Person", "name": "x"}, "timeRequired": "25分", "colour": "red"})  == [
        "$.teaches: 5 is none of ('DefinedTerm', 'Text')",
        "$.hasPart: a Person is outside ('CreativeWork',)",
        "$.timeRequired: '25分' is none of ('Duration',)",
        "$.colour: not a schema.org property manabi knows",
    ]
    assert vocabulary_errors({"@type": "Person", "teaches": "x"}) == ["$.teaches: not a property of Person"]


def json_ld(site, rel):
    scripts = [s for s in site.tree(rel).find_all("script") if s.get("type") == "application/ld+json"]
    assert len(scripts) == 1
    return json.loads(scripts[0].text())


@pytest.fixture(scope="module")
def series_site(tmp_path_factory):
    return built_series(tmp_path_factory.mktemp("jsonld") / "site")


def test_chapter_is_a_learning_resource_with_what_it_teaches_and_cites(series_site):
    data = json_ld(series_site, CHAPTER)
    assert data["@context"] == "https://schema.org" and data["@type"] == "LearningResource"
    assert data["name"] == "第2章：最初の計算" and data["description"] == "小さな結晶のエネルギーを求める"
    assert (data["inLanguage"], data["educationalLevel"], data["timeRequired"]) == ("ja", "beginner-intermediate", "PT25M")
    assert len(data["teaches"]) == 5 and data["teaches"][0] == "結晶の単位胞を説明できる"
    assert data["isPartOf"] == {"@type": "Course", "name": "材料計算きそシリーズ", "url": "https://example.org/course/ja/kiso/index.html",
                                "provider": {"@type": "Organization", "name": "きそ講座", "url": "https://example.org/course/"}}
    assert len(data["citation"]) == 15
    first = data["citation"][0]
    assert first["sameAs"] == "https://doi.org/10.5555/jic.2019.0012"
    assert first["identifier"] == {"@type": "PropertyValue", "propertyID": "DOI", "value": "10.5555/jic.2019.0012"}
    assert data["citation"][8]["identifier"]["propertyID"] == "arXiv"
    assert data["author"] == [{"@type": "Person", "name": "Dr. Hanako Kiso"}, {"@type": "Organization", "name": "Kiso Materials Team"}]
    assert (data["license"], data["datePublished"], data["dateModified"]) == ("https://creativecommons.org/licenses/by/4.0/", "2025-09-02", "2025-10-05")
    assert data["url"] == "https://example.org/course/" + CHAPTER


def test_series_page_is_the_course_with_its_chapters(series_site):
    data = json_ld(series_site, SERIES)
    assert (data["@type"], data["name"]) == ("Course", "材料計算きそシリーズ")
    assert [(part["name"], part["position"]) for part in data["hasPart"]] == [("第1章：計算の準備", 1), ("第2章：最初の計算", 2), ("第3章：結果を読む", 3)]


def test_course_names_the_site_as_its_provider(series_site):
    assert json_ld(series_site, SERIES)["provider"] == {"@type": "Organization", "name": "きそ講座", "url": "https://example.org/course/"}


@pytest.mark.parametrize("rel", [CHAPTER, SERIES, "ja/kiso/chapter-1.html", "ja/kiso/chapter-3.html"])
def test_json_ld_uses_schema_org_terms_within_their_domains_and_ranges(series_site, rel):
    assert vocabulary_errors(json_ld(series_site, rel)) == []


def test_pages_other_than_chapters_and_series_have_no_json_ld(series_site):
    assert [s for s in series_site.tree("index.html").find_all("script") if s.get("type") == "application/ld+json"] == []


def urls_in(node) -> list[str]:
    if isinstance(node, dict):
        return [v for k, v in node.items() if k == "url"] + [u for v in node.values() for u in urls_in(v)]
    return [u for v in node for u in urls_in(v)] if isinstance(node, list) else []


def test_without_base_url_no_urls_are_written(tmp_path):
    site = built_series(tmp_path / "site", base_url="")
    chapter, course = json_ld(site, CHAPTER), json_ld(site, SERIES)
    assert urls_in(chapter) == [] and urls_in(course) == []
    assert chapter["isPartOf"]["name"] == "材料計算きそシリーズ" and course["provider"] == {"@type": "Organization", "name": "きそ講座"}


@pytest.mark.parametrize("meta, level", [({"level": "intermediate-advanced"}, "intermediate-advanced"), ({"difficulty": "中級〜上級"}, "intermediate-advanced"),
                                         ({"level": "初級"}, "beginner"), ({"level": "Introductory"}, "beginner"),
                                         ({"level": "beginner-to-advanced"}, "beginner-advanced"), ({"difficulty": "上級者向け"}, "advanced"),
                                         ({"level": "誰でも"}, ""), ({}, "")])
def test_educational_level_is_the_sites_scale_not_the_authors_words(meta, level):
    assert educational_level(meta) == level


@pytest.mark.parametrize("words, level", [("中級〜上級", "intermediate-advanced"), ("誰でも", None)])
def test_chapter_educational_level_is_mapped_to_the_scale_or_left_out(tmp_path, words, level):
    site = built_series(tmp_path / "site")
    source = site.content / "ja" / "kiso" / "chapter-2.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(re.sub(r"(?m)^(level|difficulty):.*\n", "", text).replace("---\n", f"---\nlevel: {words}\n", 1), encoding="utf-8")
    assert site.build().errors == 0
    assert json_ld(site, CHAPTER).get("educationalLevel") == level


@pytest.mark.parametrize("value, minutes", [("20-25分", 25), ("20〜25分", 25), ("25-30 minutes", 30), ("1時間", 60), ("1.5 hours", 90),
                                            ("1時間30分", 90), ("15", 15), (40, 40), ("すぐ", None), ("", None), (None, None)])
def test_time_required_takes_the_upper_bound_in_minutes(value, minutes):
    assert duration_minutes(value) == minutes


@pytest.mark.parametrize("value, name", [("MLP入門シリーズ v1.0", "MLP入門シリーズ"), ("MI Introduction Series v3.0", "MI Introduction Series"),
                                         ("Series (ver. 2)", "Series"), ("nm-introduction", "nm-introduction"), ("v2", "v2")])
def test_series_name_drops_its_version(value, name):
    assert series_name(value) == name


@pytest.mark.parametrize("text, value", [("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/"),
                                         ("Creative Commons BY-NC-SA 4.0", "https://creativecommons.org/licenses/by-nc-sa/4.0/"),
                                         ("CC0", "https://creativecommons.org/publicdomain/zero/1.0/"),
                                         ("https://example.org/licence", "https://example.org/licence"),
                                         ("社内限定", {"@type": "CreativeWork", "name": "社内限定"})])
def test_licence_is_a_url_or_a_named_work(text, value):
    assert license_value(text) == value


def test_script_text_can_never_close_the_script_element():
    text = script({"@type": "Thing", "name": "</script><b>&"})
    assert "</script><b>" not in text.removesuffix("</script>") and json.loads(text.split("\n")[1])["name"] == "</script><b>&"
