"""Small things a learner met (issue 28, part 6), each in a real Chromium: names that say what a control is,
one name per landmark, labelled task lists, the copy button clear of the code on a phone, the printed
appendix's title, and a light/dark switch that is remembered and applied before the first paint.

Waits are Playwright's expectations, which follow the page's own events; no sleeps.
"""

import re
from dataclasses import replace

import pytest

from conftest import Site, StaticServer, axe_violations

pytestmark = pytest.mark.browser

CHAPTER = "ja/l/chapter-1.html"

TEXT = """\
---
title: 第1章：名前のある部品
---
## 本文

触媒は反応を速める[1]。同じ文献を別の箇所でも引用する[1]。別の文献[2]。

- [ ] 教科書を読む
- [x] 演習を解く

```python
print("a very long line of code that scrolls sideways on a phone screen, well past its right edge")
```

## 演習問題

### 問題1（難易度：easy）

触媒の役割を述べよ。

<details><summary>ヒント</summary>

反応速度を考える。

</details>

<details><summary>解答例</summary>

活性化エネルギーを下げる。

</details>

### 問題2（難易度：hard）

平衡は変わるか。

<details><summary>解答例</summary>

変わらない。

</details>

## 参考文献

1. Author, A. (2020). A paper on catalysis. *Journal*, 1, 1-10.
2. Author, B. (2021). Another paper. *Journal*, 2, 11-20.
"""


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    from manabi_ssg.outputs.search.binary import find_binary

    site = Site(tmp_path_factory.mktemp("learner-fixes") / "site")
    site.write({"ja/l/index.md": "---\ntitle: シリーズ\n---\n本文。\n", "ja/l/chapter-1.md": TEXT})
    site.config = replace(site.config, search=find_binary() is not None)
    result = site.build()
    assert result.errors == 0, result.diagnostics
    with StaticServer(site.output) as server:
        server.search = site.config.search
        yield server


def only_rule(page, rule):
    """axe's findings of one rule (experimental ones such as label-content-name-mismatch are not run by default)."""
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page, options={"runOnly": {"type": "rule", "values": [rule]}})
    assert [item["id"] for item in result.response["passes"] + result.response["violations"]] != [] or rule == "label", "the rule ran on nothing"
    return [f"{v['id']}: {[n['target'] for n in v['nodes'][:3]]}" for v in result.response["violations"]]


def test_back_links_say_their_number_in_their_name(page, served):
    from playwright.sync_api import expect

    page.goto(served.url + CHAPTER)
    assert only_rule(page, "label-content-name-mismatch") == []
    backlinks = page.locator("#ref-1 .ref-backlink")
    expect(backlinks).to_have_count(2)
    expect(backlinks.nth(1)).to_have_accessible_name("引用箇所へ戻る 2")
    expect(page.locator("#ref-2 .ref-backlink")).to_have_accessible_name("引用箇所へ戻る")


def test_the_search_page_names_its_two_search_landmarks_apart(page, served):
    if not served.search:
        pytest.skip("Pagefind is not installed: no search page")
    page.goto(served.url + "search.html")
    assert page.get_by_role("search").count() == 2
    assert only_rule(page, "landmark-unique") == []


def test_task_list_checkboxes_are_named_by_their_item(page, served):
    from playwright.sync_api import expect

    page.goto(served.url + CHAPTER)
    expect(page.get_by_role("checkbox", name="教科書を読む")).not_to_be_checked()
    expect(page.get_by_role("checkbox", name="演習を解く")).to_be_checked()
    assert only_rule(page, "label") == []


def test_hint_answer_and_done_controls_name_their_problem(page, served):
    from playwright.sync_api import expect

    page.goto(served.url + CHAPTER)
    # the visible words first (voice control), then the problem (Chromium puts a space before the hidden part)
    expect(page.locator("#exercise-1 details.hint > summary")).to_have_accessible_name(re.compile(r"^ヒント ?（問題1）$"))
    expect(page.locator("#exercise-2 details.answer > summary")).to_have_accessible_name(re.compile(r"^解答例 ?（問題2）$"))
    expect(page.get_by_role("button", name=re.compile(r"^解けた ?（問題2）$"))).to_be_visible()
    assert page.locator("#exercise-1 details.hint > summary .visually-hidden").evaluate("e => e.getBoundingClientRect().width") <= 1


def test_on_a_phone_the_copy_button_covers_no_line_of_a_block_that_scrolls(new_page, served):
    page = new_page(viewport={"width": 390, "height": 844})
    page.goto(served.url + CHAPTER)
    block = page.locator(".code-block").first
    assert block.locator("pre").evaluate("p => p.scrollWidth > p.clientWidth")  # it does scroll sideways
    button = block.locator("button.code-copy").bounding_box()
    first_line = block.locator("pre").evaluate("""p => {
        const range = document.createRange();
        const text = document.createTreeWalker(p, NodeFilter.SHOW_TEXT).nextNode();
        range.setStart(text, 0); range.setEnd(text, 1);
        return range.getBoundingClientRect().top + window.scrollY;
    }""")
    assert button["y"] + button["height"] <= first_line


def test_the_printed_appendix_of_answers_is_titled_answers(page, served):
    page.goto(served.url + CHAPTER)
    page.locator("label[for=print-answers-end]").click()
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    assert page.locator(".answers-appendix > h2").text_content() == "解答"
    page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")


def background(page):
    return page.evaluate("getComputedStyle(document.body).backgroundColor")


def test_the_colour_switch_cycles_is_remembered_and_applies_before_any_deferred_script(new_page, served):
    from playwright.sync_api import expect

    page = new_page(color_scheme="light")
    page.goto(served.url + CHAPTER)
    switch = page.locator("button.theme-toggle")
    expect(switch).to_have_accessible_name("配色: 自動")
    light = background(page)
    switch.click()
    expect(switch).to_have_accessible_name("配色: ライト")
    switch.click()
    expect(switch).to_have_accessible_name("配色: ダーク")
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    dark = background(page)
    assert dark != light
    # the next page gets the choice from the head, before manabi.js (kept from loading here) could run
    page.route("**/assets/manabi.js", lambda route: route.abort())
    page.goto(served.url + "ja/l/index.html")
    assert background(page) == dark
    expect(page.locator("button.theme-toggle")).to_have_accessible_name("配色: ダーク")
    page.unroute("**/assets/manabi.js")
    page.goto(served.url + CHAPTER)
    page.locator("button.theme-toggle").click()  # back to the system's colours, and forgotten
    expect(page.locator("html")).not_to_have_attribute("data-theme", "dark")
    assert page.evaluate("localStorage.getItem('manabi-theme')") is None
    assert background(page) == light


def test_the_colour_switch_works_from_the_keyboard_and_is_hidden_without_scripting(browser, served):
    from playwright.sync_api import expect

    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(served.url + CHAPTER)
        page.locator("button.theme-toggle").focus()
        page.keyboard.press("Enter")
        expect(page.locator("html")).to_have_attribute("data-theme", "light")
        page.keyboard.press("Space")
        expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    finally:
        context.close()
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(served.url + CHAPTER)
        assert not page.locator("button.theme-toggle").is_visible()
    finally:
        context.close()


@pytest.mark.parametrize("system, chosen", [("light", "dark"), ("dark", "light")])
def test_axe_finds_nothing_when_the_chosen_scheme_is_not_the_systems(new_page, served, system, chosen):

    page = new_page(color_scheme=system)
    page.add_init_script(f"localStorage.setItem('manabi-theme', '{chosen}')")
    page.goto(served.url + CHAPTER)
    assert page.evaluate("document.documentElement.dataset.theme") == chosen
    assert axe_violations(page) == []
