"""The head of every page kind: a meta description, from the author's words when there are some."""

from dataclasses import replace

import pytest

FILES = {
    "index.md": "---\ntitle: 試験サイト\n---\n試験のサイトです。\n",
    "ja/s/index.md": "---\ntitle: 試験シリーズ\ndescription: シリーズの説明\n---\n本文\n",
    "ja/s/chapter1.md": (
        "---\ntitle: 第1章\nsubtitle: 章の副題\nseries_order: 1\ntopics: [統計]\n---\n"
        "## 演習問題\n\n### 問題1（難易度：easy）\n\n平均は？\n\n"
        "<details>\n<summary>解答例</summary>\n\n合計を件数で割る。\n\n</details>\n\n"
        "## 2.1 ケーススタディ1：試験の事例\n\n**研究グループ**: 試験研究室\n\n本文\n"
    ),
}


@pytest.fixture
def built(site):
    site.config = replace(site.config, title="試験", description="サイト全体の説明")
    site.write(FILES)
    assert site.build().errors == 0
    return site


def description(site, rel: str) -> str | None:
    meta = site.tree(rel).find("meta", name="description")
    return meta.get("content") if meta is not None else None


@pytest.mark.parametrize("rel, expected", [
    ("ja/s/index.html", "シリーズの説明"),  # front matter description
    ("ja/s/chapter1.html", "章の副題"),  # the subtitle when there is no description
    ("index.html", "サイト全体の説明"),  # the home page without its own: the site's, from manabi.toml
    ("exercises.html", "試験の演習問題の一覧です。シリーズと章ごとに、ヒントと解答つきで並べています。"),
    ("case-studies.html", "試験のケーススタディの一覧です。シリーズと章ごとに並べています。"),
    ("topics/index.html", "試験の章が扱うトピックの一覧です。"),
])
def test_every_page_kind_has_a_meta_description(built, rel, expected):
    assert description(built, rel) == expected


def test_a_topic_page_names_its_topic_in_its_description(built):
    topic_pages = [p for p in (built.output / "topics").rglob("*.html") if p.name != "index.html"]
    assert len(topic_pages) == 1
    assert description(built, str(topic_pages[0].relative_to(built.output))) == "試験の章のうち、「統計」を扱うものの一覧です。"


def test_home_page_without_any_description_gets_one_from_the_catalogue(site):
    site.config = replace(site.config, title="試験")
    site.write(FILES)
    assert site.build().errors == 0
    assert description(site, "index.html") == "試験：演習問題、ケーススタディ、参考文献つきの章のシリーズで学べるサイトです。"


def test_home_page_front_matter_description_wins_over_the_site_setting(site):
    site.config = replace(site.config, description="サイト全体の説明")
    site.write({**FILES, "index.md": "---\ntitle: 試験サイト\ndescription: ホームの説明\n---\n本文\n"})
    assert site.build().errors == 0
    assert description(site, "index.html") == "ホームの説明"
