"""Whether git tracks files in the build cache: then a commit wrote them, and the cache is not used.

Entries cannot run code (:mod:`manabi_ssg.incremental.codec`), but one written on purpose,
with a valid header, is used as it is: a page entry shows its HTML, a manifest
can say there is nothing to do.  A build writes the cache and ``.gitignore``
leaves it out, so a tracked file under it came from a commit (``git add -f``),
most likely a pull request's.  A build that finds one reads and writes no
cache, with a ``cache-tracked`` warning, until the folder is removed (``git rm
--cached`` alone leaves the forged files where they were, so the refusal is
written into the folder and stays with them).

``git ls-files`` costs a process (3-11 ms here), so its answer is kept in the
cache folder with the identity of git's index file (inode, time, size) when
it found nothing: while the index is that file, nothing new can be tracked.
A commit cannot forge the stamp: it names the index file of the machine that
checked, which no other checkout has.
"""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

STAMP = "git-checked"  # in the cache folder: the index file git had when nothing there was tracked, or:
TAINTED = "tainted: git tracked files of this cache"  # until the folder is removed


def committed_cache(cache: Path) -> str | None:
    """Why the cache folder holds what a commit wrote (git tracks files in it, or did), or None."""
    if not cache.is_dir():
        return None
    stamp = cache / STAMP
    said = _read_small(stamp)
    if said == TAINTED:
        return "git tracked files of the build cache, so a commit wrote them"
    index = _index_file(cache.parent)
    if index is None:
        return None
    try:
        found = os.stat(index)
        identity = f"{found.st_dev} {found.st_ino} {found.st_mtime_ns} {found.st_size}"
    except FileNotFoundError:
        return None  # a repository with nothing added yet tracks nothing
    except OSError:
        identity = ""
    if identity and said == identity:
        return None
    try:
        listed = subprocess.run(["git", "ls-files", "-z", "--", "."], cwd=cache, capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return None  # no git to ask: nothing more is known than without this check
    if listed.returncode != 0:
        return None  # not a work tree git can read
    count = listed.stdout.count(b"\0")
    if count:
        _write_stamp(stamp, TAINTED)  # the files stay after `git rm --cached`: so does the refusal
        return f"git tracks {count} file(s) of the build cache, so a commit wrote them"
    if identity:
        _write_stamp(stamp, identity)
    return None


def _write_stamp(stamp: Path, text: str) -> None:
    try:
        temporary = stamp.with_name(f"{STAMP}.{os.getpid()}.tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(text)
        os.replace(temporary, stamp)
    except OSError:
        pass


def _index_file(start: Path) -> Path | None:
    """Git's index for the work tree holding ``start``: ``.git/index``, or a worktree's (``.git`` a file)."""
    folder = start.resolve()
    for candidate in (folder, *folder.parents):
        dot_git = candidate / ".git"
        if dot_git.is_dir():
            return dot_git / "index"
        if dot_git.is_file():
            text = _read_small(dot_git)
            if text.startswith("gitdir:"):
                return (candidate / text[len("gitdir:"):].strip()) / "index"
            return None
    return None


def _read_small(path: Path) -> str:
    """The start of a regular file, never through a link or from a FIFO; "" for anything else."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return ""
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return ""
        return os.read(fd, 4096).decode("utf-8", "replace").strip()
    except OSError:
        return ""
    finally:
        os.close(fd)
