"""The pinned Mermaid travels with the site: written only when a page has a diagram, loaded only there,
and a page with a diagram asks no other host for anything (outputs/mermaid_file.py)."""

from __future__ import annotations

import gzip
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import StaticServer

from manabi_ssg.markdown.media import diagrams

VERSION = diagrams.mermaid_version()
SCRIPT = f"assets/mermaid-{VERSION}.min.js"
LICENCE = f"assets/mermaid-{VERSION}.LICENSE.txt"
CDN = f"https://cdn.jsdelivr.net/npm/mermaid@{VERSION}/dist/mermaid.esm.min.mjs"  # the default before the site carried it

DIAGRAM = "```mermaid\ngraph TD\n  A[入力層] --> B[隠れ層]\n  B --> C[出力層]\n```\n"
SERIES = {
    "ja/s/index.md": "---\ntitle: 図のシリーズ\n---\nシリーズの紹介。\n",
    "ja/s/chapter1.md": "---\ntitle: 第1章\nseries_order: 1\n---\n# 第1章\n\n本文です。\n",
    "ja/s/chapter2.md": "---\ntitle: 第2章\nseries_order: 2\n---\n# 第2章\n\n図のない章。\n",
}


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def with_diagram(files: dict[str, str]) -> dict[str, str]:
    return {**files, "ja/s/chapter1.md": files["ja/s/chapter1.md"] + "\n" + DIAGRAM}


def test_a_site_with_a_diagram_carries_the_vendored_mermaid_decompressed_with_its_licence(site):
    site.write(with_diagram(SERIES))
    assert site.build().errors == 0
    assert (site.output / SCRIPT).read_bytes() == gzip.decompress((diagrams.VENDOR / diagrams.BUNDLE).read_bytes())
    licence = (site.output / LICENCE).read_text(encoding="utf-8")
    assert licence == (diagrams.VENDOR / diagrams.LICENCE).read_text(encoding="utf-8") and "MIT License" in licence
    assert f'"{VERSION}"' in (site.output / SCRIPT).read_text(encoding="utf-8")  # the bundle is the version its name says


def test_only_the_page_with_a_diagram_loads_the_sites_copy(site):
    site.write(with_diagram(SERIES))
    assert site.build().errors == 0
    html = site.html("ja/s/chapter1.html")
    assert f'bundle.src = "../../{SCRIPT}"' in html  # added by an async module: manabi.js never waits for it
    assert "cdn" not in site.html("ja/s/chapter1.html")
    for rel in ("ja/s/chapter2.html", "ja/s/index.html", "index.html"):
        assert "mermaid" not in site.html(rel), rel


def test_a_site_without_diagrams_is_byte_for_byte_what_the_cdn_default_built(tmp_path):
    """Before the site carried Mermaid, the default was the CDN: a site without diagrams must not change at all."""
    from conftest import Site

    outputs = []
    for name, url in (("site", None), ("cdn", CDN)):
        one = Site(tmp_path / name)
        if url is not None:
            one.config = replace(one.config, mermaid_url=url)
        one.write(SERIES)
        assert one.build().errors == 0
        outputs.append(files_of(one.output))
    assert not any("mermaid" in rel for rel in outputs[0])
    assert outputs[0].keys() == outputs[1].keys()
    assert [rel for rel in outputs[0] if outputs[0][rel] != outputs[1][rel]] == []


def test_a_diagram_in_one_chapter_changes_that_page_and_adds_the_bundle_and_licence_only(tmp_path):
    from conftest import Site

    plain, drawn = Site(tmp_path / "plain"), Site(tmp_path / "drawn")
    plain.write(SERIES)
    drawn.write(with_diagram(SERIES))
    assert plain.build().errors == 0 and drawn.build().errors == 0
    before, after = files_of(plain.output), files_of(drawn.output)
    assert sorted(set(after) - set(before)) == sorted([SCRIPT, LICENCE])
    changed = sorted(rel for rel in before if before[rel] != after[rel] and rel != ".manabi-output")
    # the chapter, the series' print page that holds it, and the offline manifest and worker (the bundle is
    # one more file to save, and the build's hash changed)
    assert changed == ["ja/s/chapter1.html", "ja/s/offline.json", "ja/s/print.html", "sw.js"]


def test_a_cdn_url_in_the_config_loads_that_and_writes_no_copy(site):
    site.config = replace(site.config, mermaid_url=CDN)
    site.write(with_diagram(SERIES))
    assert site.build().errors == 0
    assert not (site.output / SCRIPT).exists() and not (site.output / LICENCE).exists()
    assert f'import mermaid from "{CDN}"' in site.html("ja/s/chapter1.html")


def test_an_empty_mermaid_url_draws_nothing_and_writes_no_copy(site):
    site.config = replace(site.config, mermaid_url="")
    site.write(with_diagram(SERIES))
    assert site.build().errors == 0
    assert not (site.output / SCRIPT).exists()
    scripts = [tag.text() + (tag.get("src") or "") for tag in site.tree("ja/s/chapter1.html").find_all("script")]
    assert scripts and not [script for script in scripts if "mermaid" in script]


def test_a_content_file_at_the_bundles_path_is_an_error_and_the_bundle_is_published(site):
    site.write({**with_diagram(SERIES), SCRIPT: "alert('not mermaid')\n"})
    result = site.build()
    [error] = [d for d in result.diagnostics if d.code == "output-collision"]
    assert error.path == SCRIPT and "Mermaid" in error.message
    assert (site.output / SCRIPT).read_bytes() != b"alert('not mermaid')\n"


def test_a_new_vendored_bundle_rewrites_the_copy_and_checks_the_diagrams_again(site, tmp_path, monkeypatch):
    site.write(with_diagram(SERIES))
    first = site.build()
    assert first.errors == 0 and "ja/s/chapter1.md" in first.parsed
    assert site.build().unchanged
    vendor = tmp_path / "vendor"
    shutil.copytree(diagrams.VENDOR, vendor)
    rebuilt = gzip.decompress((vendor / diagrams.BUNDLE).read_bytes()) + b"\n// rebuilt under the same version\n"
    (vendor / diagrams.BUNDLE).write_bytes(gzip.compress(rebuilt))
    monkeypatch.setattr(diagrams, "VENDOR", vendor)
    second = site.build()
    assert not second.unchanged and "ja/s/chapter1.md" in second.parsed
    assert "ja/s/chapter1.html" in second.rendered
    assert (site.output / SCRIPT).read_bytes() == rebuilt


# ---------------------------------------------------------------- in Chromium


def _draws(page) -> None:
    """Mermaid inserts the <svg> before its node labels: wait for a label itself."""
    page.wait_for_function("() => [...document.querySelectorAll('.chapter-body pre.mermaid svg .node')]"
                           ".some(node => node.textContent.includes('入力層'))", timeout=20000)


@pytest.mark.browser
def test_a_chapter_with_a_diagram_asks_no_other_host_and_the_diagram_draws(browser, site):
    site.write(with_diagram(SERIES))
    assert site.build().errors == 0
    with StaticServer(site.output) as server:
        context = browser.new_context()
        requested, refused = [], []
        # every other host is cut off, so a CDN would fail to load, and its request is logged
        context.route("**/*", lambda route: (route.continue_() if route.request.url.startswith(server.url)
                                             else (refused.append(route.request.url), route.abort())))
        try:
            page = context.new_page()
            page.on("request", lambda request: requested.append(request.url))
            page.goto(server.url + "ja/s/chapter1.html")
            _draws(page)
            assert page.locator(".chapter-body pre.mermaid svg").first.bounding_box()["height"] > 50
        finally:
            context.close()
    assert server.url + SCRIPT in requested
    assert [url for url in requested if not url.startswith(server.url)] == [] and refused == []


@pytest.mark.browser
def test_a_diagram_draws_from_disk(browser, site):
    """``file://``: a module script could not be fetched from disk, the classic bundle can."""
    site.write(with_diagram(SERIES))
    assert site.build().errors == 0
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto((site.output / "ja/s/chapter1.html").as_uri())
        _draws(page)
    finally:
        context.close()
