"""Mistakes a new author makes writing a second series by hand: each is reported at its line and column, and the rest builds."""


def _found(result, code):
    return [(d.path, d.line, d.col) for d in result.diagnostics if d.code == code]


def test_a_problem_with_a_front_matter_value_is_reported_at_its_key(site):
    site.write({
        "ja/s/index.md": "---\ntitle: S\n---\n",
        "ja/s/a.md": "---\ntitle: A\n# a comment line\ntranslation: en/nowhere.md\nprerequisites:\n  - 第9章\n  - 量子もつれの基礎\n---\n本文\n",
        "ja/s/b.md": "---\ntitle: B\nseries_order: 1\n\ndraft: true\n---\n本文\n",
        "ja/s/c.md": "---\ntitle: C\n  # indented comment\ntranslation:   ja/s/a.md\n---\n本文\n",
    })
    result = site.build()
    assert _found(result, "translation-not-found") == [("ja/s/a.md", 4, 1)]
    assert _found(result, "translation-same-language") == [("ja/s/c.md", 4, 1)]
    assert _found(result, "draft-skipped") == [("ja/s/b.md", 5, 1)]
    assert _found(result, "prerequisite-unresolved") == [("ja/s/a.md", 6, 5), ("ja/s/a.md", 7, 5)]


def test_two_chapters_with_the_same_place_in_a_series_are_warned_at_both_keys(site):
    site.write({
        "ja/s/index.md": "---\ntitle: S\n---\n",
        "ja/s/a.md": "---\ntitle: A\nseries_order: 2\n---\n本文\n",
        "ja/s/b.md": "---\ntitle: B\n\nchapter_number: 2\n---\n本文\n",
        "ja/s/c.md": "---\ntitle: C\nseries_order: 1\n---\n本文\n",
        "ja/t/d.md": "---\ntitle: D\nseries_order: 2\n---\n本文\n",  # another series: its own numbers
    })
    result = site.build()
    assert _found(result, "series-order-duplicate") == [("ja/s/a.md", 3, 1), ("ja/s/b.md", 4, 1)]
    assert "also given to b.md" in next(d.message for d in result.diagnostics if d.path == "ja/s/a.md")


def test_an_empty_chapter_or_one_with_front_matter_only_is_warned_at_1_1_and_still_published(site):
    site.write({
        "ja/s/index.md": "---\ntitle: S\n---\n",
        "ja/s/a.md": "",
        "ja/s/b.md": "---\ntitle: B\nseries_order: 2\n---\n",
        "ja/s/c.md": "---\ntitle: C\n---\n\n<!-- あとで書く -->\n\n\n",  # a comment only: nothing to read
        "ja/s/d.md": "---\ntitle: D\n---\n![図](fig.png)\n",
        "ja/s/e.md": "---\ntitle: E\n---\n# E\n",  # a page begun with its title heading
        "ja/s/fig.png": b"\x89PNG\r\n\x1a\n",
    })
    result = site.build()
    assert _found(result, "chapter-empty") == [("ja/s/a.md", 1, 1), ("ja/s/b.md", 1, 1), ("ja/s/c.md", 1, 1)]
    assert (site.output / "ja/s/b.html").is_file()
    assert "b.html" in [a.get("href") for a in site.tree("ja/s/index.html").find_all("a")]  # listed in its series


def test_a_draft_empty_chapter_is_left_out_without_the_empty_warning(site):
    site.write({"ja/s/a.md": "---\ntitle: A\ndraft: true\n---\n", "ja/s/b.md": "# B\n\n本文\n"})
    result = site.build()
    assert _found(result, "chapter-empty") == [] and not (site.output / "ja/s/a.html").exists()


def _located(result, code):
    return [(d.line, d.col) for d in result.diagnostics if d.code == code]


def test_an_image_without_alt_text_is_warned_at_the_image_unless_said_to_be_decorative(site):
    site.write({
        "ja/a.md": "---\ntitle: A\n---\n本文 ![](fig.png) と ![図](fig.png) と ![](fig.png){.decorative}\n\n"
                   "<img src=\"fig.png\">\n\n- 項目 <img src=\"fig.png\" width=\"3\"> <img src=\"fig.png\" alt=\"\"> <img alt=\"図\" src=\"fig.png\">\n"
                   "\n![  ](fig.png)\n",
        "ja/fig.png": b"\x89PNG\r\n\x1a\n",
    })
    result = site.build()
    assert _located(result, "image-no-alt") == [(4, 4), (6, 1), (8, 6), (10, 1)]
    assert [d.code for d in result.diagnostics] == ["image-no-alt"] * 4
    [decorative] = site.tree("ja/a.html").find_all("img", class_="decorative")
    assert decorative.get("alt") == ""


def test_a_link_whose_file_name_has_a_space_is_warned_with_the_form_that_works(site):
    site.write({
        "ja/a.md": "---\ntitle: A\n---\n詳しくは [付録](付録 B.md) を、図は\n![グラフ](my graph.png) を見てください。[正しい](<付録 B.md>)\n\n"
                   "| 表 |\n|---|\n| [**付録**](付録 B.md) |\n\n`[コード](付録 B.md)` は例。\n",
        "ja/付録 B.md": "# 付録\n",
        "ja/my graph.png": b"\x89PNG\r\n\x1a\n",
    })
    result = site.build()
    assert _located(result, "link-not-parsed") == [(4, 6), (5, 1), (9, 3)]
    messages = [d.message for d in result.diagnostics if d.code == "link-not-parsed"]
    assert "write [付録](<付録 B.md>)" in messages[0] and "write ![グラフ](<my graph.png>)" in messages[1]
    assert [d.code for d in result.diagnostics] == ["link-not-parsed"] * 3  # the <…> link works


def test_a_broken_link_or_missing_image_is_reported_at_its_column(site):
    site.write({"ja/a.md": "---\ntitle: A\n---\n> 引用 [x](gone.md) と ![図](gone.png)\n"})
    result = site.build()
    assert _located(result, "broken-link") == [(4, 6)]
    assert _located(result, "missing-file") == [(4, 21)]


def test_math_left_open_is_math_failed_inline_and_display_alike(site):
    site.write({"ja/a.md": "---\ntitle: A\n---\n"
                           "比は $\\frac{a}{b$ です。\n\n"  # 4: a brace left open, inline
                           "$$\\frac{a}{b$$\n\n"  # 6: the same in display math
                           "> $$\n> x^2 + y^2\n\n"  # 8: display math never closed
                           "つづき\n$$\\sum_i x_i\n\n"  # 12: opened in running text, never closed
                           "$$ 100 と $$ 200\n\n"  # money, not math
                           "式 \\(\\frac{a}{b} を見る。(注) \\(括弧\n"})  # 16: inline math never closed; an escaped "(" before text
    result = site.build()
    assert _located(result, "math-failed") == [(4, 4), (6, 1), (8, 3), (12, 1), (16, 3)]
    messages = [d.message for d in result.diagnostics if d.code == "math-failed"]
    assert "'{' is never closed" in messages[0] and "'{' is never closed" in messages[1]
    assert "never closed (no $$" in messages[2] and "never closed (no $$" in messages[3]
    assert "inline math opened with \\( is never closed (no \\)" in messages[4]
    assert "math-error" in site.html("ja/a.html")  # the source is shown, not a silently closed formula


def test_each_placeholder_left_from_manabi_new_is_a_warning_at_its_line(tmp_path, monkeypatch, capsys):
    from manabi_ssg.cli import main

    (tmp_path / "content").mkdir()
    monkeypatch.chdir(tmp_path)
    assert main(["new", "chapter", "content/ja/s/chapter1-intro.md"]) == 0
    assert main(["new", "chapter", "content/en/s/chapter1-intro.md"]) == 0
    ja, en = (tmp_path / "content" / lang / "s" / "chapter1-intro.md" for lang in ("ja", "en"))
    ja.write_text(ja.read_text(encoding="utf-8").replace("（章のタイトル）", "平均").replace("（要点 1）", "平均は和を数で割る"), encoding="utf-8")
    capsys.readouterr()
    assert main(["check", "--strict", "--format", "json"]) == 1
    import json

    found = [d for d in json.loads(capsys.readouterr().out)["diagnostics"] if d["code"] == "placeholder-left"]
    ja_lines = ja.read_text(encoding="utf-8").split("\n")

    def line_of(text):
        return next(n for n, line in enumerate(ja_lines, start=1) if text in line)

    ja_found = {(d["line"], d["message"].split("'")[1]) for d in found if d["path"].endswith("ja/s/chapter1-intro.md")}
    body = "（本文です。主張の根拠になる文献は番号で引用します[1]。）"
    assert (line_of(body), body) in ja_found
    assert (line_of("（要点 2）"), "（要点 2）") in ja_found and not any(text in ("（章のタイトル）", "（要点 1）") for _, text in ja_found)
    en_texts = {d["message"].split("'")[1] for d in found if d["path"].endswith("en/s/chapter1-intro.md")}
    assert {"(Chapter title)", "(The answer, and why)", "(Key point 1)"} <= en_texts
    assert all(d["line"] > 0 and d["col"] > 0 for d in found)
    assert not any("難易度" in d["message"] or "Difficulty" in d["message"] for d in found)


def test_text_in_brackets_of_ones_own_and_placeholders_shown_as_code_are_not_flagged(site):
    site.write({"ja/a.md": "---\ntitle: A\nauthor: 山田\n---\n期間（年）と (2025) と（要点の一つ）は本文。"
                           "`（章のタイトル）` はコードの例。\n\n```\n（問題文）\n```\n"})
    assert [d.code for d in site.build().diagnostics] == []


def test_a_missing_image_or_broken_anchor_close_to_a_real_one_says_which_was_meant(site):
    site.write({
        "ja/s/a.md": "---\ntitle: A\n---\n## 1.2 ナイキスト周波数\n\n## 1.3 まとめ\n\n"
                     "![標本化](img/samplng.png) [節](#1-2-ナイキスト) [章](b.md#1-3-まとめ) [章](chaptr-b.md) [章](c.md) [章](chapter2-basic.md)\n"
                     "![図](figs/sampling.png) [遠い](#まったく別) ![無い](img/zzz.png)\n",
        "ja/s/b.md": "---\ntitle: B\n---\n## 1.3 まとめの前に\n",
        "ja/s/c-long-name.md": "---\ntitle: C\n---\n本文\n",
        "ja/s/chapter2-basics.md": "---\ntitle: 基礎\n---\n本文\n",
        "ja/s/img/sampling.png": b"\x89PNG\r\n\x1a\n",
    })
    messages = {d.message for d in site.build().diagnostics}
    assert "image 'img/samplng.png' does not exist; did you mean 'img/sampling.png'?" in messages
    assert "link '#1-2-ナイキスト': no heading or element with id '1-2-ナイキスト' on ja/s/a.html; did you mean '#1-2-ナイキスト周波数'?" in messages
    assert any(m.startswith("link 'b.md#1-3-まとめ'") and m.endswith("did you mean 'b.md#1-3-まとめの前に'?") for m in messages)
    assert "link 'chaptr-b.md' leads to no page of the site" in messages  # too far from b.md to guess
    assert "image 'figs/sampling.png' does not exist; did you mean 'img/sampling.png'?" in messages  # same name, other folder
    assert "link '#まったく別': no heading or element with id 'まったく別' on ja/s/a.html" in messages
    assert "image 'img/zzz.png' does not exist" in messages
    assert "link 'chapter2-basic.md' leads to no page of the site; did you mean 'chapter2-basics.md'?" in messages
    assert "link 'c.md' leads to no page of the site" in messages  # not b.md: one letter of one is no slip


def test_a_blocks_problem_is_at_the_column_its_text_starts_and_a_citation_at_its_own(site):
    site.write({"ja/a.md": "---\ntitle: A\n---\n本文は[3]を引く。\n\n- 項目\n\n  ```python\n  x = 1\n\n"
                           "> <details>\n> 中身\n\n## 参考文献\n\n1. 山田 (2020). 『本』. 出版社.\n"})
    result = site.build()
    assert {d.code: (d.line, d.col) for d in result.diagnostics if d.level != "info"} == {
        "citation-undefined": (4, 4), "code-fence-unclosed": (8, 3), "details-unclosed": (11, 3), "details-no-summary": (11, 3)}


def test_an_id_given_twice_is_reported_where_it_is_written_the_second_time(site):
    site.write({"ja/a.md": "---\ntitle: A\n---\n<div id=\"same\"></div>\n\n本文 <span id=\"x\"></span>\n\n{.note #same}\n段落\n\n- <b id='x'>b</b>\n"})
    found = sorted((d.line, d.col, d.message) for d in site.build().diagnostics if d.code == "duplicate-id")
    assert found == [(8, 1, "id 'same' is used 2 times on the page"), (11, 6, "id 'x' is used 2 times on the page")]


def test_a_heading_id_of_ones_own_already_used_on_the_page_is_warned_not_renamed_silently(site):
    site.write({"ja/a.md": "---\ntitle: A\n---\n## 前 {#same}\n\n## 後 {#same}\n\n## 同じ\n\n## 同じ\n"})
    found = [(d.line, d.col, d.message) for d in site.build().diagnostics]
    assert found == [(6, 1, "id 'same' (written {#same}) is already used on the page; this heading gets 'same-2': give it an id of its own")]
