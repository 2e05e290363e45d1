"""Everyday authoring mistakes, tried as an author would: each ends in a located message and the rest of the site builds."""

from dataclasses import replace

from conftest import write_tree

from manabi_ssg.cli import main


def test_an_impossible_date_is_a_located_error_and_the_site_still_builds(tmp_path, capsys, monkeypatch):
    write_tree(tmp_path / "content", {
        "ja/a.md": "---\ntitle: A\ncreated_at: 2025-02-30\n---\n本文\n",
        "ja/b.md": "---\ntitle: B\nupdated_at: 2025-13-45\n---\n本文\n",
        "ja/c.md": "---\ntitle: C\n---\n本文\n",
    })
    monkeypatch.chdir(tmp_path)
    assert main(["build"]) == 1
    err = capsys.readouterr().err
    assert "content/ja/a.md:3:13: error: '2025-02-30' is not a real date" in err
    assert "content/ja/b.md:3:13: error: '2025-13-45' is not a real date" in err
    assert "internal error" not in err
    for page in ("a", "b", "c"):
        assert (tmp_path / "_site" / "ja" / f"{page}.html").is_file()
    assert "<title>A" in (tmp_path / "_site" / "ja" / "a.html").read_text()


def test_extra_keys_in_the_config_silence_the_typo_warning(site):
    site.write({"ja/a.md": "---\ntitle: A\ntopic: x\n---\n本文\n"})
    assert [d.code for d in site.build().diagnostics] == ["frontmatter-unknown-key"]
    site.config = replace(site.config, extra_keys=("topic",))
    assert [d.code for d in site.build().diagnostics] == []


def test_a_link_with_japanese_or_spaces_is_reported_as_the_author_wrote_it(site):
    site.write({
        "ja/a.md": "---\ntitle: A\n---\n## 平均\n\n本文\n",
        "ja/b.md": "---\ntitle: B\n---\n[節](a.md#標準偏差) と [章](<別の 章.md>) と [正しい節](a.md#平均)\n",
    })
    messages = sorted(d.message for d in site.build().diagnostics)
    assert messages == [
        "link 'a.md#標準偏差': no heading or element with id '標準偏差' on ja/a.html",
        "link '別の 章.md' leads to no page of the site",
    ]


DRAFT_SITE = {
    "ja/s/index.md": "---\ntitle: シリーズ\n---\n",
    "ja/s/ch1.md": "---\ntitle: 公開の章\n---\n本文\n",
    "ja/s/ch2.md": "---\ntitle: 下書きの章\ndraft: true\n---\n## 演習問題\n\n### 問題1（難易度：easy）\n\n問い\n",
}


def test_a_draft_is_not_published_listed_or_in_the_sitemap(site):
    site.config = replace(site.config, base_url="https://example.org/")
    site.write(DRAFT_SITE)
    result = site.build()
    assert not (site.output / "ja/s/ch2.html").exists()
    assert (site.output / "ja/s/ch1.html").exists()
    for listing in ("ja/s/index.html", "ja/index.html", "sitemap.xml", "exercises.html"):
        if (site.output / listing).exists():
            assert "ch2" not in site.html(listing) and "下書きの章" not in site.html(listing), listing
    assert "下書きの章" not in site.html("ja/s/index.html") and "公開の章" in site.html("ja/s/index.html")
    assert [(d.path, d.code) for d in result.diagnostics if d.code == "draft-skipped"] == [("ja/s/ch2.md", "draft-skipped")]


def test_drafts_included_show_a_banner_in_the_page_language(site):
    site.config = replace(site.config, drafts=True)
    site.write({**DRAFT_SITE, "en/d.md": "---\ntitle: Draft\ndraft: true\n---\ntext\n"})
    site.build()
    [banner] = site.tree("ja/s/ch2.html").find_all(class_="draft-banner")
    assert "下書き" in banner.text()
    assert "Draft" in site.tree("en/d.html").find_all(class_="draft-banner")[0].text()
    assert site.tree("ja/s/ch1.html").find_all(class_="draft-banner") == []
    assert "下書きの章" in site.html("ja/s/index.html")


def test_build_drafts_flag_and_serve_include_drafts_build_does_not():
    from manabi_ssg.cli import make_parser, settings_from

    def drafts(*argv):
        return settings_from(make_parser().parse_args(list(argv)))[0].drafts

    assert (drafts("build"), drafts("build", "--drafts"), drafts("check"), drafts("serve"), drafts("serve", "--no-drafts")) == (False, True, False, True, False)


def test_markdown_links_of_any_suffix_and_case_and_root_relative_ones_reach_the_built_page(site):
    site.write({
        "ja/s/a.md": "---\ntitle: A\n---\n[b](b.markdown) [up](../Up.MD#top) [root](/ja/x.md) [home](/) ![図](/ja/fig.png)\n",
        "ja/s/b.markdown": "# B\n",
        "ja/Up.MD": "# Up\n\n## 上 {#top}\n",
        "ja/x.md": "# X\n",
        "ja/fig.png": b"\x89PNG\r\n\x1a\n",
    })
    result = site.build()
    assert [d for d in result.diagnostics if d.level != "info"] == []
    hrefs = [a.get("href") for a in site.tree("ja/s/a.html").find("div", class_="chapter-body").find_all("a") if "heading-anchor" not in a.classes]
    assert hrefs == ["b.html", "../Up.html#top", "../x.html", "../../index.html"]
    assert site.tree("ja/s/a.html").find("img").get("src") == "../fig.png"
    for built in ("ja/s/b.html", "ja/Up.html", "ja/x.html", "ja/fig.png"):
        assert (site.output / built).is_file(), built
    assert not (site.output / "ja/Up.MD").exists()


def test_a_root_relative_link_to_no_page_is_still_reported(site):
    site.write({"ja/a.md": "[gone](/ja/gone.md)\n"})
    assert [d.code for d in site.build().diagnostics if d.level != "info"] == ["broken-link"]


def test_only_real_language_codes_are_language_folders(site):
    site.write({
        "ja/a.md": "# あ\n", "en/a.md": "# A\n", "jp/b.md": "# び\n", "pt-BR/c.md": "# C\n",
        "lab/x.md": "# 実験\n", "faq/y.md": "# よくある質問\n",
    })
    site.build()
    assert site.tree("lab/x.html").find("html").get("lang") == "ja"  # the default language
    assert site.tree("faq/y.html").find("html").get("lang") == "ja"
    assert site.tree("jp/b.html").find("html").get("lang") == "ja"
    assert site.tree("pt-BR/c.html").find("html").get("lang") == "pt-BR"
    switcher = site.tree("en/a.html").find("nav", class_="language-switcher")
    assert sorted(a.get("hreflang") for a in switcher.find_all("a")) == ["en", "ja", "pt-BR"]


def test_a_configured_language_folder_is_a_language(site):
    site.config = replace(site.config, languages=("fil",))
    site.write({"ja/a.md": "# あ\n", "fil/a.md": "# Isa\n"})
    site.build()
    assert site.tree("fil/a.html").find("html").get("lang") == "fil"


def _site_with_template(tmp_path, template: str, chapters: int = 1):
    write_tree(tmp_path, {"templates/chapter.html": template})
    write_tree(tmp_path / "content", {f"ja/c{n}.md": f"# 章{n}\n" for n in range(chapters)})


def test_a_template_syntax_error_in_a_site_override_is_located_exit_1(tmp_path, capsys, monkeypatch):
    _site_with_template(tmp_path, '{% extends "base.html" %}\n{% block main %}\n{% if page %}\n{% endblock %}\n', chapters=20)
    monkeypatch.chdir(tmp_path)
    assert main(["build", "-q", "-j", "2"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("templates/chapter.html:4: error: template syntax:") and "[template-error]" in err
    assert "internal error" not in err


def test_a_template_runtime_error_in_a_site_override_is_located_exit_1(tmp_path, capsys, monkeypatch):
    _site_with_template(tmp_path, '{% extends "base.html" %}\n{% block main %}\n\n{{ page.title.nosuch() }}\n{% endblock %}\n')
    monkeypatch.chdir(tmp_path)
    assert main(["check", "-q"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("templates/chapter.html:4: error: UndefinedError:") and "internal error" not in err


def test_a_link_to_a_left_out_draft_says_so(site):
    site.write({**DRAFT_SITE, "ja/s/ch1.md": "---\ntitle: 公開の章\n---\n[次へ](ch2.md)\n"})
    [d] = [d for d in site.build().diagnostics if d.level != "info"]
    assert (d.path, d.line, d.code) == ("ja/s/ch1.md", 4, "link-to-draft")
    site.config = replace(site.config, drafts=True)
    assert [d.code for d in site.build().diagnostics if d.path == "ja/s/ch1.md"] == []
