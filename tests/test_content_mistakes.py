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
