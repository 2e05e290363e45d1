"""Search: the Pagefind index is built after the pages, only from chapters'
articles, one index per language; without the binary the site still builds."""

import json

import pytest
from conftest import Site

from manabi_ssg import search
from manabi_ssg.config import Config

CHAPTER = """\
---
title: "{title}"
series_order: {n}
---

{body}
"""


def _site(site: Site) -> Site:
    if site.config == Config(root=site.root, search=False):
        site.config = Config(root=site.root)  # the shared fixture turns search off; these tests want it on
    return site.write({
        "ja/s/index.md": "---\ntitle: シリーズ\n---\n\n紹介。\n",
        "ja/s/chapter1.md": CHAPTER.format(title="第1章：触媒", n=1, body="銅の触媒で二酸化炭素を還元する。拡散係数を求める。"),
        "en/s/chapter1.md": CHAPTER.format(title="Chapter 1: Catalysts", n=1, body="Copper catalysts reduce carbon dioxide."),
    })


needs_pagefind = pytest.mark.skipif(search.find_binary() is None, reason="Pagefind is not installed")


@needs_pagefind
def test_index_is_built_per_language_from_chapters_only(site):
    result = _site(site).build()
    assert result.errors == 0 and not [d for d in result.diagnostics if d.code.startswith("search")]
    bundle = site.output / "pagefind"
    assert (bundle / "pagefind.js").is_file()
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    # one index per <html lang>; only the two chapters (with data-pagefind-body) are pages
    assert entry["languages"]["ja"]["page_count"] == 1
    assert entry["languages"]["en"]["page_count"] == 1
    # Pagefind's own UIs are not shipped: the site's search.js does the job
    assert not (bundle / "pagefind-ui.js").exists()
    # each language has a search page in its own language, and a header box
    assert site.tree("search.html").find("html").get("lang") == "ja"
    assert site.tree("search-en.html").find("html").get("lang") == "en"
    form = site.tree("en/s/chapter1.html").find("form", class_="search-box")
    assert form.get("action") == "../../search-en.html"
    assert form.get("data-pagefind") == "../../pagefind/pagefind.js"  # relative: works under a sub-path
    # the search page offers the language's series (a URL test in search.js, not a Pagefind filter)


@needs_pagefind
def test_navigation_is_not_indexed(site):
    _site(site).build()
    chapter = site.tree("ja/s/chapter1.html")
    article = chapter.find("article", class_="chapter")
    assert "data-pagefind-body" in article.attrs
    for tag in ("nav", "footer"):
        for element in chapter.find_all(tag):
            node = element
            while node is not None and node is not article:
                node = node.parent
            assert node is None, f"<{tag}> inside the indexed article"


@needs_pagefind
def test_two_builds_give_identical_output_and_an_unchanged_site_reuses_the_index(site, tmp_path):
    _site(site).build()
    first = {p.relative_to(site.output).as_posix(): p.read_bytes() for p in sorted(site.output.rglob("*")) if p.is_file()}
    import shutil

    shutil.rmtree(site.output)
    shutil.rmtree(site.root / ".manabi-cache", ignore_errors=True)
    site.build()
    second = {p.relative_to(site.output).as_posix(): p.read_bytes() for p in sorted(site.output.rglob("*")) if p.is_file()}
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []
    # a build in which no page changed (a new image only) links the last index instead of running Pagefind
    index = site.output / "pagefind" / "pagefind.js"
    before = index.stat().st_ino
    result = site.write({"ja/s/figure.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>"}).build()
    assert not [d for d in result.diagnostics if d.code.startswith("search")] and (site.output / "ja/s/figure.svg").is_file()
    assert index.stat().st_ino == before  # the same file, hard-linked from the previous site
    # a rebuild with one chapter changed indexes again; the index files change with it
    site.write({"en/s/chapter1.md": CHAPTER.format(title="Chapter 1: Catalysts", n=1, body="Zeolites are catalysts too.")})
    site.build()
    assert (site.output / "pagefind" / "pagefind.js").is_file()
    index_files = lambda files: {k: v for k, v in files.items() if k.startswith("pagefind/fragment/")}  # noqa: E731
    third = {p.relative_to(site.output).as_posix(): p.read_bytes() for p in sorted(site.output.rglob("*")) if p.is_file()}
    assert index_files(third) != index_files(second)


def test_missing_binary_warns_and_builds_without_search(site, monkeypatch):
    monkeypatch.setenv(search.BINARY_ENV, str(site.root / "no-such-pagefind"))
    result = _site(site).build()
    warnings = [d for d in result.diagnostics if d.code == "search-unavailable"]
    assert len(warnings) == 1 and warnings[0].level == "warning"
    assert "no-such-pagefind" in warnings[0].message
    assert result.errors == 0
    assert (site.output / "ja/s/chapter1.html").is_file()
    assert not (site.output / "pagefind").exists()
    assert not (site.output / "search.html").exists()
    assert site.tree("ja/s/chapter1.html").find("form", class_="search-box") is None


def test_search_off_in_config_is_quiet(site):
    site.config = Config(root=site.root, search=False, title="search off")
    result = _site(site).build()
    assert not [d for d in result.diagnostics if d.code.startswith("search")]
    assert not (site.output / "pagefind").exists()
    assert site.tree("ja/s/chapter1.html").find("form", class_="search-box") is None


def test_missing_binary_warning_can_be_silenced(site, monkeypatch):
    monkeypatch.setenv(search.BINARY_ENV, "/nonexistent/pagefind")
    site.config = Config(root=site.root, silence=("search-unavailable",))
    result = _site(site).build()
    assert not [d for d in result.diagnostics if d.code == "search-unavailable"]


def test_check_command_reports_the_missing_binary(site, monkeypatch, capsys):
    from manabi_ssg.cli import main

    monkeypatch.setenv(search.BINARY_ENV, "/nonexistent/pagefind")
    _site(site)
    monkeypatch.chdir(site.root)
    assert main(["check"]) == 0
    assert "search-unavailable" in capsys.readouterr().out
    assert main(["check", "--strict"]) == 1


@needs_pagefind
def test_failing_pagefind_keeps_the_previous_site(site, tmp_path, monkeypatch):
    _site(site).build()
    broken = tmp_path / "pagefind"
    broken.write_text("#!/bin/sh\necho 'indexing exploded' >&2\nexit 3\n")
    broken.chmod(0o755)
    monkeypatch.setenv(search.BINARY_ENV, str(broken))
    site.write({"ja/s/chapter2.md": CHAPTER.format(title="第2章", n=2, body="本文。")})
    result = site.build()
    failed = [d for d in result.diagnostics if d.code == "search-failed"]
    assert failed and "indexing exploded" in failed[0].message and failed[0].level == "error"
    # the new site is whole (pages, no half-written index) and no staging folder is left behind
    assert (site.output / "ja/s/chapter2.html").is_file()
    chapter1 = site.tree("ja/s/chapter1.html")  # whole pages: parsed to the end, with their content
    assert chapter1.find("h1").text() == "第1章：触媒" and "銅の触媒" in chapter1.find("article", class_="chapter").text()
    assert not (site.output / "pagefind").exists()
    assert not [p for p in site.output.parent.iterdir() if ".building-" in p.name]
