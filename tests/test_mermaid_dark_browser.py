"""Mermaid's dark theme, as the site draws it: an arrow's label is readable (axe color-contrast).

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
