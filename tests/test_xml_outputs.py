"""Feeds and the sitemap stay well-formed XML whatever text reaches them.

XML 1.0 forbids most control characters, lone surrogates, U+FFFE and U+FFFF.
One of them in a title made ``feed.xml`` ill-formed, and a feed reader then
rejects every chapter in it; they are dropped with a warning where they enter.
"""

import xml.etree.ElementTree as ET
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from manabi_ssg.guards.characters import FORBIDDEN

A = "{http://www.w3.org/2005/Atom}"


def yaml_quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar, every character but plain ASCII written as an escape."""
    return '"' + "".join(c if c.isascii() and c.isalnum() or c == " " else f"\\U{ord(c):08x}" for c in text) + '"'


def test_a_control_character_in_a_title_is_dropped_with_a_warning_at_its_line(site):
    site.config = replace(site.config, base_url="https://example.org/")
    site.write({"ja/s/chapter-1.md": '---\ntitle: "Bad\\x01 title"\ncreated_at: "2025-01-01"\n---\nText.\n'})
    result = site.build()
    [warning] = [d for d in result.diagnostics if d.code == "frontmatter-character"]
    assert (warning.path, warning.line, warning.level) == ("ja/s/chapter-1.md", 2, "warning") and "U+0001" in warning.message
    feed = ET.fromstring((site.output / "feed.xml").read_bytes())
    assert [entry.findtext(A + "title") for entry in feed.iter(A + "entry")] == ["Bad title"]


def test_a_control_character_in_the_body_is_dropped_with_a_warning_at_its_place(site):
    site.config = replace(site.config, base_url="https://example.org/")
    site.write({"ja/s/chapter-1.md": '---\ncreated_at: "2025-01-01"\n---\n# Head\x1bing\n\nText\x0c.\n'})
    result = site.build()
    [warning] = [d for d in result.diagnostics if d.code == "control-character"]
    assert (warning.line, warning.col) == (4, 7) and "U+001B" in warning.message
    feed = ET.fromstring((site.output / "feed.xml").read_bytes())
    assert [entry.findtext(A + "title") for entry in feed.iter(A + "entry")] == ["Heading"]
    assert "\x0c" not in site.html("ja/s/chapter-1.html")


def test_a_lone_surrogate_in_front_matter_is_dropped_with_a_warning_not_a_crash(site):
    site.write({"ja/s/chapter-1.md": '---\ntitle: "\\ud800"\nsubtitle: "\\ud83d\\ude00 pair"\n---\nText.\n'})
    result = site.build()
    assert [(d.line, d.code) for d in result.diagnostics] == [(2, "frontmatter-character")]
    assert "\U0001f600 pair" in site.html("ja/s/chapter-1.html")


hostile_text = st.text(st.characters(blacklist_categories=()), min_size=1, max_size=12)


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(title=hostile_text, topic=hostile_text, author=hostile_text, description=hostile_text, site_title=hostile_text)
def test_feeds_and_sitemap_are_well_formed_whatever_the_text(tmp_path_factory, title, topic, author, description, site_title):
    from conftest import Site

    site = Site(tmp_path_factory.mktemp("xml") / "site")
    site.config = replace(site.config, base_url="https://example.org/", title=site_title)
    site.write({
        "ja/s/chapter-1.md": f"---\ntitle: {yaml_quoted(title)}\ntopics: [{yaml_quoted(topic)}]\nauthor: {yaml_quoted(author)}\n"
                             f"description: {yaml_quoted(description)}\ncreated_at: \"2025-01-01\"\n---\nText.\n",
        "ja/s/chapter-2.md": f"---\ncreated_at: \"2025-01-02\"\n---\n# {title.replace(chr(10), ' ')}\n\nText.\n",
    })
    result = site.build()
    for name in ("feed.xml", "sitemap.xml"):
        ET.fromstring((site.output / name).read_bytes())  # raises on ill-formed XML
    if FORBIDDEN.search(title + topic + author + description):
        assert any(d.code == "frontmatter-character" and d.path == "ja/s/chapter-1.md" and d.line >= 2 for d in result.diagnostics)


def test_a_control_character_in_a_setting_is_dropped_with_a_warning_at_its_line(tmp_path, monkeypatch):
    from manabi_ssg.site.config import load_config

    (tmp_path / "manabi.toml").write_text('base_url = "https://example.org/"\ntitle = "Course\\u0001 one"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    config, problems = load_config(tmp_path, tmp_path / "manabi.toml")
    assert [(d.path, d.line, d.level, d.code) for d in problems] == [("manabi.toml", 2, "warning", "config-character")]
    assert config.title == "Course one"
