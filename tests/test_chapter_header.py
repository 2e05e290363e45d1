"""The chapter header: objectives, level badge, time, audience, topic links, prerequisite links."""

import pytest

from manabi_ssg.site.config import Config
from manabi_ssg.pipeline.index import build_index
from manabi_ssg.pipeline.listings import prerequisite_diagnostics
from manabi_ssg.model import CHAPTER, Page, PageSummary, Section
from manabi_ssg.pipeline.prerequisites import chapter_number, resolve_prerequisite

CHAPTERS = {
    "ja/s/index.md": "---\ntitle: シリーズ\n---\n紹介\n",
    "ja/s/chapter1-intro.md": "---\ntitle: \"第1章：はじめに\"\n---\n本文\n",
    "ja/s/chapter2-basics.md": "---\ntitle: \"第2章：基礎\"\n---\n本文\n",
    "ja/s/chapter4-real.md": """---
title: "第4章：応用"
level: "intermediate-advanced"
difficulty: "中級〜上級"
target_audience: "graduate, researcher"
estimated_time: "20-25分"
learning_objectives:
  - 目標その一
  - 目標その二
topics: ["case-study", "materials-discovery"]
prerequisites: ["第1章", "基礎", "Chapter 3", "第2章：基礎", "材料科学の知識"]
series_order: 4
---
本文
""",
}


@pytest.fixture
def built(site):
    site.write(CHAPTERS)
    site.build()
    return site


def test_objectives_badge_time_audience(built):
    header = built.tree("ja/s/chapter4-real.html").find("header", class_="chapter-header")
    assert [li.text() for li in header.find("section", class_="learning-objectives").find_all("li")] == ["目標その一", "目標その二"]
    badge = header.find("span", class_="level-badge")
    assert badge.get("data-level") == "intermediate advanced" and "中級" in badge.text() and "上級" in badge.text()
    assert header.find("div", class_="fact-time").find("dd").text() == "20-25分"
    assert header.find("div", class_="fact-audience").find("dd").text() == "graduate, researcher"


def test_objectives_shown_once_when_the_body_has_its_own_section(site):
    site.write({"ja/s/chapter.md": "---\ntitle: 章\nlearning_objectives: [目標A]\n---\n## 学習目標\n\n- 本文の目標\n\n## 本論\n\n本文\n"})
    site.build()
    tree = site.tree("ja/s/chapter.html")
    assert tree.find("section", class_="learning-objectives") is None
    named = [h for h in tree.find_all("h2") if h.text().replace("#", "").strip() == "学習目標"]
    assert len(named) == 1


def test_topics_link_to_topic_pages(built):
    header = built.tree("ja/s/chapter4-real.html").find("header", class_="chapter-header")
    links = header.find("div", class_="topics").find_all("a", class_="topic-link")
    assert [a.text() for a in links] == ["case-study", "materials-discovery"]
    for a in links:
        target = (built.output / "ja/s" / a.get("href")).resolve()
        assert target.is_file()


def test_prerequisites_link_to_named_chapters_or_stay_text(built):
    items = built.tree("ja/s/chapter4-real.html").find("div", class_="prerequisites").find_all("li")
    got = [(li.text(), li.find("a").get("href") if li.find("a") else None) for li in items]
    assert got == [
        ("第1章", "chapter1-intro.html"),        # by file-name number
        ("基礎", "chapter2-basics.html"),        # by title without its 第N章 prefix
        ("Chapter 3", None),                    # no chapter 3 in this series
        ("第2章：基礎", "chapter2-basics.html"),  # number with the title
        ("材料科学の知識", None),
    ]
    assert built.tree("ja/s/chapter4-real.html").find("div", class_="prerequisites").find("span", class_="prerequisite-text").text() == "Chapter 3"


def summary(path: str, title: str, order: tuple) -> PageSummary:
    return PageSummary(path=path, url=path.replace(".md", ".html"), kind=CHAPTER, lang="en", title=title, subtitle="",
                       difficulty="", level="", time="", description="", order=order, topics=(), series="")


def test_series_order_wins_over_file_name():
    a = summary("en/s/chapter-9.md", "Intro", (0, 1, ()))
    b = summary("en/s/part-b.md", "Basics", (1, 0, ()))
    c = summary("en/s/chapter-2-more.md", "More", (1, 0, ()))
    section = Section(folder="en/s", title="S", lang="en", index_url="en/s/index.html", chapters=(a, b, c), subsections=())
    assert [chapter_number(x) for x in (a, b, c)] == [1, None, 2]
    assert resolve_prerequisite("Chapter 1", section) is a
    assert resolve_prerequisite("chapter 2: More", section) is c
    assert resolve_prerequisite("Basics", section) is b
    assert resolve_prerequisite("Chapter 9", section) is None
    assert resolve_prerequisite("Python", section) is None
    assert resolve_prerequisite("Chapter 1", None) is None


def test_unresolved_prerequisites_are_info_diagnostics(tmp_path):
    def page(path, meta):
        return Page(path=path, url=path.replace(".md", ".html"), kind=CHAPTER, lang="ja", meta=meta, title=meta.get("title", path),
                    body_html="", toc=[], order=(0, meta.get("series_order", 0), ()), digest="x")
    pages = [page("ja/s/c1.md", {"title": "第1章：A", "series_order": 1}),
             page("ja/s/c2.md", {"title": "第2章：B", "series_order": 2, "prerequisites": ["第1章", "線形代数"]})]
    index = build_index(pages, Config(root=tmp_path))
    found = prerequisite_diagnostics(pages, index)
    assert [(d.path, d.level, d.code) for d in found] == [("ja/s/c2.md", "info", "prerequisite-unresolved")]
    assert "線形代数" in found[0].message
