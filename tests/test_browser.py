"""The built site in a real Chromium: components, navigation, colour schemes, phones, math, Mermaid, axe.

One site is built per module from the repository's ``content/`` (the seed
chapter has exercises with hints and answers, five case studies and fifteen
references) plus a small fixture series written here: a wide table, math, a
Mermaid diagram, highlighted code, a colon-fence exercise and a second chapter
for previous/next.  ``mermaid_url`` points at a tiny stand-in module served
with the site (it swaps each ``pre.mermaid`` for an ``<svg>``), so most tests
do not wait for the real library; the tests of the real one build with the
default, the pinned Mermaid the site carries (``outputs/mermaid_file.py``).

Run only these: ``pytest -m browser``.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import REPO, StaticServer, write_tree

from manabi_ssg.build import build
from manabi_ssg.site.config import Config

pytestmark = pytest.mark.browser

SEED = "ja/mlp-introduction/chapter4-real-world.html"
FIX1 = "ja/browser-fixture/chapter1.html"
FIX2 = "ja/browser-fixture/chapter2.html"
STUB_URL = "/vendor/mermaid-stub.mjs"

WIDE_ROW = " | ".join(f"列{n}の長い見出しテキスト" for n in range(1, 11))
WIDE_CELLS = " | ".join(f"値{n}：とても長いセルの内容がここに入ります" for n in range(1, 11))

FIXTURE = {
    "ja/browser-fixture/index.md": """
        ---
        title: ブラウザ試験シリーズ
        description: 表・数式・図・前後の章の試験用
        ---
        ブラウザ試験用のシリーズです。
        """,
    "ja/browser-fixture/chapter1.md": f"""
        ---
        title: "第1章：表と数式と図"
        series_order: 1
        level: beginner
        estimated_time: "5分"
        topics: ["browser-fixture"]
        ---
        # 第1章：表と数式と図

        ## 1.1 広い表

        横に長い表は、自分の枠の中で横にスクロールします。

        | {WIDE_ROW} |
        |{"---|" * 10}
        | {WIDE_CELLS} |

        ## 1.2 数式

        インラインの数式 $E = mc^2$ と、ディスプレイ数式：

        $$
        \\mathcal{{L}} = \\frac{{1}}{{N}} \\sum_{{i=1}}^{{N}} \\left( y_i - \\hat{{y}}_i \\right)^2
        $$

        ## 1.3 図

        ```mermaid
        graph TD
          A[入力層] --> B[隠れ層]
          B --> C[出力層]
        ```

        ## 1.4 コード

        ```python
        import numpy as np
        from dataclasses import dataclass


        @dataclass
        class Model:
            \"\"\"平均二乗誤差で学習するモデル\"\"\"
            weights: list[float]

            def loss(self, y: np.ndarray, y_hat: np.ndarray) -> float:
                # コメント: 二乗して平均する（この行はとても長いので、狭い画面では横にスクロールします）
                return float(np.mean((y - y_hat) ** 2)) + 0.5 * len(f"{{self.weights!r}}") if True else None
        ```

        ```bash
        $ pip install "manabi[test]"  # コメント
        export MANABI_CHROMIUM=/usr/bin/chromium
        ```

        ```json
        {{"name": "manabi", "version": 1, "ok": true, "none": null}}
        ```

        ## 演習問題

        :::exercise 損失の計算
        :difficulty: easy

        $y = 1$, $\\hat{{y}} = 0.5$ のときの二乗誤差は？

        :::hint
        差を二乗します。
        :::

        :::answer
        $0.25$ です。
        :::
        :::
        """,
    "ja/browser-fixture/chapter2.md": """
        ---
        title: "第2章：次の章"
        series_order: 2
        level: intermediate
        ---
        # 第2章：次の章

        ## 2.1 はじめに

        前の章に戻るリンクと、次の章はありません。
        """,
}

# A stand-in for the Mermaid ES module: the same two calls the theme makes.
MERMAID_STUB = """
export default {
  initialize() {},
  async run({ querySelector }) {
    for (const pre of document.querySelectorAll(querySelector)) {
      const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
      svg.setAttribute("viewBox", "0 0 200 100");
      svg.setAttribute("width", "200");
      svg.setAttribute("height", "100");
      svg.setAttribute("role", "img");
      svg.setAttribute("aria-label", "diagram");
      svg.innerHTML = '<rect x="10" y="10" width="180" height="80" fill="none" stroke="currentColor"/>';
      pre.replaceChildren(svg);
      pre.setAttribute("data-processed", "true");
    }
  },
};
"""


def build_site(root: Path, mermaid_url: str = STUB_URL) -> Path:
    """The repository's content plus the fixture series, built into ``root/_site``."""
    shutil.copytree(REPO / "content", root / "content")
    write_tree(root / "content", FIXTURE)
    config = replace(Config(root=root), mermaid_url=mermaid_url, title="manabi")
    result = build(config)
    assert result.errors == 0, [d.format() for d in result.diagnostics]
    out = config.output_path
    (out / "vendor").mkdir(exist_ok=True)
    (out / "vendor/mermaid-stub.mjs").write_text(MERMAID_STUB, encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    out = build_site(tmp_path_factory.mktemp("browser-site"))
    srv = StaticServer(out)
    srv.root = out
    yield srv
    srv.close()


def open_page(page, server, rel: str):
    response = page.goto(server.url + rel)
    assert response is not None and response.ok, rel
    page.wait_for_load_state("load")
    return page


def tab_to(page, selector: str, start: str | None = None, limit: int = 300) -> None:
    """Press Tab (from ``start``'s focus, if given) until the element matching ``selector`` has focus."""
    if start:
        page.focus(start)
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement === document.querySelector(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


# ---------------------------------------------------------------- exercises


def test_hint_and_answer_open_and_close_by_click(page, server):
    open_page(page, server, SEED)
    for kind in ("hint", "answer"):
        details = page.locator(f"#exercise-1 details.{kind}").first
        body = details.locator(":scope > :not(summary)").first
        assert details.evaluate("d => d.open") is False
        assert not body.is_visible()
        details.locator("summary").click()
        assert details.evaluate("d => d.open") is True
        assert body.is_visible()
        details.locator("summary").click()
        assert details.evaluate("d => d.open") is False
        assert not body.is_visible()


def test_hint_and_answer_open_and_close_by_keyboard(page, server):
    open_page(page, server, SEED)
    for kind in ("hint", "answer"):
        summary = f"#exercise-2 details.{kind} > summary"
        tab_to(page, summary, start="#exercise-2 .heading-anchor", limit=30)
        details = page.locator(f"#exercise-2 details.{kind}").first
        for key in ("Enter", "Space"):
            page.keyboard.press(key)
            assert details.evaluate("d => d.open") is True, key
            page.keyboard.press(key)
            assert details.evaluate("d => d.open") is False, key


def test_open_all_answers_button(page, server):
    from playwright.sync_api import expect  # waits: the button syncs on the answers' toggle events, which come later

    open_page(page, server, SEED)
    button = page.locator("button.answers-toggle").first
    assert button.is_visible()  # revealed by manabi.js
    expect(button).to_have_attribute("aria-pressed", "false")
    label_show = button.inner_text()
    answers = page.locator("details.answer:not(.quiz-solution)")  # a quiz's solution shows once it is answered
    assert answers.count() >= 3
    button.click()
    assert all(answers.evaluate_all("ds => ds.map(d => d.open)"))
    expect(button).to_have_attribute("aria-pressed", "true")
    assert button.inner_text() != label_show
    button.click()
    assert not any(answers.evaluate_all("ds => ds.map(d => d.open)"))
    expect(button).to_have_attribute("aria-pressed", "false")
    # opening every answer one by one syncs the button too
    for index in range(answers.count()):
        answers.nth(index).locator("summary").click()
    expect(button).to_have_attribute("aria-pressed", "true")
    # and it works from the keyboard
    button.focus()
    page.keyboard.press("Enter")
    assert not any(answers.evaluate_all("ds => ds.map(d => d.open)"))


def test_exercise_in_colon_fence_opens(page, server):
    open_page(page, server, FIX1)
    page.locator("details.answer summary").click()
    assert page.locator("details.answer math").first.is_visible()


# ---------------------------------------------------------------- citations


def test_citation_jumps_to_its_reference(page, server):
    open_page(page, server, SEED)
    citations = page.locator(".chapter-body a.citation")
    assert citations.count() >= 15
    for index in (0, citations.count() // 2):
        link = citations.nth(index)
        href = link.get_attribute("href")
        assert re.fullmatch(r"#ref-\d+", href)
        link.click()
        page.wait_for_function("(h) => decodeURIComponent(location.hash) === h", arg=href)
        assert page.evaluate("() => document.querySelector(':target').id") == href[1:]
        top = page.locator(href).evaluate("e => e.getBoundingClientRect().top")
        assert 0 <= top < page.viewport_size["height"]
        # and back: the reference's backlink returns to a citation
        page.locator(f"{href} .ref-backlink").first.click()
        assert page.evaluate("() => document.querySelector(':target').classList.contains('citation')")


def test_citation_tooltip_on_hover_and_keyboard_focus(page, server):
    open_page(page, server, SEED)
    link = page.locator(".chapter-body a.citation[id][aria-describedby]").first
    tip = page.locator("#" + link.get_attribute("aria-describedby"))
    ref_text = page.locator(link.get_attribute("href")).text_content()  # the references' part is not drawn yet: no innerText
    assert not tip.is_visible()
    link.hover()
    assert tip.is_visible()
    assert tip.inner_text().strip()[:20] in ref_text
    tip.hover()  # WCAG 1.4.13: the pointer can move onto the tooltip and it stays
    assert tip.is_visible()
    page.keyboard.press("Escape")  # dismissable without moving the pointer
    assert not tip.is_visible()
    page.mouse.move(0, 0)
    assert not tip.is_visible()
    # keyboard: Tab onto the citation from the heading before it
    link.evaluate(  # start from the heading anchor just before the citation
        """a => [...document.querySelectorAll('.chapter-body .heading-anchor')]
                 .filter(h => h.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING).at(-1).focus()"""
    )
    tab_to(page, "#" + link.get_attribute("id"), limit=40)
    assert tip.is_visible()
    box = tip.bounding_box()
    assert box and box["width"] > 0 and box["height"] > 0
    page.keyboard.press("Escape")
    assert not tip.is_visible()
    # Escape hid the tooltip and left focus on the citation
    assert page.evaluate("() => document.activeElement.id") == link.get_attribute("id")


def test_citations_in_case_study_boxes_have_tooltips(page, server):
    open_page(page, server, SEED)
    links = page.locator(".case-study-glance a.citation")
    assert links.count() > 0
    ids = page.evaluate("() => [...document.querySelectorAll('[id]')].map(e => e.id)")
    assert len(ids) == len(set(ids))  # the box's tooltips have ids of their own
    link = links.first
    tip = page.locator("#" + link.get_attribute("aria-describedby"))
    link.hover()
    assert tip.is_visible()
    assert tip.inner_text().strip()[:20] in page.locator(link.get_attribute("href")).text_content()  # a part not drawn has no innerText


def test_citation_return_keeps_the_sentence_in_view(new_page, server):
    page = new_page(viewport={"width": 390, "height": 844})
    open_page(page, server, SEED)
    link = page.locator(".chapter-body a.citation[id]").nth(3)
    href, own = link.get_attribute("href"), link.get_attribute("id")
    link.click()
    page.wait_for_function("(h) => decodeURIComponent(location.hash) === h", arg=href)
    page.locator(f"{href} .ref-backlink[href='#{own}']").click()
    page.wait_for_function("(h) => location.hash === h", arg="#" + own)
    top = page.locator("#" + own).evaluate("e => e.getBoundingClientRect().top")
    # a third of the screen above the citation: the lines before it, not 16 px
    assert 844 * 0.2 < top < 844 * 0.6
    assert not page.locator("#" + own + "-tip").is_visible()


# ---------------------------------------------------------------- navigation


def test_table_of_contents_links_go_to_their_headings(page, server):
    open_page(page, server, SEED)
    links = page.locator(".toc a")
    hrefs = links.evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert len(hrefs) > 10
    ids = set(page.evaluate("() => [...document.querySelectorAll('[id]')].map(e => e.id)"))
    assert all(h.startswith("#") and h[1:] in ids for h in hrefs)
    for index in (0, len(hrefs) // 2, len(hrefs) - 1):
        links.nth(index).click()
        page.wait_for_function("(h) => decodeURIComponent(location.hash) === h", arg=hrefs[index])
        target = page.locator(":target")
        assert target.get_attribute("id") == hrefs[index][1:]
        top = target.evaluate("e => e.getBoundingClientRect().top")
        assert 0 <= top < page.viewport_size["height"]


def _follow_pager(page, direction: str, target: str) -> str:
    """Click the pager link one way; the page it opens has the title the link showed."""
    link = page.locator(f"a.pager-{direction}")
    title = link.locator(".pager-title").inner_text()
    link.click()
    page.wait_for_url("**/" + target)
    assert page.locator("h1.chapter-title").inner_text() == title
    return title


def test_previous_and_next_links(page, server):
    open_page(page, server, FIX1)
    assert page.locator(".pager-prev").count() == 0
    _follow_pager(page, "next", FIX2)
    assert page.locator(".pager-next").count() == 0
    title = _follow_pager(page, "prev", FIX1)
    # the series navigation marks and links the chapters too
    assert page.locator(".series-nav a[aria-current=page]").inner_text() == title
    page.locator(".series-nav a", has_text="第2章").click()
    page.wait_for_url("**/" + FIX2)


# ---------------------------------------------------------------- colour schemes and phones


def _rgb(css: str) -> tuple[float, float, float]:
    values = [float(v) for v in re.findall(r"[\d.]+", css)[:3]]
    return values[0], values[1], values[2]


def contrast(fg: str, bg: str) -> float:
    def luminance(rgb):
        channels = []
        for value in rgb:
            c = value / 255
            channels.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]

    a, b = sorted((luminance(_rgb(fg)), luminance(_rgb(bg))), reverse=True)
    return (a + 0.05) / (b + 0.05)


def test_dark_mode_changes_colours_and_stays_readable(new_page, server):
    seen = {}
    for scheme in ("light", "dark"):
        page = open_page(new_page(color_scheme=scheme), server, SEED)
        styles = page.evaluate(
            """() => { const b = getComputedStyle(document.body);
                       const p = getComputedStyle(document.querySelector('.chapter-body p'));
                       const a = getComputedStyle(document.querySelector('.chapter-body a.citation'));
                       return {bg: b.backgroundColor, fg: b.color, p: p.color, link: a.color}; }"""
        )
        seen[scheme] = styles
        assert contrast(styles["fg"], styles["bg"]) >= 7, (scheme, styles)
        assert contrast(styles["p"], styles["bg"]) >= 7, (scheme, styles)
        assert contrast(styles["link"], styles["bg"]) >= 4.5, (scheme, styles)
    assert seen["light"]["bg"] != seen["dark"]["bg"]
    assert sum(_rgb(seen["dark"]["bg"])) < sum(_rgb(seen["light"]["bg"]))


@pytest.mark.parametrize("rel", [SEED, FIX1, FIX2, "index.html", "exercises.html", "case-studies.html"])
def test_phone_page_never_scrolls_sideways(new_page, server, rel):
    page = open_page(new_page(viewport={"width": 375, "height": 740}, device_scale_factor=1, is_mobile=True, has_touch=True), server, rel)
    page.locator("details").evaluate_all("ds => ds.forEach(d => d.open = true)")
    widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], widths
    wide = page.evaluate(
        """() => [...document.querySelectorAll('main *')]
              .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1
                           && !e.closest('.table-wrap, pre, .math-block, .visually-hidden, .citation-tip'))
              .slice(0, 5).map(e => e.tagName + '.' + e.className)"""
    )
    assert wide == []


def test_phone_wide_table_scrolls_in_its_box(new_page, server):
    page = open_page(new_page(viewport={"width": 375, "height": 740}), server, FIX1)
    wrap = page.locator(".table-wrap").first
    sizes = wrap.evaluate("w => [w.scrollWidth, w.clientWidth]")
    assert sizes[0] > sizes[1], sizes
    assert wrap.evaluate("w => w.scrollLeft") == 0
    wrap.focus()  # a focusable region: the keyboard scrolls it
    assert wrap.evaluate("w => document.activeElement === w")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("w => w.scrollLeft > 0", arg=wrap.element_handle())
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("w => w.scrollLeft === 0", arg=wrap.element_handle())


# ---------------------------------------------------------------- math and Mermaid


def test_math_is_mathml_with_size(page, server):
    open_page(page, server, FIX1)
    maths = page.locator(".chapter-body math")
    assert maths.count() >= 3
    assert page.locator(".chapter-body math[display=block]").count() >= 1
    for index in range(maths.count()):
        box = maths.nth(index).bounding_box()
        if maths.nth(index).evaluate("m => !!m.closest('details:not([open])')"):
            continue
        assert box and box["width"] > 0 and box["height"] > 0, index
    # MathML is laid out natively: the fraction is taller than a line of text
    block = page.locator(".chapter-body math[display=block]").first.bounding_box()
    assert block["height"] > 30


def test_mermaid_draws_with_the_library(page, server):
    open_page(page, server, FIX1)
    page.wait_for_selector(".chapter-body pre.mermaid svg", timeout=5000)
    box = page.locator(".chapter-body pre.mermaid svg").bounding_box()
    assert box and box["width"] > 0


def test_mermaid_source_stays_readable_without_the_library(page, server):
    page.route("**/mermaid-stub.mjs", lambda route: route.abort())
    with page.expect_event("requestfailed", lambda request: "mermaid-stub" in request.url):
        open_page(page, server, FIX1)
    pre = page.locator(".chapter-body pre.mermaid")
    assert pre.is_visible()
    assert "入力層" in pre.inner_text() and "-->" in pre.inner_text()
    assert pre.locator("svg").count() == 0
    # the rest of the page's script still works
    assert page.locator("button.answers-toggle").is_visible()


def test_real_mermaid_library_draws(browser, tmp_path):
    """The pinned Mermaid the site carries (the default ``mermaid_url``)."""
    out = build_site(tmp_path, mermaid_url=Config().mermaid_url)
    srv = StaticServer(out)
    context = browser.new_context()
    try:
        page = context.new_page()
        open_page(page, srv, FIX1)
        # Mermaid inserts the <svg> before its node labels: wait for the labels themselves
        page.wait_for_function(
            "() => [...document.querySelectorAll('.chapter-body pre.mermaid svg .node')]"
            ".some(node => node.textContent.includes('入力層'))", timeout=15000)
        svg = page.locator(".chapter-body pre.mermaid svg").first
        assert "入力層" in svg.text_content()
        assert svg.bounding_box()["height"] > 50
    finally:
        context.close()
        srv.close()


def test_a_wide_diagram_on_a_phone_scrolls_sideways_at_a_readable_size(browser, tmp_path):
    """Mermaid fits a diagram to the column: a wide one drew its labels 4.5 px tall on a 390 px phone."""
    nodes = " --> ".join(f"N{i}[工程{i}の処理]" for i in range(12))
    write_tree(tmp_path / "content", {"ja/s/wide.md": f"# 横に長い図\n\n```mermaid\ngraph LR\n  {nodes}\n```\n"})
    config = replace(Config(root=tmp_path), search=False)  # the pinned Mermaid the site carries
    assert build(config).errors == 0
    out = config.output_path
    with StaticServer(out) as srv:
        context = browser.new_context(viewport={"width": 390, "height": 844})
        try:
            page = context.new_page()
            open_page(page, srv, "ja/s/wide.html")
            page.wait_for_function("() => document.querySelector('pre.mermaid svg')?.style.minWidth", timeout=15000)
            drawn, natural = page.evaluate("() => { const s = document.querySelector('pre.mermaid svg');"
                                           " return [s.getBoundingClientRect().width, s.viewBox.baseVal.width]; }")
            assert natural > 390 and drawn >= 0.6 * natural - 1
            assert page.evaluate("() => document.documentElement.scrollWidth") <= 390  # the diagram's box scrolls, not the page
        finally:
            context.close()


# ---------------------------------------------------------------- print


def test_print_shows_hints_and_answers(page, server):
    open_page(page, server, SEED)
    page.emulate_media(media="print")
    answer = page.locator("details.answer").first
    assert answer.evaluate("d => d.open") is False
    body = answer.locator(":scope > :not(summary)").first
    assert body.is_visible()
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".page-aside").is_visible()


# ---------------------------------------------------------------- accessibility

# the chapters SEED and FIX1 are scanned below with every <details> open
AXE_PAGES = [
    "index.html",
    "ja/index.html",
    "ja/mlp-introduction/index.html",
    FIX2,
    "exercises.html",
    "case-studies.html",
    "404.html",
    "topics/index.html",
    "topics/case-study.html",
    "ja/mlp-introduction/print.html",  # a whole series to print (print.html)
]


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def axe_violations(axe, page) -> list[str]:
    result = axe.run(page)
    lines = []
    for item in result.response["violations"]:
        targets = ", ".join(str(node["target"]) for node in item["nodes"][:5])
        lines.append(f"{item['id']} ({item['impact']}, {len(item['nodes'])}x): {item['help']} -- {targets}")
    return lines


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("rel", AXE_PAGES)
def test_axe_finds_no_violations(new_page, server, axe, rel, scheme):
    page = open_page(new_page(color_scheme=scheme), server, rel)
    violations = axe_violations(axe, page)
    assert not violations, "\n".join(violations)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("rel", [SEED, FIX1])
def test_axe_with_every_details_open_and_a_tooltip_shown(new_page, server, axe, rel, scheme):
    """Hidden content (answers, code in answers, the citation tooltip) is checked too."""
    page = open_page(new_page(color_scheme=scheme), server, rel)
    page.locator("details").evaluate_all("ds => ds.forEach(d => d.open = true)")
    page.wait_for_timeout(100)  # toggle events are async; manabi.js re-checks scrolling boxes
    if page.locator("a.citation").count():
        page.locator("a.citation").first.focus()
    violations = axe_violations(axe, page)
    assert not violations, "\n".join(violations)


def test_axe_phone_viewport(new_page, server, axe):
    page = open_page(new_page(viewport={"width": 375, "height": 740}), server, SEED)
    violations = axe_violations(axe, page)
    assert not violations, "\n".join(violations)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_phone_with_the_contents_open(new_page, server, axe, scheme):
    page = open_page(new_page(viewport={"width": 390, "height": 844}, color_scheme=scheme), server, SEED)
    page.locator(".toc-toggle").click()
    assert page.locator("#toc-list").is_visible()
    violations = axe_violations(axe, page)
    assert not violations, "\n".join(violations)
