"""Long work says what it is doing: a live line on a terminal, plain lines in logs, nothing with -q."""

import io
import os
import pty
import subprocess
import sys

from conftest import write_tree

from manabi_ssg.cli import main
from manabi_ssg.console.progress import PlainLines, Progress, TerminalLine, progress_for

SITE = {
    "content/ja/s/index.md": "---\ntitle: シリーズ\n---\n",
    "content/ja/s/chapter-1.md": "---\ntitle: 第1章\n---\n本文1\n",
    "content/ja/s/chapter-2.md": "---\ntitle: 第2章\n---\n本文2\n",
    "manabi.toml": "search = false\n",
}


def progress_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("manabi: ")]


def test_log_gets_one_plain_line_per_step(tmp_path, monkeypatch, capsys):
    write_tree(tmp_path, SITE)
    monkeypatch.chdir(tmp_path)
    assert main(["build"]) == 0
    captured = capsys.readouterr()
    # 3 Markdown files parsed; they, the generated home and 404 pages and the series' print book rendered
    assert progress_lines(captured.err) == ["manabi: parsing 3 pages", "manabi: rendering 7 pages"]
    assert "\r" not in captured.err and "\033" not in captured.err
    assert captured.out.startswith("manabi: built 7 pages")


def test_a_build_with_nothing_to_do_prints_no_progress(tmp_path, monkeypatch, capsys):
    write_tree(tmp_path, SITE)
    monkeypatch.chdir(tmp_path)
    assert main(["build"]) == 0
    capsys.readouterr()
    assert main(["build"]) == 0
    assert progress_lines(capsys.readouterr().err) == []


def test_only_what_changed_is_reported(tmp_path, monkeypatch, capsys):
    write_tree(tmp_path, SITE)
    monkeypatch.chdir(tmp_path)
    assert main(["build"]) == 0
    capsys.readouterr()
    write_tree(tmp_path, {"content/ja/s/chapter-2.md": "---\ntitle: 第2章\n---\n新しい本文\n"})
    assert main(["build"]) == 0
    # the chapter and the print book that holds it
    assert progress_lines(capsys.readouterr().err) == ["manabi: parsing 1 page", "manabi: rendering 2 pages"]


def test_quiet_prints_no_progress(tmp_path, monkeypatch, capsys):
    write_tree(tmp_path, SITE)
    monkeypatch.chdir(tmp_path)
    assert main(["build", "-q"]) == 0
    assert capsys.readouterr().err == ""
    write_tree(tmp_path, {"content/ja/s/chapter-2.md": "---\ntitle: 第2章\n---\n変更\n"})
    assert main(["check", "-q"]) == 0
    assert capsys.readouterr().err == ""


def test_check_reports_progress_on_stderr_and_keeps_json_on_stdout(tmp_path, monkeypatch, capsys):
    import json

    write_tree(tmp_path, SITE)
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["pages"] == 7
    assert progress_lines(captured.err) == ["manabi: parsing 3 pages", "manabi: rendering 7 pages"]


def test_terminal_line_is_rewritten_in_place_and_erased_at_the_end():
    stream = io.StringIO()
    progress = TerminalLine(stream)
    progress.start("parsing", 2)
    progress.advance()
    progress.advance()  # the last page is always drawn
    progress.start("indexing for search")
    progress.finish()
    text = stream.getvalue()
    assert text.startswith("\r\033[Kmanabi: parsing 0/2 pages")
    assert "\r\033[Kmanabi: parsing 2/2 pages" in text
    assert "\r\033[Kmanabi: indexing for search" in text
    assert text.endswith("\r\033[K") and "\n" not in text


def test_kind_follows_the_stream():
    class Tty(io.StringIO):
        def isatty(self):
            return True

    assert type(progress_for(io.StringIO(), quiet=False)) is PlainLines
    assert type(progress_for(Tty(), quiet=False)) is TerminalLine
    assert type(progress_for(Tty(), quiet=True)) is Progress


def test_build_on_a_terminal_shows_one_updating_line(tmp_path):
    write_tree(tmp_path, SITE)
    controller, terminal = pty.openpty()
    env = {**os.environ, "TERM": "xterm"}
    run = subprocess.Popen([sys.executable, "-m", "manabi_ssg", "build"], cwd=tmp_path, env=env,
                           stdout=subprocess.PIPE, stderr=terminal)
    os.close(terminal)
    err = b""
    while True:
        try:
            data = os.read(controller, 4096)
        except OSError:  # the child closed its end
            break
        if not data:
            break
        err += data
    out = run.stdout.read().decode()
    assert run.wait() == 0
    os.close(controller)
    text = err.decode()
    assert "\r\033[Kmanabi: parsing 3/3 pages" in text and "\r\033[Kmanabi: rendering 7/7 pages" in text
    assert text.endswith("\r\033[K") and "\n" not in text  # one line, erased at the end
    assert out.startswith("manabi: built 7 pages")
