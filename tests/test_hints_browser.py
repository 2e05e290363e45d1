"""Hints one at a time in a real Chromium: the first shows, "ヒント 2/3" opens the next (by keyboard too),
the help an exercise took is recorded and shown (chapter and series page), without JavaScript every hint
is a plain <details>, axe finds nothing.  Waits are Playwright's expectations; no sleeps."""

import re
import pytest

from conftest import Site, StaticServer, axe_violations

pytestmark = pytest.mark.browser

CHAPTER = "ja/s/chapter-1.html"
SERIES = "ja/s/index.html"
CONTENT = {
    "ja/s/index.md": "---\ntitle: シリーズ\n---\n紹介。\n",
    "ja/s/chapter-1.md": """\
---
title: 第1章
---
## 演習問題

### 問題1（難易度：easy）

問い一。

<details><summary>ヒント1</summary>
HINT-A
</details>

<details><summary>ヒント2</summary>
HINT-B
</details>

<details><summary>ヒント3</summary>
HINT-C
</details>

<details><summary>解答例</summary>
ANSWER-A
</details>

### 問題2

問い二。

:::hint
HINT-D
:::

:::hint
HINT-E
:::

:::answer
ANSWER-B
:::

### 問題3

問い三。

<details><summary>解答例</summary>
ANSWER-C
</details>
""",
    # answers withheld until a day far ahead: the notice in each answer's place, checked by axe below
    "ja/s/chapter-2.md": "---\ntitle: 第2章\nanswers_from: 2999-01-01\n---\n## 演習問題\n\n### 問題1\n\n問い。\n\n"
                         "<details><summary>ヒント1</summary>\nHINT-F\n</details>\n\n<details><summary>ヒント2</summary>\nHINT-G\n</details>\n\n"
                         "<details><summary>解答例</summary>\nANSWER-F\n</details>\n",
}


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    site = Site(tmp_path_factory.mktemp("hints") / "site")
    site.write(CONTENT).build()
    server = StaticServer(site.output)
    yield server
    server.close()


def hints(page, n):
    return page.locator(f"#exercise-{n} details.hint")


def test_first_hint_shows_and_the_button_opens_the_next_by_keyboard(page, served):
    from playwright.sync_api import expect

    page.goto(served.url + CHAPTER)
    first = hints(page, 1)
    expect(first.nth(0)).to_be_visible()
    expect(first.nth(1)).to_be_hidden()
    expect(first.nth(2)).to_be_hidden()
    button = page.locator("#exercise-1 button.hint-next")
    expect(button.locator(".hint-next-words")).to_have_text("ヒント 2/3")
    expect(button).to_have_accessible_name(re.compile(r"^ヒント 2/3 ?（問題1）$"))  # named with its problem too
    button.focus()
    page.keyboard.press("Enter")
    expect(first.nth(1)).to_be_visible()
    expect(first.nth(1)).to_have_attribute("open", "")
    expect(first.nth(1).locator("summary")).to_be_focused()  # the hint just opened, read next
    expect(first.nth(2)).to_be_hidden()
    expect(button.locator(".hint-next-words")).to_have_text("ヒント 3/3")
    expect(button).to_have_accessible_name(re.compile(r"^ヒント 3/3 ?（問題1）$"))
    page.keyboard.press("Tab")  # the hint's text holds no control: the next stop is the button, now after hint 2
    expect(button).to_be_focused()
    page.keyboard.press("Space")
    expect(first.nth(2)).to_be_visible()
    expect(page.locator("#exercise-1 button.hint-next")).to_have_count(0)  # every hint is open: no button left
    expect(hints(page, 2).nth(1)).to_be_hidden()  # another exercise's hints are its own


def test_help_taken_is_recorded_per_exercise_and_counted_on_the_series_page(page, served):
    from playwright.sync_api import expect

    page.goto(served.url + CHAPTER)
    hints(page, 1).nth(0).locator("summary").click()  # a hint opened: solved with hints
    page.locator("#exercise-2 details.answer summary").click()  # the answer read
    for n in (1, 2, 3):
        page.locator(f"#exercise-{n} button.exercise-done").click()
    expect(page.locator("#exercise-1 .exercise-help")).to_have_text("ヒントを見て解けた")
    expect(page.locator("#exercise-2 .exercise-help")).to_have_text("解答を読んでから解けた")
    expect(page.locator("#exercise-3 .exercise-help")).to_have_text("ヒントなしで解けた")
    page.reload()
    expect(page.locator("#exercise-2 .exercise-help")).to_have_text("解答を読んでから解けた")

    page.goto(served.url + SERIES)
    counter = page.locator(f'.progress-chapter[data-progress-page="{CHAPTER}"]')
    expect(counter).to_have_attribute("data-unaided", "1")
    expect(counter).to_contain_text("うちヒントなし 1 問")


def test_open_all_answers_counts_as_reading_each_answer(page, served):
    from playwright.sync_api import expect

    page.goto(served.url + CHAPTER)
    toggle = page.locator("button.answers-toggle")
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    page.locator("#exercise-3 button.exercise-done").click()
    expect(page.locator("#exercise-3 .exercise-help")).to_have_text("解答を読んでから解けた")


def test_printing_opens_no_hint_in_the_record(page, served):
    """manabi.js opens every <details> to print: that is no help the learner took."""
    from playwright.sync_api import expect

    page.goto(served.url + CHAPTER)
    page.evaluate("window.dispatchEvent(new Event('beforeprint')); window.dispatchEvent(new Event('afterprint'))")
    page.locator("#exercise-3 button.exercise-done").click()
    expect(page.locator("#exercise-3 .exercise-help")).to_have_text("ヒントなしで解けた")


def test_without_javascript_every_hint_is_a_plain_details(browser, served):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(served.url + CHAPTER)
        assert page.locator("#exercise-1 details.hint:visible").count() == 3
        assert page.locator(".hint-next:visible").count() == 0
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1280])
def test_axe_finds_nothing_where_answers_are_withheld(browser, served, scheme, width):
    from playwright.sync_api import expect

    context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        page.goto(served.url + "ja/s/chapter-2.html")
        expect(page.locator("#exercise-1 .answer-withheld")).to_have_text("解答は 2999-01-01 に公開します。")
        page.locator("#exercise-1 button.hint-next").click()
        expect(hints(page, 1).nth(1)).to_be_visible()
        assert axe_violations(page) == []
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1280])
def test_axe_finds_nothing_with_hints_stepped(browser, served, scheme, width):
    from playwright.sync_api import expect

    context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        page.goto(served.url + CHAPTER)
        page.locator("#exercise-1 button.hint-next").click()
        expect(hints(page, 1).nth(1)).to_be_visible()
        page.locator("#exercise-1 button.exercise-done").click()
        expect(page.locator("#exercise-1 .exercise-help")).to_have_text("ヒントを見て解けた")
        assert axe_violations(page) == []
    finally:
        context.close()
