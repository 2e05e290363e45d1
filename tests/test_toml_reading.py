"""manabi.toml and a site's catalogues: input that makes tomllib raise more than its own error is a located error."""

import pytest

from manabi_ssg import cli

DEEP = "x = " + "[" * 5000 + "]" * 5000 + "\n"
LONG = "title = " + "9" * 5000 + "\n"


@pytest.mark.parametrize("text, words", [(DEEP, "values nested too deeply to read"), (LONG, "a number with more digits than can be read")])
def test_the_config_that_blows_up_tomllib_is_a_config_error_not_exit_70(site, capsys, monkeypatch, text, words):
    site.write({"ja/s/chapter-1.md": "# 第1章\n"})
    (site.root / "manabi.toml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(site.root)
    assert cli.main(["build", "-q", "--no-cache"]) == 1
    err = capsys.readouterr().err
    assert f"manabi.toml:1:1: error: cannot read config: {words} [config-invalid]" in err, err  # tomllib gives no line: shown at 1:1


@pytest.mark.parametrize("text, words", [(DEEP, "values nested too deeply to read"), (LONG, "a number with more digits than can be read")])
def test_a_catalogue_that_blows_up_tomllib_is_a_catalogue_error_not_exit_70(site, capsys, monkeypatch, text, words):
    site.write({"ja/s/chapter-1.md": "# 第1章\n"})
    (site.root / "messages").mkdir()
    (site.root / "messages" / "ja.toml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(site.root)
    assert cli.main(["build", "-q", "--no-cache"]) == 1
    assert f"messages/ja.toml:1:1: error: not valid TOML: {words}" in capsys.readouterr().err


@pytest.mark.parametrize("text, place, words", [
    ('title = "確率コース\nsearch = true\n', (1, 9), 'this string is not closed: add a closing " before the end of the line'),
    ("a = 1\n\nauthor = 'Ann\n", (3, 10), "this string is not closed: add a closing ' before the end of the line"),
    ('languages = ["ja",\n  "en]\n', (2, 3), 'this string is not closed: add a closing "'),
    ('title = "ok" # a "quote in a comment\ndescription = """long\n', (2, 15), 'this multi-line string is not closed: add the closing """'),
    ('title "x"\n', (1, 7), "expected = after the key 'title'"),
    ('title = "a"\nsearch = true\ntitle = "b"\n', (3, 1), "'title' is set twice (first on line 1): keep one of the two"),
    ('search = True\n', (1, 10), "'True' is not a TOML value: write true"),
    ('title = My course\n', (1, 9), "'My course' is not a TOML value: text goes in quotes (\"My course\")"),
    ('title = "a" "b"\n', (1, 13), "only one setting goes on a line"),
])
def test_a_broken_config_is_explained_at_the_real_line_and_column(tmp_path, monkeypatch, text, place, words):
    from manabi_ssg.site.config import load_config

    (tmp_path / "manabi.toml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    _, [problem] = load_config(tmp_path)
    assert (problem.line, problem.col, problem.code) == (*place, "config-invalid")
    assert words in problem.message and "(at line" not in problem.message and "Illegal character" not in problem.message


def test_a_catalogue_with_an_unclosed_string_is_explained_at_its_quote(site, capsys, monkeypatch):
    site.write({"ja/s/chapter-1.md": "# 第1章\n"})
    (site.root / "messages").mkdir()
    (site.root / "messages" / "ja.toml").write_text('[ui]\nsearch = "検索\n', encoding="utf-8")
    monkeypatch.chdir(site.root)
    assert cli.main(["build", "-q", "--no-cache"]) == 1
    assert 'messages/ja.toml:2:10: error: not valid TOML: this string is not closed: add a closing "' in capsys.readouterr().err
