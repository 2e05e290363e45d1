"""Write stage: put the site on disk without ever losing the previous one.

The new site is written into a fresh folder beside the output folder and
swapped in at the end, so a failed or interrupted build leaves the last
complete site in place.  On Linux the swap is one atomic exchange of the two
folders (:func:`exchange`); elsewhere it is two renames, and a build killed
between them leaves the previous site beside the output, where the next build
puts it back first (:func:`recover`).  manabi only ever replaces a folder
that it wrote itself (it carries a marker file), and refuses output folders
that would hold or replace the content.
"""

from __future__ import annotations

import ctypes
import errno
import functools
import json
import os
import posixpath
import shutil
import signal
import sys
from collections.abc import Callable
from pathlib import Path

from manabi_ssg.guards.atomic_files import naming, write_file
from manabi_ssg.guards.names import safe_relative, shown

MARKER = ".manabi-output"
# a folder holding one of these is no output folder, whatever its marker says (a pull request can commit one)
KEPT_NAMES = (".git", ".hg", ".svn", ".jj", "manabi.toml")
SITE_FOLDERS = ("templates", "static", "messages")
# files a desktop drops into any folder it shows: never a reason to refuse a build (they go with the old site)
DESKTOP_FILES = (".DS_Store", "Thumbs.db", "desktop.ini")
MARKER_TEXT = "This folder is written by manabi and replaced on every build.\n"
INVENTORY_LINE = "# the files written, one JSON [size, path] a line: manabi clean removes those still as written\n"


class OutputError(Exception):
    """The output folder is not one manabi may write to; the message says why."""


def check_output(output: Path, content: Path, site_root: Path, force: bool = False) -> None:
    output, content, site_root = output.resolve(), content.resolve(), site_root.resolve()
    if output == content or output in content.parents:
        raise OutputError(f"output folder {output} would contain the content folder {content}; choose another --output")
    if content in output.parents:
        raise OutputError(f"output folder {output} is inside the content folder {content}; choose another --output")
    if output == site_root or output in site_root.parents or output == Path(output.anchor) or output == Path.home():
        raise OutputError(f"refusing to use {output} as the output folder: it is not a folder manabi created")
    for name in SITE_FOLDERS:
        if output == site_root / name:
            raise OutputError(f"refusing to use {output} as the output folder: it is the site's {name}/ folder")
    if output.exists() and not output.is_dir():
        raise OutputError(f"output path {output} is a file, not a folder")
    for name in KEPT_NAMES:  # a build replaces the whole folder: never one that holds a repository or a site, --force or not
        if os.path.lexists(output / name):
            raise OutputError(f"output folder {output} holds {name}: manabi never replaces a repository or a site; choose another --output")
    if output.is_dir() and not (output / MARKER).exists() and any(output.iterdir()) and not force:
        raise OutputError(f"output folder {output} holds files manabi did not write; empty it, choose another --output, or pass --force")
    if output.is_dir() and (output / MARKER).exists() and not force:
        # a marker can be committed by a pull request: the folder is replaced only when it holds just what it lists
        unknown = strangers(output)
        if unknown is None:
            raise OutputError(f"output folder {output} has a {MARKER} that lists no files (an older manabi wrote it, or not "
                              "manabi); check the folder, then pass --force once")
        if unknown:
            more = f" and {len(unknown) - 1} more" if len(unknown) > 1 else ""
            raise OutputError(f"output folder {output} holds {shown(unknown[0])}{more}, which manabi did not write or which "
                              "changed since; move it, choose another --output, or pass --force")


class OutputFolder:
    """Where a file of the site goes: ``root / rel``, refused unless it stays inside ``root``.

    The last check before anything is written, by every writer (pages,
    generated files, copies, the search index), whatever checked the name
    before: the path is read by its letters (no ``..``, no absolute path, no
    backslash) and then its folder with symlinks resolved.  Folders are
    resolved once each, so a site of a thousand pages in forty folders costs
    forty ``realpath`` calls, not a thousand.
    """

    def __init__(self, root: Path):
        self.root = Path(root)
        self._real_root = os.path.realpath(self.root)
        self._checked: set[str] = set()

    def path(self, rel: str) -> Path:
        rel = posixpath.normpath(rel)
        if not safe_relative(rel):
            raise OutputError(f"refusing to write {rel!r}: not a path inside the output folder")
        folder = rel.rpartition("/")[0]
        if folder not in self._checked:
            real = os.path.realpath(self.root / folder) if folder else self._real_root
            if real != self._real_root and not real.startswith(self._real_root + os.sep):
                raise OutputError(f"refusing to write {rel!r}: its folder leads outside the output folder, to {real}")
            self._checked.add(folder)
        return self.root / rel


class StagedOutput:
    """A fresh folder to write into; ``commit()`` swaps it in, ``discard()`` throws it away."""

    def __init__(self, output: Path):
        self.output = output.resolve()
        self.output.parent.mkdir(parents=True, exist_ok=True)
        self.staging = self.output.with_name(f".{self.output.name}.building-{os.getpid()}")
        _remove_leftovers(self.output)
        if self.staging.exists():
            shutil.rmtree(self.staging)
        self.staging.mkdir()
        (self.staging / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        self._made: set[Path] = set()

    def write_text(self, rel: str, text: str) -> None:
        self.write_bytes(rel, text.encode("utf-8"))

    def write_bytes(self, rel: str, data: bytes) -> None:
        write_file(self._target(rel), data)

    def copy(self, rel: str, source: Path) -> None:
        target = self._target(rel)
        with naming(target):
            shutil.copyfile(source, target)

    def _target(self, rel: str) -> Path:
        # by its letters, not resolve(): staging is a fresh folder of manabi's own, with no symlink
        # in it to follow, and two realpath walks per file cost 0.35 s of a one-chapter edit on 1,300 pages
        normal = posixpath.normpath(rel)
        if not safe_relative(normal):
            raise OutputError(f"refusing to write {rel!r} outside the output folder")
        target = self.staging / normal
        parent = target.parent
        if parent not in self._made:
            parent.mkdir(parents=True, exist_ok=True)
            self._made.add(parent)
        return target

    def link_from(self, old_output: Path, rel: str) -> bool:
        """Reuse an unchanged file of the previous site (a hard link, or a copy across devices)."""
        source = old_output / rel
        if not source.is_file():
            return False
        target = self._target(rel)
        try:
            os.link(source, target)
        except OSError:
            try:
                shutil.copyfile(source, target)
            except OSError:
                return False
        return True

    def commit(self) -> None:
        # the marker lists every file, so ``manabi clean`` removes these and nothing else (clean.py)
        write_file(self.staging / MARKER, (MARKER_TEXT + inventory(self.staging)).encode("utf-8"))
        if self.output.exists() and exchange(self.staging, self.output):
            _stop_here_for_tests("after-exchange")
            shutil.rmtree(self.staging, ignore_errors=True)  # it holds the previous site now
            return
        # no exchange here (macOS, Windows, some file systems): two renames, recovered by the next build if cut between
        old = self.output.with_name(f".{self.output.name}.old-{os.getpid()}")
        if self.output.exists():
            os.replace(self.output, old)
            _stop_here_for_tests("between-renames")
        try:
            os.replace(self.staging, self.output)
        except OSError:
            if old.exists():
                os.replace(old, self.output)  # the second rename failed: the previous site goes back
            raise
        if old.exists():
            shutil.rmtree(old, ignore_errors=True)

    def discard(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


RENAME_EXCHANGE = 2  # linux/fs.h
AT_FDCWD = -100


def exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step, so no moment is without either; False where the system cannot.

    Linux's ``renameat2(RENAME_EXCHANGE)`` (3.15, glibc 2.28; ext4, btrfs,
    xfs, tmpfs and more).  A symbolic link swapped to the new folder would be
    atomic everywhere, but the output would then be a link: GitHub Pages'
    upload step, copies and ``file://`` readers would see a link, not a site.
    """
    function = _renameat2()
    if function is None:
        return False
    if function(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False  # the kernel or the file system has no exchange
    raise OSError(error, os.strerror(error), str(b))


@functools.lru_cache(maxsize=1)
def _renameat2() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a libc without it (musl before 1.2.2, glibc before 2.28)
        return None
    function.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
    function.restype = ctypes.c_int
    return function


def recover(output: Path) -> Path | None:
    """Put back the previous site when a build was killed between the swap's two renames; the folder it came from.

    Between them the output folder does not exist and the previous site sits
    in ``.NAME.old-PID``; a build that starts and finds it so (that process
    gone, the folder manabi's own) renames it back before anything else, so
    the site is whole again and "the previous one was left as it was" is true.
    """
    output = Path(output)
    if os.path.lexists(output):
        return None
    left = [folder for folder in output.parent.glob(f".{output.name}.old-*")
            if _dead_owner(folder) and folder.is_dir() and not folder.is_symlink() and (folder / MARKER).is_file()]
    if not left:
        return None
    newest = max(left, key=lambda folder: folder.stat().st_mtime_ns)
    os.replace(newest, output)
    return newest


def _dead_owner(folder: Path) -> bool:
    pid = folder.name.rsplit("-", 1)[-1]
    return pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid))


def _stop_here_for_tests(moment: str) -> None:
    """A test's hook: ``MANABI_TEST_STOP_AT=between-renames`` stops this process there (SIGSTOP) for the test to kill."""
    if os.environ.get("MANABI_TEST_STOP_AT") == moment and hasattr(signal, "SIGSTOP"):
        os.kill(os.getpid(), signal.SIGSTOP)


def _remove_leftovers(output: Path) -> None:
    """Staging folders of builds that were killed: their process is gone, so is their use."""
    for kind in ("building", "old"):
        for leftover in output.parent.glob(f".{output.name}.{kind}-*"):
            if _dead_owner(leftover):
                shutil.rmtree(leftover, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def inventory(folder: Path) -> str:
    """Every file below ``folder`` but the marker, with its size, for the marker (see ``commit``).

    Sizes, not times, so that two builds of the same content stay byte-identical; a file
    changed since is told by its time, newer than the marker's (clean.py).  A stat per
    file: 10,000 files (a large site with its search index) take 25 ms (74 ms with os.walk).
    """
    rows = [INVENTORY_LINE]

    def visit(directory: str, prefix: str) -> None:
        with os.scandir(directory) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                rel = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    visit(entry.path, rel + "/")
                elif rel != MARKER:
                    rows.append(f"[{entry.stat(follow_symlinks=False).st_size}, {json.dumps(rel)}]\n")

    visit(str(folder), "")
    return "".join(rows)


def listed_files(output: Path) -> list[tuple[int, str]] | None:
    """The (size, path) the marker lists; None when it lists nothing (an older manabi's, or not manabi's)."""
    try:
        lines = (output / MARKER).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    rows = [line for line in lines if line.startswith("[")]  # the rest is the marker's prose
    try:
        parsed = json.loads("[" + ",".join(rows) + "]")  # one parse: a tenth of the time of one per line
    except ValueError:
        parsed = []
        for row in rows:
            try:
                parsed.append(json.loads(row))
            except ValueError:
                continue
    found = [(row[0], row[1]) for row in parsed
             if isinstance(row, list) and len(row) == 2 and isinstance(row[0], int) and isinstance(row[1], str)]
    return found or None


def strangers(output: Path) -> list[str] | None:
    """Files in ``output`` its marker does not list as written (other size, or newer than the marker), sorted.

    None when the marker lists no file.  One scandir walk and one JSON parse: 10,000 files take 52 ms.
    """
    listed = listed_files(output)
    if listed is None:
        return None
    sizes = dict((rel, size) for size, rel in listed)
    marked = os.lstat(output / MARKER).st_mtime_ns
    found: list[str] = []

    def visit(directory: str, prefix: str) -> None:
        with os.scandir(directory) as entries:
            for entry in entries:
                rel = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    visit(entry.path, rel + "/")
                    continue
                if rel == MARKER or entry.name in DESKTOP_FILES:
                    continue
                stat = entry.stat(follow_symlinks=False)
                if entry.is_symlink() or sizes.get(rel) != stat.st_size or stat.st_mtime_ns > marked:
                    found.append(rel)

    visit(str(output), "")
    return sorted(found)
