"""Progress taken along in Chromium: export then import in a fresh browser, continue where you left off,
done marks on the exercises page, the keyboard path, nothing shown without scripting, axe."""

import json

import pytest
from progress_site import CHAPTER, SERIES, built_series

from conftest import StaticServer, axe_violations

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    site = built_series(tmp_path_factory.mktemp("transfer") / "site")
    with StaticServer(site.output) as server:
        yield server


def done_button_of(page, words):
    return page.locator("section.exercise", has_text=words).locator("button.exercise-done")


def test_progress_exported_in_one_browser_is_there_after_importing_it_in_a_fresh_one(new_page, served, tmp_path):
    from playwright.sync_api import expect

    first = new_page(accept_downloads=True)
    first.goto(served.url + CHAPTER)
    done_button_of(first, "k点を増やすと").click()
    expect(done_button_of(first, "k点を増やすと")).to_have_attribute("aria-pressed", "true")
    first.goto(served.url + SERIES)
    with first.expect_download() as waiting:
        first.locator("button.progress-export").click()
    exported = tmp_path / "progress.json"
    waiting.value.save_as(exported)
    record = json.loads(exported.read_text(encoding="utf-8"))
    assert record["manabi"] == "progress" and CHAPTER in record["pages"]

    fresh = new_page()
    fresh.goto(served.url + "index.html")
    expect(fresh.locator(".progress-series").first).to_be_hidden()
    fresh.locator("input.progress-import").set_input_files(str(exported))
    expect(fresh.locator(".progress-transfer-status")).to_have_text("学習記録を読み込みました。")
    expect(fresh.locator(".progress-series").first).to_have_attribute("data-exercises-done", "1")
    fresh.goto(served.url + CHAPTER)
    expect(done_button_of(fresh, "k点を増やすと")).to_have_attribute("aria-pressed", "true")
    expect(done_button_of(fresh, "単位胞とは何か")).to_have_attribute("aria-pressed", "false")


def test_a_file_that_is_no_progress_is_refused_and_changes_nothing(page, served, tmp_path):
    from playwright.sync_api import expect

    wrong = tmp_path / "wrong.json"
    wrong.write_text('{"pages": [1, 2]}', encoding="utf-8")
    page.goto(served.url + SERIES)
    page.locator("input.progress-import").set_input_files(str(wrong))
    expect(page.locator(".progress-transfer-status")).to_have_text("このファイルは manabi の学習記録として読めませんでした。")
    assert page.evaluate("Object.keys(localStorage)") == []


def test_the_home_page_offers_to_continue_with_the_last_chapter_opened(page, served):
    from playwright.sync_api import expect

    page.goto(served.url + "index.html")
    expect(page.locator(".progress-continue")).to_be_hidden()
    page.goto(served.url + CHAPTER)
    expect(page.locator("button.exercise-done").first).to_be_visible()
    page.goto(served.url + "index.html")
    link = page.locator(".progress-continue a")
    expect(link).to_be_visible()
    expect(link).to_contain_text("第2章：最初の計算")
    link.click()
    page.wait_for_url("**/" + CHAPTER)


def test_the_exercises_page_marks_the_exercises_done(page, served):
    from playwright.sync_api import expect

    page.goto(served.url + CHAPTER)
    done_button_of(page, "収束を判定する").click()
    expect(done_button_of(page, "収束を判定する")).to_have_attribute("aria-pressed", "true")
    page.goto(served.url + "exercises.html")
    entries = page.locator(f'.exercise-entry[data-progress-page="{CHAPTER}"]')
    expect(entries.nth(2).locator(".exercise-entry-done")).to_be_visible()
    expect(entries.nth(2)).to_have_attribute("data-done", "true")
    expect(entries.nth(0).locator(".exercise-entry-done")).to_be_hidden()


def test_export_and_import_are_reached_and_used_with_the_keyboard(new_page, served):
    page = new_page(accept_downloads=True)
    page.goto(served.url + SERIES)
    page.locator("button.progress-export").focus()
    with page.expect_download():
        page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    from playwright.sync_api import expect

    # the next stop is the file input, named by its label (Space or Enter then opens the browser's own chooser)
    expect(page.locator("input.progress-import")).to_be_focused()
    expect(page.get_by_label("学習記録をファイルから読み込む")).to_have_class("progress-import")


def test_nothing_to_take_along_is_shown_without_scripting(new_page, served):
    page = new_page(java_script_enabled=False)
    for rel in ("index.html", SERIES):
        page.goto(served.url + rel)
        assert page.locator(".progress-transfer:visible, .progress-continue:visible").count() == 0, rel


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("rel", ["index.html", SERIES, "exercises.html"])
def test_axe_finds_nothing_with_progress_to_take_along(new_page, served, rel, scheme):
    from playwright.sync_api import expect

    page = new_page(color_scheme=scheme)
    page.goto(served.url + CHAPTER)
    done_button_of(page, "単位胞とは何か").click()
    expect(done_button_of(page, "単位胞とは何か")).to_have_attribute("aria-pressed", "true")
    page.goto(served.url + rel)
    if rel == "index.html":
        expect(page.locator(".progress-continue")).to_be_visible()
    else:
        expect(page.locator(".exercise-entry-done:visible, .progress-chapter:visible").first).to_be_visible()
    assert axe_violations(page) == []
