"""A page Pagefind fails on costs the site that page's entry in search, never the index of the others.

Pagefind panics on a language tag of 30 characters or more (issue 31: "byte
index 48 out of bounds"); manabi refuses such a ``lang`` now, so these tests
reach the same real crash by handing Pagefind one page with such a tag.
"""

import json
from dataclasses import replace

import pytest
from conftest import Site

from manabi_ssg.guards import names

from manabi_ssg.outputs.search import indexing, prepare
from manabi_ssg.outputs.search.binary import find_binary

LONG_TAG = "en-US-u-ca-gregory-nu-latn-x-abcdefgh"  # well formed, 37 characters: Pagefind panics on it


@pytest.fixture
def pagefind():
    if find_binary() is None:
        pytest.skip("Pagefind is not installed")


def searchable_site(site: Site) -> Site:
    site.config = replace(site.config, search=True)
    return site.write({
        "en/s/good-1.md": "# Good one\n\nalpha words\n",
        "en/s/good-2.md": "# Good two\n\nbeta words\n",
        "en/s/bad.md": "# Bad\n\ngamma words\n",
        "ja/s/chapter.md": "# 第1章\n\n触媒の章\n",
    })


def page_count(site: Site, bundle: str) -> int:
    entry = json.loads((site.output / "pagefind" / bundle / "pagefind-entry.json").read_text())
    return sum(language["page_count"] for language in entry["languages"].values())


def test_one_page_pagefind_fails_on_is_named_and_the_rest_of_its_bundle_is_indexed(site, pagefind, monkeypatch):
    page_html = prepare.page_html

    def one_bad_page(folder, url, lang):
        html = page_html(folder, url, lang)
        return html.replace('<html lang="en"', f'<html lang="{LONG_TAG}"', 1) if url == "en/s/bad.html" else html

    monkeypatch.setattr(indexing, "page_html", one_bad_page)
    result = searchable_site(site).build(workers=1)
    failed = [(d.path, d.level) for d in result.diagnostics if d.code == "search-failed"]
    assert failed == [("en/s/bad.md", "error")]
    assert page_count(site, "en-0") == 2 and page_count(site, "ja-0") == 1
    assert json.loads((site.output / "pagefind/bundles.json").read_text()) == {"en": ["en-0"], "ja": ["ja-0"]}


def test_a_bundle_of_only_failing_pages_leaves_the_other_bundles_indexed(site, pagefind, monkeypatch):
    monkeypatch.setattr(names, "LANGUAGE_MAX", 100)  # let the tag through, to reach Pagefind's own crash
    searchable_site(site).write({"en/s/bad.md": f'---\ntitle: Bad\nlang: "{LONG_TAG}"\n---\ngamma words\n'})
    result = site.build(workers=1)
    failed = [(d.path, d.level) for d in result.diagnostics if d.code == "search-failed"]
    assert failed == [("en/s/bad.md", "error")]
    assert json.loads((site.output / "pagefind/bundles.json").read_text()) == {"en": ["en-0"], "ja": ["ja-0"]}
    assert page_count(site, "en-0") == 2 and page_count(site, "ja-0") == 1


def test_a_lang_pagefind_would_crash_on_never_reaches_it(site, pagefind):
    searchable_site(site).write({"en/s/bad.md": f'---\ntitle: Bad\nlang: "{LONG_TAG}"\n---\ngamma words\n'})
    result = site.build(workers=1)
    assert [(d.path, d.line, d.code) for d in result.diagnostics if d.level == "error"] == [("en/s/bad.md", 3, "frontmatter-value")]
    assert page_count(site, "en-0") == 3 and page_count(site, "ja-0") == 1
