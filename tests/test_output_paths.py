"""Every value that becomes an output path stays a plain name inside the output folder.

A chapter's ``lang``, its topics, its folder and file names become folders
and files of the site (``topics/<lang>/<slug>.html``, ``feed-<lang>.xml``,
``pagefind/<lang>-0/``).  Each hostile value here is written into a chapter,
the site is checked, built and served, and the whole temporary tree is
compared before and after: nothing may change outside the output folder and
the cache, and the site's ``templates/`` stays as it was.
"""

import hashlib
import os
import subprocess
import sys
import tempfile
import threading
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import Site, wait_for

from manabi_ssg.pipeline.engine import Engine
from manabi_ssg.guards.names import LANGUAGE_MAX, language_problem, topic_slug
from manabi_ssg.preview.serve import LiveServer

REPO = Path(__file__).resolve().parent.parent
GOOD = {"ja/s/good.md": "---\ntitle: 良い章\n---\n本文\n"}
# a site override (the theme's own, copied) of the kind the attack once rewrote
TEMPLATE = (REPO / "templates/chapter.html").read_text(encoding="utf-8") + "{# the site's copy #}\n"

# Each lang climbs to the temporary folder's top from every place manabi writes (the output's
# topics/<lang>/, the check's scratch folder, pagefind/), so a write through it lands in the snapshot.
UP = "x/" + "../" * 9
HOSTILE_LANGS = {
    "traversal": UP + "victim/index",
    "traversal-to-templates": UP + "site/templates/chapter",
    "absolute": "/tmp/victim",
    "backslashes": "x\\\\..\\\\..\\\\victim",
    "nul": "en\\0/../../victim",
    "control": "en\\e[31m",
    "newline": "en\\nx",
    "very-long": "a" * 40,
    "long-tag": "en-US-u-ca-gregory-nu-latn-x-abcdefgh",
    "jinja-expression": "{{ cycler.__init__.__globals__.os.system('id') }}",
    "jinja-statement": "{% include '/etc/passwd' %}",
    "bidi": "en\\u202eja",
    "dot": ".",
    "dotdot": "..",
    "empty": "",
}


def snapshot(root: Path) -> dict[str, str]:
    """Every file and symlink below ``root``: path -> hash of its bytes (or link target)."""
    found = {}
    for folder, dirs, files in os.walk(root):
        for name in files + [d for d in dirs if os.path.islink(os.path.join(folder, d))]:
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, root)
            if os.path.islink(path):
                found[rel] = "link:" + os.readlink(path)
            else:
                with open(path, "rb") as handle:
                    found[rel] = hashlib.sha256(handle.read()).hexdigest()
    return found


def changed_outside(before: dict, after: dict, allowed: tuple[str, ...]) -> list[str]:
    """Paths added, changed or removed that are not under one of the ``allowed`` folders."""
    moved = {rel for rel in set(before) | set(after) if before.get(rel) != after.get(rel)}
    return sorted(rel for rel in moved if not any(rel == a or rel.startswith(a + os.sep) for a in allowed))


@pytest.fixture
def sandbox(tmp_path, monkeypatch):
    """A site under ``tmp_path/site`` with a template override, and the temporary folder inside the snapshot."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    site = Site(tmp_path / "site")
    (site.root / "templates").mkdir()
    (site.root / "templates/chapter.html").write_text(TEMPLATE, encoding="utf-8")
    site.write(GOOD)
    return tmp_path, site


def lang_chapter(lang: str) -> str:
    return f'---\ntitle: 悪い章\nlang: "{lang}"\ntopics: ["a"]\n---\n本文\n'


def assert_lang_refused(result, path="ja/s/evil.md"):
    found = [d for d in result.diagnostics if d.path == path and d.code == "frontmatter-value"]
    assert [(d.line, d.col, d.level) for d in found] == [(3, 7, "error")]
    assert "'lang'" in found[0].message


@pytest.mark.parametrize("name", sorted(HOSTILE_LANGS))
def test_a_hostile_lang_is_refused_at_its_line_and_build_writes_only_its_output(sandbox, name):
    tmp_path, site = sandbox
    site.write({"ja/s/evil.md": lang_chapter(HOSTILE_LANGS[name])})
    before = snapshot(tmp_path)
    result = site.build(workers=1)
    assert_lang_refused(result)
    assert changed_outside(before, snapshot(tmp_path), ("site/_site", "site/.manabi-cache")) == []
    assert (site.output / "ja/s/evil.html").is_file() and (site.output / "ja/s/good.html").is_file()
    assert site.tree("ja/s/evil.html").find("html").get("lang") == "ja"  # the folder's language


@pytest.mark.parametrize("name", sorted(HOSTILE_LANGS))
def test_a_hostile_lang_under_check_writes_nothing_but_the_cache(sandbox, name):
    tmp_path, site = sandbox
    site.write({"ja/s/evil.md": lang_chapter(HOSTILE_LANGS[name])})
    before = snapshot(tmp_path)
    with tempfile.TemporaryDirectory() as scratch:  # as cmd_check does
        result = Engine(site.config, Path(scratch) / "site", search_index=False).build()
    assert_lang_refused(result)
    assert changed_outside(before, snapshot(tmp_path), ("site/.manabi-cache",)) == []


def test_the_check_command_with_search_on_refuses_a_traversing_lang(sandbox):
    tmp_path, site = sandbox
    (site.root / "manabi.toml").write_text("search = true\n", encoding="utf-8")
    site.write({"ja/s/evil.md": lang_chapter(HOSTILE_LANGS["traversal"])})
    before = snapshot(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "TMPDIR": str(tmp_path / "tmp")}
    run = subprocess.run([sys.executable, "-m", "manabi_ssg", "check", "-q"], cwd=site.root, env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 1
    assert "content/ja/s/evil.md:3:7: error: 'lang': language" in run.stdout
    assert changed_outside(before, snapshot(tmp_path), ("site/.manabi-cache",)) == []


def test_a_hostile_lang_saved_under_serve_writes_only_the_preview(sandbox):
    tmp_path, site = sandbox
    server = LiveServer(site.config, port=0, report=lambda *a, **k: None)
    server.start()
    watcher = threading.Thread(target=server.watch, daemon=True)
    watcher.start()
    try:
        assert server.watching.wait(10)
        before = snapshot(tmp_path)
        site.write({"ja/s/evil.md": lang_chapter(HOSTILE_LANGS["traversal-to-templates"])})
        problems = wait_for(lambda: server.broadcaster.last["problems"].get("ja/s/evil.html"))
        assert [(p["line"], p["col"], p["level"]) for p in problems] == [(3, 7, "error")]
        after = snapshot(tmp_path)
    finally:
        server.stop()
        watcher.join(timeout=5)
    assert changed_outside(before, after, ("site/content", "site/.manabi-cache")) == []
    assert (site.root / "templates/chapter.html").read_text(encoding="utf-8") == TEMPLATE




def test_a_lang_pagefind_would_crash_on_is_refused_and_the_site_keeps_its_search(sandbox):
    tmp_path, site = sandbox
    site.config = replace(site.config, search=True)
    site.write({"en/s/long.md": lang_chapter("en-US-u-ca-gregory-nu-latn-x-abcdefgh"), "en/s/fine.md": "# Fine\n\nwords\n"})
    result = site.build(workers=1)
    assert [d.code for d in result.diagnostics if d.path == "en/s/long.md"] == ["frontmatter-value"]
    assert not [d for d in result.diagnostics if d.code == "search-failed"]
    assert sorted(p.name for p in (site.output / "pagefind").iterdir() if p.is_dir()) == ["en-0", "ja-0"]


@pytest.mark.parametrize("tag", ["ja", "en", "pt-BR", "zh-Hant", "zh-Hant-TW", "sr-Latn-RS", "de-CH-1996", "en-US-x-twain", "yue"])
def test_real_language_tags_are_accepted(tag):
    assert language_problem(tag) is None


def test_a_language_longer_than_the_limit_is_refused_even_when_well_formed():
    tag = "en-" + "-".join(["abcdefgh"] * 3)
    assert len(tag) > LANGUAGE_MAX and "characters long" in language_problem(tag)


def test_config_languages_and_default_language_must_be_language_tags(sandbox):
    from manabi_ssg.site.config import load_config

    tmp_path, site = sandbox
    (site.root / "manabi.toml").write_text('default_language = "../x"\nlanguages = ["fil", "../../etc"]\n', encoding="utf-8")
    config, problems = load_config(site.root)
    assert config.default_language == "ja" and config.languages == ("fil",)
    assert [(d.line, d.col, d.level, d.code) for d in problems] == [(1, 21, "error", "config-type"), (2, 22, "error", "config-type")]


HOSTILE_TOPICS = ["index", "..", ".", "", "\u202e", "a/b", "x" * 300, "../../../victim", "{{ 7*7 }}", "\\..\\x"]


def test_hostile_topics_get_distinct_pages_inside_the_topics_folder(sandbox):
    tmp_path, site = sandbox
    topics = ", ".join('"' + t.replace("\\", "\\\\").replace("\u202e", "\\u202e") + '"' for t in HOSTILE_TOPICS)
    site.write({"ja/s/topics.md": f"---\ntitle: 話題\ntopics: [{topics}, 機械学習, Machine Learning]\n---\n本文\n"})
    before = snapshot(tmp_path)
    result = site.build(workers=1)
    assert result.errors == 0
    assert changed_outside(before, snapshot(tmp_path), ("site/_site", "site/.manabi-cache")) == []
    pages = sorted(p.name for p in (site.output / "topics").iterdir())
    assert len(pages) == len(HOSTILE_TOPICS) + 2 + 1  # one page per topic, and the list
    assert {"機械学習.html", "machine-learning.html", "index.html", "a-b.html"} <= set(pages)  # ordinary topics keep their URLs
    listing = site.tree("topics/index.html")
    assert len(listing.find("ul", class_="topic-list").find_all("li")) == len(HOSTILE_TOPICS) + 2


@pytest.mark.parametrize("topic", ["index", "..", ".", "", "\u202e", "-", "x" * 300])
def test_a_topic_with_no_plain_slug_is_named_by_its_hash(topic):
    assert topic_slug(topic) == "topic-" + hashlib.sha256(topic.encode()).hexdigest()[:10]


@pytest.mark.parametrize("first, second_front_matter, place, names", [
    ("[Python]", "topics:\n  - 機械学習\n  - python", (5, 5), ("'Python'", "'python'", "topics/python.html")),
    ("[abc]", 'topics: ["\\u202eabc"]', (3, 1), ("'\\u202eabc'", "'abc'", "topics/abc.html")),
], ids=["case", "bidi-control"])
def test_two_topics_with_one_slug_are_an_error_at_the_second_topic_naming_both(site, first, second_front_matter, place, names):
    site.write({"ja/s/a.md": f"---\ntitle: A\ntopics: {first}\n---\n本文\n",
                "ja/s/b.md": f"---\ntitle: B\n{second_front_matter}\n---\n本文\n"})
    result = site.build(workers=1)
    [problem] = [d for d in result.diagnostics if d.code == "output-collision"]
    assert (problem.path, problem.line, problem.col, problem.level) == ("ja/s/b.md", *place, "error")
    assert all(name in problem.message for name in names)


HOSTILE_NAMES = ["ja/a.....b/c.md", "ja/\u202ecod.exe/c.md", "ja/s/ chapter .md", "ja/{{ 7*7 }}/c.md",
                 "ja/s/%2e%2e.md", "ja/s/x..md"]


def test_hostile_file_and_series_names_stay_inside_the_output(sandbox):
    tmp_path, site = sandbox
    site.write({name: "---\ntitle: 名前\nseries: \"../../../victim\"\n---\n本文\n" for name in HOSTILE_NAMES})
    before = snapshot(tmp_path)
    result = site.build(workers=1)
    assert changed_outside(before, snapshot(tmp_path), ("site/_site", "site/.manabi-cache")) == []
    for name in HOSTILE_NAMES:
        assert (site.output / (name[: -len(".md")] + ".html")).is_file(), name
    assert result.errors == 0


def test_a_file_name_with_backslashes_is_refused_at_its_path(sandbox):
    tmp_path, site = sandbox
    site.write({"ja/s/\\..\\..\\x.md": "# x\n", "ja/s/\\..\\y.png": b"png"})
    before = snapshot(tmp_path)
    result = site.build(workers=1)
    assert changed_outside(before, snapshot(tmp_path), ("site/_site", "site/.manabi-cache")) == []
    found = sorted((d.path, d.level, d.code) for d in result.diagnostics if d.code == "output-collision")
    assert found == [("ja/s/\\..\\..\\x.md", "error", "output-collision"), ("ja/s/\\..\\y.png", "error", "output-collision")]
    assert sorted(p.name for p in (site.output / "ja/s").iterdir()) == ["good.html", "index.html", "offline.json", "print.html"]


EXERCISE = "---\ntitle: 演習\ntopics: [機械学習]\n---\n## 演習問題\n\n### 問題1（難易度：easy）\n\n問い\n\n## 参考文献\n\n1. Smith, J. (2020). A title. Journal, 1, 1-2.\n"
COLLISIONS = {
    # content file: (its bytes, output path, what the message names as the other side)
    "404.md": ("# 私の404\n", "404.html", "manabi's not found page"),
    "exercises.md": ("# 私の演習\n", "exercises.html", "manabi's exercises page"),
    "topics/index.md": ("# 私の話題\n", "topics/index.html", "manabi's topics page"),
    "topics/機械学習.md": ("# 私の話題\n", "topics/機械学習.html", "the page of topic"),
    "feed.xml": ("mine", "feed.xml", "manabi's feed of language ja"),
    "404.html": ("mine", "404.html", "manabi's not found page"),
    "exercises.html": ("mine", "exercises.html", "manabi's exercises page"),
    "topics/index.html": ("mine", "topics/index.html", "manabi's topics page"),
    "Feed.XML": ("mine", "feed.xml", "manabi's feed of language ja"),
    "robots.txt": ("mine", "robots.txt", "manabi's robots.txt"),
    "sitemap.xml": ("mine", "sitemap.xml", "manabi's sitemap.xml"),
    "assets/manabi.js": ("mine", "assets/manabi.js", "manabi's theme file static/assets/manabi.js"),
    "assets/theme.css": ("mine", "assets/theme.css", "manabi's assets/theme.css"),
    "ja/s/ex.bib": ("mine", "ja/s/ex.bib", "the BibTeX of the page's references"),
}


@pytest.mark.parametrize("name", sorted(COLLISIONS))
def test_a_content_file_over_a_file_manabi_makes_is_an_error_naming_both_and_manabi_wins(site, name):
    text, rel, other = COLLISIONS[name]
    site.config = replace(site.config, base_url="https://example.org/course/")  # feeds are made only then
    site.write({**GOOD, "ja/s/ex.md": EXERCISE, name: text})
    result = site.build(workers=1)
    [problem] = [d for d in result.diagnostics if d.code == "output-collision"]
    assert (problem.path, problem.level) == (name, "error")
    assert rel in problem.message and other in problem.message and "not published" in problem.message
    published = (site.output / rel).read_bytes()
    assert "私の".encode() not in published and published != b"mine"


@pytest.mark.parametrize("name, rel, other", [("search.md", "search.html", "manabi's search page"),
                                              ("search.html", "search.html", "manabi's search page"),
                                              ("pagefind/bundles.json", "pagefind/bundles.json", "the search index (pagefind/)"),
                                              ("pagefind/ja-0/index.md", "pagefind/ja-0/index.html", "the search index (pagefind/)")])
def test_a_content_file_over_the_search_page_or_index_is_an_error_naming_both(site, name, rel, other):
    site.config = replace(site.config, search=True)
    site.write({**GOOD, name: "# 私の検索\n" if name.endswith(".md") else "mine"})
    result = site.build(workers=1)
    [problem] = [d for d in result.diagnostics if d.code == "output-collision"]
    assert (problem.path, problem.level) == (name, "error")
    assert rel in problem.message and other in problem.message
    if rel.endswith("search.html") or rel.endswith(".json"):
        published = (site.output / rel).read_bytes()
        assert "私の".encode() not in published and published != b"mine"
    else:
        assert not (site.output / rel).exists()


@pytest.mark.parametrize("other", ["ja/s/page.markdown", "ja/s/page.html", "ja/s/Page.md"])
def test_two_content_files_for_one_output_path_are_an_error_naming_both(site, other):
    site.write({**GOOD, "ja/s/page.md": "# one\n", other: "# two\n"})
    result = site.build(workers=1)
    [problem] = [d for d in result.diagnostics if d.code == "output-collision"]
    named = {problem.path} | {p for p in ("ja/s/page.md", other) if p in problem.message}
    assert problem.level == "error" and named == {"ja/s/page.md", other}


def test_a_hand_written_index_html_replaces_the_generated_landing_page_without_an_error(site):
    site.write({**GOOD, "ja/s/index.html": "<p>my landing page</p>"})
    result = site.build(workers=1)
    assert result.errors == 0
    assert site.html("ja/s/index.html") == "<p>my landing page</p>"


def test_languages_differing_only_in_case_are_one_language_with_one_set_of_files(site):
    site.config = replace(site.config, base_url="https://example.org/")
    site.write({**GOOD, "x/a.md": '---\ntitle: A\nlang: EN\ntopics: [t]\n---\n本文\n',
                "x/b.md": '---\ntitle: B\nlang: en\ntopics: [t]\n---\n本文\n',
                "x/c.md": '---\ntitle: C\nlang: zh-hant-tw\n---\n本文\n'})
    result = site.build(workers=1)
    assert result.errors == 0
    assert site.tree("x/a.html").find("html").get("lang") == "en"
    assert site.tree("x/c.html").find("html").get("lang") == "zh-Hant-TW"
    assert sorted(p.name for p in site.output.glob("feed*.xml")) == ["feed-en.xml", "feed-zh-Hant-TW.xml", "feed.xml"]
    assert sorted(p.name for p in (site.output / "topics/en").iterdir()) == ["index.html", "t.html"]


from hypothesis import given, settings, strategies as st  # noqa: E402

from manabi_ssg.guards.names import RESERVED_TOPIC_SLUGS, canonical_language, plain_segment, safe_relative  # noqa: E402


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_any_topic_gives_one_plain_file_name(topic):
    slug = topic_slug(topic)
    assert plain_segment(slug) and slug not in RESERVED_TOPIC_SLUGS and safe_relative(f"topics/en/{slug}.html")


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(), st.from_regex(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,4}", fullmatch=True)))
def test_any_accepted_language_is_a_plain_short_name_in_every_file_it_names(value):
    if language_problem(value) is None:
        tag = canonical_language(value)
        assert language_problem(tag) is None and len(tag) <= LANGUAGE_MAX
        for rel in (f"topics/{tag}/index.html", f"feed-{tag}.xml", f"search-{tag}.html", f"pagefind/{tag}-0/pagefind.js"):
            assert safe_relative(rel)
