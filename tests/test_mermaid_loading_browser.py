"""The site's Mermaid bundle never holds back the page's own scripts.

A deferred bundle ran before manabi.js in document order, so on a slow phone the colour switch,
the open-all-answers button and the hints waited for its 0.74 MB.  The bundle is held here until
manabi.js has shown its button; then it is let through and the diagram is drawn.  No sleeps."""

import pytest

from conftest import Site, StaticServer

pytestmark = pytest.mark.browser

CHAPTER = """---
title: 図と演習
---
```mermaid
flowchart LR
    A[分ける] --> B[合わせる]
```

## 演習問題

### 問題1（難易度：easy）

分けて合わせる手順を書いてください。

<details>
<summary>解答例</summary>

分けてから、先頭の小さい方を取り出します。

</details>
"""


def test_manabi_js_runs_while_the_mermaid_bundle_is_still_loading(site: Site, new_page):
    site.write({"ja/s/chapter1.md": CHAPTER}).build()
    with StaticServer(site.output) as server:
        page = new_page()
        held = []
        page.route("**/mermaid-*.min.js", lambda route: held.append(route))
        with page.expect_request("**/mermaid-*.min.js"):
            page.goto(server.url + "ja/s/chapter1.html", wait_until="commit")
        # manabi.js reveals the open-all-answers button while the bundle is still held
        page.wait_for_selector("button.answers-toggle:not([hidden])", timeout=15000)
        assert len(held) == 1 and page.locator("pre.mermaid svg").count() == 0
        held[0].continue_()
        page.wait_for_selector("pre.mermaid svg", timeout=15000)
