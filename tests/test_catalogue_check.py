"""A site's message catalogues are content: each mistake is an error at its line, never a crash (exit 70)."""

import os
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from manabi_ssg import cli
from manabi_ssg.guards.catalogue_check import fill

A = "{http://www.w3.org/2005/Atom}"
PAGE = {"ja/s/chapter-1.md": '---\ntitle: 第1章\ncreated_at: "2025-01-01"\n---\n本文\n'}


def built(site, catalogue: str, name: str = "ja.toml"):
    site.config = replace(site.config, base_url="https://example.org/")
    site.write(PAGE)
    (site.root / "messages").mkdir(exist_ok=True)
    (site.root / "messages" / name).write_text(catalogue, encoding="utf-8")
    return site.build()


def problems(result) -> list[tuple[str, int, str, str]]:
    return [(d.path.rsplit("/", 2)[-2] + "/" + d.path.rsplit("/", 1)[-1], d.line, d.level, d.code)
            for d in result.diagnostics if d.code.startswith("catalogue-")]


@pytest.mark.parametrize("text, words", [
    ('feed_title = "{site"\n', "expected '}'"),
    ('feed_title = "{nope}"\n', "no {nope}"),
    ('feed_title = "{site.__class__}"\n', "plain names"),
    ('feed_title = "{site:>999999999}"\n', "plain names"),
    ('feed_title = "{site!r}"\n', "plain names"),
    ('feed_title = 3\n', "text in quotes"),
    ('feed_title = ["a"]\n', "text in quotes"),
])
def test_a_text_that_cannot_be_filled_is_an_error_at_its_line_and_the_theme_text_is_used(site, text, words):
    result = built(site, "language_name = \"日本語\"\n" + text)
    [(where, line, level, code)] = problems(result)
    assert (where, line, level, code) == ("messages/ja.toml", 2, "error", "catalogue-value")
    assert words in next(d.message for d in result.diagnostics if d.code == code)
    feed = ET.fromstring((site.output / "feed.xml").read_bytes())
    assert feed.findtext(A + "title").endswith("新しい章・更新された章")  # the theme's feed_title


def test_a_plural_form_is_found_under_its_table(site):
    result = built(site, 'x = "a"\n\n[chapter_count]\nother = "{n}章"\none = "{count}"\n')
    assert problems(result) == [("messages/ja.toml", 5, "error", "catalogue-value")]


def test_a_catalogue_that_is_not_toml_is_an_error_at_its_place_not_silence(site):
    result = built(site, 'language_name = "日本語"\nfeed_title = \n')
    [(where, line, level, code)] = problems(result)
    assert (where, line, level, code) == ("messages/ja.toml", 2, "error", "catalogue-invalid")


def test_a_new_language_missing_texts_is_warned_once(site):
    result = built(site, 'language_name = "Français"\n', name="fr.toml")
    [(where, line, level, code)] = problems(result)
    assert (where, level, code) == ("messages/fr.toml", "warning", "catalogue-missing")


def test_the_command_exits_1_with_the_catalogue_line_not_70(site, capsys, monkeypatch):
    site.write(PAGE)
    (site.root / "messages").mkdir()
    (site.root / "messages" / "en.toml").write_text('feed_title = "{site"\n', encoding="utf-8")
    (site.root / "manabi.toml").write_text('base_url = "https://example.org/"\n', encoding="utf-8")
    monkeypatch.chdir(site.root)
    assert cli.main(["build", "-q", "--no-cache"]) == 1
    assert "messages/en.toml:1:1: error: 'feed_title':" in capsys.readouterr().err


@settings(max_examples=300, deadline=None, derandomize=True)
@given(text=st.text(alphabet=st.sampled_from("{}!:.[]0an s"), max_size=20))
def test_fill_never_raises_and_fills_only_plain_names(text):
    result = fill(text, {"n": 3, "site": "S"})
    assert isinstance(result, str)
    assert fill("{n} of {site}", {"n": 3, "site": "S"}) == "3 of S"


def test_a_catalogue_linked_from_outside_its_folder_is_never_read(site, tmp_path):
    site.write(PAGE)
    (site.root / "messages").mkdir()
    (tmp_path / "outside.toml").write_text('feed_title = "{nope}"\n', encoding="utf-8")
    (site.root / "messages" / "en.toml").symlink_to(tmp_path / "outside.toml")
    result = site.build()
    assert [d.code for d in result.diagnostics if d.path.startswith(str(site.root / "messages"))] == ["symlink-outside"]


def test_a_catalogue_that_is_a_fifo_is_never_read(site):
    # without the check, reading it waits for a writer forever (this test then hangs rather than fails)
    site.write(PAGE)
    (site.root / "messages").mkdir()
    os.mkfifo(site.root / "messages" / "ja.toml")
    result = site.build()
    assert [d.code for d in result.diagnostics if d.path.startswith(str(site.root / "messages"))] == ["special-file"]
