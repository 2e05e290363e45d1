"""Search, the language switcher and interface text in a real Chromium, with the
repository's content/ (the seed chapter and the authoring guide in two languages)
served under a sub-path, as GitHub Pages serves a project site."""

from __future__ import annotations

import os
import re

import pytest
from conftest import REPO, StaticServer

from manabi_ssg.build import build
from manabi_ssg.site.config import Config
from manabi_ssg.messages import catalogue
from manabi_ssg.outputs.search.binary import find_binary

pytestmark = pytest.mark.browser

PREFIX = "/course"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    if find_binary() is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("Pagefind is not installed (pip install 'pagefind[extended]')")
        pytest.skip("Pagefind is not installed")
    output = tmp_path_factory.mktemp("site") / "_site"
    # no network: no Mermaid from a CDN (diagrams stay as their source)
    result = build(Config(root=REPO, mermaid_url=""), output=output, use_cache=False)
    assert result.errors == 0 and result.warnings == 0, [d.format() for d in result.diagnostics if d.level != "info"]
    server = StaticServer(output, prefix=PREFIX)
    yield server
    server.close()


def header_search(page, query: str) -> list[dict]:
    """Type into the header's box (reached with "/") and return the results shown."""
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("/")
    box = page.locator(".site-header .search-input")
    assert box.evaluate("el => el === document.activeElement")
    box.fill("")
    page.keyboard.type(query)
    page.wait_for_function(
        "() => { const f = document.querySelector('.site-header form.search-box');"
        " return !f.hasAttribute('aria-busy') && f.querySelector('.search-status').textContent.trim() !== ''; }",
        timeout=20000,
    )
    results = page.eval_on_selector_all(
        ".site-header .search-result",
        "items => items.map(li => ({href: li.querySelector('a').getAttribute('href'), title: li.querySelector('a').textContent,"
        " marks: Array.from(li.querySelectorAll('mark')).map(m => m.textContent)}))",
    )
    for result in results:  # the page, without the section's anchor and the words to highlight
        result["page"] = result["href"].split("#")[0].split("?")[0]
    return results


@pytest.mark.parametrize("query", ["能動学習", "アクティブラーニング"])
def test_japanese_query_finds_the_guide_chapter_first(served, page, query):
    page.goto(served.url + "ja/guide/index.html")
    results = header_search(page, query)
    assert results, query
    assert results[0]["page"] == f"{PREFIX}/ja/guide/chapter3-case-studies.html"
    assert results[0]["title"] == "第3章：ケーススタディ"
    assert results[0]["marks"]  # the match is highlighted in the excerpt
    assert all("/en/" not in r["href"] for r in results)  # a Japanese page searches the Japanese chapters


@pytest.mark.parametrize("query, expected", [("触媒", "ja/mlp-introduction/chapter4-real-world.html"),
                                             ("転移学習", "ja/guide/chapter3-case-studies.html")])
def test_japanese_words_find_their_chapters(served, page, query, expected):
    page.goto(served.url + "ja/guide/chapter1-writing-a-chapter.html")
    results = header_search(page, query)
    assert results and results[0]["page"] == f"{PREFIX}/{expected}"


def test_english_query_finds_the_guide_chapter_first(served, page):
    page.goto(served.url + "en/guide/chapter1-writing-a-chapter.html")
    results = header_search(page, "active learning")
    assert results[0]["page"] == f"{PREFIX}/en/guide/chapter3-case-studies.html"
    assert results[0]["title"] == "Chapter 3: Case Studies"
    assert [m.lower() for m in results[0]["marks"]][:2] == ["active", "learning"]
    assert all("/ja/" not in r["href"] for r in results)


def test_keyboard_only_search(served, page):
    page.goto(served.url + "en/guide/index.html")
    header_search(page, "front matter")
    page.keyboard.press("ArrowDown")
    first = page.locator(".site-header .search-result-link").first
    assert first.evaluate("el => el === document.activeElement")
    page.keyboard.press("Escape")
    assert page.locator(".site-header .search-input").evaluate("el => el === document.activeElement")
    assert page.locator(".site-header .search-results").is_hidden()
    # Enter goes to the search page, which runs the same search (and works there too)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/course/search-en\.html\?q=front\+matter$"))
    page.wait_for_selector(".search-page .search-result-link")
    first_href = page.locator(".search-page .search-result-link").first.get_attribute("href")
    assert first_href.split("?")[0] == f"{PREFIX}/en/guide/chapter1-writing-a-chapter.html"


def test_search_page_narrows_to_one_series(served, page):
    page.goto(served.url + "search.html?q=" + "学習")
    page.wait_for_selector(".search-page .search-result-link")
    # the first result is shown alone at once; the rest follow when the form is no longer busy
    page.wait_for_function("() => !document.querySelector('.search-page form').hasAttribute('aria-busy')")
    links = "as => as.map(a => a.getAttribute('href'))"
    everything = page.eval_on_selector_all(".search-page .search-result-link", links)
    assert any("/ja/mlp-introduction/" in h for h in everything) and any("/ja/guide/" in h for h in everything)
    page.select_option("#search-page-series", "ja/guide")
    page.wait_for_function("() => !document.querySelector('.search-page form').hasAttribute('aria-busy')")
    narrowed = page.eval_on_selector_all(".search-page .search-result-link", links)
    assert narrowed and all(h.startswith(f"{PREFIX}/ja/guide/") for h in narrowed)


def test_language_switcher_goes_between_the_two_versions(served, page):
    page.goto(served.url + "ja/guide/chapter2-exercises.html")
    page.locator(".language-switcher a[hreflang=en]").click()
    page.wait_for_url(served.url + "en/guide/chapter2-exercises.html")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator(".chapter-title").text_content() == "Chapter 2: Exercises, Hints and Answers"
    page.locator(".language-switcher a[hreflang=ja]").click()
    page.wait_for_url(served.url + "ja/guide/chapter2-exercises.html")
    assert page.locator("html").get_attribute("lang") == "ja"
    # the seed chapter has no English version: the switcher goes to the English home
    page.goto(served.url + "ja/mlp-introduction/chapter4-real-world.html")
    page.locator(".language-switcher a[hreflang=en]").click()
    page.wait_for_url(served.url + "en/index.html")


# Interface text: these elements' text and attributes (site title and content inside them aside) ...
INTERFACE = [".site-header", ".site-footer .generator", ".page-facts dt", ".skip-link", ".toc-title", ".pager-label",
             ".chapter-facts dt", ".learning-objectives .box-title", ".prerequisites .label", ".topics .label",
             ".chapter-exercises-link", ".answers-toggle", ".difficulty-badge", ".level-badge",
             ".case-study-glance-title", ".case-study-label", ".unverified", ".search-page"]
# ... and only the attributes (aria-label, title) of these, whose text is the author's
LABELLED = [".breadcrumbs", ".series-nav", ".toc", ".pager", ".case-study-glance", ".ref-backlink", ".table-wrap",
            ".heading-anchor", ".language-switcher a"]
ATTRIBUTES = ["aria-label", "placeholder", "title", "data-label-show", "data-label-hide", "data-label-results-one",
              "data-label-results-other", "data-label-none", "data-label-loading", "data-label-error", "data-label-server"]

COLLECT = """([selectors, labelled, attributes, lang]) => {
  const foreign = (el) => { const owner = el && el.closest('[lang]'); return owner && owner.getAttribute('lang') !== lang; };
  const out = [];
  const attrs = (el) => { if (!foreign(el)) for (const name of attributes) if (el.hasAttribute(name)) out.push(el.getAttribute(name)); };
  for (const selector of selectors) for (const root of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) if (!foreign(walker.currentNode.parentElement)) out.push(walker.currentNode.textContent);
    [root, ...root.querySelectorAll('*')].forEach(attrs);
  }
  for (const selector of labelled) document.querySelectorAll(selector).forEach(attrs);
  return out.join('\\n');
}"""

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff01-\uff5e〜]")


def interface_text(served, page, url: str, lang: str) -> str:
    """The page's interface text (not the chapter's own words), as a reader or screen reader meets it."""
    page.goto(served.url + url)
    return page.evaluate(COLLECT, [INTERFACE, LABELLED, ATTRIBUTES, lang])


@pytest.mark.parametrize("url", ["en/guide/chapter2-exercises.html", "en/guide/chapter3-case-studies.html",
                                 "en/guide/chapter4-references.html", "en/index.html", "search-en.html"])
def test_english_interface_has_no_japanese(served, page, url):
    text = interface_text(served, page, url, "en")
    assert "Search" in text
    assert not JAPANESE.findall(text), sorted(set(JAPANESE.findall(text)))


@pytest.mark.parametrize("url", ["ja/guide/chapter2-exercises.html", "ja/guide/chapter3-case-studies.html",
                                 "ja/mlp-introduction/chapter4-real-world.html", "ja/index.html", "search.html"])
def test_japanese_interface_has_no_english(served, page, url):
    text = interface_text(served, page, url, "ja")
    assert "検索" in text
    english = {value for key, value in catalogue("en").items() if key != "language_name" and re.search(r"[A-Za-z]{3}", value)}
    found = sorted(value for value in english if value in text)
    assert not found, found


def test_one_result_is_counted_in_the_singular(served, page):
    """search.js picks the plural form with Intl.PluralRules: "1 chapter found", not "1 chapters found"."""
    page.goto(served.url + "en/guide/index.html")
    results = header_search(page, "hypothetical")
    assert [r["page"] for r in results] == [f"{PREFIX}/en/guide/chapter4-references.html"]
    assert page.locator(".site-header .search-status").text_content().strip() == "1 chapter found"
