"""manabi new chapter / new series: templates that follow the conventions, never overwriting."""

from pathlib import Path

import pytest

from manabi_ssg.cli import main
from manabi_ssg.frontmatter import SCHEMA, parse


@pytest.fixture
def root(tmp_path, monkeypatch):
    (tmp_path / "content").mkdir()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "manabi.toml").write_text("search = false\n", encoding="utf-8")  # check without the index: faster
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
