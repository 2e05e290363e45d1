"""Reading on a phone and at a desk, in a real Chromium: a page that does not
move while it loads, contents that follow the reader, citations, tab stops,
code copy, print choices and the exercises filter.

The site is built from a long chapter written here (not the seed chapter):
many sections, tables wide and narrow, code, citations, a case study and
exercises with answers, so the contents list scrolls and the page is long.
"""

from __future__ import annotations

import functools
import io
import threading
from dataclasses import replace
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import write_tree

from manabi_ssg.build import build
from manabi_ssg.site.config import Config

pytestmark = pytest.mark.browser

CHAPTER = "ja/reading/chapter2.html"
LONG_CHAPTER = "ja/reading/chapter3.html"  # long enough (about 200 KB) to stream in over a slow network
SEED_CHAPTER = "ja/reading/chapter4.html"  # the repository's own long chapter (case studies, exercises, 47,000 px on a phone)
SEED_SOURCE = Path(__file__).resolve().parent.parent / "content/ja/mlp-introduction/chapter4-real-world.md"
SCRIPT_DELAY_MS = 800  # manabi.js arrives this long after the page's first paint


def _section(n: int) -> str:
    """One numbered section of the fixture chapter, about two phone screens long."""
    text = (f"この節では{n}番目の話題を扱います。計算の手順を順に確かめ、結果を表にまとめます[{(n % 3) + 1}]。"
            "長い段落は読みやすさの試験にもなります。" * 3)
    return f"""
## 2.{n} 話題{n}の説明

{text}

### 2.{n}.1 手順

{text}

- 手順一：データを読む
- 手順二：計算する
- 手順三：確かめる

| 項目 | 値 |
|---|---|
| 件数 | {n * 10} |
| 平均 | {n}.5 |
"""


WIDE = " | ".join(f"列{n}の長い見出し" for n in range(1, 13))
WIDE_CELLS = " | ".join(f"値{n}：長いセルの内容" for n in range(1, 13))

FIXTURE = {
    "index.md": "---\ntitle: 読みやすさ試験サイト\n---\n# 読みやすさ試験サイト\n\n試験用のサイトです。\n",
    "ja/reading/index.md": "---\ntitle: 読みやすさ試験シリーズ\ndescription: 長い章の試験\n---\n試験用のシリーズです。\n",
    "ja/reading/chapter1.md": "---\ntitle: \"第1章：短い章\"\nseries_order: 1\n---\n## 1.1 はじめに\n\n短い本文です。\n",
    "ja/reading/chapter3.md": "---\ntitle: \"第3章：とても長い章\"\nseries_order: 3\n---\n" + "".join(_section(n) for n in range(1, 61)),
    "ja/reading/chapter2.md": """---
title: "第2章：長い章の試験"
subtitle: "目次と引用と演習"
level: intermediate
estimated_time: "30分"
series_order: 2
learning_objectives: ["前付けの目標"]
---
## 学習目標

- 本文に書いた目標を確かめる

""" + "".join(_section(n) for n in range(1, 9)) + f"""
## 2.9 ケーススタディ1：試験の事例

**研究グループ**: 試験研究室[2]
**定量的インパクト**: 計算時間を半分に短縮[3]

事例の本文です。結果は表のとおりです[1]。

## 2.10 広い表とコード

| {WIDE} |
|{"---|" * 12}
| {WIDE_CELLS} |

```python
def mean(values: list[float]) -> float:
    return sum(values) / len(values)
```

## 演習問題

### 問題1（難易度：easy）

平均を求めてください。

<details>
<summary>解答例</summary>

合計を件数で割ります。

</details>

### 問題2（難易度：hard）

分散を求めてください。

<details>
<summary>ヒント</summary>

平均からの差を二乗します。

</details>

<details>
<summary>解答例</summary>

差の二乗の平均です。

</details>

## 参考文献

1. 試験著者 (2024). 試験の文献その一. 試験出版.
2. 試験著者 (2023). 試験の文献その二. 試験出版.
3. 試験著者 (2022). 試験の文献その三. 試験出版.
""",
}


class HeldScriptServer:
    """Serves the built site.  While ``hold`` is set, a page is sent up to the
    end of its ``<main>`` and the rest waits for ``rest`` (what streams in
    late on a slow network), and ``manabi.js`` waits for ``release`` (a late
    script)."""

    def __init__(self, root: Path):
        class Handler(SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                if self.path.endswith("/manabi.js") and self.server.hold:
                    self.server.release.wait(timeout=30)
                if self.path.endswith(".html") and self.server.hold:
                    return self._in_two_parts()
                super().do_GET()

            def _in_two_parts(self):
                body = (root / self.path.lstrip("/")).read_bytes()
                cut = body.index(b"</main>")
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body[:cut])
                self.wfile.flush()
                self.server.rest.wait(timeout=30)
                self.wfile.write(body[cut:])

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(root)))
        self.httpd.hold = False
        self.httpd.release = threading.Event()
        self.httpd.rest = threading.Event()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("reading-site")
    write_tree(root / "content", {**FIXTURE, "ja/reading/chapter4.md": SEED_SOURCE.read_text(encoding="utf-8")})
    config = replace(Config(root=root, search=False), title="試験")
    result = build(config)
    assert result.errors == 0, [d.format() for d in result.diagnostics]
    srv = HeldScriptServer(config.output_path)
    yield srv
    srv.close()


PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 1, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}

TWO_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


def open_page(page, server, rel: str):
    response = page.goto(server.url + rel)
    assert response is not None and response.ok, rel
    page.wait_for_load_state("load")
    page.evaluate(TWO_FRAMES)
    return page


# ---------------------------------------------------------------- layout shift

# Every shift counts: the test gives no input, yet Chromium marks shifts in a
# page opened by Playwright as "hadRecentInput", which a CLS filter would drop.
CLS_OBSERVER = """
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.__shifts.push(entry.value);
}).observe({ type: "layout-shift", buffered: true });
"""


@pytest.mark.parametrize("rel", [LONG_CHAPTER, SEED_CHAPTER, "ja/reading/index.html", "index.html", "exercises.html"])
def test_page_does_not_shift_while_loading_on_a_slow_phone_with_a_late_script(new_page, server, rel):
    page = new_page(**PHONE)
    page.add_init_script(CLS_OBSERVER)
    cdp = page.context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": 150, "downloadThroughput": 1.6 * 1024 * 1024 / 8, "uploadThroughput": 750 * 1024 / 8,
    })
    server.httpd.hold = True
    server.httpd.release.clear()
    server.httpd.rest.clear()
    try:
        page.goto(server.url + rel, wait_until="commit")
        # the page is painted up to the end of <main>; then the rest arrives (contents, series, footer) ...
        page.wait_for_function("() => performance.getEntriesByName('first-contentful-paint').length > 0", polling=50)
        page.evaluate(TWO_FRAMES)
        server.httpd.rest.set()
        # ... and the script 800 ms after the first paint
        page.wait_for_function(
            "(ms) => { const p = performance.getEntriesByName('first-contentful-paint')[0]; return p && performance.now() > p.startTime + ms; }",
            arg=SCRIPT_DELAY_MS, polling=50,
        )
        assert page.evaluate("() => document.readyState") != "complete"  # still waiting for manabi.js
    finally:
        server.httpd.rest.set()
        server.httpd.release.set()
        server.httpd.hold = False
    page.wait_for_load_state("load")  # the deferred script has run
    page.evaluate(TWO_FRAMES)
    shifts = page.evaluate("() => window.__shifts")
    assert sum(shifts) < 0.02, shifts


# ---------------------------------------------------------------- contents


def test_phone_contents_is_a_closed_button_that_opens_over_the_page(new_page, server):
    page = open_page(new_page(**PHONE), server, CHAPTER)
    toggle = page.locator(".toc-toggle")
    assert toggle.is_visible() and not page.locator("#toc-list").is_visible()
    height = toggle.bounding_box()["height"]
    assert height <= 48
    main_top = page.locator("main").bounding_box()["y"]
    toggle.click()
    assert page.locator("#toc-list").is_visible()
    assert page.locator("main").bounding_box()["y"] == main_top  # over the page, nothing moved
    link = page.locator("#toc-list a").nth(6)
    target = link.get_attribute("href")
    link.click()
    page.wait_for_function("(h) => decodeURIComponent(location.hash) === h", arg=target)
    assert not page.locator("#toc-list").is_visible()  # closed once a link is followed
    # the heading is below the sticky contents bar, not under it
    bar = toggle.bounding_box()
    assert page.locator(f"[id='{target[1:]}']").bounding_box()["y"] >= bar["y"] + bar["height"]
    # the bar says which section is in view
    page.wait_for_function("() => document.querySelector('.toc-current').textContent !== ''")
    assert toggle.bounding_box()["height"] == height


def test_contents_marks_the_section_in_view_and_keeps_it_visible(new_page, server):
    page = open_page(new_page(**DESKTOP), server, CHAPTER)
    assert page.locator("#toc-list").is_visible() and not page.locator(".toc-toggle").is_visible()
    for heading in ("2-3-1-手順", "2-10-広い表とコード"):
        page.locator(f"[id='{heading}']").evaluate("h => h.scrollIntoView()")
        page.wait_for_function(
            "(id) => { const a = document.querySelector('.toc a[aria-current=true]'); return a && decodeURIComponent(a.hash) === '#' + id; }",
            arg=heading,
        )
        assert page.locator(".toc a[aria-current]").count() == 1
        link = page.locator(".toc a[aria-current]").bounding_box()
        aside = page.locator(".page-aside").bounding_box()
        assert aside["y"] <= link["y"] and link["y"] + link["height"] <= aside["y"] + aside["height"]


def test_back_to_top_link_on_a_long_chapter(new_page, server):
    page = open_page(new_page(**PHONE), server, CHAPTER)
    page.locator(".back-to-top a").click()
    page.wait_for_function("() => location.hash === '#top' && window.scrollY === 0")


# ---------------------------------------------------------------- keyboard


def test_one_tab_stop_per_actionable_thing(new_page, server):
    page = open_page(new_page(**PHONE), server, CHAPTER)
    anchors = page.locator(".heading-anchor")
    assert anchors.count() > 10
    assert anchors.evaluate_all("as => as.every(a => a.tabIndex === -1 && a.getAttribute('aria-hidden') === 'true')")
    wraps = page.locator(".table-wrap").evaluate_all(
        "ws => ws.map(w => [w.scrollWidth > w.clientWidth + 1, w.getAttribute('tabindex'), w.getAttribute('role')])")
    assert [False, None, None] in wraps and [True, "0", "region"] in wraps, wraps
    # the skip link moves focus to main, which shows no outline
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.id === 'main'")
    assert page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle") == "none"


# ---------------------------------------------------------------- code


def test_code_copy_button_is_in_the_built_page_and_hidden_without_javascript(new_page, server):
    page = new_page(java_script_enabled=False, **DESKTOP)
    assert page.goto(server.url + CHAPTER).ok  # (no open_page: it waits on animation frames, which need scripting)
    button = page.locator(".code-block .code-copy").first
    assert button.count() == 1 and button.get_attribute("aria-label") == "コードをコピー"  # in the HTML, not added by a script
    assert not button.is_visible()


def test_code_block_copy_button_copies_and_says_so(new_page, server):
    page = open_page(new_page(**DESKTOP), server, CHAPTER)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url.rstrip("/"))
    button = page.locator(".code-block .code-copy").first
    assert button.get_attribute("aria-label") == "コードをコピー"
    button.click()
    page.wait_for_function("() => document.getElementById('manabi-status').textContent === 'コードをコピーしました'")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied == "def mean(values: list[float]) -> float:\n    return sum(values) / len(values)"


def test_code_text_has_one_size(new_page, server):
    page = open_page(new_page(**DESKTOP), server, CHAPTER)
    sizes = page.evaluate("""() => [document.body, document.querySelector('pre'), document.querySelector('pre code')]
                                  .map(e => parseFloat(getComputedStyle(e).fontSize))""")
    body, pre, code = sizes
    assert code == pre and abs(pre - body * 0.92) < 0.1, sizes


# ---------------------------------------------------------------- print


def test_print_answers_hidden_when_chosen(new_page, server):
    page = open_page(new_page(**DESKTOP), server, CHAPTER)
    page.locator("label[for=print-answers-hidden]").click()
    page.emulate_media(media="print")
    displays = page.locator("details.answer").evaluate_all("ds => ds.map(d => getComputedStyle(d).display)")
    assert displays == ["none", "none"]
    assert page.locator("details.hint").evaluate("d => getComputedStyle(d).display") != "none"


def test_print_answers_gathered_at_the_end_and_put_back(new_page, server):
    page = open_page(new_page(**DESKTOP), server, CHAPTER)
    assert page.locator("#print-answers-end").is_enabled()  # manabi.js enables the choice it can carry out
    page.locator("label[for=print-answers-end]").click()
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    appendix = page.locator(".answers-appendix")
    assert appendix.locator("details.answer").count() == 2
    assert page.locator(".exercise details.answer").count() == 0
    assert appendix.evaluate("a => a.previousElementSibling.classList.contains('chapter-body')")
    page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
    assert page.locator(".answers-appendix").count() == 0
    assert page.locator(".exercise details.answer").count() == 2


# ---------------------------------------------------------------- exercises page


def test_exercise_filter_says_how_many_and_hides_empty_chapters(new_page, server):
    page = open_page(new_page(**DESKTOP), server, "exercises.html")
    assert page.locator(".filter-status").inner_text() == "5問"  # chapter 2's two, the seed chapter's three
    page.locator("label[for=difficulty-filter-medium]").click()
    assert page.locator(".filter-status").inner_text() == "1問"
    assert not page.locator(".exercise-chapter-group").first.is_visible()  # chapter 2 has no medium one
    page.locator("label[for=difficulty-filter-easy]").click()
    assert page.locator(".filter-status").inner_text() == "1問"
    assert page.locator(".exercise-entry:visible").count() == 1
    # the exercise's heading said its difficulty: the listing shows the badge alone
    assert page.locator(".exercise-entry:visible a").inner_text() == "問題 1"


# ---------------------------------------------------------------- parts drawn as they near the screen

# A long chapter's sections after the first are skipped until they near the
# screen (markdown/parts.py, content-visibility: auto): these check that the
# reader cannot tell, but for the speed.
SKIPPED = """() => Array.from(document.querySelectorAll('.chapter-part'))
  .filter((part) => !part.firstElementChild.checkVisibility({contentVisibilityAuto: true})).length"""
PHONE_BAR = 64  # html's scroll-padding-top on a phone with the contents bar: 4rem


def target_top(page, element_id: str) -> float:
    return page.evaluate("(id) => document.getElementById(id).getBoundingClientRect().top", element_id)


@pytest.mark.parametrize("rel, element_id", [(SEED_CHAPTER, "exercise-3"), (LONG_CHAPTER, "2-55-話題55の説明")])
def test_a_link_to_a_deep_anchor_lands_on_it_and_it_stays_while_the_parts_above_are_drawn(new_page, server, rel, element_id):
    page = open_page(new_page(**PHONE), server, f"{rel}#{element_id}")
    assert abs(target_top(page, element_id) - PHONE_BAR) < 1
    assert page.evaluate(SKIPPED) >= 3  # the parts between the top and the target were never drawn
    estimated = page.evaluate("() => document.documentElement.scrollHeight")
    # scrolling up draws them, at their real heights, not the estimate: the target moves with the scroll only
    top = target_top(page, element_id)
    while page.evaluate("() => window.scrollY") > 0:
        page.evaluate("() => window.scrollBy(0, -400)")
        page.evaluate(TWO_FRAMES)
        moved = target_top(page, element_id) - top
        scrolled = 400 if page.evaluate("() => window.scrollY") > 0 else moved
        assert abs(moved - scrolled) < 1, (moved, scrolled)
        top += moved
    assert page.evaluate("() => document.documentElement.scrollHeight") != estimated  # drawn at heights unlike the estimate


def test_a_part_never_drawn_is_found_in_the_page_and_printed(new_page, server):
    page = open_page(new_page(**PHONE), server, SEED_CHAPTER)
    last = page.locator(".chapter-part").last
    assert not last.evaluate("(part) => part.firstElementChild.checkVisibility({contentVisibilityAuto: true})")
    words = "Yusuke Hashimoto"  # the chapter's reviewer, in its last section
    # find in page (window.find is the same search as Ctrl+F) reaches it and draws it
    assert page.evaluate("(words) => window.find(words)", words)
    assert page.evaluate("() => getSelection().anchorNode.parentElement.closest('.chapter-part') === Array.from(document.querySelectorAll('.chapter-part')).pop()")
    # print: every part is drawn (print media resets content-visibility), and the PDF holds the last part's text
    page = open_page(new_page(**PHONE), server, SEED_CHAPTER)
    page.emulate_media(media="print")
    assert page.evaluate(SKIPPED) == 0
    import pypdf
    text = "".join(sheet.extract_text() for sheet in pypdf.PdfReader(io.BytesIO(page.pdf())).pages)
    assert words in text and "著者情報" in text


def test_a_screen_readers_tree_holds_the_parts_never_drawn(browser, server):
    """With assistive technology on (Chromium then builds its whole accessibility tree), every heading of the
    chapter is in the tree while the parts below the first screen are skipped."""
    from conftest import CHROMIUM_FLAGS, _chromium_path

    with_reader = browser.browser_type.launch(executable_path=_chromium_path(), args=[*CHROMIUM_FLAGS, "--force-renderer-accessibility"])
    try:
        page = open_page(with_reader.new_context(**PHONE).new_page(), server, SEED_CHAPTER)
        assert page.evaluate(SKIPPED) >= 5
        headings = page.evaluate("() => document.querySelectorAll('article :is(h1, h2, h3, h4)').length")
        nodes = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
        exposed = [node for node in nodes if node.get("role", {}).get("value") == "heading" and not node.get("ignored")]
        assert len(exposed) == headings > 40
    finally:
        with_reader.close()


@pytest.mark.parametrize("rel", [SEED_CHAPTER, CHAPTER])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP])
def test_parts_move_nothing_once_drawn(new_page, server, rel, viewport):
    """A part contains its margins; the stylesheet drops the trailing ones, so the page is laid out as
    without parts: every element is where it is once the parts are taken out."""
    page = open_page(new_page(**viewport), server, rel)
    page.add_style_tag(content=".chapter-part + .chapter-part { content-visibility: visible; contain: layout style paint; }")
    measure = """() => Array.from(document.querySelectorAll('.chapter-body *:not(.chapter-part), .back-to-top, .site-footer'),
        (e) => [e.tagName, e.getBoundingClientRect().top + window.scrollY])"""
    drawn = page.evaluate(measure)
    page.evaluate("() => document.querySelectorAll('.chapter-part').forEach((part) => part.replaceWith(...part.childNodes))")
    unwrapped = page.evaluate(measure)
    assert len(drawn) == len(unwrapped) > 100
    moved = [(a, b) for a, b in zip(drawn, unwrapped) if abs(a[1] - b[1]) > 0.5]
    assert not moved, moved[:5]


@pytest.mark.parametrize("how", ["reload", "back"])
def test_a_reload_or_back_returns_to_the_place_read_though_parts_above_were_never_drawn(new_page, server, how):
    """The browser's own return is an offset from the top, which parts at their estimated heights would move;
    manabi.js keeps the place as a distance below a heading and puts it back."""
    page = open_page(new_page(**PHONE), server, SEED_CHAPTER)
    for _ in range(60):  # read down the chapter: the parts on the way are drawn
        page.mouse.wheel(0, 500)
        page.evaluate(TWO_FRAMES)
    heading, top = page.evaluate("""() => {
        const drawn = Array.from(document.querySelectorAll('.chapter-body :is(h2, h3)[id]'))
          .filter((h) => h.checkVisibility({contentVisibilityAuto: true}) && h.getBoundingClientRect().top <= 0);
        const h = drawn[drawn.length - 1];
        return [h.id, h.getBoundingClientRect().top];
    }""")
    if how == "reload":
        page.reload()
    else:
        page.goto(server.url + "index.html")
        page.go_back()
    page.wait_for_load_state("load")
    assert page.evaluate(SKIPPED) > 0  # the parts above the place are not drawn yet
    page.wait_for_function("([id, top]) => Math.abs(document.getElementById(id).getBoundingClientRect().top - top) < 1",
                           arg=[heading, top], timeout=5000)
    page.evaluate(TWO_FRAMES)
    assert abs(target_top(page, heading) - top) < 1


def test_back_after_following_a_citation_returns_to_the_sentence(new_page, server):
    page = open_page(new_page(**PHONE), server, SEED_CHAPTER)
    citation = page.locator(".chapter-body a.citation").first
    citation.scroll_into_view_if_needed()
    page.evaluate(TWO_FRAMES)
    top = citation.evaluate("(a) => a.getBoundingClientRect().top")
    citation.click()
    page.wait_for_function("() => location.hash.startsWith('#ref-')")
    page.go_back()
    page.wait_for_function("(top) => Math.abs(document.querySelector('.chapter-body a.citation').getBoundingClientRect().top - top) < 1",
                           arg=top, timeout=5000)


# ---------------------------------------------------------------- touch targets

def test_the_series_and_contents_links_are_targets_a_finger_can_hit_on_a_phone(new_page, server):
    """WCAG 2.5.8 (Lighthouse's target-size): a link in a list is at least 24 px tall; the series list's were 21."""
    page = open_page(new_page(**PHONE), server, CHAPTER)
    shown = page.eval_on_selector_all(  # the contents on a phone sit in a closed bar: not shown, not measured
        ".series-nav a, .toc a", "links => links.filter((a) => a.getClientRects().length)"
        ".map((a) => [a.closest('nav').className, a.getBoundingClientRect().height])")
    assert "series-nav" in {nav for nav, _ in shown}
    assert [height for _, height in shown if height < 24] == []
