"""Mermaid's dark theme, as the site draws it: an arrow's label is readable (axe color-contrast), and the
colour switch draws a diagram again in the theme it picks (drawn once in light, its dark-grey arrows
vanished on the dark page).

Mermaid 11's dark theme puts a label's #ccc text on #585858, 4.4:1, under the 4.5:1 that text
needs; the site gives the label a darker background.  Waits are Playwright's; no sleeps."""

import pytest

from conftest import Site, StaticServer

pytestmark = pytest.mark.browser

DIAGRAM = """---
title: 図
---
```mermaid
flowchart TD
    S[真ん中を見る] --> Q{小さい?}
    Q -- はい --> R[右半分]
    Q -- いいえ --> L[左半分]
```
"""


def test_an_arrow_label_in_the_dark_theme_meets_the_contrast_text_needs(site: Site, new_page):
    from axe_playwright_python.sync_playwright import Axe

    site.write({"ja/s/chapter1.md": DIAGRAM}).build()
    with StaticServer(site.output) as server:
        page = new_page(color_scheme="dark")
        page.goto(server.url + "ja/s/chapter1.html")
        page.wait_for_function("() => [...document.querySelectorAll('pre.mermaid svg .edgeLabel')].some(e => e.textContent.includes('いいえ'))", timeout=15000)
        result = Axe().run(page, context="pre.mermaid", options={"runOnly": ["color-contrast"]})
        assert [item["id"] for item in result.response["violations"]] == []


def test_the_colour_switch_draws_a_diagram_again_in_the_dark_theme(site: Site, new_page):
    site.write({"ja/s/chapter1.md": DIAGRAM}).build()
    with StaticServer(site.output) as server:
        page = new_page(color_scheme="light")
        page.goto(server.url + "ja/s/chapter1.html")
        label = "document.querySelector('pre.mermaid svg .edgeLabel')"
        page.wait_for_function(f"() => {label} && getComputedStyle({label}).backgroundColor !== 'rgb(43, 43, 43)'", timeout=15000)
        page.click("button.theme-toggle")  # automatic -> light
        page.click("button.theme-toggle")  # light -> dark
        page.wait_for_function(f"() => {label} && getComputedStyle({label}).backgroundColor === 'rgb(43, 43, 43)'", timeout=15000)
        assert page.locator("pre.mermaid svg").count() == 1 and "いいえ" in page.locator("pre.mermaid svg").text_content()
