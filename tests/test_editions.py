"""Editions (answers.py): ``--answers withheld`` publishes no answer text in any file, hints stay,
each answer's place says it comes later; ``answers_from`` withholds before its day and publishes
from it; the build's day and the answers setting are in the keys of exactly the pages they change."""

import gzip
import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import Site, write_tree
from htmltree import parse_html
from test_incremental import snapshot

from manabi_ssg.site.answers import build_date, region, split, withhold
from manabi_ssg.cli import main
from manabi_ssg.site.config import Config, load_config
from manabi_ssg.pipeline.engine import Engine
from manabi_ssg.outputs.search.binary import find_binary

# Each answer holds a text found nowhere else, so a search of every file finds it only where it leaked.
ANSWERS = ("ANSWER-DETAILS-ja", "ANSWER-HEADING-ja", "ANSWER-DIRECTIVE-ja", "ANSWER-SHARED-ja", "ANSWER-LOOSE-ja",
           "ANSWER-NESTED-ja", "ANSWER-TABLE-ja", "ANSWER-CODE-ja", "ANSWER-en", "ANSWER-CLASS-ja", "ANSWER-QUIZ-ja",
           "ANSWER-SEIKAI-ja", "ANSWER-SHOW-en")
QUIZ_NUMBER = "9.8123"  # a numeric quiz's answer: in the page (for its check) only when answers are published
HINTS = ("HINT-DETAILS-ja", "HINT-DIRECTIVE-ja", "HINT-en", "HINT-ABOUT-ANSWER-ja")

CHAPTER_JA = """\
---
title: 第1章：触媒
description: 触媒の章
created_at: 2026-01-10
---
## 本文

銅の触媒で二酸化炭素を還元する。

## 演習問題

### 問題1（難易度：easy）

触媒の役割を述べよ。

<details><summary>ヒント</summary>
HINT-DETAILS-ja
</details>

<details><summary>解答例</summary>

#### 解答の考え方 ANSWER-HEADING-ja

ANSWER-DETAILS-ja

| 量 | 値 |
|---|---|
| ANSWER-TABLE-ja | 1 |

```python
print("ANSWER-CODE-ja")
```

<details><summary>補足</summary>
ANSWER-NESTED-ja
</details>

</details>

### 問題2

活性化エネルギーを求めよ。

---

<details><summary>解答例（全問）</summary>
ANSWER-SHARED-ja
</details>

:::exercise 追加の問題
:difficulty: hard

反応速度を比べよ。

:::hint
HINT-DIRECTIVE-ja
:::

:::answer
ANSWER-DIRECTIVE-ja
:::
:::

## 確認

<details><summary>解答</summary>
ANSWER-LOOSE-ja
</details>

<details class="answer"><summary>こたえ</summary>
ANSWER-CLASS-ja
</details>

<details><summary>正解を見る</summary>
ANSWER-SEIKAI-ja
</details>

<details><summary>ヒント（答えの形）</summary>
HINT-ABOUT-ANSWER-ja
</details>

:::quiz
出力が0から1に収まる活性化関数はどれか。

- [ ] ReLU
- [x] シグモイド
  ANSWER-QUIZ-ja
:::

:::quiz{answer=9.8123 tolerance=0.01}
重力加速度はいくらか。
:::
"""

CHAPTER_EN = """\
---
title: "Chapter 1: Catalysts"
---
Copper catalysts reduce carbon dioxide.

## Exercises

### Problem 1 (Difficulty: Easy)

Name a catalyst.

<details><summary>Hint</summary>
HINT-en
</details>

<details><summary>Sample Answer</summary>
ANSWER-en
</details>

<details><summary>Show the worked solution</summary>
ANSWER-SHOW-en
</details>
"""

SITE = {
    "ja/s/index.md": "---\ntitle: シリーズ\n---\n\n紹介。\n",
    "ja/s/chapter1.md": CHAPTER_JA,
    "en/s/index.md": "---\ntitle: Series\n---\n\nAbout.\n",
    "en/s/chapter1.md": CHAPTER_EN,
}


def every_file_text(folder: Path) -> dict[str, str]:
    """Every file of the output as text, gzip ones (the search index's fragments) unpacked."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            found[path.relative_to(folder).as_posix()] = data.decode("utf-8", "replace")
    return found


def files_holding(folder: Path, text: str) -> list[str]:
    return [rel for rel, content in every_file_text(folder).items() if text in content]


@pytest.fixture
def pagefind():
    if find_binary() is None:
        pytest.skip("Pagefind is not installed")


def full_site(site: Site, **settings) -> Site:
    """Search, feeds, sitemap and JSON-LD on: every file an answer could reach."""
    site.write(SITE)
    site.config = replace(Config(root=site.root, base_url="https://example.org/course/", build_date="2026-12-06"), **settings)
    return site


# -- an edition without answers ----------------------------------------------------------
def test_published_edition_holds_every_answer_in_pages_and_search_index(site, pagefind):
    site = full_site(site)
    assert site.build().errors == 0
    for answer in ANSWERS:
        held = files_holding(site.output, answer)
        assert any(rel.endswith(".html") for rel in held), answer
        assert any(rel.startswith("pagefind/") for rel in held), answer  # the probe reads the gzip fragments too
    assert files_holding(site.output, QUIZ_NUMBER) != []


def test_withheld_edition_holds_no_answer_text_in_any_file(site, pagefind):
    site = full_site(site, answers="withheld")
    result = site.build()
    assert result.errors == 0
    assert {answer: files_holding(site.output, answer) for answer in ANSWERS} == {answer: [] for answer in ANSWERS}
    assert files_holding(site.output, QUIZ_NUMBER) == []
    for hint in HINTS:
        held = files_holding(site.output, hint)
        assert any(rel.endswith("chapter1.html") for rel in held) and any(rel.startswith("pagefind/") for rel in held), hint
    assert result.withheld == [("", 10)]  # eight in ja (six answer blocks, one holding the nested one; two quizzes), two in en


def test_withheld_answer_says_it_comes_later_in_the_page_language(site):
    site.write(SITE)
    site.config = replace(site.config, answers="withheld")
    site.build()
    ja = site.tree("ja/s/chapter1.html")
    notes = [p.text() for p in ja.find_all("p", class_="answer-withheld")]
    assert notes and set(notes) == {"解答は後日公開します。"}
    assert len(notes) == 8  # problem 1's (the nested block goes with it), the shared, the directive's, the loose, the classed one, 正解を見る, two quizzes
    en = site.tree("en/s/chapter1.html")
    assert [p.text() for p in en.find_all("p", class_="answer-withheld")] == ["The answer will be published later."] * 2


def test_withheld_edition_drops_the_open_all_answers_button_and_print_choice(site):
    site.write(SITE)
    site.build()
    assert 'class="answers-toggle"' in site.html("ja/s/chapter1.html") and 'class="print-options"' in site.html("ja/s/chapter1.html")
    site.config = replace(site.config, answers="withheld")
    site.build()
    html = site.html("ja/s/chapter1.html")
    assert 'class="answers-toggle"' not in html and 'class="print-options"' not in html


def test_heading_inside_a_withheld_answer_leaves_the_contents(site):
    site.write(SITE)
    site.config = replace(site.config, answers="withheld")
    site.build()
    html = site.html("ja/s/chapter1.html")
    assert "解答の考え方" not in html
    assert "問題2" in html  # the contents still list the problems


def test_answers_withheld_in_manabi_toml(tmp_path):
    (tmp_path / "manabi.toml").write_text('answers = "withheld"\n', encoding="utf-8")
    config, problems = load_config(tmp_path)
    assert (config.answers, problems) == ("withheld", [])


def test_unknown_answers_setting_is_an_error_at_its_value(tmp_path):
    (tmp_path / "manabi.toml").write_text('title = "x"\nanswers = "hidden"\n', encoding="utf-8")
    config, problems = load_config(tmp_path)
    assert config.answers == "shown"
    assert [(d.line, d.col, d.level, d.code) for d in problems] == [(2, 12, "error", "config-type")]
    assert "'shown' or 'withheld'" in problems[0].message


# -- answers_from -------------------------------------------------------------------------
DATED = {
    "ja/s/index.md": "---\ntitle: シリーズ\n---\n紹介。\n",
    "ja/s/chapter1.md": "---\ntitle: 第1章\nanswers_from: 2026-12-20\n---\n## 演習問題\n\n### 問題1\n\n問い\n\n"
                        "<details><summary>ヒント</summary>\nHINT-1\n</details>\n\n<details><summary>解答例</summary>\nANSWER-1\n</details>\n",
    "ja/s/chapter2.md": "---\ntitle: 第2章\n---\n本文だけ\n",
}


def dated_build(site: Site, day: str, **kwargs) -> str:
    site.config = replace(site.config, build_date=day)
    site.build(**kwargs)
    return site.html("ja/s/chapter1.html")


def test_answers_from_withholds_before_its_day_with_the_day(site):
    site.write(DATED)
    html = dated_build(site, "2026-12-19")
    assert "ANSWER-1" not in html and "HINT-1" in html
    note = parse_html(html).find("p", class_="answer-withheld")
    assert note.text() == "解答は 2026-12-20 に公開します。"
    assert note.find("time").attrs["datetime"] == "2026-12-20"


def test_answers_from_publishes_on_its_day(site):
    site.write(DATED)
    html = dated_build(site, "2026-12-20")
    assert "ANSWER-1" in html and "answer-withheld" not in html


def test_series_answers_from_in_its_index_reaches_its_chapters_and_a_chapter_date_wins(site):
    site.write({
        "ja/s/index.md": "---\ntitle: シリーズ\nanswers_from: 2027-01-15\n---\n紹介。\n",
        "ja/s/chapter1.md": DATED["ja/s/chapter1.md"],
        "ja/s/chapter3.md": "---\ntitle: 第3章\n---\n## 演習問題\n\n### 問題1\n\n問い\n\n<details><summary>解答例</summary>\nANSWER-3\n</details>\n",
    })
    site.config = replace(site.config, build_date="2026-12-25")
    result = site.build()
    assert "ANSWER-1" in site.html("ja/s/chapter1.html")  # its own day, passed, wins over the series'
    chapter3 = site.html("ja/s/chapter3.html")
    assert "ANSWER-3" not in chapter3 and 'datetime="2027-01-15"' in chapter3
    assert result.withheld == [("2027-01-15", 1)]


def test_withheld_edition_names_a_day_still_ahead(site):
    site.write(DATED)
    site.config = replace(site.config, answers="withheld", build_date="2026-12-01")
    site.build()
    assert 'datetime="2026-12-20"' in site.html("ja/s/chapter1.html")


@pytest.mark.parametrize("value, col", [("2026-12-32", 15), ('"2026/12/20"', 15), ("soon", 15)])
def test_invalid_answers_from_is_an_error_at_its_value(site, value, col):
    site.write({"ja/s/chapter1.md": f"---\ntitle: 第1章\nanswers_from: {value}\n---\n本文\n"})
    result = site.build()
    found = [(d.path, d.line, d.col, d.level) for d in result.diagnostics if d.code == "frontmatter-date"]
    assert found == [("ja/s/chapter1.md", 3, col, "error")]


# -- the build's day -------------------------------------------------------------------------
def test_build_date_from_flag_else_source_date_epoch_else_today():
    assert build_date("2026-12-19", {"SOURCE_DATE_EPOCH": "0"}) == "2026-12-19"
    assert build_date("", {"SOURCE_DATE_EPOCH": "1797724800"}) == "2026-12-20"
    with pytest.raises(ValueError):
        build_date("2026-13-01", {})
    with pytest.raises(ValueError):
        build_date("", {"SOURCE_DATE_EPOCH": "tomorrow"})


def test_cli_says_how_many_answers_it_withheld_and_until_when(tmp_path, capsys, monkeypatch):
    write_tree(tmp_path / "content", {**DATED, "ja/s/chapter3.md": DATED["ja/s/chapter1.md"].replace("answers_from: 2026-12-20\n", "")})
    (tmp_path / "manabi.toml").write_text("search = false\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1797638400")  # 2026-12-19
    assert main(["build", "--answers", "withheld", "--no-cache"]) == 0
    assert "manabi: withheld 2 answers: 1 with no day set, 1 until 2026-12-20" in capsys.readouterr().out
    assert main(["build", "--date", "2026-12-20", "--no-cache"]) == 0
    assert "withheld" not in capsys.readouterr().out
    assert main(["build", "--date", "2026-12-19", "--no-cache"]) == 0
    assert "manabi: withheld 1 answer: 1 until 2026-12-20" in capsys.readouterr().out
    assert main(["check", "--date", "2026-12-19"]) == 0
    assert "manabi: withheld 1 answer: 1 until 2026-12-20" in capsys.readouterr().out


def test_check_json_lists_what_it_withheld(tmp_path, capsys, monkeypatch):
    write_tree(tmp_path / "content", DATED)
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--format", "json", "--date", "2026-12-19", "--no-cache"]) == 0
    assert json.loads(capsys.readouterr().out)["withheld"] == [{"until": "2026-12-20", "answers": 1}]


def test_cli_refuses_a_date_that_is_none(tmp_path, capsys, monkeypatch):
    (tmp_path / "content").mkdir()
    monkeypatch.chdir(tmp_path)
    assert main(["build", "--date", "2026-02-30"]) == 2
    assert "--date 2026-02-30:" in capsys.readouterr().err


def test_two_builds_of_one_day_are_identical(site, tmp_path):
    site.write(DATED)
    site.config = replace(site.config, build_date="2026-12-19")
    site.build(use_cache=False)
    first = snapshot(site.output)
    shutil.rmtree(site.output)
    site.build(use_cache=False)
    assert snapshot(site.output) == first


# -- cache keys: the day and the setting reach exactly the pages they change ---------------
def clean(config: Config, tmp: Path) -> dict[str, bytes]:
    out = tmp / "clean-out"
    shutil.rmtree(out, ignore_errors=True)
    Engine(config, output=out, use_cache=False, workers=1).build()
    return snapshot(out)


def test_day_reaching_answers_from_rerenders_that_chapter_only_and_reparses_nothing(site, tmp_path):
    site.write(DATED)
    Engine(replace(site.config, build_date="2026-12-19"), workers=1).build()
    assert "ANSWER-1" not in site.html("ja/s/chapter1.html")
    config = replace(site.config, build_date="2026-12-20")
    result = Engine(config, workers=1).build()  # a new process: the manifest and cache on disk
    assert not result.unchanged and result.parsed == []
    assert result.rendered == ["ja/s/chapter1.html", "ja/s/print.html"]  # and the series' print page, which holds it
    assert "ANSWER-1" in site.html("ja/s/chapter1.html") and "ANSWER-1" in site.html("ja/s/print.html")
    assert snapshot(site.output) == clean(config, tmp_path)


def test_a_day_that_changes_no_answer_leaves_the_site_as_it_is(site):
    site.write(DATED)
    Engine(replace(site.config, build_date="2026-12-18"), workers=1).build()
    result = Engine(replace(site.config, build_date="2026-12-19"), workers=1).build()
    assert result.unchanged


def test_answers_setting_rerenders_without_reparsing_and_matches_a_clean_build(site, tmp_path):
    site.write(SITE)
    Engine(site.config, workers=1).build()
    config = replace(site.config, answers="withheld")
    result = Engine(config, workers=1).build()
    assert result.parsed == [] and "ja/s/chapter1.html" in result.rendered
    assert "ANSWER-DETAILS-ja" not in site.html("ja/s/chapter1.html")
    assert snapshot(site.output) == clean(config, tmp_path)
    result = Engine(site.config, workers=1).build()
    assert "ANSWER-DETAILS-ja" in site.html("ja/s/chapter1.html")


def test_series_answers_from_edit_rerenders_its_chapters_under_serve(site):
    undated = DATED["ja/s/chapter1.md"].replace("answers_from: 2026-12-20\n", "")
    site.write({**DATED, "ja/s/chapter1.md": undated})
    config = replace(site.config, build_date="2026-12-25")
    engine = Engine(config, site.root / "preview", workers=1, live_reload=True, in_place=True, force=True)
    engine.build()
    page = site.root / "preview/ja/s/chapter1.html"
    assert "ANSWER-1" in page.read_text(encoding="utf-8")
    write_tree(site.content, {"ja/s/index.md": "---\ntitle: シリーズ\nanswers_from: 2027-01-15\n---\n紹介。\n"})
    result = engine.build()
    assert "ja/s/chapter1.md" not in result.parsed
    html = page.read_text(encoding="utf-8")
    assert "ANSWER-1" not in html and 'datetime="2027-01-15"' in html


# -- regions: what plugins mark, and what content cannot forge ------------------------------
def test_region_split_and_withhold_keep_the_shown_body_and_place_the_notice():
    html = "a" + region("<d>X" + region("in", "IN") + "</d>") + "b" + region("T", withheld="", kind="control") + "c"
    body, regions = split(html)
    assert body == "a<d>Xin</d>bTc"
    assert withhold(body, regions, "<N>") == "a<N>bc"


def test_content_cannot_forge_a_region(site):
    site.write({"ja/s/chapter1.md": "---\ntitle: 第1章\n---\n前\x02answer\x06KEPT-1\x03\x04後 &#2;KEPT-2&#4;\n\n"
                                    "<p>\x02answer\x06KEPT-3\x03\x05\x04</p>\n"})
    site.config = replace(site.config, answers="withheld")
    result = site.build()
    html = site.html("ja/s/chapter1.html")
    assert all(kept in html for kept in ("KEPT-1", "KEPT-2", "KEPT-3")) and "answer-withheld" not in html
    assert result.withheld == []
    assert not any(ch in html for ch in "\x02\x03\x04\x05\x06")


HEADED = """\
---
title: 第3章
---
## 本文

Solutions of salt in water conduct electricity.

## Solutions

SOLUTE-KEPT: a chemistry section before any exercise is no answer key.

## 演習問題

### 問題1

問い一 QUESTION-KEPT-1。

#### 解答

ANSWER-UNDER-PROBLEM

### 問題2

問い二 QUESTION-KEPT-2。

### 問題2の解答

ANSWER-NAMED-FOR-PROBLEM

## 練習問題と解答

QUESTION-KEPT-MIXED

## 解答と解説

ANSWER-BARE-SECTION

### 補足

ANSWER-IN-SUBSECTION

## 参考

REFERENCE-KEPT
"""


def test_sections_headed_as_answers_are_withheld_up_to_the_next_heading_of_their_level(site):
    site.write({"ja/s/chapter3.md": HEADED})
    site.config = replace(site.config, answers="withheld")
    result = site.build()
    html = site.html("ja/s/chapter3.html")
    gone = ("ANSWER-UNDER-PROBLEM", "ANSWER-NAMED-FOR-PROBLEM", "ANSWER-BARE-SECTION", "ANSWER-IN-SUBSECTION", "問題2の解答", "解答と解説")
    assert [text for text in gone if text in html] == []
    kept = ("SOLUTE-KEPT", "QUESTION-KEPT-1", "QUESTION-KEPT-2", "QUESTION-KEPT-MIXED", "REFERENCE-KEPT")
    assert [text for text in kept if text not in html] == []
    assert result.withheld == [("", 3)]
    tree = parse_html(html)
    assert len(tree.find_all("section", class_="exercise")) == 2
    assert "QUESTION-KEPT-1" in tree.find("section", id="exercise-1").text()  # the answer under it went, not the exercise
    assert html.count("<section") == html.count("</section>")


def test_sections_headed_as_answers_are_published_by_default(site):
    site.write({"ja/s/chapter3.md": HEADED})
    site.build()
    html = site.html("ja/s/chapter3.html")
    assert "ANSWER-NAMED-FOR-PROBLEM" in html and "ANSWER-BARE-SECTION" in html and "answer-withheld" not in html


def test_serve_and_check_take_the_edition_flags(tmp_path, monkeypatch):
    from manabi_ssg.cli import make_parser, settings_from

    (tmp_path / "content").mkdir()
    monkeypatch.chdir(tmp_path)
    for command in ("serve", "check", "build"):
        args = make_parser().parse_args([command, "--answers", "withheld", "--date", "2026-12-19"])
        config, problems = settings_from(args)
        assert (config.answers, config.build_date, problems) == ("withheld", "2026-12-19", []), command


def test_day_reaching_answers_from_reindexes_the_search_with_the_answers(site, pagefind):
    site.write(DATED)
    site.config = replace(Config(root=site.root), build_date="2026-12-19")
    Engine(site.config, workers=1).build()
    assert [rel for rel in files_holding(site.output, "ANSWER-1") if rel.startswith("pagefind/")] == []
    result = Engine(replace(site.config, build_date="2026-12-20"), workers=1).build()
    assert result.parsed == []
    assert [rel for rel in files_holding(site.output, "ANSWER-1") if rel.startswith("pagefind/")] != []


def test_a_footnote_only_an_answer_cites_is_withheld_with_it(site):
    site.write({"ja/s/chapter1.md": "---\ntitle: 第1章\n---\n本文[^kept]。\n\n## 演習問題\n\n### 問題1\n\n問い。\n\n"
                                    "<details><summary>解答例</summary>\n\n答えは42[^secret]。\n\n</details>\n\n"
                                    "[^kept]: FOOTNOTE-KEPT\n[^secret]: FOOTNOTE-OF-ANSWER\n"})
    site.build()
    assert "FOOTNOTE-OF-ANSWER" in site.html("ja/s/chapter1.html")
    site.config = replace(site.config, answers="withheld")
    result = site.build()
    html = site.html("ja/s/chapter1.html")
    assert "FOOTNOTE-OF-ANSWER" not in html and "FOOTNOTE-KEPT" in html
    assert result.withheld == [("", 1)]


def test_raw_html_classed_as_an_answer_is_withheld_to_its_closing_tag(site):
    site.write({"ja/s/chapter1.md": "---\ntitle: 第1章\n---\n## 演習問題\n\n### 問題1\n\n問い QUESTION-KEPT。\n\n"
                                    '<div class="answer">\n\nRAW-ANSWER-MARKDOWN **太字**\n\n<div class="inner">RAW-ANSWER-INNER</div>\n\n</div>\n\n'
                                    "AFTER-KEPT\n\n"
                                    '<section class="solution"><p>RAW-ANSWER-ONE-BLOCK</p></section>\n'})
    site.config = replace(site.config, answers="withheld")
    result = site.build()
    html = site.html("ja/s/chapter1.html")
    assert [t for t in ("RAW-ANSWER-MARKDOWN", "RAW-ANSWER-INNER", "RAW-ANSWER-ONE-BLOCK") if t in html] == []
    assert "QUESTION-KEPT" in html and "AFTER-KEPT" in html
    assert html.count("<div") == html.count("</div>") and html.count("<section") == html.count("</section>")
    assert result.withheld == [("", 2)]


def test_a_site_catalogue_cannot_open_an_answer_region(site):
    """A site's messages/*.toml may hold "\\u0002" (valid TOML): it never reaches a page, where it would start a region."""
    site.write(DATED)
    write_tree(site.root, {"messages/ja.toml": 'exercise_done = "解けた\\u0002answer\\u0006"\n'})
    site.config = replace(site.config, build_date="2026-12-25")
    result = site.build()
    html = site.html("ja/s/chapter1.html")
    assert "ANSWER-1" in html and ">解けたanswer<" in html
    assert not any(ch in html for ch in "\x02\x03\x04\x05\x06") and result.withheld == []
