"""A landing page always has one level-one heading: its title, unless the author's text gives its own.

A series' index.md with a front matter title and prose but no `# heading` published a page whose
title was only in the breadcrumbs (axe: page-has-heading-one)."""

from conftest import Site

CHAPTER = "---\ntitle: 第1章：はじめに\n---\n本文。\n"


def h1_texts(site: Site, rel: str) -> list[str]:
    return [h.text().rstrip("#").strip() for h in site.tree(rel).find_all("h1")]


def test_a_series_page_whose_text_has_no_heading_shows_its_title_as_the_heading(site):
    site.write({"ja/s/index.md": "---\ntitle: 並べ替えの考え方\n---\n三つの章で学びます。\n", "ja/s/chapter1.md": CHAPTER}).build()
    assert h1_texts(site, "ja/s/index.html") == ["並べ替えの考え方"]


def test_a_series_page_with_a_heading_of_its_own_keeps_only_that_one(site):
    site.write({"ja/s/index.md": "---\ntitle: 並べ替え\n---\n# 並べ替えの考え方\n\n三つの章で学びます。\n", "ja/s/chapter1.md": CHAPTER}).build()
    assert h1_texts(site, "ja/s/index.html") == ["並べ替えの考え方"]


def test_a_home_page_whose_text_has_no_heading_shows_the_site_title(site):
    site.config = site.config.__class__(root=site.root, search=False, title="トライアル講座")
    site.write({"index.md": "---\ntitle: ホーム\n---\nようこそ。\n", "ja/s/chapter1.md": CHAPTER}).build()
    assert h1_texts(site, "index.html") == ["トライアル講座"]
