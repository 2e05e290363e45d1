"""Atom feeds per language, and the tags for sharing (OpenGraph, Twitter cards) in every page's head."""

import xml.etree.ElementTree as ET

import pytest
from progress_site import CHAPTER, SERIES, built_series

from manabi_ssg.outputs.feeds import timestamp

A = "{http://www.w3.org/2005/Atom}"
RFC3339 = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"


def atom_errors(root: ET.Element) -> list[str]:
    """What RFC 4287 requires: feed id/title/updated, an author on the feed or every entry, entries with id/title/updated/link."""
    import re

    errors = []
    if root.tag != A + "feed":
        return [f"root is {root.tag}"]
    for name in ("id", "title", "updated"):
        if len(root.findall(A + name)) != 1:
            errors.append(f"feed needs exactly one {name}")
    entries = root.findall(A + "entry")
    if root.find(A + "author") is None and any(e.find(A + "author") is None for e in entries):
        errors.append("an entry without author in a feed without author")
    for stamp in root.iter(A + "updated"):
        if not re.fullmatch(RFC3339, stamp.text or ""):
            errors.append(f"updated {stamp.text!r} is not RFC 3339")
    ids = [e.findtext(A + "id") for e in entries]
    if len(set(ids)) != len(ids):
        errors.append("entry ids repeat")
    for entry in entries:
        for name in ("id", "title", "updated"):
            if len(entry.findall(A + name)) != 1:
                errors.append(f"entry needs exactly one {name}")
        if not [link for link in entry.findall(A + "link") if link.get("rel", "alternate") == "alternate"]:
            errors.append("entry without an alternate link")
    return errors


def test_atom_check_can_fail():
    assert atom_errors(ET.fromstring('<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><updated>2025-01-01</updated><entry/></feed>')) == [
        "feed needs exactly one id", "an entry without author in a feed without author", "updated '2025-01-01' is not RFC 3339",
        "entry needs exactly one id", "entry needs exactly one title", "entry needs exactly one updated", "entry without an alternate link"]


@pytest.fixture(scope="module")
def two_languages(tmp_path_factory):
    site = built_series(tmp_path_factory.mktemp("feeds") / "site")
    site.write({"en/basics/chapter-1.md": """
        ---
        title: "Chapter 1: Getting ready"
        subtitle: "Tools <first> & foremost"
        created_at: "2025-08-01"
        ---
        Text.
        """, "en/basics/chapter-2.md": "# Undated chapter\n\nText.\n"})
    assert site.build().errors == 0
    return site


def feed(site, rel):
    return ET.fromstring((site.output / rel).read_bytes())


def test_one_valid_atom_feed_per_language(two_languages):
    for rel, lang in (("feed.xml", "ja"), ("feed-en.xml", "en")):
        root = feed(two_languages, rel)
        assert atom_errors(root) == [] and root.get("{http://www.w3.org/XML/1998/namespace}lang") == lang


def test_entries_newest_first_by_updated_then_created(two_languages):
    root = feed(two_languages, "feed.xml")
    entries = root.findall(A + "entry")
    assert [e.findtext(A + "title") for e in entries] == ["第2章：最初の計算", "第3章：結果を読む", "第1章：計算の準備"]
    assert [e.findtext(A + "updated") for e in entries] == ["2025-10-05T00:00:00Z", "2025-09-03T00:00:00Z", "2025-09-01T00:00:00Z"]
    assert entries[0].findtext(A + "published") == "2025-09-02T00:00:00Z"
    assert root.findtext(A + "updated") == "2025-10-05T00:00:00Z"
    assert entries[0].find(A + "link").get("href") == "https://example.org/course/" + CHAPTER
    assert entries[0].findtext(A + "id") == "https://example.org/course/" + CHAPTER
    assert [a.findtext(A + "name") for a in entries[0].findall(A + "author")] == ["Dr. Hanako Kiso", "Kiso Materials Team"]


def test_undated_chapter_is_left_out_and_text_is_escaped(two_languages):
    root = feed(two_languages, "feed-en.xml")
    assert [e.findtext(A + "title") for e in root.findall(A + "entry")] == ["Chapter 1: Getting ready"]
    assert root.find(A + "entry").findtext(A + "summary") == "Tools <first> & foremost"


@pytest.mark.parametrize("rel, feed_href", [("index.html", "https://example.org/course/feed.xml"), (CHAPTER, "https://example.org/course/feed.xml"),
                                            ("en/basics/chapter-1.html", "https://example.org/course/feed-en.xml"), ("404.html", "https://example.org/course/feed.xml")])
def test_every_page_head_links_its_languages_feed(two_languages, rel, feed_href):
    links = [link for link in two_languages.tree(rel).find("head").find_all("link") if link.get("type") == "application/atom+xml"]
    assert [(link.get("rel"), link.get("href")) for link in links] == [("alternate", feed_href)]


def test_without_base_url_no_feed_and_no_feed_link(tmp_path):
    site = built_series(tmp_path / "site", base_url="")
    assert not (site.output / "feed.xml").exists()
    assert [link for link in site.tree(CHAPTER).find("head").find_all("link") if link.get("type") == "application/atom+xml"] == []


@pytest.mark.parametrize("value, stamp", [("2025-10-17", "2025-10-17T00:00:00Z"), ("2025-10-17 09:30", "2025-10-17T09:30:00Z"), ("October", ""), (None, "")])
def test_timestamp_from_front_matter(value, stamp):
    assert timestamp(value) == stamp


def meta(tree, key):
    found = [m.get("content") for m in tree.find("head").find_all("meta") if m.get("property") == key or m.get("name") == key]
    return found


def test_chapter_has_opengraph_and_twitter_card_tags(two_languages):
    tree = two_languages.tree(CHAPTER)
    assert meta(tree, "og:type") == ["article"] and meta(tree, "og:locale") == ["ja_JP"]
    assert meta(tree, "og:title") == ["第2章：最初の計算"] == meta(tree, "twitter:title")
    assert meta(tree, "og:description") == ["小さな結晶のエネルギーを求める"] == meta(tree, "twitter:description")
    assert meta(tree, "og:url") == ["https://example.org/course/" + CHAPTER]
    assert meta(tree, "twitter:card") == ["summary"] and meta(tree, "og:site_name") == ["きそ講座"]
    assert meta(tree, "article:modified_time") == ["2025-10-05"]


def test_english_page_locale_and_series_page_type(two_languages):
    assert meta(two_languages.tree("en/basics/chapter-1.html"), "og:locale") == ["en_US"]
    assert meta(two_languages.tree(SERIES), "og:type") == ["website"]


def test_no_base_url_no_og_url(tmp_path):
    site = built_series(tmp_path / "site", base_url="")
    assert meta(site.tree(CHAPTER), "og:url") == []
