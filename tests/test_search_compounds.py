"""Japanese search in a real Chromium over real Pagefind bundles: a compound typed as one word finds
only pages that hold it (not pages that hold its parts apart), and a Latin word next to Japanese
punctuation or kana is found like any other."""

from __future__ import annotations

import pytest
from conftest import SEARCH_CHAPTER, StaticServer
from test_search_results import _site, pagefind, searched  # noqa: F401  (pagefind: a fixture)

pytestmark = pytest.mark.browser

# Each compound: a page that holds it, and a page that holds every part of it, apart.
COMPOUNDS = {
    "機械学習": ("機械学習の基礎を学ぶ。", "機械を組み立てる。別の日に学習する。"),
    "強化学習": ("強化学習で方策を改善する。", "骨を強化する。学習は続く。"),
    "密度汎関数理論": ("密度汎関数理論で電子状態を計算する。", "密度を測る。汎関数を定義する。理論を立てる。"),
    "結晶構造": ("結晶構造を解析する。", "結晶を育てる。建物の構造を見る。"),
    "転移学習": ("転移学習で少ないデータから学ぶ。", "がんの転移を調べる。学習を始める。"),
    "ニューラルネットワーク": ("ニューラルネットワークを訓練する。", "ニューラルな信号を測る。ネットワークを組む。"),
}
# A Latin word where Japanese text touches it: after 、, inside brackets before a kanji, before kana.
LATIN_BESIDE_JAPANESE = ["実装には、PyTorchを使う。", "例題（PyTorch版）を示す。", "PyTorchで書いた。", "学ぶ「PyTorch」入門。"]


def chapters() -> dict[str, str]:
    files = {}
    for n, (whole, parts) in enumerate(COMPOUNDS.values()):
        files[f"ja/c{n}/chapter1.md"] = SEARCH_CHAPTER.format(title=f"全体{n}", n=1, body=whole)
        files[f"ja/c{n}/chapter2.md"] = SEARCH_CHAPTER.format(title=f"部分{n}", n=2, body=parts)
    for n, text in enumerate(LATIN_BESIDE_JAPANESE):
        files[f"ja/p{n}/chapter1.md"] = SEARCH_CHAPTER.format(title=f"例{n}", n=1, body=text)
    return files


@pytest.fixture
def japanese_site(site, pagefind):  # noqa: F811
    _site(site, chapters())
    with StaticServer(site.output) as server:
        yield server


def test_a_compound_typed_as_one_word_finds_only_the_pages_that_hold_it(japanese_site, page):
    page.goto(japanese_site.url + "ja/c0/chapter1.html")
    found = {compound: searched(page, compound) for compound in COMPOUNDS}
    assert found == {compound: [f"/ja/c{n}/chapter1.html"] for n, compound in enumerate(COMPOUNDS)}


def test_words_typed_apart_still_find_the_pages_that_hold_them_apart(japanese_site, page):
    page.goto(japanese_site.url + "ja/c0/chapter1.html")
    assert sorted(searched(page, "機械 学習")) == ["/ja/c0/chapter1.html", "/ja/c0/chapter2.html"]


def test_a_latin_word_beside_japanese_punctuation_or_kana_is_found(japanese_site, page):
    page.goto(japanese_site.url + "ja/c0/chapter1.html")
    assert sorted(searched(page, "PyTorch")) == [f"/ja/p{n}/chapter1.html" for n in range(len(LATIN_BESIDE_JAPANESE))]
