"""Self-check questions (:::quiz): choices, numbers, explanations, the solution, ids, diagnostics, withheld answers."""

from functools import partial

import pytest
from htmltree import parse_html
from rendering import render_html, render_tree

from manabi_ssg.markdown.teaching.quiz import parse_number

SINGLE = """\
:::quiz
活性化関数として出力が0から1に収まるのはどれか。

- [ ] ReLU
  正の入力には上限がありません。
- [x] シグモイド
- [ ] 恒等関数

  入力をそのまま返します。
:::
"""


render = partial(render_tree, lang="ja", path="q.md")


def codes(env):
    return [(d.code, d.level, d.line) for d in env.get("diagnostics", [])]


def test_one_marked_choice_is_a_single_choice_of_radio_buttons():
    tree, env = render(SINGLE)
    quiz = tree.find("div", class_="quiz")
    assert quiz.get("id") == "quiz-1" and quiz.get("data-kind") == "single"
    inputs = quiz.find("fieldset", class_="quiz-choices").find_all("input")
    assert [i.get("type") for i in inputs] == ["radio"] * 3
    assert {i.get("name") for i in inputs} == {"quiz-1"}
    labels = [quiz.find("label", for_=i.get("id")).text() for i in inputs]
    assert labels == ["ReLU", "シグモイド", "恒等関数"]
    assert [(q["id"], q["kind"], q["line"]) for q in env["quizzes"]] == [("quiz-1", "single", 1)]
    assert codes(env) == []


def test_the_fieldset_is_named_by_the_question():
    tree, _ = render(SINGLE)
    fieldset = tree.find("fieldset", class_="quiz-choices")
    question = tree.find(id=fieldset.get("aria-labelledby"))
    assert "出力が0から1に収まる" in question.text()


def test_several_marked_choices_are_checkboxes():
    tree, env = render(":::quiz\nどれか。\n\n- [x] A\n- [X] B\n- [ ] C\n:::\n")
    quiz = tree.find("div", class_="quiz")
    assert quiz.get("data-kind") == "multiple"
    assert [i.get("type") for i in quiz.find_all("input")] == ["checkbox"] * 3


def test_the_solution_is_a_closed_answer_details_marking_each_choice_with_its_explanation():
    tree, _ = render(SINGLE)
    solution = tree.find("details", class_="quiz-solution")
    assert "answer" in solution.classes and "open" not in solution.attrs
    items = [li for li in solution.find("ul", class_="quiz-key").children if getattr(li, "tag", "") == "li"]
    assert ["data-correct" in item.attrs for item in items] == [False, True, False]
    assert [item.find(class_="quiz-key-mark").text() for item in items] == ["不正解", "正解", "不正解"]
    assert items[0].find(class_="quiz-why").text().strip() == "正の入力には上限がありません。"
    assert items[1].find(class_="quiz-why") is None
    assert items[2].find(class_="quiz-why").text().strip() == "入力をそのまま返します。"


def test_explanations_are_not_in_the_choices_and_markers_are_not_task_checkboxes():
    tree, _ = render(SINGLE)
    choices = tree.find("fieldset", class_="quiz-choices")
    assert "上限" not in choices.text() and "[x]" not in choices.text() and "[ ]" not in choices.text()
    assert tree.find(class_="task-list-item-checkbox") is None


def test_a_choice_keeps_its_inline_markdown_in_the_label_and_the_key():
    tree, _ = render(":::quiz\nQ\n\n- [x] **太字** と `code`\n- [ ] b\n:::\n")
    label = tree.find("li", class_="quiz-choice").find("label")
    assert label.find("strong").text() == "太字" and label.find("code").text() == "code"
    key = tree.find("ul", class_="quiz-key").find("li")
    assert key.find("strong").text() == "太字"


def test_a_nested_explanation_fence_explains_the_whole_question_in_the_solution():
    tree, _ = render(":::quiz\nQ\n\n- [x] a\n- [ ] b\n\n:::explanation\n全体の解説。\n:::\n:::\n")
    explanation = tree.find("details", class_="quiz-solution").find(class_="quiz-explanation")
    assert explanation.text().strip() == "全体の解説。"
    assert "全体の解説" not in tree.find(class_="quiz-question").text()


def test_a_numeric_quiz_has_a_labelled_field_and_its_answer_with_the_tolerance():
    tree, env = render(":::quiz{answer=9.81 tolerance=0.01}\n重力加速度は何 m/s² か。\n:::\n")
    quiz = tree.find("div", class_="quiz")
    assert quiz.get("data-kind") == "number"
    key = quiz.find(class_="quiz-key-number")
    assert float(key.get("data-answer")) == 9.81 and float(key.get("data-tolerance")) == 0.01
    field = quiz.find("input")
    assert quiz.find("label", for_=field.get("id")).text() == "答え（数値）"
    assert quiz.find(class_="quiz-key-number").text() == "9.81（±0.01 の範囲で正解）"
    assert codes(env) == []


def test_numeric_options_as_lines_after_the_opener():
    tree, env = render(":::quiz\n:answer: ３．１４\n\n円周率は？\n:::\n")
    assert float(tree.find(class_="quiz-key-number").get("data-answer")) == 3.14
    assert codes(env) == []


@pytest.mark.parametrize("number, value", [("9.81", 9.81), ("９．８１", 9.81), ("−3", -3.0), ("1e-3", 0.001), (" 42 ", 42.0)])
def test_numbers_as_authors_write_them(number, value):
    assert parse_number(number) == value


@pytest.mark.parametrize("number", ["", "abc", "nan", "inf", "9.81m"])
def test_what_is_not_a_number(number):
    assert parse_number(number) is None


def test_a_quiz_with_no_correct_choice_is_an_error_at_its_line_and_keeps_its_text():
    text = "# 見出し\n\n:::quiz\nどれか。\n\n- [ ] A\n- [ ] B\n:::\n"
    tree, env = render(text)
    assert codes(env) == [("quiz-no-correct", "error", 3)]
    assert env["diagnostics"][0].col == 1
    quiz = tree.find("div", class_="quiz")
    assert "どれか" in quiz.text() and quiz.find("details") is None and quiz.find("button") is None
    assert "quizzes" not in env


def test_a_quiz_with_no_choices_at_all_is_an_error():
    _, env = render(":::quiz\nただの文章。\n:::\n")
    assert codes(env) == [("quiz-no-correct", "error", 1)]


@pytest.mark.parametrize("opener", [":::quiz{answer=}", ":::quiz{answer=abc}", ":::quiz{tolerance=0.1}", ":::quiz{answer=1 tolerance=x}", ":::quiz{answer=1 tolerance=-1}"])
def test_a_numeric_quiz_without_a_number_is_an_error_at_its_line(opener):
    _, env = render(f"前文。\n\n{opener}\n値は？\n:::\n")
    assert codes(env) == [("quiz-no-number", "error", 3)]


def test_the_error_line_counts_the_front_matter():
    _, env = render(":::quiz\nQ\n:::\n", line_offset=4)
    assert codes(env) == [("quiz-no-correct", "error", 5)]


def test_ids_follow_page_order_and_an_author_id_is_kept():
    text = ":::quiz\nQ\n\n- [x] a\n:::\n\n:::quiz{id=シグモイド sigmoid}\nQ\n\n- [x] a\n:::\n\n:::quiz{id=own}\nQ\n\n- [x] a\n:::\n"
    tree, env = render(text)
    assert [q.get("id") for q in tree.find_all("div", class_="quiz")] == ["quiz-1", "quiz-2", "quiz-own"]


def test_a_broken_quiz_keeps_its_place_in_the_numbering():
    text = ":::quiz\nQ\n\n- [ ] a\n:::\n\n:::quiz\nQ\n\n- [x] a\n:::\n"
    tree, env = render(text)
    assert [q["id"] for q in env["quizzes"]] == ["quiz-2"]


def test_an_ordinary_task_list_outside_a_quiz_is_left_to_the_task_list_rule():
    tree, _ = render("- [ ] 買い物\n- [x] 掃除\n")
    assert len(tree.find_all(class_="task-list-item-checkbox")) == 2


def test_a_quiz_inside_an_exercise_is_no_answer_of_it():
    text = "## 演習問題\n\n### 問題1\n\n問い。\n\n:::quiz\nQ\n\n- [x] a\n- [ ] b\n:::\n"
    tree, env = render(text)
    assert tree.find("section", class_="exercise").find("div", class_="quiz") is not None
    assert env["exercises"][0]["has_answer"] is False


def test_english_texts():
    tree, _ = render(SINGLE, lang="en")
    assert tree.find("button", class_="quiz-check").text() == "Check"
    assert tree.find("details", class_="quiz-solution").find("summary").text() == "Answer and explanations"


def test_an_edition_without_answers_publishes_the_question_and_choices_with_the_notice_only(site):
    from dataclasses import replace

    numeric = ":::quiz{answer=9.8123 tolerance=0.01}\n重力加速度は？\n:::\n"
    site.write({"ja/s/chapter-1.md": "---\ntitle: C1\n---\n" + SINGLE + "\n" + numeric})
    site.config = replace(site.config, answers="withheld")
    result = site.build()
    assert result.errors == 0, result.diagnostics
    html = site.html("ja/s/chapter-1.html")
    tree = parse_html(html)
    assert [i.get("type") for i in tree.find("div", id="quiz-1").find_all("input")] == ["radio"] * 3
    assert tree.find("details", class_="quiz-solution") is None and "data-correct" not in html
    assert "上限がありません" not in html and "入力をそのまま" not in html and "9.8123" not in html
    assert tree.find("button", class_="quiz-check") is None and tree.find(class_="quiz-result") is None
    assert len(tree.find_all(class_="answer-withheld")) == 2


def test_the_site_counts_a_chapters_quizzes_for_progress(site):
    site.write({"ja/s/index.md": "---\ntitle: S\n---\n本文\n", "ja/s/chapter-1.md": "---\ntitle: C1\n---\n" + SINGLE})
    result = site.build()
    assert result.errors == 0, result.diagnostics
    chapter = site.tree("ja/s/chapter-1.html")
    assert chapter.find("script", src="../../assets/quiz.js") is not None
    series = site.tree("ja/s/index.html")
    assert series.find(class_="progress-chapter").get("data-quizzes") == chapter.find("div", id="quiz-1").get("data-key")
    assert (site.output / "assets/quiz.js").is_file()
    assert site.tree("ja/s/index.html").find("script", src="../../assets/quiz.js") is None


def test_check_reports_a_broken_quiz_as_path_line_col(site):
    site.write({"ja/c.md": "---\ntitle: C\n---\n\n:::quiz\nQ\n\n- [ ] a\n:::\n"})
    result = site.build()
    found = [d.format() for d in result.diagnostics if d.code.startswith("quiz")]
    assert found == ["ja/c.md:5:1: error: quiz has no correct choice: mark the right one(s) '- [x]'; it is published as the question alone [quiz-no-correct]"]


def test_the_solution_repeats_a_label_without_repeating_its_ids():
    html, _ = render_html(":::quiz\nQ\n\n- [x] a[^1]\n- [ ] b\n:::\n\n[^1]: note\n", "ja", path="q.md")
    assert html.count('id="fnref1"') == 1


def test_a_result_is_kept_under_the_question_not_its_number():
    """A quiz inserted before another, or a choice reworded, leaves the other's progress key as it was."""
    first, _ = render(SINGLE)
    moved, _ = render(":::quiz\n新しい問い。\n\n- [x] a\n:::\n\n" + SINGLE.replace("恒等関数", "線形関数"))
    key = first.find("div", id="quiz-1").get("data-key")
    assert key.startswith("q") and moved.find("div", id="quiz-2").get("data-key") == key
    assert moved.find("div", id="quiz-1").get("data-key") != key


def test_an_author_id_is_the_progress_key():
    tree, env = render(":::quiz{id=units}\nQ\n\n- [x] a\n:::\n")
    assert tree.find("div", id="quiz-units").get("data-key") == "quiz-units"
    assert env["quizzes"][0]["key"] == "quiz-units"


@pytest.mark.parametrize("opener", [":::quiz{answer=}", ":::quiz{answer= }", ":::quiz{id=g answer=}"])
def test_an_empty_answer_is_reported_as_empty_not_as_missing(opener):
    _, env = render(f"{opener}\n値は？\n:::\n")
    (message,) = [d.message for d in env["diagnostics"] if d.code == "quiz-no-number"]
    assert message.startswith("numeric quiz: answer= has no number after it;")


def test_a_choice_list_joined_with_an_item_without_a_box_names_that_item_at_its_line():
    _, env = render(":::quiz\n問い。\n\n- [x] はい\n- [ ] いいえ\n\n- ふつうの項目\n:::\n")
    (found,) = [d for d in env["diagnostics"] if d.code == "quiz-no-correct"]
    assert (found.level, found.line) == ("error", 7) and "'ふつうの項目', with no box" in found.message
