"""Offline manifests (outputs/offline.py): which files a series needs, their sizes, the build's hash."""

import json
import shutil
from dataclasses import replace

from progress_site import FIXTURE

from conftest import Site


def built(root, **settings):
    site = Site(root)
    shutil.copytree(FIXTURE / "ja", site.content / "ja")
    site.write({
        "ja/other/index.md": "---\ntitle: べつの連載\n---\n\nほかの連載。\n",
        "ja/other/chapter-1.md": "---\ntitle: べつの章\n---\n\n# べつの章\n\n本文。\n",
    })
    site.config = replace(site.config, **settings)
    result = site.build()
    assert result.errors == 0, result.diagnostics
    return site


def manifest(site, folder):
    return json.loads((site.output / folder / "offline.json").read_text(encoding="utf-8"))


def test_a_series_manifest_lists_its_pages_print_page_and_what_they_load_and_nothing_of_another_series(tmp_path):
    site = built(tmp_path / "site")
    urls = [entry["url"] for entry in manifest(site, "ja/kiso")["files"]]
    for url in ("ja/kiso/index.html", "ja/kiso/chapter-1.html", "ja/kiso/chapter-2.html", "ja/kiso/chapter-3.html",
                "ja/kiso/print.html", "assets/theme.css", "assets/manabi.js", "assets/progress.js"):
        assert url in urls, url
    assert not [url for url in urls if url.startswith("ja/other/")]


def test_each_file_size_is_its_size_on_disk_and_the_total_is_their_sum(tmp_path):
    site = built(tmp_path / "site")
    data = manifest(site, "ja/kiso")
    for entry in data["files"]:
        assert entry["bytes"] == (site.output / entry["url"]).stat().st_size
    assert data["bytes"] == sum(entry["bytes"] for entry in data["files"])


def test_a_changed_page_changes_the_build_hash_in_every_manifest_and_the_worker(tmp_path):
    site = built(tmp_path / "site")
    before, worker_before = manifest(site, "ja/other")["build"], (site.output / "sw.js").read_text(encoding="utf-8")
    assert f'"{before}"' in worker_before
    chapter = site.content / "ja/kiso/chapter-1.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n追記した一文。\n", encoding="utf-8")
    assert site.build().errors == 0
    after = manifest(site, "ja/other")["build"]
    assert after != before and manifest(site, "ja/kiso")["build"] == after
    assert f'"{after}"' in (site.output / "sw.js").read_text(encoding="utf-8")


def test_a_series_page_has_the_control_and_a_chapter_page_loads_no_offline_script(tmp_path):
    site = built(tmp_path / "site")
    series = site.html("ja/kiso/index.html")
    assert 'class="offline-control" hidden' in series and "この連載をオフラインで読む" in series
    assert "assets/offline.js" in series
    chapter = site.html("ja/kiso/chapter-1.html")
    assert "offline" not in chapter and "sw.js" not in chapter


def test_offline_false_writes_no_manifest_no_worker_and_no_control(tmp_path):
    site = built(tmp_path / "site", offline=False)
    assert not (site.output / "sw.js").exists()
    assert not list(site.output.rglob("offline.json"))
    assert "offline-control" not in site.html("ja/kiso/index.html")


def test_with_search_the_manifest_holds_the_listing_the_search_page_and_its_languages_bundles_only(tmp_path):
    site = built(tmp_path / "site", search=True)
    site.write({"en/other/index.md": "---\ntitle: Other\n---\n\nText.\n",
                "en/other/chapter-1.md": "---\ntitle: One\n---\n\n# One\n\nWords.\n"})
    assert site.build().errors == 0
    urls = [entry["url"] for entry in manifest(site, "ja/kiso")["files"]]
    bundles = json.loads((site.output / "pagefind/bundles.json").read_text(encoding="utf-8"))
    assert "pagefind/bundles.json" in urls and "search.html" in urls
    for name in bundles["ja"]:
        assert f"{name}/pagefind.js" in [url.removeprefix("pagefind/") for url in urls]
    assert not [url for url in urls if any(url.startswith(f"pagefind/{name}/") for name in bundles["en"])]


def test_an_image_of_a_chapter_is_in_its_series_manifest_with_its_size(tmp_path):
    site = Site(tmp_path / "site")
    picture = b"\x89PNG\r\n\x1a\n" + bytes(300)
    site.write({"ja/s/index.md": "---\ntitle: 連載\n---\n\n本文。\n",
                "ja/s/chapter-1.md": "---\ntitle: 章\n---\n\n# 章\n\n![図](figure.png)\n",
                "ja/s/figure.png": picture})
    assert site.build().errors == 0
    entries = {entry["url"]: entry["bytes"] for entry in manifest(site, "ja/s")["files"]}
    assert entries["ja/s/figure.png"] == len(picture)


def test_a_file_gone_between_listing_and_reading_is_left_out_not_a_crash(tmp_path, monkeypatch):
    """Under serve, search indexes behind the build and replaces its bundles: a listed file can go before it is read."""
    from manabi_ssg.outputs import offline
    from manabi_ssg.pipeline.engine import Engine

    site = built(tmp_path / "site")
    engine = Engine(site.config, site.output, use_cache=False)
    assert engine.build().errors == 0
    listed = offline.series_files
    gone = "pagefind/ja-1/pagefind.ja_gone.pf_meta"
    monkeypatch.setattr(offline, "series_files", lambda *args: [*listed(*args), gone])
    data = offline.series_manifest("ja/kiso", engine.memory.site.index, {}, site.output)
    urls = [entry["url"] for entry in data["files"]]
    assert gone not in urls and "ja/kiso/chapter-1.html" in urls
