"""What a build may read: the files inside a site's own folders, nothing a link leads out to.

Content is untrusted: a pull request can add any file, symbolic links
included, and whatever the build reads may end up on the public site.  A link
to ``/proc/self/environ`` would publish the build's environment (CI tokens), a
link to ``/etc`` that whole folder.  So a link is followed only when its
target lies inside the folder it sits in (``content/``, the site's
``static/``, ``templates/`` or ``messages/``), or inside a folder the config
names in ``allow_links_to``.  Special files (FIFOs, sockets, devices, and
anything under ``/proc``, ``/sys`` or ``/dev``) are never read, whatever a link
says: reading one can hang the build or publish the machine's state.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from manabi_ssg.guards.characters import FORBIDDEN, describe
from manabi_ssg.diagnostics import ERROR, WARNING, Diagnostic

SYSTEM_FOLDERS = ("/proc", "/sys", "/dev")
SKIPPED_NAMES = {"Thumbs.db", ".DS_Store"}
MAX_ALIASES = 8  # times one folder may be listed through links, so a few links cannot make a site without end


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def inside_folder(path: Path | str, folder: Path | str) -> bool:
    """Whether ``path``, symbolic links resolved, is ``folder`` or lies inside it."""
    return _inside(os.path.realpath(path), os.path.realpath(folder))


def allowed_roots(site_root: Path, allow_links_to: tuple[str, ...]) -> tuple[str, ...]:
    """The real paths of the config's ``allow_links_to`` (relative to the site root, or absolute)."""
    return tuple(os.path.realpath(site_root / link) for link in allow_links_to)


@dataclass(frozen=True)
class Boundary:
    """The real folders a build may read below one site folder: the folder, then the allowed link targets."""

    roots: tuple[str, ...]

    @classmethod
    def of(cls, folder: Path, site_root: Path, allow_links_to: tuple[str, ...] = ()) -> Boundary:
        """``allow_links_to`` holds paths relative to the site root (the config's folder), or absolute ones."""
        return cls((os.path.realpath(folder), *allowed_roots(site_root, allow_links_to)))

    def refusal(self, path: Path | str) -> tuple[str, str] | None:
        """``(code, message)`` saying why ``path`` must not be read, or None when it may be."""
        real = os.path.realpath(path)
        target = os.readlink(path) if os.path.islink(path) else real
        if not _inside(real, self.roots[0]) and any(_inside(real, system) for system in SYSTEM_FOLDERS):
            return "symlink-outside", f"symbolic link to the system file {target}: not followed, not published"
        if not any(_inside(real, root) for root in self.roots):
            return ("symlink-outside", f"symbolic link to {target}, outside its folder: not followed, not published "
                    "(list the target folder in allow_links_to in manabi.toml to allow it)")
        try:
            mode = os.stat(real).st_mode
        except OSError:
            return "broken-symlink", "symbolic link leads nowhere; skipped"
        if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
            return "special-file", "not a regular file (a FIFO, socket or device); not read, not published"
        return None


def read_regular(path: Path | str) -> bytes:
    """The bytes of a regular file; ``OSError`` for anything else.

    Opened without blocking and checked on the open file, so a FIFO swapped in
    after the folder was listed is refused instead of hanging the build.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(0, "not a regular file")
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read()
    finally:
        os.close(fd)


def name_problem(name: str) -> str | None:
    """Why a file or folder name cannot become part of the site, or None.

    A name that is not UTF-8 (Python holds its bad bytes as lone surrogates)
    cannot be written into a page, a link or a feed; a control character in
    one would break the ``path:line`` lines of every message about it.
    """
    found = FORBIDDEN.search(name)
    if found is None:
        return None
    if 0xDC80 <= ord(found.group()) <= 0xDCFF:  # how os.fsdecode keeps a byte that is not UTF-8
        bad = " ".join(f"0x{b:02x}" for b in os.fsencode(name) if b >= 0x80)
        return f"the name is not valid UTF-8 (bytes {bad}); rename it: skipped, not published"
    return f"the name holds {describe(found.group())}; rename it: skipped, not published"


def printable(path: str) -> str:
    """``path`` as a message can show it: bytes that are not UTF-8, and control characters, as U+FFFD."""
    text = os.fsencode(path).decode("utf-8", "replace") if FORBIDDEN.search(path) else path
    return FORBIDDEN.sub("\ufffd", text)


def walk(root: Path, boundary: Boundary, diagnostics: list[Diagnostic], shown: Callable[[str], str] = lambda rel: rel,
         hidden: tuple[str, ...] = (".", "_")) -> list[str]:
    """Every readable file below ``root``, as sorted posix paths relative to it.

    Names starting with one of ``hidden`` are skipped.  Links inside the boundary are
    followed once, never in a loop; a link out of it, or a special file, is
    left out with a warning at its path (``shown(rel)`` is that path as the
    author sees it).  A folder may be reached through links more than once
    (an English series sharing the Japanese one's images); a link to a folder
    that contains it is a loop, and is skipped.
    """
    found: list[str] = []
    visits: dict[str, int] = {}

    def visit(directory: Path, rel: str, ancestors: tuple[str, ...] = ()) -> None:
        real = os.path.realpath(directory)
        if real in ancestors:
            diagnostics.append(Diagnostic(shown(rel or "."), 1, 1, WARNING, "symlink-loop", "symbolic link to a folder that contains it (a loop); skipped"))
            return
        visits[real] = visits.get(real, 0) + 1
        if visits[real] > MAX_ALIASES:  # links to links to links: a site that grows without end
            diagnostics.append(Diagnostic(shown(rel), 1, 1, WARNING, "symlink-loop", f"folder reached through more than {MAX_ALIASES} symbolic links; skipped"))
            return
        ancestors += (real,)
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            diagnostics.append(Diagnostic(shown(rel or "."), 0, 0, ERROR, "unreadable", f"cannot list folder: {exc.strerror}"))
            return
        for entry in entries:
            if entry.name.startswith(hidden) or entry.name in SKIPPED_NAMES:
                continue
            child_rel = f"{rel}/{entry.name}" if rel else entry.name
            problem = name_problem(entry.name)
            if problem is not None:
                diagnostics.append(Diagnostic(printable(shown(child_rel)), 0, 0, ERROR, "file-name", problem))
                continue
            try:
                is_link = entry.is_symlink()
                is_dir = entry.is_dir(follow_symlinks=False)
                is_file = entry.is_file(follow_symlinks=False)
            except OSError:
                is_link = is_dir = is_file = False
            if is_link or not (is_dir or is_file):
                refusal = boundary.refusal(entry.path)
                if refusal is not None:
                    diagnostics.append(Diagnostic(shown(child_rel), 1, 1, WARNING, *refusal))
                    continue
                is_dir = os.path.isdir(entry.path)
            if is_dir:
                visit(Path(entry.path), child_rel, ancestors)
            else:
                found.append(child_rel)

    visit(root, "")
    return found
