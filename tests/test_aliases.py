"""A chapter's old addresses (front matter aliases:): redirect pages, errors at the alias, progress carried over."""

import json

import pytest

from conftest import Site

RENAMED = '''---
title: "第4章：MLPの実応用"
series_order: 4
aliases: [{aliases}]
---
本文。
'''


def renamed(site: Site, aliases: str, base_url: str = ""):
    from dataclasses import replace

    site.write({
        "ja/mlp/index.md": '---\ntitle: "MLP入門"\n---\n# MLP入門\n',
        "ja/mlp/chapter1-intro.md": '---\ntitle: "第1章：はじめに"\nseries_order: 1\n---\n本文。\n',
        "ja/mlp/chapter4-applications.md": RENAMED.format(aliases=aliases),
    })
    site.config = replace(site.config, base_url=base_url)
    return site.build()


def test_an_old_address_gets_a_page_that_sends_the_reader_on_without_a_script(site):
    result = renamed(site, '"chapter4-real-world.md", "/ja/old-mlp/"', base_url="https://example.org/course/")
    assert result.errors == 0, result.diagnostics
    for old, link in (("ja/mlp/chapter4-real-world.html", "chapter4-applications.html"),
                      ("ja/old-mlp/index.html", "../mlp/chapter4-applications.html")):
        tree = site.tree(old)
        assert tree.find("meta", **{"http-equiv": "refresh"}).get("content") == f"0; url={link}"
        assert tree.find("link", rel="canonical").get("href") == "https://example.org/course/ja/mlp/chapter4-applications.html"
        assert tree.find("meta", name="robots").get("content") == "noindex"
        assert tree.find("main").find("a").get("href") == link
        assert tree.find_all("script") == []
    sitemap = (site.output / "sitemap.xml").read_text(encoding="utf-8")
    assert "chapter4-applications.html" in sitemap and "real-world" not in sitemap and "old-mlp" not in sitemap


def test_an_alias_a_real_page_still_has_is_an_error_at_its_place_and_the_page_stays(site):
    result = renamed(site, '"chapter1-intro.md"')
    found = [(d.path, d.line, d.col, d.level, d.code) for d in result.diagnostics if d.code == "output-collision"]
    assert found == [("ja/mlp/chapter4-applications.md", 4, 12, "error", "output-collision")]
    assert "第1章：はじめに" in site.html("ja/mlp/chapter1-intro.html")


@pytest.mark.parametrize("alias", ["/404.html", "/index.html", "chapter4-applications.md"])
def test_an_alias_over_a_page_manabi_makes_or_the_page_itself_is_an_error(site, alias):
    result = renamed(site, f'"{alias}"')
    assert [(d.line, d.code) for d in result.diagnostics if d.level == "error"] == [(4, "output-collision")]


@pytest.mark.parametrize("alias", ["../../../outside.md", "picture.png", "old.md#part", "https://example.org/old.html"])
def test_an_alias_that_names_no_page_of_the_site_is_an_error_at_its_place(site, alias):
    result = renamed(site, f'"{alias}"')
    assert [(d.line, d.col, d.code) for d in result.diagnostics if d.level == "error"] == [(4, 11, "alias-invalid")]


def test_two_chapters_claiming_one_old_address_leave_it_to_the_first(site):
    site.write({"ja/mlp/chapter5-more.md": '---\ntitle: "第5章"\nseries_order: 5\naliases: ["chapter4-real-world.md"]\n---\n本文。\n'})
    result = renamed(site, '"chapter4-real-world.md"')
    assert [(d.path, d.code) for d in result.diagnostics if d.level == "error"] == [("ja/mlp/chapter5-more.md", "output-collision")]
    assert "chapter4-applications.html" in site.html("ja/mlp/chapter4-real-world.html")


def test_the_pages_that_count_progress_name_the_old_addresses(site):
    renamed(site, '"chapter4-real-world.md"')
    old = "ja/mlp/chapter4-real-world.html"
    assert site.tree("ja/mlp/chapter4-applications.html").find("div", class_="chapter-progress").get("data-aliases") == old
    card = [s for s in site.tree("ja/mlp/index.html").find_all("span", class_="progress-chapter")
            if s.get("data-progress-page") == "ja/mlp/chapter4-applications.html"][0]
    assert card.get("data-aliases") == old
    series = site.tree("index.html").find("span", class_="progress-series")
    assert json.loads(series.get("data-aliases")) == {"ja/mlp/chapter4-applications.html": [old]}


def test_a_rebuild_writes_a_new_alias_and_removes_a_dropped_one(site):
    renamed(site, '"chapter4-real-world.md"')
    chapter = site.content / "ja/mlp/chapter4-applications.md"
    chapter.write_text(RENAMED.format(aliases='"chapter4-old.md"'), encoding="utf-8")
    assert site.build().errors == 0
    assert (site.output / "ja/mlp/chapter4-old.html").exists()
    assert not (site.output / "ja/mlp/chapter4-real-world.html").exists()


def test_an_alias_that_is_another_chapters_address_never_carries_that_chapters_progress(site):
    renamed(site, '"chapter1-intro.md", "chapter4-real-world.md"')
    chapter4 = site.tree("ja/mlp/chapter4-applications.html").find("div", class_="chapter-progress")
    assert chapter4.get("data-aliases") == "ja/mlp/chapter4-real-world.html"
    cards = {s.get("data-progress-page"): s.get("data-aliases") for s in site.tree("ja/mlp/index.html").find_all("span", class_="progress-chapter")}
    assert cards == {"ja/mlp/chapter1-intro.html": None, "ja/mlp/chapter4-applications.html": "ja/mlp/chapter4-real-world.html"}
