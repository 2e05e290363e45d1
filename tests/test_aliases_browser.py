"""A renamed chapter in Chromium: its old address leads to it, and progress kept there is its own."""

import pytest
from test_aliases import renamed

from conftest import StaticServer

pytestmark = pytest.mark.browser

NEW = "ja/mlp/chapter4-applications.html"
OLD = "ja/mlp/chapter4-real-world.html"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    from conftest import Site

    site = Site(tmp_path_factory.mktemp("aliases") / "site")
    assert renamed(site, '"chapter4-real-world.md"').errors == 0
    with StaticServer(site.output) as server:
        yield server


def test_the_old_address_leads_to_the_chapter_without_javascript(new_page, served):
    page = new_page(java_script_enabled=False)
    page.goto(served.url + OLD)
    page.wait_for_url("**/" + NEW)
    assert page.locator("h1").first.inner_text() == "第4章：MLPの実応用"


def test_progress_kept_under_the_old_address_becomes_the_chapters_own(page, served):
    from playwright.sync_api import expect

    key = f"manabi-progress:{served.url}"
    page.goto(served.url + "index.html")
    page.evaluate("([key, old]) => localStorage.setItem(key, JSON.stringify({pages: {[old]: {read: true, done: [], k: 1}}}))", [key, OLD])
    page.goto(served.url + "ja/mlp/index.html")
    counter = page.locator(f'.progress-chapter[data-progress-page="{NEW}"]')
    expect(counter).to_have_attribute("data-read", "true")
    pages = page.evaluate("(key) => JSON.parse(localStorage.getItem(key)).pages", key)
    assert list(pages) == [NEW] and pages[NEW]["read"] is True
