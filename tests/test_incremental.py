"""Incremental builds must always equal a clean build of the same content."""

import shutil
from dataclasses import replace
from pathlib import Path

from conftest import Site, write_tree

from manabi_ssg.incremental.cache import SUFFIX
from manabi_ssg.site.config import Config
from manabi_ssg.pipeline.engine import Engine

CONTENT = {
    "ja/s/index.md": "---\ntitle: シリーズ\n---\n# シリーズ\n",
    "ja/s/chapter-1.md": "---\ntitle: 第1章\n---\n本文1 [次](chapter-2.md)\n",
    "ja/s/chapter-2.md": "---\ntitle: 第2章\n---\n本文2\n",
    "ja/s/chapter-3.md": "---\ntitle: 第3章\n---\n本文3\n",
    "ja/t/chapter-1.md": "---\ntitle: 別シリーズ\n---\n別\n",
}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def clean_build(content: Path, tmp: Path) -> dict[str, bytes]:
    root = tmp / "clean"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir()
    config = replace(Config(root=root, search=False), content_dir=str(content))
    Engine(config, use_cache=False, workers=1).build()
    return snapshot(root / "_site")


def assert_same_as_clean(site: Site, tmp: Path):
    assert snapshot(site.output) == clean_build(site.content, tmp)


def test_edits_titles_deletions_renames_and_templates(site: Site, tmp_path):
    site.write(CONTENT)
    engine = Engine(site.config, workers=1)
    first = engine.build()
    assert first.errors == 0 and len(first.rendered) == first.pages

    # nothing changed: nothing rendered
    assert engine.build().unchanged

    # a body edit re-renders that page alone, and its series' print page, which shows every body
    write_tree(site.content, {"ja/s/chapter-2.md": "---\ntitle: 第2章\n---\n新しい本文\n"})
    result = engine.build()
    assert result.rendered == ["ja/s/chapter-2.html", "ja/s/print.html"]
    assert "新しい本文" in site.html("ja/s/chapter-2.html")
    assert_same_as_clean(site, tmp_path)

    # a title edit also re-renders the pages whose navigation shows it
    write_tree(site.content, {"ja/s/chapter-2.md": "---\ntitle: 改題\n---\n新しい本文\n"})
    result = engine.build()
    assert {"ja/s/chapter-1.html", "ja/s/chapter-2.html", "ja/s/chapter-3.html", "ja/s/index.html"} <= set(result.rendered)
    assert "ja/t/chapter-1.html" not in result.rendered
    assert "改題" in site.html("ja/s/chapter-1.html")
    assert_same_as_clean(site, tmp_path)

    # deleting a chapter removes its page and updates its neighbours
    (site.content / "ja/s/chapter-3.md").unlink()
    result = engine.build()
    assert "ja/s/chapter-3.html" in result.removed
    assert not (site.output / "ja/s/chapter-3.html").exists()
    assert "第3章" not in site.html("ja/s/chapter-2.html")
    assert_same_as_clean(site, tmp_path)

    # renaming: old page gone, new page present, navigation updated
    (site.content / "ja/s/chapter-2.md").rename(site.content / "ja/s/chapter-9.md")
    engine.build()
    assert not (site.output / "ja/s/chapter-2.html").exists()
    assert "chapter-9.html" in site.html("ja/s/chapter-1.html")
    assert_same_as_clean(site, tmp_path)

    # a site template override re-renders everything that uses it
    overrides = site.root / "templates" / "partials"
    overrides.mkdir(parents=True)
    (overrides / "site_footer.html").write_text('<footer class="site-footer">custom footer</footer>\n')
    engine = Engine(site.config, workers=1)  # templates are looked up when the engine starts
    engine.build()
    assert "custom footer" in site.html("ja/s/chapter-1.html")
    assert snapshot(site.output) == clean_build_with_root(site, tmp_path)


def clean_build_with_root(site: Site, tmp_path: Path) -> dict[str, bytes]:
    out = tmp_path / "clean-root-out"
    shutil.rmtree(out, ignore_errors=True)
    Engine(site.config, output=out, use_cache=False, workers=1).build()
    return snapshot(out)


def test_a_new_process_uses_the_disk_cache(site: Site):
    site.write(CONTENT)
    Engine(site.config, workers=1).build()
    second = Engine(site.config, workers=1).build()
    assert second.unchanged
    write_tree(site.content, {"ja/t/chapter-1.md": "---\ntitle: 別シリーズ\n---\n変更\n"})
    third = Engine(site.config, workers=1).build()
    assert third.rendered == ["ja/t/chapter-1.html", "ja/t/print.html"]  # the print page shows the body too


def test_corrupt_or_deleted_cache_rebuilds_the_same(site: Site, tmp_path):
    site.write(CONTENT)
    Engine(site.config, workers=1).build()
    expected = snapshot(site.output)
    for path in site.config.cache_path.rglob(f"*.{SUFFIX}"):
        path.write_bytes(b"garbage")
    (site.content / "ja/s/chapter-1.md").touch()
    Engine(site.config, workers=1).build()
    assert snapshot(site.output) == expected
    shutil.rmtree(site.config.cache_path)
    Engine(site.config, workers=1).build()
    assert snapshot(site.output) == expected


def test_parallel_output_equals_serial(site: Site, tmp_path):
    many = {f"en/big/chapter-{i}.md": f"# Chapter {i}\n\n```python\nx = {i}\n```\n\n$x^{i}$\n" for i in range(40)}
    site.write({**CONTENT, **many})
    serial_out, parallel_out = tmp_path / "serial", tmp_path / "parallel"
    Engine(site.config, output=serial_out, workers=1, use_cache=False).build()
    Engine(site.config, output=parallel_out, workers=2, use_cache=False).build()
    assert snapshot(serial_out) == snapshot(parallel_out)


def test_turning_search_off_is_seen_by_an_unchanged_build(site, monkeypatch):
    """`search` is in the build's key: with no Pagefind, the warning goes once search = false."""
    from dataclasses import replace

    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/nonexistent/pagefind")
    site.write({"ja/a.md": "# A\n"})
    site.config = replace(site.config, search=True)
    assert [d.code for d in site.build().diagnostics if d.level == "warning"] == ["search-unavailable"]
    site.config = replace(site.config, search=False)
    assert [d.code for d in site.build().diagnostics if d.level == "warning"] == []


def test_serve_keeps_the_one_stylesheet_after_a_save_and_after_a_restart(site: Site):
    """theme.css is made from the theme's files only when they change: a save, or a serve started on an
    existing preview, must not take it for a file whose source is gone (every page went unstyled)."""
    chapter = "---\ntitle: 第1章\n---\n\n本文。\n"
    site.write({"ja/s/chapter-1.md": chapter})
    preview = site.root / "preview"
    engine = Engine(site.config, preview, workers=1, live_reload=True, in_place=True, force=True)
    engine.build()
    assert (preview / "assets/theme.css").is_file()
    site.write({"ja/s/chapter-1.md": chapter + "\n保存した。\n"})
    engine.build()  # a save
    assert (preview / "assets/theme.css").is_file() and (preview / "assets/pygments.css").is_file()
    site.write({"ja/s/chapter-1.md": chapter + "\nもう一度。\n"})
    Engine(site.config, preview, workers=1, live_reload=True, in_place=True, force=True).build()  # serve again
    assert (preview / "assets/theme.css").is_file() and (preview / "assets/pygments.css").is_file()


def test_a_serve_save_writes_only_the_generated_files_whose_bytes_changed(site: Site):
    """Feeds, .bib files and robots.txt are made again on every save; those with the same bytes stay as
    they are (900 unchanged files rewritten were a third of a save on 1,200 chapters), the changed one is written."""
    def chapter(n: int, references: int) -> str:
        listed = "\n".join(f'{i}. Ito, J. ({2000 + i}). "Pseudo potentials {n}-{i}." *J*, {i}.' for i in range(1, references + 1))
        return f"---\ntitle: 第{n}章\n---\n\n本文[1]。\n\n## 参考文献\n\n{listed}\n"

    site.write({"ja/s/chapter-1.md": chapter(1, 1), "ja/s/chapter-2.md": chapter(2, 1)})
    preview = site.root / "preview"
    engine = Engine(site.config, preview, workers=1, live_reload=True, in_place=True, force=True)
    engine.build()
    kept, edited = preview / "ja/s/chapter-1.bib", preview / "ja/s/chapter-2.bib"
    before = {path: path.stat().st_ino for path in (kept, edited, preview / "robots.txt")}
    site.write({"ja/s/chapter-2.md": chapter(2, 2)})
    engine.build()  # a save
    assert kept.stat().st_ino == before[kept] and (preview / "robots.txt").stat().st_ino == before[preview / "robots.txt"]
    assert edited.stat().st_ino != before[edited] and "Pseudo potentials 2-2" in edited.read_text(encoding="utf-8")
