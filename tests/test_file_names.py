"""Names and site files a page cannot carry: bytes that are not UTF-8, control characters.

Such a file used to stop the build as a bug in manabi (exit 70, no path);
now it is an error at its path, shown with U+FFFD, and left out.
"""

import os

from manabi_ssg import cli

GOOD = "---\ntitle: good\n---\nText.\n"


def test_a_name_that_is_not_utf8_is_an_error_at_its_path_and_left_out(site):
    site.write({"ja/s/good.md": GOOD})
    folder = os.fsencode(site.content / "ja" / "s")
    for name in (b"\xff\xfe.md", b"caf\xe9.png", b"a\x01b.md"):
        open(os.path.join(folder, name), "wb").write(b"# x\n")
    os.mkdir(os.path.join(folder, b"\xff"))
    open(os.path.join(folder, b"\xff", b"inside.md"), "wb").write(b"# x\n")
    result = site.build()
    found = sorted((d.path, d.level) for d in result.diagnostics if d.code == "file-name")
    assert found == [("ja/s/a\ufffdb.md", "error"), ("ja/s/caf\ufffd.png", "error"), ("ja/s/\ufffd", "error"),
                     ("ja/s/\ufffd\ufffd.md", "error")]
    assert (site.output / "ja/s/good.html").exists()
    assert sorted(os.listdir(site.output / "ja" / "s")) == ["good.html", "index.html", "offline.json", "print.html"]


def test_the_command_names_the_file_and_exits_1_not_70(site, capsys, monkeypatch):
    site.write({"ja/s/good.md": GOOD})
    open(os.path.join(os.fsencode(site.content / "ja" / "s"), b"\xff\xfe.md"), "wb").write(b"# x\n")
    (site.root / "static").mkdir()
    open(os.path.join(os.fsencode(site.root / "static"), b"\xff.css"), "wb").write(b"a{}")
    monkeypatch.chdir(site.root)
    assert cli.main(["build", "-q", "--no-cache"]) == 1
    err = capsys.readouterr().err
    assert "content/ja/s/\ufffd\ufffd.md:1:1: error: the name is not valid UTF-8 (bytes 0xff 0xfe)" in err
    assert "static/\ufffd.css:1:1: error:" in err


def test_a_template_that_is_not_utf8_is_a_template_error_at_its_line_not_exit_70(site, capsys, monkeypatch):
    site.write({"ja/s/good.md": GOOD})
    (site.root / "templates").mkdir()
    (site.root / "templates" / "chapter.html").write_bytes(b'{# ok #}\n\xff\xfe{% extends "base.html" %}\n')
    monkeypatch.chdir(site.root)
    assert cli.main(["build", "-q", "--no-cache"]) == 1
    assert "templates/chapter.html:2: error: the template is not UTF-8 (byte 0xff)" in capsys.readouterr().err
