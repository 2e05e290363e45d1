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
