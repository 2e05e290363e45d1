"""The series map in Chromium: boxes show progress, the keyboard goes through the list only, axe finds nothing."""

import pytest

from conftest import StaticServer, axe_violations
from test_series_map import chapter

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    from conftest import Site

    site = Site(tmp_path_factory.mktemp("map") / "site")
    site.write({
        "ja/kiso/index.md": '---\ntitle: "きそ"\n---\n# きそ\n\n導入。\n',
        "ja/kiso/chapter-1.md": chapter("第1章：はじめに", 1, ["基礎的な材料科学知識"]),
        "ja/kiso/chapter-2.md": chapter("第2章：計算", 2, ["第1章"]),
        "ja/kiso/chapter-3.md": chapter("第3章：結晶", 3, ["第1章"]),
        "ja/kiso/chapter-4.md": chapter("第4章：まとめ", 4, ["第2章", "第3章"]),
    })
    assert site.build().errors == 0
    with StaticServer(site.output) as server:
        yield server


def test_a_box_shows_its_chapter_read(page, served):
    from playwright.sync_api import expect

    page.goto(served.url + "ja/kiso/chapter-3.html")
    expect(page.locator("button.chapter-read")).to_have_attribute("aria-pressed", "true")  # a short chapter's end is in view: read
    page.goto(served.url + "ja/kiso/index.html")
    expect(page.locator('.map-node[data-progress-page="ja/kiso/chapter-3.html"]')).to_have_attribute("data-read", "true")
    expect(page.locator('.map-node[data-progress-page="ja/kiso/chapter-2.html"]')).to_have_attribute("data-read", "false")
    expect(page.locator('.map-node[data-progress-page="ja/kiso/chapter-3.html"] .map-check')).to_be_visible()
    expect(page.locator('.map-node[data-progress-page="ja/kiso/chapter-2.html"] .map-check')).to_be_hidden()


def test_a_box_is_a_link_for_the_pointer(page, served):
    page.goto(served.url + "ja/kiso/index.html")
    page.locator('.map-node[data-progress-page="ja/kiso/chapter-4.html"]').click()
    page.wait_for_url("**/ja/kiso/chapter-4.html")


def test_the_keyboard_reaches_every_chapter_through_the_list_and_never_the_hidden_drawing(page, served):
    page.goto(served.url + "ja/kiso/index.html")
    reached = []
    for _ in range(40):
        page.keyboard.press("Tab")
        where = page.evaluate("""() => { const a = document.activeElement;
            return [a.closest('svg') ? 'svg' : (a.closest('.series-map-list') ? 'list' : 'other'), a.getAttribute('href') || ''] }""")
        reached.append(tuple(where))
    assert not [r for r in reached if r[0] == "svg"]
    in_list = [href for place, href in reached if place == "list"]
    assert list(dict.fromkeys(in_list)) == [f"chapter-{n}.html" for n in range(1, 5)]  # 40 presses go round the page: once each


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_on_a_series_page_with_its_map(new_page, served, scheme, width):

    page = new_page(color_scheme=scheme, viewport={"width": width, "height": 900})
    page.goto(served.url + "ja/kiso/index.html")
    page.locator(".series-map svg").wait_for()
    assert axe_violations(page) == []
