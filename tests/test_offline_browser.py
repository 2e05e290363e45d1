"""Offline reading in Chromium: press the control, go offline, every chapter opens, another series shows what is saved."""

import pytest
from test_offline import built

from conftest import StaticServer, axe_violations

pytestmark = pytest.mark.browser

CHAPTERS = ["ja/kiso/chapter-1.html", "ja/kiso/chapter-2.html", "ja/kiso/chapter-3.html"]


SAVED = "保存しました。ネットワークがなくてもこの連載を読めます。"


def save_series(page, url: str) -> None:
    """Open a series page and press its control, as a learner does, until it says the series is saved."""
    from playwright.sync_api import expect

    page.goto(url)
    page.locator("button.offline-save").click()
    expect(page.locator(".offline-status")).to_have_text(SAVED)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    site = built(tmp_path_factory.mktemp("offline") / "site")
    with StaticServer(site.output, prefix="/course") as server:  # under a sub-path, as a project page is
        yield server


def test_a_saved_series_reads_offline_and_a_page_not_saved_lists_what_is(new_page, served):
    from playwright.sync_api import expect

    page = new_page()
    page.goto(served.url + "ja/kiso/index.html")
    assert page.evaluate("navigator.serviceWorker.getRegistrations().then((r) => r.length)") == 0  # none until pressed
    control = page.locator("button.offline-save")
    expect(control).to_contain_text("MB")
    control.click()
    expect(page.locator(".offline-status")).to_have_text(SAVED)
    page.context.set_offline(True)
    for url in CHAPTERS:
        page.goto(served.url + url)
        expect(page.locator("main h1")).to_be_visible()
    page.goto(served.url + "ja/kiso/chapter-2.html")
    expect(page.locator("section.exercise").first).to_be_visible()
    page.goto(served.url + "ja/other/chapter-1.html")
    expect(page.locator(".offline-saved a")).to_have_text("材料計算きそシリーズ")  # the saved series' title
    page.context.set_offline(False)
    page.goto(served.url + "ja/kiso/index.html")
    page.locator("button.offline-remove").click()
    expect(page.locator(".offline-status")).to_have_text("オフライン保存を削除しました。")
    assert page.evaluate("caches.keys().then((k) => k.length)") == 0
    assert page.evaluate("navigator.serviceWorker.getRegistrations().then((r) => r.length)") == 0  # nothing saved, no worker


def test_without_javascript_the_control_is_not_shown(new_page, served):
    page = new_page(java_script_enabled=False)
    page.goto(served.url + "ja/kiso/index.html")
    assert page.locator(".offline-control:visible").count() == 0


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_on_a_series_page_with_the_control(new_page, served, scheme):
    from playwright.sync_api import expect

    page = new_page(color_scheme=scheme)
    page.goto(served.url + "ja/kiso/index.html")
    expect(page.locator("button.offline-save")).to_contain_text("MB")
    assert axe_violations(page) == []


def test_search_finds_a_chapter_of_the_saved_series_offline(new_page, tmp_path):
    from test_search_browser import header_search

    site = built(tmp_path / "site", search=True)
    with StaticServer(site.output) as server:
        page = new_page()
        save_series(page, server.url + "ja/kiso/index.html")
        page.context.set_offline(True)
        page.goto(server.url + "ja/kiso/chapter-1.html")
        assert "/ja/kiso/chapter-3.html" in [result["page"] for result in header_search(page, "結果を読む")]


def test_a_new_build_replaces_the_saved_series_and_tells_the_learner(new_page, tmp_path):
    from playwright.sync_api import expect

    site = built(tmp_path / "site")
    with StaticServer(site.output) as server:
        page = new_page()
        save_series(page, server.url + "ja/kiso/index.html")
        chapter = site.content / "ja/kiso/chapter-1.md"
        chapter.write_text(chapter.read_text(encoding="utf-8") + "\n新しい版で足した一文。\n", encoding="utf-8")
        assert site.build().errors == 0
        page.goto(server.url + "ja/kiso/index.html")
        page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.update())")
        expect(page.locator(".offline-status")).to_have_text("保存した連載を新しい版に更新しました。", timeout=20000)
        assert len(page.evaluate("caches.keys()")) == 1  # the old build's cache is gone
        page.context.set_offline(True)
        page.goto(server.url + "ja/kiso/chapter-1.html")
        expect(page.locator("main")).to_contain_text("新しい版で足した一文。")


def test_over_file_the_control_is_not_shown(new_page, tmp_path):
    site = built(tmp_path / "site")
    page = new_page()
    page.goto((site.output / "ja/kiso/index.html").as_uri())
    page.wait_for_load_state("load")  # offline.js is deferred: it has run by the load event
    assert page.locator(".offline-control:visible").count() == 0


def test_a_series_updated_while_the_learner_read_a_chapter_is_announced_on_the_series_page(new_page, tmp_path):
    import json

    from playwright.sync_api import expect

    site = built(tmp_path / "site")
    with StaticServer(site.output) as server:
        page = new_page()
        save_series(page, server.url + "ja/kiso/index.html")
        chapter = site.content / "ja/kiso/chapter-2.md"
        chapter.write_text(chapter.read_text(encoding="utf-8") + "\n新しい版の一文。\n", encoding="utf-8")
        assert site.build().errors == 0
        build = json.loads((site.output / "ja/kiso/offline.json").read_text(encoding="utf-8"))["build"]
        page.goto(server.url + "ja/kiso/chapter-1.html")  # a chapter: no control, no script to hear the worker
        page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.update())")
        page.wait_for_function("(build) => caches.keys().then((k) => k.length === 1 && k[0].endsWith('|' + build))", arg=build)
        page.goto(server.url + "ja/kiso/index.html")
        expect(page.locator(".offline-status")).to_have_text("保存した連載を新しい版に更新しました。")
        page.reload()  # said once
        page.wait_for_selector(".offline-control[data-checked]", state="attached")
        assert page.locator(".offline-status").text_content() == ""


def test_a_diagram_of_a_saved_series_draws_offline(new_page, tmp_path):
    from playwright.sync_api import expect

    site = built(tmp_path / "site")
    site.write({"ja/other/chapter-1.md": "---\ntitle: 図の章\n---\n\n# 図の章\n\n```mermaid\ngraph LR\n  A[入力] --> B[出力]\n```\n"})
    assert site.build().errors == 0
    with StaticServer(site.output) as server:
        page = new_page()
        save_series(page, server.url + "ja/other/index.html")
        page.context.set_offline(True)
        page.goto(server.url + "ja/other/chapter-1.html")
        expect(page.locator("pre.mermaid svg .node").first).to_be_visible(timeout=20000)
