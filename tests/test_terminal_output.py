"""Text output never carries a raw control character from a file name or message (terminal.py).

A file named ``a\\n::error file=README.md,line=1::forged\\x1b[31m.md`` printed raw
forges a GitHub Actions annotation in a plain ``manabi build`` log, and its
escape sequence recolours the terminal.
"""

import json
import re

import pytest

from manabi_ssg.cli import main
from manabi_ssg.preview.serve import LiveServer
from manabi_ssg.console.terminal import json_printable, printable, printable_path

FORGED = "a\n::error file=README.md,line=1::forged\x1b[31m\u202e\x9b.md"
AT_LINE_START = "::warning file=x.md::forged.md"
RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")  # all but the line breaks between lines


def assert_plain(text: str) -> None:
    assert not RAW_CONTROL.search(text), repr(text)
    assert not any(line.lstrip().startswith("::") for line in text.splitlines()), text


@pytest.fixture
def forged_site(site, monkeypatch):
    site.write({f"ja/s/{FORGED}": "[a](missing.md)\n", AT_LINE_START: "[b](missing.md)\n", "ja/s/ok.md": "# ok\n"})
    monkeypatch.chdir(site.content)  # paths are shown from here: the root file's starts its line
    (site.root / "manabi.toml").write_text("search = false\n", encoding="utf-8")
    return site


@pytest.mark.parametrize("command", [["build", "--output", "../out"], ["check"], ["check", "-v"]])
def test_text_output_of_a_file_named_with_control_characters_is_plain(forged_site, capsys, command):
    main([*command, "--content", "."])
    out, err = capsys.readouterr()
    assert "forged" in out + err and "broken-link" in out + err  # both warnings are printed, escaped
    assert_plain(out)
    assert_plain(err)
    assert "ja/s/a\\n::error file=README.md,line=1::forged" in out + err  # the line break, as an escape


def test_json_output_holds_no_raw_control_character(forged_site, capsys):
    main(["check", "--content", ".", "--format", "json"])
    out = capsys.readouterr().out
    assert not RAW_CONTROL.search(out) and "forged" in out
    value = "C1 \x9b, DEL \x7f, override \u202e, separator \u2028"  # what json.dumps leaves raw
    shown = json_printable(json.dumps(value, ensure_ascii=False))
    assert not RAW_CONTROL.search(shown) and json.loads(shown) == value


def test_cli_error_messages_are_plain(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["build", "--content", "missing\n::error::forged\x1b[2J"]) == 2
    assert main(["build", "--jobs", "x\n::error::forged"]) == 2
    out, err = capsys.readouterr()
    assert err.count("forged") == 2
    assert_plain(out)
    assert_plain(err)


def test_serve_log_is_plain(forged_site, capsys):
    server = LiveServer(forged_site.config, port=0)
    try:
        server.start()  # prints the first build's diagnostics and summary
    finally:
        server.stop()
    out, err = capsys.readouterr()
    assert "forged" in err and "built" in out
    assert_plain(out)
    assert_plain(err)


def test_printable_writes_escapes_and_keeps_text():
    assert printable("日本語 a\tb\r\n\x1b\x7f\u2028") == "日本語 a\\tb\\r\\n\\x1b\\x7f\\u2028"
    assert printable_path(":: x") == "./:: x" and printable_path(" ::x") == "./ ::x" and printable_path("ja/a.md") == "ja/a.md"
