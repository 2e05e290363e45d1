"""Self-check questions in a real Chromium: answered by keyboard, announced, explained, counted in progress, axe clean.

Waits are Playwright's expectations, which follow the page's own events; no sleeps.
"""

import pytest

from conftest import Site, StaticServer, axe_violations

pytestmark = pytest.mark.browser

CHAPTER = "ja/q/chapter-1.html"
SERIES = "ja/q/index.html"

QUIZZES = """\
---
title: 第1章：確認問題
---
## 活性化関数

:::quiz
活性化関数として出力が0から1に収まるのはどれか。

- [ ] ReLU
  正の入力には上限がありません。
- [x] シグモイド
- [ ] 恒等関数
  入力をそのまま返すので、範囲は限られません。
:::

:::quiz
正しいものをすべて選べ。

- [x] シグモイドは微分可能
- [x] ReLUは負の入力で0を返す
- [ ] 恒等関数は非線形
  恒等関数は線形です。
:::

:::quiz{answer=9.81 tolerance=0.01}
地表での重力加速度は何 m/s² か。
:::

## 演習問題

### 問題1

シグモイドを微分せよ。

<details><summary>解答例</summary>

σ(1-σ)

</details>
"""


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    site = Site(tmp_path_factory.mktemp("quiz-browser") / "site")
    site.write({"ja/q/index.md": "---\ntitle: 確認問題のシリーズ\n---\n本文。\n", "ja/q/chapter-1.md": QUIZZES})
    result = site.build()
    assert result.errors == 0, result.diagnostics
    with StaticServer(site.output) as server:
        yield server


def open_chapter(page, served):
    page.goto(served.url + CHAPTER)
    page.wait_for_load_state("load")
    return page


def test_a_learner_answers_wrong_then_right_with_the_keyboard_and_hears_each_result(page, served):
    from playwright.sync_api import expect

    open_chapter(page, served)
    quiz = page.locator("#quiz-1")
    result = quiz.locator(".quiz-result")
    expect(result).to_have_attribute("aria-live", "polite")
    page.focus("#quiz-1-choice-1")
    page.keyboard.press("Space")  # ReLU
    expect(page.locator("#quiz-1-choice-1")).to_be_checked()
    page.keyboard.press("Tab")  # out of the radio group: the check button
    assert page.evaluate("document.activeElement.className") == "quiz-check"
    page.keyboard.press("Enter")
    expect(result).to_have_text("不正解です。 ReLU：正の入力には上限がありません。")
    wrong = quiz.locator('.quiz-choice[data-choice="1"]')
    expect(wrong).to_have_attribute("data-state", "wrong")
    expect(wrong.locator(".quiz-feedback")).to_contain_text("正の入力には上限がありません。")
    expect(quiz.locator(".quiz-solution")).to_be_hidden()

    page.keyboard.press("Shift+Tab")  # back into the group, on the checked radio
    page.keyboard.press("ArrowDown")  # シグモイド
    expect(page.locator("#quiz-1-choice-2")).to_be_checked()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(result).to_have_text("正解です。")
    expect(quiz.locator(".quiz-feedback")).to_have_count(0)
    expect(quiz.locator('.quiz-choice[data-choice="2"]')).to_have_attribute("data-state", "right")
    expect(quiz.locator(".quiz-solution")).to_be_visible()


def test_a_multiple_choice_missing_a_right_choice_says_so(page, served):
    from playwright.sync_api import expect

    open_chapter(page, served)
    page.locator("#quiz-2-choice-1").check()
    page.locator("#quiz-2 .quiz-check").click()
    expect(page.locator("#quiz-2 .quiz-result")).to_have_text("不正解です。 正しい選択肢がほかにもあります。")
    page.locator("#quiz-2-choice-2").check()
    page.locator("#quiz-2 .quiz-check").click()
    expect(page.locator("#quiz-2 .quiz-result")).to_have_text("正解です。")


def test_checking_with_nothing_chosen_asks_for_a_choice(page, served):
    from playwright.sync_api import expect

    open_chapter(page, served)
    page.locator("#quiz-1 .quiz-check").click()
    expect(page.locator("#quiz-1 .quiz-result")).to_have_text("選択肢を選んでから答え合わせをしてください。")


def test_a_number_is_checked_within_its_tolerance_as_a_learner_types_it(page, served):
    from playwright.sync_api import expect

    open_chapter(page, served)
    field = page.locator("#quiz-3-input")
    result = page.locator("#quiz-3 .quiz-result")
    field.fill("9.7")
    field.press("Enter")
    expect(result).to_have_text("不正解です。")
    expect(field).to_have_attribute("aria-invalid", "true")
    field.fill("９．８１５")  # full-width, as a Japanese keyboard types it
    field.press("Enter")
    expect(result).to_have_text("正解です。")
    field.fill("abc")
    field.press("Enter")
    expect(result).to_have_text("数値を入力してください。")


def test_the_answer_can_be_revealed(page, served):
    from playwright.sync_api import expect

    open_chapter(page, served)
    page.locator("#quiz-1 .quiz-reveal").click()
    expect(page.locator("#quiz-1 .quiz-result")).to_have_text("正解：シグモイド")
    expect(page.locator('#quiz-1 .quiz-choice[data-choice="2"]')).to_have_attribute("data-state", "answer")
    expect(page.locator("#quiz-1 .quiz-solution")).to_be_visible()
    page.locator("#quiz-3 .quiz-reveal").click()
    expect(page.locator("#quiz-3 .quiz-result")).to_have_text("正解：9.81（±0.01 の範囲で正解）")


def test_a_right_answer_counts_in_progress_on_the_series_page(page, served):
    from playwright.sync_api import expect

    open_chapter(page, served)
    page.locator("#quiz-1-choice-2").check()
    page.locator("#quiz-1 .quiz-check").click()
    expect(page.locator("#quiz-1 .quiz-result")).to_have_text("正解です。")
    page.locator("#quiz-2-choice-3").check()
    page.locator("#quiz-2 .quiz-check").click()  # wrong: not counted
    expect(page.locator("#quiz-2 .quiz-result")).to_contain_text("不正解")
    page.goto(served.url + SERIES)
    counter = page.locator(f'.progress-chapter[data-progress-page="{CHAPTER}"]')
    expect(counter).to_have_attribute("data-quizzes-right", "1")
    expect(counter).to_be_visible()
    expect(counter).to_contain_text("確認問題 1/3 問 正解")
    page.goto(served.url + "index.html")
    expect(page.locator(".progress-series").first).to_have_attribute("data-quizzes-right", "1")


def test_without_javascript_the_solution_is_a_closed_details_and_nothing_to_press(browser, served):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(served.url + CHAPTER)
        solution = page.locator("#quiz-1 details.quiz-solution")
        assert solution.is_visible() and solution.evaluate("d => d.open") is False
        assert page.locator(".quiz-check:visible, .quiz-reveal:visible").count() == 0
        assert page.locator("#quiz-1 .quiz-choice").count() == 3
    finally:
        context.close()


def test_print_shows_the_choices_and_the_solution_without_the_buttons(page, served):
    open_chapter(page, served)
    page.emulate_media(media="print")
    assert page.locator("#quiz-1 .quiz-choice").first.is_visible()
    assert page.locator("#quiz-1 .quiz-solution").is_visible()
    assert page.locator("#quiz-1 .quiz-solution .quiz-why").first.is_visible()
    assert page.locator(".quiz-check:visible").count() == 0


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1280])
def test_axe_finds_nothing_with_results_shown(new_page, served, scheme, width):
    from playwright.sync_api import expect

    page = open_chapter(new_page(color_scheme=scheme, viewport={"width": width, "height": 900}), served)
    page.locator("#quiz-1-choice-1").check()
    page.locator("#quiz-1 .quiz-check").click()
    expect(page.locator("#quiz-1 .quiz-feedback")).to_be_visible()
    page.locator("#quiz-2 .quiz-reveal").click()
    page.locator("#quiz-3-input").fill("1")
    page.locator("#quiz-3 .quiz-check").click()
    expect(page.locator("#quiz-3 .quiz-result")).to_have_text("不正解です。")
    assert axe_violations(page) == []


def test_open_all_answers_opens_the_exercises_not_the_quizzes_solutions(page, served):
    from playwright.sync_api import expect

    open_chapter(page, served)
    toggle = page.locator("button.answers-toggle")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")  # every answer it handles is open
    assert page.locator("#exercise-1 details.answer").evaluate("d => d.open")
    assert page.locator("details.quiz-solution").evaluate_all("ds => ds.map(d => d.open)") == [False, False, False]
    expect(page.locator("#quiz-1 .quiz-solution")).to_be_hidden()
