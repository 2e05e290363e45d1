"""The machine's problems are not bugs in manabi: a full disk or a read-only folder says which file, and exits 2.

These run on a real tmpfs (2 MB for the full disk, remounted read-only for
the other), since as root chmod would not stop a write; where mounting is
not allowed (no root), they skip.
"""

import os
import subprocess
from pathlib import Path

import pytest

from manabi_ssg import cli

PARAGRAPH = "本文の段落です。" * 200 + "\n\n"


@pytest.fixture
def tmpfs(tmp_path):
    """A fresh tmpfs of 2 MB at a folder of its own, unmounted afterwards."""
    mount = tmp_path / "tmpfs"
    mount.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)], capture_output=True)
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.decode(errors='replace').strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=True)


def chapters(site, count: int) -> None:
    site.write({f"ja/s/chapter-{n}.md": f"---\ntitle: 第{n}章\n---\n" + PARAGRAPH * 10 for n in range(count)})


def build(site, output: Path, capsys) -> tuple[int, str]:
    capsys.readouterr()
    code = cli.main(["build", "-q", "--content", str(site.content), "--output", str(output)])
    return code, capsys.readouterr().err


def test_a_full_disk_names_the_file_exits_2_and_keeps_the_previous_site(site, tmpfs, capsys, monkeypatch):
    monkeypatch.chdir(site.root)
    chapters(site, 2)
    assert build(site, tmpfs / "_site", capsys)[0] == 0
    before = (tmpfs / "_site" / "ja/s/chapter-1.html").read_bytes()
    chapters(site, 60)  # about 5 MB of pages: more than the disk holds
    code, err = build(site, tmpfs / "_site", capsys)
    assert code == 2, err
    assert f"manabi: error: cannot write {tmpfs}/._site.building-" in err and ": No space left on device" in err
    assert "the previous one was left as it was" in err and "internal error" not in err
    assert (tmpfs / "_site" / "ja/s/chapter-1.html").read_bytes() == before
    assert sorted(os.listdir(tmpfs)) == ["_site"]  # the half-written staging folder is gone


def test_a_read_only_output_folder_names_it_and_exits_2(site, tmpfs, capsys, monkeypatch):
    monkeypatch.chdir(site.root)
    chapters(site, 2)
    assert build(site, tmpfs / "_site", capsys)[0] == 0
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    site.write({"ja/s/chapter-0.md": "---\ntitle: 新しい\n---\n本文\n"})
    code, err = build(site, tmpfs / "_site", capsys)
    assert code == 2, err
    assert f"manabi: error: cannot write {tmpfs}/._site.building-" in err and ": Read-only file system" in err
    assert "the previous one was left as it was" in err and "internal error" not in err


def test_check_on_a_full_scratch_disk_names_the_file_and_says_nothing_of_a_site(site, tmpfs, capsys, monkeypatch):
    import tempfile

    monkeypatch.chdir(site.root)
    monkeypatch.setattr(tempfile, "tempdir", str(tmpfs))  # check renders into a scratch folder there
    chapters(site, 60)
    capsys.readouterr()
    code = cli.main(["check", "-q", "--content", str(site.content)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert f"manabi: error: cannot write {tmpfs}/manabi-check-" in err and ": No space left on device" in err
    assert "site was not built" not in err and "internal error" not in err
