"""Search: Pagefind bundles are built after the pages, only from chapters'
articles, per language (and group of chapters); an edit rebuilds only its
bundle; ``check`` never indexes; without the binary the site still builds."""

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from conftest import SEARCH_CHAPTER, Site
from htmltree import parse_html

from manabi_ssg.outputs.search import background, indexing, prepare
from manabi_ssg.outputs.search.binary import BINARY_ENV, find_binary
from manabi_ssg.outputs.search import bundles as search_bundles
from manabi_ssg.site.config import Config
from manabi_ssg.outputs.search.word_breaks import BREAK

CHAPTER = SEARCH_CHAPTER


def _site(site: Site) -> Site:
    if site.config == Config(root=site.root, search=False):
        site.config = Config(root=site.root)  # the shared fixture turns search off; these tests want it on
    return site.write({
        "ja/s/index.md": "---\ntitle: シリーズ\n---\n\n紹介。\n",
        "ja/s/chapter1.md": CHAPTER.format(title="第1章：触媒", n=1, body="銅の触媒で二酸化炭素を還元する。拡散係数を求める。"),
        "en/s/chapter1.md": CHAPTER.format(title="Chapter 1: Catalysts", n=1, body="Copper catalysts reduce carbon dioxide."),
    })



@pytest.fixture
def pagefind():
    """The real Pagefind binary: without it a test skips, and in CI (CI=true) it fails."""
    binary = find_binary()
    if binary is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("Pagefind is not installed (pip install 'pagefind[extended]')")
        pytest.skip("Pagefind is not installed")
    return binary


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_index_is_built_per_language_from_chapters_only(site, pagefind):
    result = _site(site).build()
    assert result.errors == 0 and not [d for d in result.diagnostics if d.code.startswith("search")]
    root = site.output / "pagefind"
    # one bundle per language here (a small site), listed for search.js
    assert json.loads((root / "bundles.json").read_text(encoding="utf-8")) == {"en": ["en-0"], "ja": ["ja-0"]}
    for lang, indexed_as in (("ja", "und"), ("en", "en")):  # Japanese arrives split into words (word_breaks.py)
        entry = json.loads((root / f"{lang}-0" / "pagefind-entry.json").read_text(encoding="utf-8"))
        # only the chapter (with data-pagefind-body) is a page, not the series' landing page
        assert list(entry["languages"]) == [indexed_as] and entry["languages"][indexed_as]["page_count"] == 1
        # Pagefind's own UIs are not shipped: the site's search.js does the job
        assert (root / f"{lang}-0" / "pagefind.js").is_file() and not (root / f"{lang}-0" / "pagefind-ui.js").exists()
    # each language has a search page in its own language, and a header box
    assert site.tree("search.html").find("html").get("lang") == "ja"
    assert site.tree("search-en.html").find("html").get("lang") == "en"
    form = site.tree("en/s/chapter1.html").find("form", class_="search-box")
    assert form.get("action") == "../../search-en.html"
    assert form.get("data-pagefind") == "../../pagefind/bundles.json"  # relative: works under a sub-path


def test_navigation_is_not_indexed(site, pagefind):
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


def _stored_text(bundle: Path) -> dict[str, str]:
    """url -> the text Pagefind keeps of a page (its fragment: gzip, a signature, JSON), word breaks taken out."""
    import gzip

    stored = {}
    for path in sorted((bundle / "fragment").iterdir()):
        data = json.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd"):])
        stored[data["url"]] = data["content"].replace(BREAK, "")
    return stored


def test_interface_labels_are_not_indexed_but_what_they_label_is(site, pagefind):
    _site(site).write({"en/s/chapter2.md": (
        "---\ntitle: \"Chapter 2: Sources\"\nseries_order: 2\nprerequisites: [Vector calculus]\ntopics: [Adsorption]\n---\n\n"
        "Zeolites adsorb water [1].\n\n## Exercises\n\n### Problem 1 (Difficulty: easy)\n\nWhy do pores fill?\n\n"
        "## References\n\n1. Smith, J. (2020). Porous solids. Nature.\n")})
    site.build()
    page = site.tree("en/s/chapter2.html")
    # on the page: the BibTeX link, the header's labels, the jump to the exercises with their count
    assert page.find("p", class_="references-bibtex") is not None and page.find("p", class_="chapter-exercises-link") is not None
    assert [label.text() for label in page.find("header", class_="chapter-header").find_all(class_="label")] == ["Prerequisites:", "Topics:"]
    text = _stored_text(site.output / "pagefind" / "en-0")["/en/s/chapter2.html"]
    for words in ("Porous solids", "Zeolites adsorb water", "Vector calculus", "Adsorption", "Why do pores fill?"):
        assert words in text
    for label in ("BibTeX", "Prerequisites", "Topics", "(1)"):
        assert label not in text


def test_pagefind_reads_the_indexed_words_in_less_markup(site):
    """The header, contents and highlighting spans are left out of what Pagefind reads; every word it indexes stays."""
    site.write({"ja/s/chapter1.md": CHAPTER.format(title="第1章：触媒", n=1, body=(
        "## 触媒の節\n\n銅の触媒で還元する。$D = \\lim_{t \\to \\infty} x$ を求める。\n\n"
        "```python\nimport numpy as np\ndef mean(values):\n    return np.mean(values)\n```\n"))})
    assert site.build().errors == 0
    original = site.html("ja/s/chapter1.html")
    read = prepare.page_html(site.output, "ja/s/chapter1.html", "ja")
    assert 'class="site-header"' in original and 'class="site-header"' not in read
    assert 'class="toc"' in original and 'class="toc"' not in read
    assert "<math" in original and "<math" not in read
    pre = lambda html: html[html.index("<pre"):html.index("</pre>")]
    assert "<span" in pre(original) and "<span" not in pre(read)
    body = lambda html: parse_html(html).find("article", class_="chapter")
    words = lambda element: element.text().replace(BREAK, "").split()
    expected = parse_html(re.sub(r"<math\b.*?</math>", "", original, flags=re.S)).find("article", class_="chapter")
    assert words(body(read)) == words(expected)
    assert {"numpy", "銅の触媒で還元する。", "を求める。"} <= set(words(body(read)))
    # Japanese split into words for Pagefind, which is told to split at spaces only
    assert {"銅", "触媒", "還元"} <= set(body(read).text().split())  # a break is whitespace
    assert parse_html(read).find("html").get("lang") == "und" and "<title>" in read


def test_japanese_is_split_into_words_whatever_else_the_sites_html_tag_says(site, pagefind):
    """The page's language comes from the page, not from its HTML: a base.html with dir= before lang= loses nothing."""
    from manabi_ssg.site.theme import builtin_dir

    base = (builtin_dir("templates") / "base.html").read_text(encoding="utf-8")
    assert '<html lang="{{ lang }}">' in base
    (site.root / "templates").mkdir(parents=True)
    (site.root / "templates" / "base.html").write_text(base.replace('<html lang="{{ lang }}">', '<html dir="ltr" lang="{{ lang }}">'),
                                                        encoding="utf-8")
    assert _site(site).build().errors == 0
    assert '<html dir="ltr" lang="ja">' in site.html("ja/s/chapter1.html")
    bundle = site.output / "pagefind" / "ja-0"
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["und"]  # handed over split, to be split at spaces only
    import gzip

    [fragment] = (bundle / "fragment").iterdir()
    content = json.loads(gzip.decompress(fragment.read_bytes())[len(b"pagefind_dcd"):])["content"]
    assert "銅 の 触媒 で 二酸化炭素" in content  # word by word (not "銅の触媒で二酸化炭素", as written)


@pytest.mark.parametrize("tag, expected", [
    ('<html lang="ja">', '<html lang="und">'),
    ('<html dir="ltr" lang="ja">', '<html dir="ltr" lang="und">'),
    ("<html class='x' lang='ja' dir=ltr>", """<html class='x' lang="und" dir=ltr>"""),
    ('<html data-lang="en" lang=ja>', '<html data-lang="en" lang="und">'),
    ('<html dir="ltr">', '<html lang="und" dir="ltr">'),
])
def test_the_language_pagefind_is_told_replaces_the_html_tags_whatever_its_attributes(tag, expected):
    html = f'<!DOCTYPE html>\n{tag}<head></head><body><p lang="ja">text</p></body></html>'
    assert prepare.with_language(html, "und") == html.replace(tag, expected)


def test_indexer_takes_more_pages_than_a_pipe_holds_and_reports_a_refused_page(pagefind, tmp_path):
    """Pages are sent without waiting for each answer: 1,500 answers fill more than a pipe's 64 KB, so a
    writer that never read them would block forever; an answer that is an error is still raised."""
    from manabi_ssg.outputs.search.service import Indexer, IndexerError

    pages = ((f"/p{n}.html", f"<html lang=en><body><main data-pagefind-body><h1>Page {n}</h1><p>word{n}</p></main></body></html>")
             for n in range(1500))  # a generator, as the build streams its pages
    with Indexer(pagefind) as indexer:
        index_id = indexer.new_index(indexing.INDEX_CONFIG)
        indexer.add_pages(index_id, pages)
        with pytest.raises(IndexerError, match="does not yet exist"):
            indexer.add_pages(index_id + 99, [("/refused.html", "<html lang=en><body><p>no</p></body></html>")])
        indexer.write(index_id, tmp_path / "bundle")
    entry = json.loads((tmp_path / "bundle" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["en"]["page_count"] == 1500


def test_indexer_sends_each_page_before_the_next_is_read(pagefind, tmp_path):
    """Pagefind indexes a page while manabi reads and splits the next: a build that read a whole
    bundle before sending any of it left a core idle for the first quarter of the indexing step."""
    from manabi_ssg.outputs.search.service import Indexer

    sent_before_read: list[int] = []

    def pages(indexer: Indexer, first_id: int):
        for n in range(5):
            sent_before_read.append(indexer._next_id - first_id)
            yield f"/p{n}.html", f"<html lang=en><body><main data-pagefind-body><p>word{n}</p></main></body></html>"

    with Indexer(pagefind) as indexer:
        index_id = indexer.new_index(indexing.INDEX_CONFIG)
        indexer.add_pages(index_id, pages(indexer, indexer._next_id))
    assert sent_before_read == [0, 1, 2, 3, 4]


def test_bundles_are_indexed_costliest_first_japanese_counting_more_per_byte(tmp_path):
    """Largest first keeps one indexer from ending alone on a long bundle; Japanese words need a dictionary."""
    from manabi_ssg.outputs.search.bundles import Bundle

    for name, size in (("en/a.html", 1000), ("en/b.html", 1300), ("ja/a.html", 1000)):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x" * size)
    english = Bundle("en-0", "en", "k", ("en/a.html",))
    bigger = Bundle("en-1", "en", "k", ("en/b.html",))
    japanese = Bundle("ja-0", "ja", "k", ("ja/a.html",))
    assert indexing.cost(tmp_path, japanese) > indexing.cost(tmp_path, bigger) > indexing.cost(tmp_path, english)


def test_bundles_stay_near_their_size_when_a_language_has_few_large_folders():
    """Fifteen folders of forty chapters: hashing whole folders put 280 of 600 chapters in one of four bundles."""
    from types import SimpleNamespace

    from manabi_ssg.model import CHAPTER as KIND

    urls = [f"en/field-{f:02d}/series-{s}/chapter-{c}.html" for f in range(15) for s in range(4) for c in range(10)]
    pages = {url: SimpleNamespace(url=url, lang="en", kind=KIND) for url in urls}
    bundles = search_bundles.plan(pages, {url: url for url in urls}, "settings", 150)
    assert len(bundles) == 4
    assert sorted(url for bundle in bundles for url in bundle.urls) == sorted(urls)
    assert max(len(bundle.urls) for bundle in bundles) <= 180


def test_two_cold_builds_give_identical_output_index_included(site, pagefind, monkeypatch):
    monkeypatch.setattr(search_bundles, "BUNDLE_PAGES", 2)  # several bundles, built by two indexers at once
    _many_groups(site).build()
    first = _files(site.output)
    assert any(name.startswith("pagefind/ja-0/fragment/") for name in first)
    assert len(json.loads(first["pagefind/bundles.json"])["en"]) > 1
    shutil.rmtree(site.output)
    shutil.rmtree(site.root / ".manabi-cache", ignore_errors=True)
    site.build()
    second = _files(site.output)
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


def _many_groups(site: Site, groups: int = 6) -> Site:
    """A site of several English chapters (so, with small bundles, several bundles)."""
    files = {f"en/g{n}/chapter1.md": CHAPTER.format(title=f"Group {n}", n=1, body=f"Words of group{n} here.")
             for n in range(groups)}
    files["ja/s/chapter1.md"] = CHAPTER.format(title="第1章", n=1, body="触媒の章。")
    return _site(site).write(files)


def test_an_edit_reindexes_only_the_bundle_of_the_edited_chapter(site, pagefind, monkeypatch):
    monkeypatch.setattr(search_bundles, "BUNDLE_PAGES", 2)  # 7 English chapters: 4 buckets
    _many_groups(site).build()
    root = site.output / "pagefind"
    bundles = json.loads((root / "bundles.json").read_text(encoding="utf-8"))
    assert len(bundles["en"]) >= 2
    inodes = {name: (root / name / "pagefind-entry.json").stat().st_ino for name in bundles["en"]}
    before = _files(root)
    site.write({"en/g3/chapter1.md": CHAPTER.format(title="Group 3", n=1, body="Zeolites replaced these words.")})
    site.build()
    after = _files(root)
    changed = sorted({name.split("/")[0] for name in set(before) | set(after) if before.get(name) != after.get(name)})
    owner = f"en-{search_bundles._bucket('en/g3/chapter1.html', search_bundles.bucket_count(7, 2))}"
    assert changed == [owner], changed
    # the other bundles were not built again: the new output links the very same files
    for name, inode in inodes.items():
        if name != owner:
            assert (root / name / "pagefind-entry.json").stat().st_ino == inode, name
    assert (root / owner / "pagefind-entry.json").stat().st_ino != inodes[owner]


def test_an_unchanged_site_builds_no_bundle(site, pagefind, monkeypatch):
    _site(site).build()
    started = []
    real = indexing.Indexer
    monkeypatch.setattr(indexing, "Indexer", lambda *a, **k: started.append(a) or real(*a, **k))
    site.write({"ja/s/index.md": "---\ntitle: シリーズ\n---\n\n紹介文を変えた。\n"})  # a landing page: no chapter's HTML changes
    result = site.build()
    assert result.errors == 0 and started == []
    assert json.loads((site.output / "pagefind" / "bundles.json").read_text(encoding="utf-8")) == {"en": ["en-0"], "ja": ["ja-0"]}


def test_a_new_word_breaker_indexes_an_unchanged_site_again(site, pagefind, monkeypatch):
    """ICU's version is in each bundle's key and in the build's fingerprint: an upgrade splits words anew."""
    from manabi_ssg.outputs.search import word_breaks

    _site(site).build()
    entry = site.output / "pagefind" / "ja-0" / "pagefind-entry.json"
    before = entry.stat().st_ino
    assert site.build().unchanged  # nothing new: nothing done
    monkeypatch.setattr(word_breaks, "version", lambda: "icu 0.1")
    result = site.build()
    assert not result.unchanged and result.errors == 0
    assert entry.stat().st_ino != before  # the bundle was built again, not linked from the previous output


def test_check_never_runs_the_indexer(site, pagefind, tmp_path, monkeypatch, capsys):
    from manabi_ssg.cli import main

    ran = tmp_path / "pagefind-ran"
    spy = tmp_path / "pagefind"
    spy.write_text(f"#!/bin/sh\ntouch {ran}\nexec {pagefind} \"$@\"\n")
    spy.chmod(0o755)
    monkeypatch.setenv(BINARY_ENV, str(spy))
    _site(site)
    monkeypatch.chdir(site.root)
    assert main(["check"]) == 0
    assert not ran.exists()
    # the same binary is run by a build (so the check above could have seen it)
    assert site.build().errors == 0 and ran.exists()


def test_missing_binary_warns_and_builds_without_search(site, monkeypatch):
    monkeypatch.setenv(BINARY_ENV, str(site.root / "no-such-pagefind"))
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
    monkeypatch.setenv(BINARY_ENV, "/nonexistent/pagefind")
    site.config = Config(root=site.root, silence=("search-unavailable",))
    result = _site(site).build()
    assert not [d for d in result.diagnostics if d.code == "search-unavailable"]


def test_a_failed_index_is_an_error_that_silence_cannot_drop(site, tmp_path, monkeypatch):
    broken = tmp_path / "pagefind"
    broken.write_text("#!/bin/sh\necho 'indexing exploded' >&2\nexit 3\n")
    broken.chmod(0o755)
    monkeypatch.setenv(BINARY_ENV, str(broken))
    site.config = Config(root=site.root, silence=("search-failed",))
    result = _site(site).build()
    assert [d.level for d in result.diagnostics if d.code == "search-failed"] == ["error"]


def test_check_command_reports_the_missing_binary(site, monkeypatch, capsys):
    from manabi_ssg.cli import main

    monkeypatch.setenv(BINARY_ENV, "/nonexistent/pagefind")
    _site(site)
    monkeypatch.chdir(site.root)
    assert main(["check"]) == 0
    assert "search-unavailable" in capsys.readouterr().out
    assert main(["check", "--strict"]) == 1


def test_failing_pagefind_keeps_the_previous_site(site, pagefind, tmp_path, monkeypatch):
    _site(site).build()
    before = site.html("ja/s/chapter1.html")
    broken = tmp_path / "pagefind"
    broken.write_text("#!/bin/sh\necho 'indexing exploded' >&2\nexit 3\n")
    broken.chmod(0o755)
    monkeypatch.setenv(BINARY_ENV, str(broken))
    site.write({"ja/s/chapter2.md": CHAPTER.format(title="第2章", n=2, body="本文。")})
    result = site.build()
    failed = [d for d in result.diagnostics if d.code == "search-failed"]
    assert failed and "indexing exploded" in failed[0].message and failed[0].level == "error"
    # the new site is whole (pages, no half-written index) and no staging folder is left behind
    assert (site.output / "ja/s/chapter2.html").is_file()
    assert before != site.html("ja/s/chapter1.html") and "chapter2.html" in site.html("ja/s/chapter1.html")  # its series grew
    assert not (site.output / "pagefind").exists()
    assert not [p for p in site.output.parent.iterdir() if ".building-" in p.name]


def test_serve_reindexes_only_the_bundle_that_changed(site, pagefind, monkeypatch):
    from manabi_ssg.pipeline.engine import Engine

    monkeypatch.setattr(search_bundles, "BUNDLE_PAGES", 2)
    monkeypatch.setattr(background, "QUIET_SECONDS", 0)
    _many_groups(site)
    engine = Engine(site.config, site.output, live_reload=True, in_place=True, force=True, workers=1)
    engine.build()
    assert background.BACKGROUND.idle()
    root = site.output / "pagefind"
    bundles = json.loads((root / "bundles.json").read_text(encoding="utf-8"))["en"]
    inodes = {name: (root / name / "pagefind-entry.json").stat().st_ino for name in bundles}
    owner = f"en-{search_bundles._bucket('en/g1/chapter1.html', search_bundles.bucket_count(7, 2))}"
    site.write({"en/g1/chapter1.md": CHAPTER.format(title="Group 1", n=1, body="Zeolites replaced these words.")})
    engine.build()
    assert background.BACKGROUND.idle()
    assert (root / owner / "pagefind-entry.json").stat().st_ino != inodes[owner]  # swapped in anew
    assert {name: (root / name / "pagefind-entry.json").stat().st_ino for name in bundles if name != owner} == \
        {name: inode for name, inode in inodes.items() if name != owner}
    assert not [p for p in site.output.iterdir() if p.name.startswith(".pagefind")]  # no scratch left behind


def test_the_binary_a_pagefind_bin_package_ships_is_found_by_importlib(tmp_path, monkeypatch):
    """As the pagefind package finds it: the extended package's get_executable(), imported by name (no __import__)."""
    import sys

    from manabi_ssg.outputs.search import binary

    executable = tmp_path / "pagefind_extended"
    executable.write_text("#!/bin/sh\n", encoding="utf-8")
    executable.chmod(0o755)
    package = tmp_path / "packages" / "pagefind_bin_extended"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(f"def get_executable():\n    return {str(executable)!r}\n", encoding="utf-8")
    monkeypatch.delenv(BINARY_ENV, raising=False)
    monkeypatch.syspath_prepend(str(tmp_path / "packages"))
    monkeypatch.delitem(sys.modules, "pagefind_bin_extended", raising=False)
    assert find_binary() == executable
    assert "__import__(" not in Path(binary.__file__).read_text(encoding="utf-8")
