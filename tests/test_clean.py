"""``manabi clean`` removes the files manabi wrote and nothing else, whatever output_dir and a marker say."""

import json
import os

import pytest
from test_output_paths import changed_outside, snapshot

from manabi_ssg.cli import main


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A course repository: a .git folder, content, uncommitted work; the working folder is its root."""
    root = tmp_path / "r"
    (root / ".git").mkdir(parents=True)
    (root / ".git/HEAD").write_text("ref: refs/heads/main\n")
    (root / "content/ja/s").mkdir(parents=True)
    (root / "content/ja/s/a.md").write_text("# A\n\n本文\n", encoding="utf-8")
    (root / "notes-not-committed.txt").write_text("an afternoon of work\n")
    monkeypatch.chdir(root)
    return root


def forged_marker(folder, listed=()):
    """A marker as a pull request could commit it, listing files with their real sizes."""
    rows = ["This folder is written by manabi and replaced on every build.\n"]
    for rel in listed:
        rows.append(json.dumps([os.lstat(folder / rel).st_size, rel]) + "\n")
    (folder / ".manabi-output").write_text("".join(rows))


@pytest.mark.parametrize("output_dir", [".", "./", "content/..", ".."])
def test_clean_refuses_an_output_dir_that_holds_the_repository(repo, capsys, output_dir):
    (repo / "manabi.toml").write_text(f'output_dir = "{output_dir}"\n')
    forged_marker(repo, ["notes-not-committed.txt", ".git/HEAD", "content/ja/s/a.md", "manabi.toml"])
    before = snapshot(repo.parent)
    assert main(["clean"]) == 2
    assert "not removing" in capsys.readouterr().err
    assert snapshot(repo.parent) == before


@pytest.mark.parametrize("holds", [".git", "manabi.toml", ".hg"])
def test_clean_refuses_a_marked_folder_that_holds_a_repository_or_a_config(repo, capsys, holds):
    out = repo / "out"
    (out / holds).mkdir(parents=True) if holds.startswith(".") else (out.mkdir(), (out / holds).write_text("title = 'x'\n"))
    (out / "page.html").write_text("<p>mine</p>")
    (repo / "manabi.toml").write_text('output_dir = "out"\n')
    forged_marker(out, ["page.html"])
    before = snapshot(repo)
    assert main(["clean"]) == 2
    assert f"holds {holds}" in capsys.readouterr().err
    assert snapshot(repo) == before


def test_clean_removes_only_listed_files_still_as_written_and_never_outside(repo, capsys):
    out = repo / "out"
    out.mkdir()
    (out / "built.html").write_text("<p>built</p>")
    (out / "edited-since.html").write_text("<p>v1</p>")
    (out / "mine.txt").write_text("the author's")
    (repo / "manabi.toml").write_text('output_dir = "out"\n')
    (out / "edited-later.html").write_text("<p>v1</p>")
    forged_marker(out, ["built.html", "edited-since.html", "edited-later.html", "../notes-not-committed.txt"])
    (out / "edited-since.html").write_text("<p>v2, longer</p>")
    marked = os.stat(out / ".manabi-output").st_mtime_ns
    os.utime(out / "edited-later.html", ns=(marked + 10**9, marked + 10**9))  # same size, written after the build
    before = snapshot(repo)
    assert main(["clean"]) == 0
    assert "kept 3 files" in capsys.readouterr().out
    assert changed_outside(before, snapshot(repo), ("out",)) == []
    assert sorted(p.name for p in out.iterdir()) == ["edited-later.html", "edited-since.html", "mine.txt"]  # the marker goes too


def test_clean_removes_a_real_manabi_output_and_its_cache(repo, capsys):
    assert main(["build", "-q", "--no-cache"]) == 0
    assert main(["build", "-q"]) == 0
    assert (repo / "_site/ja/s/a.html").is_file() and (repo / ".manabi-cache").is_dir()
    assert main(["clean"]) == 0
    out = capsys.readouterr().out
    assert "removed" in out and "kept" not in out
    assert not (repo / "_site").exists() and not (repo / ".manabi-cache").exists()
    assert (repo / "notes-not-committed.txt").is_file() and (repo / ".git/HEAD").is_file()


def test_clean_keeps_a_file_added_to_a_real_output_and_names_it(repo, capsys):
    assert main(["build", "-q", "--no-cache"]) == 0
    (repo / "_site/ja/s/mine.txt").write_text("added by hand")
    assert main(["clean"]) == 0
    assert "(ja/s/mine.txt)" in capsys.readouterr().out
    assert [p.relative_to(repo).as_posix() for p in (repo / "_site").rglob("*") if p.is_file()] == ["_site/ja/s/mine.txt"]


@pytest.mark.parametrize("holds", [".git", "manabi.toml"])
def test_build_never_replaces_a_marked_folder_that_holds_a_repository_or_a_config_even_forced(repo, capsys, holds):
    out = repo / "out"
    out.mkdir()
    (out / holds).write_text("x")
    forged_marker(out)
    before = snapshot(repo)
    assert main(["build", "-q", "--no-cache", "--force", "--output", "out"]) == 2
    assert f"holds {holds}" in capsys.readouterr().err
    assert snapshot(repo) == before


def test_build_refuses_to_replace_an_output_holding_a_file_its_marker_does_not_list(repo, capsys):
    assert main(["build", "-q", "--no-cache"]) == 0
    (repo / "_site/ja/s/mine.txt").write_text("added by hand")
    (repo / "_site/.DS_Store").write_bytes(b"\0")  # a desktop's, never a reason to refuse
    assert main(["build", "-q", "--no-cache"]) == 2
    assert "holds 'ja/s/mine.txt', which manabi did not write" in capsys.readouterr().err
    assert (repo / "_site/ja/s/mine.txt").is_file()
    assert main(["build", "-q", "--no-cache", "--force"]) == 0
    assert not (repo / "_site/ja/s/mine.txt").exists()


def test_build_refuses_a_committed_marker_that_lists_nothing_or_lists_what_changed(repo, capsys):
    out = repo / "docs"
    out.mkdir()
    (out / "guide.md").write_text("the team's notes")
    (repo / "manabi.toml").write_text('output_dir = "docs"\n')
    forged_marker(out)
    assert main(["build", "-q", "--no-cache"]) == 2
    assert "lists no files" in capsys.readouterr().err
    forged_marker(out, ["guide.md"])
    (out / "guide.md").write_text("the team's notes, edited after the marker")
    assert main(["build", "-q", "--no-cache"]) == 2
    assert "holds 'guide.md'" in capsys.readouterr().err
    assert (out / "guide.md").read_text() == "the team's notes, edited after the marker"


@pytest.mark.parametrize("folder", ["templates", "static", "messages"])
def test_build_never_uses_a_site_folder_as_its_output(repo, capsys, folder):
    (repo / folder).mkdir()
    forged_marker(repo / folder)
    before = snapshot(repo)
    assert main(["build", "-q", "--no-cache", "--force", "--output", folder]) == 2
    assert f"the site's {folder}/ folder" in capsys.readouterr().err
    assert snapshot(repo) == before
