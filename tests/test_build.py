"""End-to-end: a fixture site built to disk, read back as HTML trees."""

from dataclasses import replace

import pytest
from conftest import REPO, Site

from manabi_ssg.cli import main
from manabi_ssg.pipeline.write import MARKER, OutputError

SERIES = {
    "ja/mlp/index.md": """
        ---
        title: "MLP入門"
        description: "説明文"
        total_reading_time: "60分"
        ---
        # MLP入門

        シリーズの紹介。
        """,
    "ja/mlp/chapter-10.md": """
        ---
        title: "第10章"
        ---
        本文
        """,
    "ja/mlp/chapter-2.md": """
        ---
        title: "第2章：基礎"
        difficulty: "中級〜上級"
        level: "intermediate-advanced"
        estimated_time: "20分"
        target_audience: "graduate"
        version: "1.0"
        created_at: "2025-10-17"
        ---
        # 第2章：基礎

        ## 概要

        [次へ](chapter-10.md) と [シリーズ](./index.md) と ![図](fig.png)

        ### 詳細

        | a | b |
        |---|---|
        | 1 | 2 |
        """,
    "ja/mlp/fig.png": b"\x89PNG\r\n\x1a\n",
    "ja/mlp/ordered.md": """
        ---
        title: "最初"
        series_order: 1
        ---
        first
        """,
    "en/basics/intro.md": "# Intro From H1\n\nHello.\n",
}


def test_builds_every_page_with_navigation(site: Site):
    result = site.write(SERIES).build()
    assert result.errors == 0
    chapter = site.tree("ja/mlp/chapter-2.html")
    html = chapter.find("html")
    assert html.get("lang") == "ja"
    assert chapter.find("h1").text() == "第2章：基礎"
    assert len(chapter.find_all("h1")) == 1  # the body's repeated title is shown once
    # series order: series_order first, then natural sort (2 before 10)
    nav = chapter.find("nav", class_="series-nav")
    assert [a.text() for a in nav.find_all("a")][1:] == ["最初", "第2章：基礎", "第10章"]
    assert nav.find("a", aria_current="page").text() == "第2章：基礎"
    pager = chapter.find("nav", class_="pager")
    assert pager.find("a", rel="prev").get("href") == "ordered.html"
    assert pager.find("a", rel="next").get("href") == "chapter-10.html"
    toc = chapter.find("nav", class_="toc")
    assert [a.get("href") for a in toc.find_all("a")] == ["#概要", "#詳細"]
    crumbs = chapter.find("nav", class_="breadcrumbs")
    assert [a.get("href") for a in crumbs.find_all("a")] == ["../../index.html", "../index.html", "index.html"]
    assert chapter.find("span", class_="level-badge").get("data-level") == "intermediate advanced"
    body = chapter.find("div", class_="chapter-body")
    links = [a.get("href") for a in body.find_all("a") if "heading-anchor" not in a.classes]
    assert links == ["chapter-10.html", "./index.html"]
    assert body.find("img").get("src") == "fig.png"
    assert (site.output / "ja/mlp/fig.png").exists()  # assets are copied
    footer = chapter.find("footer", class_="site-footer")
    assert "2025-10-17" in footer.text() and "1.0" in footer.text()


def test_title_falls_back_to_first_h1_then_file_name(site: Site):
    site.write({**SERIES, "en/basics/no-title.md": "just text\n"}).build()
    assert site.tree("en/basics/intro.html").find("h1").text() == "Intro From H1"
    assert site.tree("en/basics/no-title.html").find("h1").text() == "no title"
    assert site.tree("en/basics/intro.html").find("html").get("lang") == "en"


def test_section_home_and_generated_pages(site: Site):
    site.write(SERIES).build()
    section = site.tree("ja/mlp/index.html")
    cards = section.find("section", class_="chapter-list").find_all("li", class_="card")
    assert [c.find("a").text() for c in cards] == ["最初", "第2章：基礎", "第10章"]
    assert "20分" in cards[1].text()
    home = site.tree("index.html")
    series_cards = home.find_all("li", class_="series-card")
    assert {c.find("a").text() for c in series_cards} == {"MLP入門", "basics"}
    mlp = next(c for c in series_cards if c.find("a").text() == "MLP入門")
    assert "説明文" in mlp.text() and "60分" in mlp.text() and "3" in mlp.find(class_="card-count").text()
    # a folder without index.md still gets a landing page, so ../folder/ links work
    assert (site.output / "ja/index.html").exists() and (site.output / "en/basics/index.html").exists()
    assert (site.output / "404.html").exists() and (site.output / "robots.txt").exists()
    assert not (site.output / "sitemap.xml").exists()  # no base URL, no sitemap
    assert (site.output / "assets/manabi.css").exists() and (site.output / "assets/pygments.css").exists()


def test_a_page_asks_for_one_stylesheet_holding_the_whole_theme(site: Site):
    site.write(SERIES).build()
    links = [link.get("href") for link in site.tree("index.html").find_all("link") if link.get("rel") == "stylesheet"]
    assert links == ["assets/theme.css"]
    bundle = (site.output / "assets/theme.css").read_text(encoding="utf-8")
    for part in ("manabi.css", "components.css", "pygments.css"):
        assert (site.output / "assets" / part).read_text(encoding="utf-8").strip() in bundle, part


def test_sitemap_with_base_url(site: Site):
    site.config = replace(site.config, base_url="https://example.org/course/")
    site.write(SERIES).build()
    sitemap = (site.output / "sitemap.xml").read_text()
    assert "<loc>https://example.org/course/ja/mlp/chapter-2.html</loc>" in sitemap
    assert "<lastmod>2025-10-17</lastmod>" in sitemap
    assert "Sitemap: https://example.org/course/sitemap.xml" in (site.output / "robots.txt").read_text()


def test_bad_page_reports_and_others_still_build(site: Site):
    site.write({**SERIES, "ja/mlp/broken.md": "---\ntitle: [unclosed\n---\n# Still here\n"})
    result = site.build()
    assert result.errors == 1
    [d] = [d for d in result.diagnostics if d.level == "error"]
    assert d.path == "ja/mlp/broken.md" and d.line == 2
    assert (site.output / "ja/mlp/broken.html").exists()
    assert (site.output / "ja/mlp/chapter-2.html").exists()


def test_output_folder_safety(site: Site, tmp_path):
    site.write(SERIES)
    with pytest.raises(OutputError):
        site.build(output=site.content)
    with pytest.raises(OutputError):
        site.build(output=site.root)
    with pytest.raises(OutputError):
        site.build(output=site.content / "out")
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "precious.txt").write_text("mine")
    with pytest.raises(OutputError):
        site.build(output=foreign)
    assert (foreign / "precious.txt").read_text() == "mine"


def test_failed_build_leaves_previous_site(site: Site, monkeypatch):
    site.write(SERIES).build()
    before = site.html("ja/mlp/chapter-2.html")
    site.write({"ja/mlp/chapter-2.md": "# changed\n"})

    import manabi_ssg.outputs.sitefiles as sitefiles

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(sitefiles, "robots_txt", explode)
    with pytest.raises(RuntimeError):
        site.build()
    assert site.html("ja/mlp/chapter-2.html") == before
    assert (site.output / MARKER).exists()
    assert not [p for p in site.root.iterdir() if p.name.startswith("._site")]


def test_cli_exit_codes_and_summary(tmp_path, capsys, monkeypatch):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a.md").write_text("---\ntitle: [x\n---\n")
    monkeypatch.chdir(tmp_path)
    assert main(["build"]) == 1
    captured = capsys.readouterr()
    assert "content/a.md:2:8: error:" in captured.err and "error:" in captured.err
    assert "built 4 pages into" in captured.out and ": 1 error, 0 warnings in" in captured.out
    assert "Traceback" not in captured.err
    assert main(["build", "--output", "."]) == 2
    assert main(["nonsense"]) == 2
    (tmp_path / "content" / "a.md").write_text("# fine\n")
    assert main(["build", "-q"]) == 0


def test_repository_content_builds_cleanly(tmp_path):
    from manabi_ssg.build import build
    from manabi_ssg.site.config import Config

    config = replace(Config(root=REPO), output_dir=str(tmp_path / "out"), cache_dir=str(tmp_path / "cache"))
    result = build(config)
    assert result.errors == 0, [d.format() for d in result.diagnostics]
    assert (tmp_path / "out/ja/mlp-introduction/chapter4-real-world.html").exists()


def test_missing_content_folder_is_a_usage_error(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["build"]) == 2
    assert "content folder" in capsys.readouterr().err
    assert not (tmp_path / "_site").exists()
    assert main(["check", "--content", "nowhere"]) == 2


def test_clean_removes_only_what_manabi_wrote(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a.md").write_text("# a\n")
    assert main(["build", "-q"]) == 0
    assert (tmp_path / "_site").is_dir() and (tmp_path / ".manabi-cache").is_dir()
    assert main(["clean"]) == 0
    assert not (tmp_path / "_site").exists() and not (tmp_path / ".manabi-cache").exists()
    # a cache folder pointed at the author's files is refused, not deleted
    (tmp_path / "manabi.toml").write_text('cache_dir = "content"\n')
    assert main(["clean"]) == 2
    assert (tmp_path / "content" / "a.md").exists()
