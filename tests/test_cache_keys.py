"""Every cache key covers its inputs (keys.py): change an input and the output follows;
change something outside the parse key and nothing is parsed again.  And the cache
keeps only what the last build used."""

import shutil
from dataclasses import replace
from pathlib import Path

from conftest import Site, write_tree
from test_incremental import snapshot

from manabi_ssg.incremental.cache import SUFFIX
from manabi_ssg.site.config import Config
from manabi_ssg.pipeline.engine import Engine
from manabi_ssg.pipeline.keys import PARSE_IGNORES, parse_settings
from manabi_ssg.model import Origin

CONTENT = {
    "ja/s/index.md": "---\ntitle: シリーズ\n---\n# シリーズ\n",
    "ja/s/chapter-1.md": "---\ntitle: 第1章\n---\n## 見出し\n\n本文1\n",
    "ja/s/chapter-2.md": "---\ntitle: 第2章\n---\n本文2\n\n## 演習問題\n\n### 問題1（難易度：easy）\n\n問い\n",
    "ja/t/chapter-1.md": "---\ntitle: 別シリーズ\n---\n別\n",
}


def clean_snapshot(config: Config, tmp: Path) -> dict[str, bytes]:
    out = tmp / "clean-out"
    shutil.rmtree(out, ignore_errors=True)
    Engine(config, output=out, use_cache=False, workers=1).build()
    return snapshot(out)


def cache_keys(site: Site, kind: str) -> set[str]:
    return {p.name.split(".")[0] for p in (site.config.cache_path / kind).rglob(f"*.{SUFFIX}")}


# -- parse key: what is in it ---------------------------------------------------------
def test_site_catalogue_edit_reaches_cached_pages_in_a_new_process(site: Site, tmp_path):
    site.write(CONTENT)
    write_tree(site.root, {"messages/ja.toml": 'difficulty_easy = "やさしいその一"\n'})
    Engine(site.config, workers=1).build()
    assert 'やさしいその一</span>' in site.html("ja/s/chapter-2.html")
    write_tree(site.root, {"messages/ja.toml": 'difficulty_easy = "やさしいその二"\n'})
    result = Engine(site.config, workers=1).build()  # the disk cache holds the old parse
    assert "ja/s/chapter-2.md" in result.parsed
    assert 'やさしいその二</span>' in site.html("ja/s/chapter-2.html")
    assert snapshot(site.output) == clean_snapshot(site.config, tmp_path)


def test_site_catalogue_edit_reaches_pages_under_serve(site: Site):
    site.write(CONTENT)
    write_tree(site.root, {"messages/ja.toml": 'difficulty_easy = "やさしいその一"\n'})
    engine = Engine(site.config, site.root / "preview", workers=1, live_reload=True, in_place=True, force=True)
    engine.build()
    write_tree(site.root, {"messages/ja.toml": 'difficulty_easy = "やさしいその二"\n'})
    engine.build()  # the same process: its catalogues were read before the edit
    html = (site.root / "preview/ja/s/chapter-2.html").read_text(encoding="utf-8")
    assert 'やさしいその二</span>' in html and "やさしいその一" not in html


def test_site_catalogue_names_the_listing_pages(site: Site):
    site.write(CONTENT)
    write_tree(site.root, {"messages/ja.toml": 'exercises = "練習の一覧"\n'})
    Engine(site.config, workers=1).build()
    html = site.html("exercises.html")
    assert "<title>練習の一覧 |" in html and "<h1>練習の一覧</h1>" in html


def test_hard_line_breaks_reparse_every_page(site: Site):
    site.write(CONTENT)
    Engine(site.config, workers=1).build()
    result = Engine(replace(site.config, hard_line_breaks=False), workers=1).build()
    assert result.parsed == sorted(CONTENT)


def test_default_language_reparses(site: Site):
    site.write({"root-page.md": "# Root\n\ntext\n", **CONTENT})
    Engine(site.config, workers=1).build()
    assert 'lang="ja"' in site.html("root-page.html")
    result = Engine(replace(site.config, default_language="en"), workers=1).build()
    assert "root-page.md" in result.parsed
    assert 'lang="en"' in site.html("root-page.html")


def test_a_setting_added_later_is_in_the_parse_key_unless_ignored():
    names = {name for name, _ in parse_settings(Config())}
    assert names == {f for f in Config.__dataclass_fields__} - PARSE_IGNORES
    assert "hard_line_breaks" in names and "default_language" in names and "title" not in names


# -- parse key: what is not in it ------------------------------------------------------
def test_switching_between_build_and_serve_does_not_reparse(site: Site):
    site.write(CONTENT)
    first = Engine(site.config, workers=1).build()
    assert first.parsed == sorted(CONTENT)
    served = Engine(site.config, site.root / "preview", workers=1, live_reload=True, in_place=True, force=True).build()
    assert served.parsed == []
    assert "__manabi__/reload.js" in (site.root / "preview/ja/s/chapter-1.html").read_text(encoding="utf-8")
    again = Engine(site.config, workers=1).build()
    assert again.parsed == [] and again.unchanged


def test_site_title_change_rerenders_without_reparsing(site: Site, tmp_path):
    site.write(CONTENT)
    Engine(site.config, workers=1).build()
    retitled = replace(site.config, title="新しい講座名")
    result = Engine(retitled, workers=1).build()
    assert result.parsed == []
    assert len(result.rendered) == result.pages
    assert "新しい講座名" in site.html("ja/s/chapter-1.html")
    assert snapshot(site.output) == clean_snapshot(retitled, tmp_path)


def test_template_edit_rerenders_without_reparsing(site: Site):
    site.write(CONTENT)
    Engine(site.config, workers=1).build()
    write_tree(site.root, {"templates/partials/site_footer.html": '<footer class="site-footer">edited</footer>\n'})
    result = Engine(site.config, workers=1).build()
    assert result.parsed == [] and len(result.rendered) == result.pages
    assert "edited" in site.html("ja/t/chapter-1.html")


# -- render key: the context ------------------------------------------------------------
def test_override_showing_the_whole_index_never_goes_stale(site: Site, tmp_path):
    """The default footer shows no chapter titles; this override lists every page of the site."""
    site.write(CONTENT)
    write_tree(site.root, {"templates/partials/site_footer.html":
                           '<footer class="site-footer">{% for p in site.pages.values() %}[{{ p.title }}]{% endfor %}</footer>\n'})
    engine = Engine(site.config, workers=1)
    engine.build()
    assert "[第2章]" in site.html("ja/t/chapter-1.html")
    write_tree(site.content, {"ja/s/chapter-2.md": CONTENT["ja/s/chapter-2.md"].replace("第2章", "改題")})
    result = engine.build()
    assert "ja/t/chapter-1.html" in result.rendered  # another series: the default theme would not show it
    assert "[改題]" in site.html("ja/t/chapter-1.html")
    assert snapshot(site.output) == clean_snapshot(site.config, tmp_path)


def test_default_theme_keeps_pages_that_do_not_show_a_change(site: Site):
    site.write(CONTENT)
    engine = Engine(site.config, workers=1)
    engine.build()
    write_tree(site.content, {"ja/s/chapter-2.md": CONTENT["ja/s/chapter-2.md"].replace("第2章", "改題")})
    assert "ja/t/chapter-1.html" not in engine.build().rendered


def test_chapter_title_change_reaches_the_exercise_listing_in_the_same_process(site: Site, tmp_path):
    site.write(CONTENT)
    engine = Engine(site.config, workers=1)
    engine.build()
    assert "第2章" in site.html("exercises.html")
    write_tree(site.content, {"ja/s/chapter-2.md": CONTENT["ja/s/chapter-2.md"].replace("第2章", "改題")})
    engine.build()
    assert "改題" in site.html("exercises.html") and "第2章" not in site.html("exercises.html")
    assert snapshot(site.output) == clean_snapshot(site.config, tmp_path)


def test_generated_pages_have_their_own_origin(site: Site):
    site.write(CONTENT)
    engine = Engine(site.config, workers=1)
    engine.build()
    origins = {page.url: page.origin for page in engine.memory.site.everything}
    assert origins["ja/s/chapter-1.html"] is Origin.SOURCE and origins["ja/s/index.html"] is Origin.SOURCE
    assert origins["ja/t/index.html"] is Origin.GENERATED  # a folder without index.md
    assert origins["index.html"] is Origin.GENERATED and origins["404.html"] is Origin.GENERATED
    assert origins["exercises.html"] is Origin.GENERATED


def test_generated_folder_page_follows_its_folder(site: Site):
    site.write(CONTENT)
    engine = Engine(site.config, workers=1)
    engine.build()
    write_tree(site.content, {"ja/t/chapter-1.md": "---\ntitle: 改題された章\n---\n別\n"})
    result = engine.build()
    assert "ja/t/index.html" in result.rendered
    assert "改題された章" in site.html("ja/t/index.html")


# -- eviction ------------------------------------------------------------------------------
def test_cache_holds_only_what_the_last_build_used(site: Site):
    site.write(CONTENT)
    Engine(site.config, workers=1).build()
    assert len(cache_keys(site, "page")) == len(CONTENT) and len(cache_keys(site, "body")) == len(CONTENT)
    write_tree(site.content, {"ja/s/chapter-1.md": "---\ntitle: 第1章\n---\n書き直した\n"})
    (site.content / "ja/t/chapter-1.md").unlink()
    result = Engine(site.config, workers=1).build()
    assert result.parsed == ["ja/s/chapter-1.md"]
    assert len(cache_keys(site, "page")) == len(CONTENT) - 1 and cache_keys(site, "page") == cache_keys(site, "body")


def test_a_save_under_serve_removes_what_it_replaced(site: Site):
    site.write(CONTENT)
    engine = Engine(site.config, site.root / "preview", workers=1, live_reload=True, in_place=True, force=True)
    engine.build()
    before = cache_keys(site, "page")
    write_tree(site.content, {"ja/s/chapter-1.md": "---\ntitle: 第1章\n---\n書き直した\n"})
    engine.build()
    after = cache_keys(site, "page")
    assert len(after) == len(CONTENT) and len(before - after) == 1 and after == cache_keys(site, "body")


def test_manifests_of_vanished_outputs_are_evicted(site: Site, tmp_path):
    site.write(CONTENT)
    elsewhere = tmp_path / "elsewhere"
    Engine(site.config, output=elsewhere, workers=1).build()
    Engine(site.config, workers=1).build()
    assert len(cache_keys(site, "manifest")) == 2
    shutil.rmtree(elsewhere)
    write_tree(site.content, {"ja/s/chapter-1.md": "---\ntitle: 第1章\n---\n書き直した\n"})
    Engine(site.config, workers=1).build()
    assert len(cache_keys(site, "manifest")) == 1


def test_eviction_leaves_files_being_written_alone(site: Site):
    site.write(CONTENT)
    Engine(site.config, workers=1).build()
    writing = site.config.cache_path / "page" / "ab" / "ab00.4242.tmp"
    writing.parent.mkdir(parents=True, exist_ok=True)
    writing.write_bytes(b"half")
    write_tree(site.content, {"ja/s/chapter-1.md": "---\ntitle: 第1章\n---\n書き直した\n"})
    Engine(site.config, workers=1).build()
    assert writing.exists()
