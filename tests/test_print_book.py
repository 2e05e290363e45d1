"""A whole series on one page to print: <series>/print.html (outputs/print_book.py, templates/print.html).

The series here is written in the test, shaped like the seed chapter: front matter with objectives
and prerequisites, a case study, citations and a reference list, math, code, a table, a diagram,
exercises with hints and answers, and chapters that link to each other.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from dataclasses import replace
from urllib.parse import unquote

import pytest
from conftest import StaticServer

from manabi_ssg.messages import catalogue
from manabi_ssg.outputs.print_book import chapter_in_book, mark_printed_urls

SERIES_TITLE = "印刷試験シリーズ"
TITLES = ["第1章：ポテンシャルの基礎", "第2章：学習データの作り方", "第3章：分子動力学への応用"]
EXERCISES = 2  # per chapter, each with a hint and an answer
PARAGRAPH = ("機械学習ポテンシャルは、第一原理計算に近い精度を保ちながら、はるかに長い時間と大きな系の"
             "分子シミュレーションを可能にする手法です。学習データの質と量が精度を決めます。")


def answer_mark(chapter: int, exercise: int) -> str:
    return f"ANSWER-{chapter}-{exercise}"


def chapter(n: int) -> str:
    """A chapter of about four printed pages, with every component the seed chapter has."""
    paragraphs = "\n\n".join(f"{PARAGRAPH * 3}[{1 + k % 2}]" for k in range(6))
    diagram = "```mermaid\ngraph TD\n  A[入力層] --> B[隠れ層]\n  B --> C[出力層]\n```\n" if n == 2 else ""
    following = f"次は[第{n + 1}章の演習](chapter{n + 1}.md#演習問題)です。" if n < 3 else "これで最後の章です。"
    prerequisites = f'prerequisites: ["第{n - 1}章"]\n' if n > 1 else ""
    exercises = "\n".join(f"""
### 問題{k}（難易度：{"easy" if k == 1 else "medium"}）

第{n}章の問題{k}：エネルギーと力の誤差を比べて説明してください。

<details>
<summary>ヒント</summary>

力はエネルギーの勾配です。

</details>

<details>
<summary>解答例</summary>

{answer_mark(n, k)}：力の誤差はエネルギーの誤差より大きくなりやすい。

</details>
""" for k in range(1, EXERCISES + 1))
    return f"""---
title: "{TITLES[n - 1]}"
subtitle: "第{n}章の副題"
series: "{SERIES_TITLE}"
series_order: {n}
level: intermediate
estimated_time: "20分"
learning_objectives:
  - 第{n}章の考え方を説明できる
topics: ["print-test"]
{prerequisites}---

# {TITLES[n - 1]}

## 学習目標

この章では第{n}章の内容を学びます[1]。

## {n}.1 ケーススタディ1：第{n}章の事例

**研究グループ**: 試験大学
**論文**: Tanaka et al., *Journal of Tests* (2024)[2]

{paragraphs}

エネルギーは $E = \\sum_i \\varepsilon_i$ と書けます。

$$
\\mathcal{{L}} = \\frac{{1}}{{N}} \\sum_{{i=1}}^{{N}} \\left( y_i - \\hat{{y}}_i \\right)^2
$$

```python
def energy(positions, model):
    \"\"\"第{n}章のエネルギー\"\"\"
    total = 0.0
    for atom in positions:
        total += model(atom)
    return total
```

| 手法 | 誤差 (meV/atom) | 速度 |
|---|---|---|
| DFT | 0 | 遅い |
| MLP | 8 | 速い |

{diagram}
詳しくは [MLPの解説](https://example.org/mlp/{n}) を、同じ解説は[こちら](https://example.org/mlp/{n})にもあります。
{following}

## {n}.2 まとめ

{paragraphs}

## 演習問題
{exercises}
## 参考文献

1. Nitopi, S., et al. (2019). "Progress and perspectives of chapter {n}." *Chemical Reviews*, 119(12), 7610-7672.
2. Tanaka, T., et al. (2024). "Tests of chapter {n}." *Journal of Tests*, 1(1), 1-10. https://doi.org/10.1000/test{n}
"""


SERIES = {
    "ja/print-test/index.md": f"---\ntitle: {SERIES_TITLE}\ndescription: 印刷の試験に使う三章のシリーズ\n---\n"
                              f"# {SERIES_TITLE}\n\n[第1章](chapter1.md)から順に読みます。\n",
    **{f"ja/print-test/chapter{n}.md": chapter(n) for n in (1, 2, 3)},
}
BOOK = "ja/print-test/print.html"


def ids_and_targets(page_html: str) -> tuple[list[str], list[str]]:
    ids = [html.unescape(value) for value in re.findall(r'\sid="([^"]*)"', page_html)]
    targets = [unquote(html.unescape(value)) for value in re.findall(r'\shref="#([^"]+)"', page_html)]
    return ids, targets


@pytest.fixture
def book_site(site):
    site.write(SERIES)
    result = site.build()
    assert result.errors == 0, [d.format() for d in result.diagnostics]
    return site


def test_each_series_gets_a_print_page_linked_from_its_series_page(book_site):
    link = book_site.tree("ja/print-test/index.html").find("p", class_="print-series").find("a")
    assert link.get("href") == "print.html"
    assert (book_site.output / BOOK).exists()
    assert not (book_site.output / "ja/print.html").exists()  # the language root holds no chapters


def test_the_book_holds_a_title_page_a_contents_list_and_every_chapter_in_order(book_site):
    tree = book_site.tree(BOOK)
    assert tree.find("h1", class_="book-title").text().strip() == SERIES_TITLE
    contents = tree.find("nav", class_="book-contents")
    assert [a.text().strip() for a in contents.find_all("a")] == TITLES
    assert [a.get("href") for a in contents.find_all("a")] == ["#c1", "#c2", "#c3"]
    chapters = tree.find_all("article", class_="book-chapter")
    assert [c.get("id") for c in chapters] == ["c1", "c2", "c3"]
    assert [c.find("h1", class_="chapter-title").text().strip() for c in chapters] == TITLES
    # each chapter keeps its header (objectives, prerequisites), math, code, case study, exercises and references
    for chapter_tree in chapters:
        assert chapter_tree.find("header", class_="chapter-header")
        assert chapter_tree.find("math") and chapter_tree.find("pre", class_="highlight")
        assert chapter_tree.find("section", class_="case-study")
        assert len(chapter_tree.find_all("details", class_="answer")) == EXERCISES
        assert len(chapter_tree.find("ol", class_="references").find_all("li")) == 2
    assert chapters[1].find("pre", class_="mermaid")


def test_no_id_is_used_twice_and_every_link_inside_the_book_finds_its_target(book_site):
    page_html = book_site.html(BOOK)
    ids, targets = ids_and_targets(page_html)
    assert [value for value, n in Counter(ids).items() if n > 1] == []
    assert sorted(set(targets) - set(ids)) == []
    assert "c2-ref-1" in ids and "c1-ref-1" in ids  # the chapters' references, one list each


def test_no_two_chapters_sections_are_landmarks_of_one_name(book_site):
    tree = book_site.tree(BOOK)
    sections = [c.find_all("section", class_="exercise") for c in tree.find_all("article", class_="book-chapter")]
    assert all(len(found) == EXERCISES for found in sections)  # each chapter's 問題1, 問題2 ...
    named = [s.get("aria-labelledby") for found in sections for s in found if s.get("aria-labelledby")]
    assert named == []  # ... are not regions named 問題1 three times (axe landmark-unique); their headings stay
    chapter_page = book_site.tree("ja/print-test/chapter1.html").find_all("section", class_="exercise")
    assert all(s.get("aria-labelledby") for s in chapter_page)  # a chapter page keeps its named regions


def test_a_citation_leads_to_the_reference_of_its_own_chapter(book_site):
    tree = book_site.tree(BOOK)
    for number, chapter_tree in enumerate(tree.find_all("article", class_="book-chapter"), start=1):
        citations = chapter_tree.find_all("a", class_="citation")
        assert citations and {a.get("href") for a in citations} <= {f"#c{number}-ref-1", f"#c{number}-ref-2"}


def test_a_link_to_another_chapter_of_the_series_stays_in_the_book(book_site):
    tree = book_site.tree(BOOK)
    first = tree.find_all("article", class_="book-chapter")[0]
    [link] = [a for a in first.find_all("a") if "第2章の演習" in a.text()]
    assert unquote(link.get("href")) == "#c2-演習問題"
    assert "c2-演習問題" in ids_and_targets(book_site.html(BOOK))[0]
    prerequisite = tree.find_all("article", class_="book-chapter")[1].find("a", class_="prerequisite-link")
    assert prerequisite.get("href") == "#c1"
    intro = tree.find("section", class_="book-introduction")
    assert [a.get("href") for a in intro.find_all("a") if a.text() == "第1章"] == ["#c1"]


def test_an_address_is_marked_to_print_once_and_never_after_a_link_that_shows_it(book_site):
    tree = book_site.tree(BOOK)
    marked = [a.get("href") for a in tree.find_all("a") if "data-print-url" in a.attrs]
    assert sorted(marked) == [f"https://example.org/mlp/{n}" for n in (1, 2, 3)]  # two links each: the first one
    shown = [a for a in tree.find_all("a") if (a.get("href") or "").startswith("https://doi.org/")]
    assert shown and all("data-print-url" not in a.attrs for a in shown)  # its text is the address


def test_search_engines_keep_to_the_chapters_not_their_copy_in_the_book(site):
    site.config = replace(site.config, base_url="https://example.org/course/")
    site.write(SERIES)
    assert site.build().errors == 0
    robots = [m.get("content") for m in site.tree(BOOK).find_all("meta") if m.get("name") == "robots"]
    assert robots == ["noindex"]
    assert not [m for m in site.tree("ja/print-test/chapter1.html").find_all("meta") if m.get("name") == "robots"]
    sitemap = site.html("sitemap.xml")
    assert "ja/print-test/chapter1.html" in sitemap and "print.html" not in sitemap


def test_no_print_page_when_the_site_turns_it_off(site):
    site.config = replace(site.config, print_pages=False)
    site.write(SERIES)
    assert site.build().errors == 0
    assert not (site.output / BOOK).exists()
    assert site.tree("ja/print-test/index.html").find("p", class_="print-series") is None


def test_an_edition_without_answers_withholds_them_in_the_book_too(site):
    site.config = replace(site.config, answers="withheld")
    site.write(SERIES)
    assert site.build().errors == 0
    book = site.html(BOOK)
    assert [n for n in (1, 2, 3) for k in range(1, EXERCISES + 1) if answer_mark(n, k) in book] == []
    assert book.count('class="answer-withheld"') == 3 * EXERCISES
    assert "print-answers-end" not in book  # nothing to choose


def test_a_draft_chapter_is_not_in_the_book(site):
    site.write({**SERIES, "ja/print-test/chapter3.md": chapter(3).replace("series_order: 3\n", "series_order: 3\ndraft: true\n")})
    assert site.build().errors == 0
    titles = [h.text().strip() for h in site.tree(BOOK).find_all("h1", class_="chapter-title")]
    assert titles == TITLES[:2]


def test_a_content_file_at_the_print_pages_path_is_an_error_and_the_book_is_published(site):
    site.write({**SERIES, "ja/print-test/print.md": "---\ntitle: 自作の印刷ページ\n---\n本文\n"})
    result = site.build()
    [error] = [d for d in result.diagnostics if d.code == "output-collision"]
    assert error.path == "ja/print-test/print.md"
    assert site.tree(BOOK).find("nav", class_="book-contents")


def test_an_edited_chapter_body_is_in_the_book_at_the_next_build(book_site):
    path = book_site.content / "ja/print-test/chapter2.md"
    path.write_text(path.read_text(encoding="utf-8").replace("## 2.2 まとめ", "## 2.2 新しいまとめ"), encoding="utf-8")
    result = book_site.build()
    assert BOOK in result.rendered
    assert "2.2 新しいまとめ" in book_site.html(BOOK)


def test_an_edited_chapter_body_is_in_the_book_under_serve(tmp_path):
    """serve keeps the index and generated pages when only bodies change: the book must follow the body."""
    from conftest import Site

    from manabi_ssg.pipeline.engine import Engine

    site = Site(tmp_path / "site")
    site.write(SERIES)
    engine = Engine(site.config, in_place=True, workers=1)
    assert engine.build().errors == 0
    path = site.content / "ja/print-test/chapter1.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n```mermaid\ngraph TD\n  X[追加した図] --> Y\n```\n", encoding="utf-8")
    result = engine.build()
    assert BOOK in result.rendered
    book = site.html(BOOK)
    assert "追加した図" in book and "mermaid-11" in book  # the new diagram, and the script that draws it


def test_ids_in_book_html_are_prefixed_in_every_attribute_that_names_one():
    body = ('<h2 id="x">X</h2><label for="x">l</label><a href="#x" aria-describedby="t u">c</a>'
            '<span id="t"></span><svg><use href="#g"/><rect fill="url(#g)"/></svg>'
            '<a href="other.html#y">o</a><a href="../far/away.html#z">f</a><a href="https://example.org/#x">e</a>'
            '<!-- <p id="x"> --><script>var s = \'<b id="x">\';</script>')
    anchors = {"s/one.html": ("c1", "c1-"), "s/other.html": ("c2", "c2-")}
    out = chapter_in_book(body, "s/one.html", anchors)
    assert '<h2 id="c1-x">' in out and '<label for="c1-x">' in out
    assert 'href="#c1-x" aria-describedby="c1-t c1-u"' in out
    assert '<use href="#c1-g"/>' in out and 'fill="url(#c1-g)"' in out
    assert 'href="#c2-y"' in out and 'href="../far/away.html#z"' in out and 'href="https://example.org/#x"' in out
    assert '<!-- <p id="x"> -->' in out and '<b id="x">' in out  # a comment and a script are left as written


def test_printed_urls_are_marked_once_across_calls():
    seen: set[str] = set()
    first = mark_printed_urls('<a href="https://a.example/">A</a><a href="https://a.example/">A again</a>', seen)
    second = mark_printed_urls('<a href="https://a.example/">A</a><a href="https://b.example/x">b.example/x</a>', seen)
    assert first.count("data-print-url") == 1 and "data-print-url" not in second


# ---------------------------------------------------------------- in Chromium

def pdf_pages(page) -> tuple[int, list[str]]:
    """The page printed to A4: its number of pages, and each page's text."""
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    return len(reader.pages), [p.extract_text() for p in reader.pages]


def _plain(text: str) -> str:
    """PDF text as words compare: NFKC (a PDF font may map 入 to the Kangxi radical ⼊), no spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _open(context, url: str, diagram: bool):
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("load")
    if diagram:  # printed once drawn
        page.wait_for_function("() => document.querySelectorAll('pre.mermaid svg .node').length > 0", timeout=20000)
    return page


@pytest.mark.browser
def test_the_printed_book_is_as_long_as_its_chapters_and_holds_every_title_and_answer(browser, book_site):
    with StaticServer(book_site.output) as server:
        context = browser.new_context()
        try:
            chapter_pages = []
            for n in (1, 2, 3):
                count, _ = pdf_pages(_open(context, f"{server.url}ja/print-test/chapter{n}.html", diagram=n == 2))
                chapter_pages.append(count)
            book = _open(context, server.url + BOOK, diagram=True)
            count, texts = pdf_pages(book)
            assert abs(count - sum(chapter_pages)) <= 0.10 * sum(chapter_pages), (count, chapter_pages)
            text = _plain("".join(texts))
            assert [title for title in TITLES if _plain(title) not in text] == []
            assert _plain(SERIES_TITLE) in _plain(texts[0])
            # answers gathered at the end of the book: every answer there, none left under its problem
            book.check("#print-answers-end")
            _, texts = pdf_pages(book)
            heading = catalogue("ja", "")["answers_appendix"]  # the appendix starts a page, under this heading
            start = next(i for i, t in enumerate(texts) if i > 0 and _plain(t.strip().splitlines()[0]) == _plain(heading))
            marks = [answer_mark(n, k) for n in (1, 2, 3) for k in range(1, EXERCISES + 1)]
            appendix, before = _plain("".join(texts[start:])), _plain("".join(texts[:start]))
            assert [mark for mark in marks if mark not in appendix] == []
            assert [mark for mark in marks if mark in before] == []
        finally:
            context.close()
