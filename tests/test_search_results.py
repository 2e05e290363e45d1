"""Search in a real Chromium over real Pagefind bundles: edits and deletions reach
the results, a result opens the section that matched with the words marked,
phrases rank first, and a page opened from disk says search needs a server."""

from __future__ import annotations

import json
import os
import shutil
from urllib.parse import unquote

import pytest
from conftest import SEARCH_CHAPTER, Site, StaticServer

from manabi_ssg.outputs.search import bundles as search_bundles
from manabi_ssg.site.config import Config
from manabi_ssg.messages import catalogue
from manabi_ssg.outputs.search.binary import find_binary

pytestmark = pytest.mark.browser

CHAPTER = SEARCH_CHAPTER


@pytest.fixture
def pagefind():
    if find_binary() is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("Pagefind is not installed (pip install 'pagefind[extended]')")
        pytest.skip("Pagefind is not installed")


@pytest.fixture
def small_bundles(monkeypatch):
    """Bundles of about one chapter, so a search merges several of them (as on a large site)."""
    monkeypatch.setattr(search_bundles, "BUNDLE_PAGES", 1)


def searched(page, query: str) -> list[str]:
    """Type into the header's box; the pages (no anchor, no query) of the results shown."""
    box = page.locator(".site-header .search-input")
    box.fill(query)
    page.wait_for_function(
        "() => { const f = document.querySelector('.site-header form.search-box');"
        " return !f.hasAttribute('aria-busy') && f.querySelector('.search-status').textContent.trim() !== ''; }",
        timeout=20000,
    )
    hrefs = page.eval_on_selector_all(".site-header .search-result-link", "as => as.map(a => a.getAttribute('href'))")
    return [href.split("#")[0].split("?")[0] for href in hrefs]


def _site(site: Site, files: dict[str, str]) -> Site:
    site.config = Config(root=site.root, mermaid_url="")
    site.write(files)
    result = site.build()
    assert result.errors == 0, [d.format() for d in result.diagnostics]
    return site


def test_an_edit_and_a_deletion_reach_the_results(site, page, pagefind, small_bundles):
    files = {f"en/g{n}/chapter1.md": CHAPTER.format(title=f"Group {n}", n=1, body=f"Plain words for group {n}.")
             for n in range(4)}
    files["en/g1/chapter1.md"] = CHAPTER.format(title="Catalysts", n=1, body="Copper catalysts and platinum surfaces.")
    files["en/g2/chapter1.md"] = CHAPTER.format(title="Zeolites", n=1, body="Zeolite frameworks hold molecules.")
    _site(site, files)
    assert len(json.loads((site.output / "pagefind/bundles.json").read_text(encoding="utf-8"))["en"]) > 1
    with StaticServer(site.output) as server:
        page.goto(server.url + "en/g0/chapter1.html")
        assert searched(page, "platinum") == ["/en/g1/chapter1.html"]
        assert searched(page, "zeolite") == ["/en/g2/chapter1.html"]

        site.write({"en/g1/chapter1.md": CHAPTER.format(title="Catalysts", n=1, body="Copper catalysts and palladium surfaces.")})
        (site.content / "en/g2/chapter1.md").unlink()
        shutil.rmtree(site.content / "en/g2")
        assert site.build().errors == 0
        page.goto(server.url + "en/g0/chapter1.html")
        assert searched(page, "palladium") == ["/en/g1/chapter1.html"]  # the new word is found
        assert searched(page, "platinum") == []  # the removed word is not
        assert searched(page, "zeolite") == []  # the deleted chapter is gone from the results
        assert searched(page, "copper") == ["/en/g1/chapter1.html"]  # and what did not change is still there


SECTIONS = """\
## Setup

Install the tools first. Plain words about installing.

## Zeolite frameworks

A zeolite is a porous mineral. Each zeolite framework holds molecules in its cages.
"""


def test_a_result_opens_the_section_that_matched_with_the_words_marked(site, page, pagefind):
    _site(site, {"en/s/chapter1.md": CHAPTER.format(title="Porous materials", n=1, body=SECTIONS)})
    with StaticServer(site.output) as server:
        page.goto(server.url + "en/s/chapter1.html")
        heading_id = page.locator("h2", has_text="Zeolite frameworks").get_attribute("id")
        assert heading_id
        searched(page, "zeolite")
        link = page.locator(".site-header .search-result-link").first
        href = link.get_attribute("href")
        assert href.endswith("#" + heading_id), href
        assert page.locator(".site-header .search-result-section").first.text_content() == "Zeolite frameworks"
        link.click()
        page.wait_for_url(f"**/en/s/chapter1.html?highlight=zeolite#{heading_id}")
        marks = page.eval_on_selector_all("article mark.search-highlight", "ms => ms.map(m => m.textContent.toLowerCase())")
        assert marks and set(marks) == {"zeolite"}
        # the marks sit in the section that matched (its heading and text), nowhere else
        section_marks = page.evaluate(
            """(id) => { const h = document.getElementById(id); let n = h.querySelectorAll('mark.search-highlight').length;
                 for (let el = h.nextElementSibling; el && el.tagName !== 'H2'; el = el.nextElementSibling)
                   n += el.querySelectorAll('mark.search-highlight').length;
                 return n; }""", heading_id)
        assert section_marks == len(marks)


SECTIONS_JA = """\
## 準備

道具を先に入れる。

## ゼオライトの骨格

ゼオライトは第3類の細孔に分子を吸着する鉱物である。
"""


def test_a_japanese_result_shows_the_chapter_s_own_text_and_opens_the_section(site, page, pagefind):
    """The index holds Japanese split into words (word_breaks.py); the learner sees the text as written."""
    _site(site, {"ja/s/chapter1.md": CHAPTER.format(title="多孔質の材料", n=1, body=SECTIONS_JA)})
    with StaticServer(site.output) as server:
        page.goto(server.url + "ja/s/chapter1.html")
        heading_id = page.locator("h2", has_text="ゼオライトの骨格").get_attribute("id")
        assert searched(page, "吸着") == ["/ja/s/chapter1.html"]
        link = page.locator(".site-header .search-result-link").first
        assert unquote(link.get_attribute("href")).endswith("#" + heading_id)  # the section, its id in Japanese
        assert link.text_content() == "多孔質の材料"
        assert page.locator(".site-header .search-result-section").first.text_content() == "ゼオライトの骨格"
        excerpt = page.locator(".site-header .search-result-excerpt").first.text_content()
        assert "ゼオライトは第3類の細孔に分子を吸着する鉱物である" in excerpt and "\u200a" not in excerpt


def test_highlight_marks_words_from_their_start_and_japanese_anywhere(site, page, pagefind):
    body = "Active learning is interactive. Actively chosen samples help.\n\n触媒反応では触媒が働く。"
    _site(site, {"en/s/chapter1.md": CHAPTER.format(title="Learning", n=1, body=body),
                 "ja/s/chapter1.md": CHAPTER.format(title="触媒", n=1, body=body)})
    with StaticServer(site.output) as server:
        page.goto(server.url + "en/s/chapter1.html?highlight=active+%E8%A7%A6%E5%AA%92")
        marks = page.eval_on_selector_all("article mark.search-highlight", "ms => ms.map(m => m.textContent)")
        assert marks == ["Active", "Active", "触媒", "触媒"]  # "Active", "Actively", never inside "interactive"
        assert "inter" + "active" in page.locator("article").text_content()


APART = "Gradient methods are old. " + " ".join(
    ["The gradient of a loss tells the direction.", "A descent of a mountain is slow.", "We compute a gradient again."] * 4
) + " Later the descent ends."
PHRASE = "Training uses gradient descent on the loss. " + " ".join(["Plain words about training a model."] * 5)


def test_a_page_holding_the_phrase_ranks_above_one_holding_the_words_apart(site, page, pagefind):
    _site(site, {"en/s/chapter1.md": CHAPTER.format(title="Words apart", n=1, body=APART),
                 "en/s/chapter2.md": CHAPTER.format(title="The phrase", n=2, body=PHRASE)})
    with StaticServer(site.output) as server:
        page.goto(server.url + "en/s/chapter1.html")
        # Pagefind alone ranks the page with the words apart first (so this test can fail) ...
        plain = page.evaluate("""async () => {
            const api = await import('../../pagefind/en-0/pagefind.js');
            await api.options({ baseUrl: '/' });
            const found = await api.search('gradient descent');
            return Promise.all(found.results.map(async (r) => (await r.data()).url));
        }""")
        assert [url.rsplit("/", 1)[-1] for url in plain] == ["chapter1.html", "chapter2.html"]
        # ... the search box puts the page with the phrase first
        assert searched(page, "gradient descent") == ["/en/s/chapter2.html", "/en/s/chapter1.html"]
        # a quoted phrase finds only the page that holds it
        assert searched(page, '"gradient descent"') == ["/en/s/chapter2.html"]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_page_opened_from_disk_tells_a_learner_search_needs_the_published_site(site, page, pagefind, lang):
    _site(site, {f"{lang}/s/chapter1.md": CHAPTER.format(title="Chapter", n=1, body="Words.")})
    page.goto((site.output / lang / "s" / "chapter1.html").as_uri())
    page.locator(".site-header .search-input").fill("words")
    expected = catalogue(lang)["search_needs_server"]
    page.wait_for_function("(text) => document.querySelector('.site-header .search-status').textContent === text", arg=expected)
    assert "manabi" not in expected and "serve" not in expected  # a learner's words: no author's command
    assert page.locator(".site-header .search-message").text_content() == expected
    assert page.locator(".site-header .search-results").is_visible()


def test_a_result_deep_in_a_long_chapter_opens_at_its_section_with_the_word_marked_on_a_phone(site, new_page, pagefind):
    """The chapter's sections below the first screen are skipped until near (markdown/parts.py): the result's
    link (?highlight=…#section) still lands the section under the contents bar, its words marked and on the screen."""
    sections = "".join(
        f"## Section {n}\n\n" + ("A zeolite adsorbs small molecules in its pores. " if n == 25 else "")
        + ("Plain words about training a model. " * 40) + "\n\n" for n in range(1, 31))
    _site(site, {"en/s/chapter1.md": CHAPTER.format(title="Long", n=1, body=sections)})
    page = new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    with StaticServer(site.output) as server:
        page.goto(server.url + "en/s/chapter1.html")
        assert searched(page, "zeolite") == ["/en/s/chapter1.html"]
        href = page.locator(".site-header .search-result-link").first.get_attribute("href")
        assert "highlight=zeolite" in href and href.endswith("#section-25")
        page.goto(page.evaluate("(href) => new URL(href, location.href).href", href))
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        skipped = page.evaluate("""() => Array.from(document.querySelectorAll('.chapter-part'))
            .filter((part) => !part.firstElementChild.checkVisibility({contentVisibilityAuto: true})).length""")
        assert skipped >= 10  # the sections between the top and the result were never drawn
        assert abs(page.locator("#section-25").bounding_box()["y"] - 64) < 1  # under the contents bar (4rem)
        mark = page.locator("article mark.search-highlight")
        assert mark.count() == 1 and mark.text_content() == "zeolite"
        assert 64 < mark.bounding_box()["y"] < 844
