"""Progress follows the exercise, not its number: a problem inserted first, marks kept under numbers before keys."""

import re
import shutil

import pytest
from progress_site import CHAPTER, SERIES, built_series

from conftest import StaticServer

pytestmark = pytest.mark.browser


def served(site, folder):
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(site.output, folder)


def done_button_of(page, words):
    """The done toggle of the exercise whose text holds ``words``."""
    return page.locator("section.exercise", has_text=words).locator("button.exercise-done")


def record(page, server):
    return page.evaluate("(key) => JSON.parse(localStorage.getItem(key))", f"manabi-progress:{server.url}")


def test_marks_stay_on_their_problems_when_a_new_problem_1_is_inserted(page, tmp_path):
    from playwright.sync_api import expect

    site = built_series(tmp_path / "site")
    host = tmp_path / "host"
    served(site, host)
    with StaticServer(host) as server:
        page.goto(server.url + CHAPTER)
        done_button_of(page, "k点を増やすと").click()
        done_button_of(page, "収束を判定する").click()
        expect(done_button_of(page, "収束を判定する")).to_have_attribute("aria-pressed", "true")

        chapter = site.content / "ja/kiso/chapter-2.md"
        text = chapter.read_text(encoding="utf-8")
        text = re.sub(r"### 問題(\d)", lambda m: f"### 問題{int(m.group(1)) + 1}", text)
        text = text.replace("## 演習問題\n", "## 演習問題\n\n### 問題1（難易度：easy）\n\n新しく加えた最初の問題です。\n\n"
                                              "<details>\n<summary>解答例</summary>\n\n答え。\n\n</details>\n")
        chapter.write_text(text, encoding="utf-8")
        assert site.build().errors == 0
        served(site, host)

        page.reload()
        expect(page.locator("#exercise-1")).to_contain_text("新しく加えた最初の問題")
        expect(done_button_of(page, "k点を増やすと")).to_have_attribute("aria-pressed", "true")
        expect(done_button_of(page, "収束を判定する")).to_have_attribute("aria-pressed", "true")
        expect(done_button_of(page, "新しく加えた最初の問題")).to_have_attribute("aria-pressed", "false")
        expect(done_button_of(page, "単位胞とは何か")).to_have_attribute("aria-pressed", "false")
        page.goto(server.url + SERIES)
        counter = page.locator(f'.progress-chapter[data-progress-page="{CHAPTER}"]')
        expect(counter).to_have_attribute("data-done", "2")
        expect(counter).to_have_attribute("data-total", "4")


@pytest.mark.parametrize("first", [SERIES, CHAPTER])
def test_marks_kept_under_numbers_before_keys_move_to_the_problems_that_had_them(page, tmp_path, first):
    from playwright.sync_api import expect

    site = built_series(tmp_path / "site")
    with StaticServer(site.output) as server:
        page.goto(server.url + "index.html")
        page.evaluate("([key, page]) => localStorage.setItem(key, JSON.stringify({pages: {[page]: {read: true, done: ['exercise-2']}}}))",
                      [f"manabi-progress:{server.url}", CHAPTER])
        page.goto(server.url + first)
        if first == SERIES:
            expect(page.locator(f'.progress-chapter[data-progress-page="{CHAPTER}"]')).to_have_attribute("data-done", "1")
            page.goto(server.url + CHAPTER)
        expect(done_button_of(page, "k点を増やすと")).to_have_attribute("aria-pressed", "true")
        expect(done_button_of(page, "単位胞とは何か")).to_have_attribute("aria-pressed", "false")
        button = done_button_of(page, "k点を増やすと")
        keys = [button.get_attribute("data-exercise"), *(button.get_attribute("data-keys") or "").split()]
        assert record(page, server)["pages"][CHAPTER] == {"read": True, "done": keys, "k": 1}
