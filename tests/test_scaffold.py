"""manabi new chapter / new series: templates that follow the conventions, never overwriting."""

from pathlib import Path

import pytest

from manabi_ssg.cli import main
from manabi_ssg.pipeline.frontmatter import SCHEMA, parse


@pytest.fixture
def root(tmp_path, monkeypatch):
    (tmp_path / "content").mkdir()
    monkeypatch.chdir(tmp_path)
    # check without the index: faster; the placeholders left for the author are test_new_author_mistakes.py's
    (tmp_path / "manabi.toml").write_text('search = false\nsilence = ["placeholder-left"]\n', encoding="utf-8")
    return tmp_path


def _front(path: Path) -> dict:
    return parse(path.read_text(encoding="utf-8"), str(path)).data


def test_new_chapter_fills_every_field_and_the_expected_sections(root, capsys):
    assert main(["new", "chapter", "ja/physics/chapter3-diffusion.md"]) == 0
    path = root / "content/ja/physics/chapter3-diffusion.md"
    assert "content/ja/physics/chapter3-diffusion.md" in capsys.readouterr().out
    meta = _front(path)
    for key in ("title", "subtitle", "description", "level", "difficulty", "target_audience", "estimated_time",
                "learning_objectives", "topics", "keywords", "prerequisites", "series", "series_order", "version",
                "created_at", "updated_at", "author", "license", "lang"):
        assert key in meta and meta[key] not in (None, "", []), key
        assert key in SCHEMA
    assert meta["series_order"] == 3  # from the file name
    assert meta["lang"] == "ja" and meta["title"].startswith("第3章")
    text = path.read_text(encoding="utf-8")
    for section in ("## 3.4 演習問題", "### 問題1（難易度：easy）", "<summary>ヒント</summary>", "<summary>解答例</summary>", "## 参考文献"):
        assert section in text
    assert "[1]" in text  # the body cites the reference list


def test_new_chapter_in_english_and_path_from_the_site_root(root):
    assert main(["new", "chapter", "content/en/physics/waves"]) == 0  # .md added; content/ prefix accepted
    text = (root / "content/en/physics/waves.md").read_text(encoding="utf-8")
    assert "## 1.4 Exercises" in text and "<summary>Answer</summary>" in text and "## References" in text
    assert _front(root / "content/en/physics/waves.md")["lang"] == "en"


def test_never_overwrites(root, capsys):
    target = root / "content/ja/s/chapter1.md"
    target.parent.mkdir(parents=True)
    target.write_text("mine\n", encoding="utf-8")
    assert main(["new", "chapter", "ja/s/chapter1.md"]) == 2
    assert "already exists" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "mine\n"
    # a series whose index.md exists writes nothing at all, not even its first chapter
    (root / "content/ja/s/index.md").write_text("mine too\n", encoding="utf-8")
    assert main(["new", "series", "ja/s"]) == 2
    assert (root / "content/ja/s/index.md").read_text(encoding="utf-8") == "mine too\n"
    assert not (root / "content/ja/s/chapter1-introduction.md").exists()


def test_outside_the_content_folder_is_refused(root, capsys):
    assert main(["new", "chapter", "../elsewhere.md"]) == 2
    assert "not inside the content folder" in capsys.readouterr().err


def test_new_series_and_chapters_pass_strict_check(root, capsys):
    assert main(["new", "series", "ja/demo"]) == 0
    assert main(["new", "chapter", "ja/demo/chapter2-next.md"]) == 0
    assert main(["new", "series", "en/demo"]) == 0
    assert (root / "content/ja/demo/index.md").is_file()
    assert _front(root / "content/ja/demo/chapter1-introduction.md")["series_order"] == 1
    capsys.readouterr()
    code = main(["check", "--strict"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "0 errors, 0 warnings" in out


def test_new_chapter_in_a_language_with_no_pages_yet_writes_its_landing_pages_in_that_language(root, capsys):
    assert main(["new", "chapter", "ja/demo/chapter1-a.md"]) == 0
    assert main(["new", "chapter", "en/physics/chapter1-waves.md"]) == 0
    home, series = _front(root / "content/en/index.md"), _front(root / "content/en/physics/index.md")
    assert (home["title"], home["lang"]) == ("English", "en")
    assert series["lang"] == "en" and series["title"].startswith("(Series title")
    assert _front(root / "content/en/physics/chapter1-waves.md")["series"] == series["title"]
    assert _front(root / "content/ja/index.md")["title"] == "日本語"
    capsys.readouterr()
    assert main(["build", "-q"]) == 0
    import re
    sections = re.findall(r"<h2[^>]*><a [^>]*>([^<]*)</a>", (root / "_site/index.html").read_text(encoding="utf-8"))
    assert sections == ["日本語", "English"]  # not "en"


def test_existing_landing_pages_are_kept_and_not_written_again(root, capsys):
    (root / "content/en/physics").mkdir(parents=True)
    (root / "content/en/index.md").write_text("mine\n", encoding="utf-8")
    (root / "content/en/physics/index.markdown").write_text("mine too\n", encoding="utf-8")
    assert main(["new", "chapter", "en/physics/chapter2-x.md"]) == 0
    assert capsys.readouterr().out.count("wrote") == 1
    assert (root / "content/en/index.md").read_text(encoding="utf-8") == "mine\n"
    assert not (root / "content/en/physics/index.md").exists()


SOURCE = (
    "\ufeff---\r\n"
    "title: \"第2章：基礎\"   # 章の名前\r\n"
    "series_order: 2\r\n"
    "created_at: 2025-01-01\r\n"
    "description: |\r\n"
    "  二行の\r\n"
    "  説明\r\n"
    "tags: [a,   b]\r\n"
    "---\r\n"
    "\r\n"
    "本文\r\n"
)


def test_new_translation_links_both_ways_and_adds_one_line_to_the_source(root, capsys):
    source = root / "content/ja/mlp/chapter-2.md"
    source.parent.mkdir(parents=True)
    source.write_bytes(SOURCE.encode("utf-8"))
    assert main(["new", "translation", "ja/mlp/chapter-2.md", "--lang", "en"]) == 0
    target = root / "content/en/mlp/chapter-2.md"
    meta = _front(target)
    assert (meta["translation"], meta["lang"], meta["series_order"]) == ("ja/mlp/chapter-2.md", "en", 2)
    assert (root / "content/en/index.md").is_file() and (root / "content/en/mlp/index.md").is_file()
    added = 'translation: "en/mlp/chapter-2.md"\r\n'
    assert source.read_bytes().decode("utf-8") == SOURCE.replace("---\r\n\r\n", added + "---\r\n\r\n")
    capsys.readouterr()
    assert main(["check", "--strict"]) == 0, capsys.readouterr().out


def test_new_translation_refuses_an_existing_target_and_changes_nothing(root, capsys):
    source = root / "content/ja/mlp/chapter-2.md"
    source.parent.mkdir(parents=True)
    source.write_bytes(SOURCE.encode("utf-8"))
    (root / "content/en/mlp").mkdir(parents=True)
    (root / "content/en/mlp/chapter-2.md").write_text("mine\n", encoding="utf-8")
    assert main(["new", "translation", "ja/mlp/chapter-2.md", "--lang", "en"]) == 2
    assert "already exists" in capsys.readouterr().err
    assert source.read_bytes() == SOURCE.encode("utf-8")
    assert (root / "content/en/mlp/chapter-2.md").read_text(encoding="utf-8") == "mine\n"
    assert not (root / "content/en/index.md").exists()


@pytest.mark.parametrize("front, reason", [
    ("---\ntitle: x\ntranslation: en/other.md\n---\n", "already has translation"),
    ("---\ntitle: [x\n---\n", "not valid YAML"),
    ("---\ntitle: x\n", "no closing"),
])
def test_new_translation_refuses_a_source_it_cannot_edit_safely_and_writes_nothing(root, capsys, front, reason):
    source = root / "content/ja/s/c.md"
    source.parent.mkdir(parents=True)
    source.write_text(front + "本文\n", encoding="utf-8")
    assert main(["new", "translation", "ja/s/c.md", "--lang", "en"]) == 2
    assert reason in capsys.readouterr().err
    assert source.read_text(encoding="utf-8") == front + "本文\n"
    assert not (root / "content/en").exists()


def test_new_translation_of_a_chapter_without_front_matter_gives_it_one(root):
    source = root / "content/en/s/c.md"
    source.parent.mkdir(parents=True)
    source.write_text("# Title\n\nText.\n", encoding="utf-8")
    assert main(["new", "translation", "en/s/c.md", "--lang", "ja"]) == 0
    assert source.read_text(encoding="utf-8") == '---\ntranslation: "ja/s/c.md"\n---\n# Title\n\nText.\n'
    assert _front(root / "content/ja/s/c.md")["translation"] == "en/s/c.md"


@pytest.mark.parametrize("args, message", [
    (["new", "translation", "ja/s/c.md"], "give the translation's language"),
    (["new", "translation", "ja/s/c.md", "--lang", "ja"], "already in ja"),
    (["new", "translation", "ja/s/missing.md", "--lang", "en"], "is not a chapter"),
    (["new", "chapter", "ja/s/d.md", "--lang", "en"], "--lang is for new translation"),
    (["new", "translation", "ja/s/c.md", "--lang", "english"], "did you mean en?"),
    (["new", "translation", "ja/s/c.md", "--lang", "xx"], "'xx' is not an ISO 639-1 language code"),
])
def test_new_translation_usage_mistakes(root, capsys, args, message):
    (root / "content/ja/s").mkdir(parents=True)
    (root / "content/ja/s/c.md").write_text("# C\n", encoding="utf-8")
    assert main(args) == 2
    assert message in capsys.readouterr().err
