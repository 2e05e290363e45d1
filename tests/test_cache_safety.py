"""The build cache holds data, never code, checks each entry before use, and keys a parse by the bytes parsed.

A pull request can commit anything under ``.manabi-cache/``, and a disk can
damage anything in it: no entry may run code, and no bad entry may reach the
site (an empty body, a stale page, a wrong "nothing to do").
"""

import datetime
import hashlib
import http.client
import os
import pickle
import shutil
import subprocess
import sys
from dataclasses import fields, replace
from pathlib import Path

import pytest
from conftest import REPO, Site, write_tree
from test_incremental import snapshot

from manabi_ssg.incremental import codec
from manabi_ssg.incremental.cache import SUFFIX, Cache
from manabi_ssg.cli import main
from manabi_ssg.site.config import Config
from manabi_ssg.diagnostics import WARNING, Diagnostic
from manabi_ssg.pipeline.engine import Engine
from manabi_ssg.pipeline.keys import build_keys
from manabi_ssg.pipeline.load import load_source
from manabi_ssg.model import Manifest, Origin
from manabi_ssg.pipeline.parse import parse_source
from manabi_ssg.preview.serve import LiveServer

CONTENT = {
    "ja/s/index.md": "---\ntitle: シリーズ\n---\n# シリーズ\n",
    "ja/s/chapter-1.md": "---\ntitle: 第1章\ncreated_at: 2025-01-02\n---\n## 見出し\n\n本文いち [次](chapter-2.md)\n",
    "ja/s/chapter-2.md": "---\ntitle: 第2章\n---\n本文に\n\n## 演習問題\n\n### 問題1（難易度：easy）\n\n問い\n",
    "en/t/chapter-1.md": "---\ntitle: Other\n---\nbody three [1]\n\n## References\n\n1. A. Author, *Title*, 2020.\n",
}
BODY_TEXT = {"ja/s/chapter-1.html": "本文いち", "ja/s/chapter-2.html": "本文に", "en/t/chapter-1.html": "body three"}


def clean_output(config: Config, tmp: Path) -> dict[str, bytes]:
    """The site as a build without any cache makes it."""
    out = tmp / "clean-out"
    shutil.rmtree(out, ignore_errors=True)
    Engine(config, output=out, use_cache=False, workers=1).build()
    return snapshot(out)


def cache_files(site: Site, kinds=("page", "body", "manifest")) -> list[Path]:
    return [p for kind in kinds for p in sorted((site.config.cache_path / kind).rglob("*")) if p.is_file()]


def assert_bodies_present(folder: Path):
    for url, text in BODY_TEXT.items():
        assert text in (folder / url).read_text(encoding="utf-8"), url


# -- entries are data: a pickle in the cache is never unpickled ----------------------------
class Payload:
    """Unpickling this creates ``marker``: proof that a cache file's code ran."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


def plant_pickles(site: Site, marker: Path) -> int:
    """Every cache file, and a ``.pickle`` beside each (the names manabi 1 read), becomes a payload."""
    payload = pickle.dumps((1, Payload(marker)))
    files = cache_files(site)
    for path in files:
        path.write_bytes(payload)
        path.with_suffix(".pickle").write_bytes(payload)
    return len(files)


def test_pickles_in_the_cache_do_not_run_under_build(site: Site, tmp_path, monkeypatch):
    site.write(CONTENT)
    write_tree(site.root, {"manabi.toml": "search = false\n"})  # as site.config says
    Engine(site.config, workers=1).build()
    marker = tmp_path / "ran"
    assert plant_pickles(site, marker) >= 9
    (site.content / "ja/s/chapter-1.md").touch()  # the survey reads the chapter: pages, bodies and the manifest are all read
    monkeypatch.chdir(site.root)
    assert main(["build", "-q", "-j", "1"]) == 0
    assert not marker.exists()
    assert snapshot(site.output) == clean_output(site.config, tmp_path)
    assert not list(site.config.cache_path.rglob("*.pickle"))  # the build that parsed evicted them unread


def test_pickles_in_the_cache_do_not_run_under_check(site: Site, tmp_path, monkeypatch, capsys):
    site.write({**CONTENT, "ja/s/chapter-3.md": "---\ntitle: 第3章\n---\n[行き先なし](nowhere.md)\n"})
    monkeypatch.chdir(site.root)
    assert main(["check"]) == 0
    expected = capsys.readouterr().out
    assert "nowhere.md" in expected
    marker = tmp_path / "ran"
    assert plant_pickles(site, marker) >= 8
    assert main(["check"]) == 0
    assert not marker.exists()
    assert capsys.readouterr().out == expected


def served(server: LiveServer, path: str) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    connection.request("GET", path)
    return connection.getresponse().read().decode()


def serve_once(site: Site) -> dict[str, bytes]:
    """Start the real preview server, read each chapter over HTTP, stop: the preview folder it built."""
    server = LiveServer(site.config, port=0, report=lambda *a, **k: None)
    server.start()
    try:
        for url, text in BODY_TEXT.items():
            assert text in served(server, "/" + url)
    finally:
        server.stop()
    return snapshot(site.config.cache_path / "serve")


def test_pickles_in_the_cache_do_not_run_under_serve(site: Site, tmp_path):
    site.write(CONTENT)
    expected = serve_once(site)
    marker = tmp_path / "ran"
    assert plant_pickles(site, marker) >= 9
    assert serve_once(site) == expected
    assert not marker.exists()


# -- each entry is checked before use ------------------------------------------------------
def truncate(path: Path):
    with open(path, "r+b") as handle:
        handle.truncate(20)


def random_bytes(path: Path):
    path.write_bytes(os.urandom(max(64, path.stat().st_size)))


def change_a_letter(path: Path):
    """Same length, same header, still text: the last ASCII letter stored is another (a body's last tag)."""
    data = bytearray(path.read_bytes())
    position = max(data.rfind(bytes([letter])) for letter in range(ord("a"), ord("z") + 1))
    data[position] = ord("x") if data[position] != ord("x") else ord("y")
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", [truncate, random_bytes, change_a_letter])
@pytest.mark.parametrize("kind", ["page", "body", "manifest"])
def test_a_damaged_entry_is_a_miss(site: Site, tmp_path, kind, damage):
    site.write(CONTENT)
    Engine(site.config, workers=1).build()
    for path in cache_files(site, (kind,)):
        damage(path)
    # a setting only rendering reads: every page is rendered again, from the cached pages and bodies
    site.config = replace(site.config, license="CC BY 4.0")
    result = Engine(site.config, workers=1).build()
    assert not result.unchanged
    assert_bodies_present(site.output)
    assert snapshot(site.output) == clean_output(site.config, tmp_path)
    # what the build recorded is true: "nothing to do" now, and the site as a clean build makes it
    assert Engine(site.config, workers=1).build().unchanged
    assert snapshot(site.output) == clean_output(site.config, tmp_path)


@pytest.mark.parametrize("damage", [truncate, random_bytes, change_a_letter])
def test_a_damaged_manifest_never_says_nothing_to_do(site: Site, tmp_path, damage):
    site.write(CONTENT)
    Engine(site.config, workers=1).build()
    for path in cache_files(site, ("manifest",)):
        damage(path)
    result = Engine(site.config, workers=1).build()
    assert not result.unchanged  # nothing tells this build what the output holds
    assert snapshot(site.output) == clean_output(site.config, tmp_path)


def test_an_entry_filed_under_another_key_is_a_miss(site: Site, tmp_path):
    site.write(CONTENT)
    Engine(site.config, workers=1).build()
    bodies = cache_files(site, ("body",))
    first = bodies[0].read_bytes()
    for path, other in zip(bodies, bodies[1:] + bodies[:1]):  # each body moved to the next one's name
        path.write_bytes(other.read_bytes() if other != bodies[0] else first)
    site.config = replace(site.config, license="CC BY 4.0")
    Engine(site.config, workers=1).build()
    assert snapshot(site.output) == clean_output(site.config, tmp_path)


# -- a parse is keyed by the bytes it parsed ------------------------------------------------
EDITED = "ja/s/chapter-1.md"
MID_BUILD = "---\ntitle: 第1章\n---\n## 見出し\n\n途中の版\n"


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@pytest.mark.parametrize("same_time", [False, True], ids=["put-back", "put-back-with-its-old-time"])
def test_a_file_edited_during_the_parse_is_cached_as_what_was_parsed(site: Site, tmp_path, monkeypatch, same_time):
    site.write(CONTENT)
    path = site.content / EDITED
    before = os.stat(path)
    survey = Engine._survey

    def survey_then_edit(engine):
        state = survey(engine)  # the survey has hashed the file; the parse reads it next
        path.write_text(MID_BUILD, encoding="utf-8")
        return state

    monkeypatch.setattr(Engine, "_survey", survey_then_edit)
    engine = Engine(site.config, workers=1)
    engine.build()
    monkeypatch.setattr(Engine, "_survey", survey)

    keys = build_keys(site.config, engine.settings, [])
    cache = Cache(site.config.cache_path)
    page = cache.load("page", keys.parse(EDITED, sha256(MID_BUILD)))
    assert page is not None and page.digest == sha256(MID_BUILD)
    assert "途中の版" in cache.load("body", page.body_key)
    assert cache.load("page", keys.parse(EDITED, sha256(CONTENT[EDITED]))) is None

    path.write_text(CONTENT[EDITED], encoding="utf-8")  # put back
    if same_time:
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    result = Engine(site.config, workers=1).build()
    assert not result.unchanged
    assert snapshot(site.output) == clean_output(site.config, tmp_path)


def test_a_damaged_body_of_a_file_edited_during_the_build_is_built_again_next_time(site: Site, tmp_path, monkeypatch):
    site.write(CONTENT)
    Engine(site.config, workers=1).build()
    for path in cache_files(site, ("body",)):
        truncate(path)
    path = site.content / EDITED
    before = os.stat(path)
    parse = Engine._parse

    def parse_then_edit(engine, state):
        parse(engine, state)  # pages from the cache; their bodies are read when rendered
        path.write_text(MID_BUILD, encoding="utf-8")

    monkeypatch.setattr(Engine, "_parse", parse_then_edit)
    site.config = replace(site.config, license="CC BY 4.0")
    Engine(site.config, workers=1).build()
    monkeypatch.setattr(Engine, "_parse", parse)
    assert "途中の版" in site.html("ja/s/chapter-1.html")  # what the file held when its body was needed

    path.write_text(CONTENT[EDITED], encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert not Engine(site.config, workers=1).build().unchanged
    assert snapshot(site.output) == clean_output(site.config, tmp_path)


# -- the codec: every value a page holds comes back the same, of the same type -------------
FRONT_MATTER = """\
---
title: "全部"
created_at: 2025-10-17
updated: 2025-10-17 10:30:00 +09:00
utc: 2025-10-17T01:30:00Z
naive: 2025-10-17 10:30:00
ratio: 0.5
big: 123456789012345678901234567890
"inf": .inf
empty: ~
flags: !!set {a}
blob: !!binary aGVsbG8=
numbers_as_keys: {1: one, 2.5: two, true: yes, null: nothing, 2025-01-01: date}
"~t": looks like a tag
nested: {"~t": map, "v": []}
series_order: 3
---
"""
BODY = """\
# 全部

## 演習問題

### 問題1（難易度：easy）

問い [1]

<details><summary>ヒント</summary>

ヒント

</details>

## 4.1 ケーススタディ1：触媒

**研究グループ**: A

```mermaid
graph TD
```

$x^2$ and [link](other.md) ![img](a.png)

## 参考文献

1. A. Author, "Title," *Journal*, 2020. DOI: 10.1000/xyz
"""


def test_a_page_with_every_component_and_value_type_round_trips(tmp_path):
    content = tmp_path / "content"
    write_tree(content, {"ja/s/chapter-1.md": FRONT_MATTER + BODY})
    config = Config(root=tmp_path, search=False)
    page = parse_source(load_source(content, "ja/s/chapter-1.md", config))
    page = replace(page, diagnostics=page.diagnostics + [Diagnostic("x.md", 1, 2, WARNING, "broken-link", "m")])
    assert {"exercises", "case_studies", "references", "bibliography", "links"} <= set(page.components)
    assert isinstance(page.meta["flags"], set) and isinstance(page.meta["blob"], bytes)
    assert isinstance(page.meta["updated"], datetime.datetime) and 1 in page.meta["numbers_as_keys"]
    back = codec.decode_page(codec.loads(codec.dumps(codec.encode_page(page))))
    # repr: what the cache keys hash.  The set has one member: two strings' order in a set follows
    # the process's hash seed (a collision is probed in insertion order), so a repr of {a, b} read back
    # differed from the parsed one in about one run in eight; frozensets of two round-trip below
    assert back == page and repr(back) == repr(page)


def test_the_codec_writes_every_field_of_a_page_and_a_manifest():
    assert set(codec.PAGE_TYPES) == set(codec.PAGE_FIELDS)
    assert codec.MANIFEST_FIELDS == tuple(f.name for f in fields(Manifest))
    manifest = Manifest("f", {"a.md": (1, 2, "d")}, {"a.html": "k"}, ["x"], (3, [Diagnostic("a.md", 1, 2, WARNING, "c", "m")]), "/o")
    assert codec.decode_manifest(codec.loads(codec.dumps(codec.encode_manifest(manifest)), tagged=False)) == manifest


@pytest.mark.parametrize("value", [
    (1, [2, (3, "x")]), {("a", 1): 2}, {"~t": "tuple", "v": [1]}, float("-inf"), -0.0,
    datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone(datetime.timedelta(hours=-3, minutes=-30))),
    Origin.GENERATED, frozenset({1, 2}), b"\x00\xff", "\ud800",
])
def test_a_value_round_trips_with_its_type(value):
    back = codec.loads(codec.dumps(codec.encode(value)))
    assert repr(back) == repr(value) and type(back) is type(value)


@pytest.mark.parametrize("text", [
    '{"~t": "python", "v": "os.system"}', '{"~t": "tuple"}', '{"~t": "date", "v": 5}', '{"~t": "map", "v": [[[1], 2]]}',
])
def test_a_tag_the_codec_does_not_know_is_refused(text):
    with pytest.raises((ValueError, TypeError)):
        codec.loads(text.encode())


def test_a_value_the_cache_does_not_hold_is_not_stored(tmp_path):
    cache = Cache(tmp_path)
    page = parse_source(load_source(tmp_path, "missing.md", Config(root=tmp_path)))
    cache.store("page", "ab" * 32, replace(page, meta={"x": object()}))
    assert not list(tmp_path.rglob(f"*.{SUFFIX}"))
    cache.store("page", "ab" * 32, page)
    assert cache.load("page", "ab" * 32) == page


# -- the cache folder as a pull request may leave it: links, special files, forged entries ----
def outside_files(folder: Path) -> dict[str, bytes]:
    """A folder that is not the cache's, with files one and two levels down (where shards and entries sit)."""
    write_tree(folder, {"notes.txt": "keep", "ab/id_rsa": "keep", "ab/" + "ab" * 32 + ".pickle": "keep", "cd/x.entry": "keep"})
    return snapshot(folder)


REWRITTEN = "---\ntitle: 第1章\n---\n書き直した\n"


@pytest.mark.parametrize("linked", ["page", "body", "shard"])
def test_eviction_and_stores_never_follow_a_link_out_of_the_cache(site: Site, tmp_path, linked):
    site.write(CONTENT)
    engine = Engine(site.config, workers=1)
    engine.build()
    outside = tmp_path / "outside"
    before = outside_files(outside)
    if linked == "shard":  # the folder the rewritten chapter's page entry goes to
        linked = "page/" + build_keys(site.config, engine.settings, []).parse(EDITED, sha256(REWRITTEN))[:2]
    link = site.config.cache_path / linked
    shutil.rmtree(link, ignore_errors=True)
    link.symlink_to(outside, target_is_directory=True)
    write_tree(site.content, {EDITED: REWRITTEN})  # parsed again: stores, then eviction
    site.config = replace(site.config, license="CC BY 4.0")
    Engine(site.config, workers=1).build()
    assert snapshot(outside) == before
    assert snapshot(site.output) == clean_output(site.config, tmp_path)


def test_eviction_removes_only_files_named_as_entries(site: Site):
    site.write(CONTENT)
    Engine(site.config, workers=1).build()
    notes = site.config.cache_path / "page" / "ab" / "notes.txt"
    notes.parent.mkdir(parents=True, exist_ok=True)
    notes.write_text("not an entry")
    old = site.config.cache_path / "page" / "ab" / ("ab" * 32 + ".pickle")
    old.write_bytes(b"manabi 1's")
    write_tree(site.content, {EDITED: REWRITTEN})
    Engine(site.config, workers=1).build()
    assert notes.exists() and not old.exists()


def test_an_entry_that_is_a_link_or_a_fifo_is_a_miss_and_never_read(site: Site, tmp_path):
    site.write(CONTENT)
    write_tree(site.root, {"manabi.toml": "search = false\n"})
    Engine(site.config, workers=1).build()
    bodies, pages = cache_files(site, ("body",)), cache_files(site, ("page",))
    for path in bodies:
        path.unlink()
        os.mkfifo(path)  # opened for reading, it waits for a writer that never comes
    for path in pages:
        path.unlink()
        path.symlink_to("/dev/zero")  # read to its end, it never ends
    build = subprocess.run([sys.executable, "-m", "manabi_ssg", "build", "-q"], cwd=site.root,
                           env={**os.environ, "PYTHONPATH": str(REPO / "src")}, capture_output=True, timeout=120, check=False)
    assert build.returncode == 0, build.stderr
    assert snapshot(site.output) == clean_output(site.config, tmp_path)


def test_a_forged_manifest_naming_files_outside_the_preview_is_a_miss(site: Site, tmp_path):
    site.write(CONTENT)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    preview = site.config.cache_path / "serve"
    escape = os.path.relpath(victim, preview)
    cache = Cache(site.config.cache_path)
    cache.store_manifest(preview, Manifest("forged", {}, {escape: "k"}, [escape], (0, []), str(preview)))
    assert cache.load_manifest(preview) == Manifest()
    serve_once(site)  # the first build removes what the last one listed and this one does not make
    assert victim.read_text() == "keep"


# -- a cache a commit wrote is not used -------------------------------------------------------
def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


@pytest.fixture
def repository(site: Site) -> Site:
    """The site in a git work tree, with the usual .gitignore."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    git(site.root, "init", "-q")
    write_tree(site.root, {".gitignore": ".manabi-cache/\n_site/\n"})
    return site


def forge_bodies(site: Site) -> None:
    """Every body entry replaced by one with a valid header, as anyone who reads codec.py can write."""
    cache = Cache(site.config.cache_path)
    for path in cache_files(site, ("body",)):
        cache.store("body", path.name.split(".")[0], "<p>FORGED</p>")


def test_a_cache_that_git_tracks_is_not_used(repository: Site, tmp_path):
    site = repository
    site.write(CONTENT)
    Engine(site.config, workers=1).build()
    forge_bodies(site)
    git(site.root, "add", "-f", ".manabi-cache")  # what a pull request that committed them leaves
    site.config = replace(site.config, license="CC BY 4.0")  # every page rendered: every body read
    result = Engine(site.config, workers=1).build()
    assert [d.code for d in result.diagnostics if d.path == str(site.config.cache_path)] == ["cache-tracked"]
    assert "FORGED" not in site.html("ja/s/chapter-1.html")
    assert snapshot(site.output) == clean_output(site.config, tmp_path)

    git(site.root, "rm", "-r", "-q", "--cached", ".manabi-cache")  # the forged files stay on disk
    result = Engine(site.config, workers=1).build()
    assert "cache-tracked" in {d.code for d in result.diagnostics}
    assert snapshot(site.output) == clean_output(site.config, tmp_path)

    shutil.rmtree(site.config.cache_path)
    result = Engine(site.config, workers=1).build()  # a cache of its own: used again
    assert "cache-tracked" not in {d.code for d in result.diagnostics}
    assert Engine(site.config, workers=1).build().unchanged


def test_git_is_asked_again_only_when_its_index_changed(repository: Site, monkeypatch):
    site = repository
    site.write(CONTENT)
    calls = []
    run = subprocess.run
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: calls.append(a[0]) or run(*a, **k))
    Engine(site.config, workers=1).build()  # no cache folder yet
    Engine(site.config, workers=1).build()  # no index yet: nothing is tracked
    assert calls == []
    git(site.root, "add", ".gitignore")
    Engine(site.config, workers=1).build()
    Engine(site.config, workers=1).build()
    assert [call[1] for call in calls] == ["add", "ls-files"]  # asked once for this index
    git(site.root, "add", "content")
    Engine(site.config, workers=1).build()
    assert [call[1] for call in calls] == ["add", "ls-files", "add", "ls-files"]


def test_serve_does_not_serve_a_preview_folder_git_tracks(repository: Site):
    site = repository
    site.write(CONTENT)
    serve_once(site)
    write_tree(site.config.cache_path / "serve", {"planted.html": "<p>PLANTED</p>", "ja/s/chapter-1.html": "<p>PLANTED</p>"})
    git(site.root, "add", "-f", ".manabi-cache")
    server = LiveServer(site.config, port=0, report=lambda *a, **k: None)
    server.start()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
        connection.request("GET", "/planted.html")
        assert connection.getresponse().status == 404
        assert BODY_TEXT["ja/s/chapter-1.html"] in served(server, "/ja/s/chapter-1.html")
    finally:
        server.stop()
