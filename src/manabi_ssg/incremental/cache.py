"""The build cache: parsed pages by content hash, and the last build's manifest.

Keys are hashes of everything a result depends on (file bytes, settings,
manabi's own code; :mod:`manabi_ssg.pipeline.keys` lists what each covers), so a stale
entry can never be used: it simply is not found.

The cache holds data, never code.  The folder is as open as the content (a
pull request can commit files under ``.manabi-cache/`` with ``git add -f``,
and CI restores it from an earlier run), so an entry is read as bytes and
decoded by :mod:`manabi_ssg.incremental.codec` into the model's own types: JSON for pages
and manifests, UTF-8 text for bodies, nothing that can name a class or a
function to call.  Before decoding, :meth:`Cache.load` checks the entry's
header (format, kind, key, the payload's length and SHA-256): a missing,
truncated, damaged, foreign or moved entry is a miss, never an error, and
the build then does the work again.  An entry is opened without following
a link and read only if it is a regular file (a FIFO would hang the build,
``/dev/zero`` fill its memory); nothing is written through a link that
stands in for a kind's or a shard's folder, and eviction removes only
files named as entries, never following a link out of the cache.  manabi
1's pickle files (``.pickle``) are never opened; eviction removes them.  What the header cannot tell is an
entry written on purpose with a valid header: its page would be shown as the
cache says (never run), so a cache from an untrusted source is one to drop
(``manabi build --no-cache``, or ``manabi clean``).

The cache holds what the last build used and nothing more: after a build
that parsed anything, parse results and bodies it did not use are removed
(:meth:`Cache.evict`), and so are the manifests of output folders that are
gone (``check`` builds into a temporary folder).  Under ``serve`` a save
removes just the entries the previous build used and this one replaced
(:meth:`Cache.remove`), without a scan.  A site the size of the last build
is the bound.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Callable, Iterator
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from manabi_ssg.incremental import codec
from manabi_ssg.model import Manifest

__all__ = ["Cache", "Manifest", "code_fingerprint", "digest", "tree_fingerprint"]

MAGIC = "manabi-cache"
FORMAT = 2  # 1: pickle files (.pickle), never opened since
SUFFIX = "entry"
SHARD_NAME = re.compile(r"[0-9a-f]{2}")
ENTRY_NAME = re.compile(rf"(?P<key>[0-9a-f]{{64}})\.(?P<suffix>{SUFFIX}|pickle)")  # pickle: manabi 1's, removed unread
# the only names a cache folder holds (serve: the preview site; git-checked: see cache_in_git.py)
KINDS = ("page", "body", "manifest", "serve", "git-checked")


def digest(*parts: object) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else repr(part).encode("utf-8", "surrogatepass")
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


SHAPING_LIBRARIES = ("markdown-it-py", "mdit-py-plugins", "pygments", "latex2mathml", "tree-sitter",
                     "tree-sitter-python",
                     "quickjs-ng")  # checks diagrams (diagrams.py): installed later, a page is checked again


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash of manabi's own modules and the libraries that shape its HTML.

    Upgrading manabi, or the Markdown parser or a highlighting grammar under
    it, invalidates every cached result.
    """
    package = Path(__file__).resolve().parent.parent  # all of manabi_ssg
    files = sorted(p for p in package.rglob("*") if p.suffix in (".py", ".toml", ".scm") and "__pycache__" not in p.parts)
    return digest(*[(p.relative_to(package).as_posix(), p.read_bytes()) for p in files], _library_versions())


def _library_versions() -> list[tuple[str, str]]:
    found = []
    for name in SHAPING_LIBRARIES:
        try:
            found.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            found.append((name, ""))
    return found


def tree_fingerprint(folders: list[Path], link_roots: tuple[str, ...] = ()) -> str:
    """Hash of every file below the folders (templates): names and bytes.

    Only the files the template loader may read (see boundary.py): a link out
    of its folder is never opened, here either.
    """
    from manabi_ssg.guards.boundary import Boundary, read_regular, walk

    parts: list[object] = []
    for folder in folders:
        if folder.is_dir():
            boundary = Boundary((os.path.realpath(folder), *link_roots))
            for rel in walk(folder, boundary, [], hidden=()):
                try:
                    parts.append((rel, read_regular(folder / rel)))
                except OSError:
                    parts.append((rel, None))
    return digest(*parts)


class Cache:
    """Entries by kind and key, each a file ``KIND/KE/KEY.entry``: a header line, then the payload.

    The header names the format, the kind, the key, and the payload's length
    and SHA-256; :meth:`load` checks all five before it decodes anything, so
    an entry that is truncated, damaged, moved to another key or written by
    another version is a miss.  Payloads are data (:mod:`manabi_ssg.incremental.codec`):
    a page or a manifest as JSON, a body as its UTF-8 text.
    """

    def __init__(self, folder: Path, enabled: bool = True):
        self.folder = folder
        self.enabled = enabled

    def _path(self, kind: str, key: str) -> Path:
        return self.folder / kind / key[:2] / f"{key}.{SUFFIX}"

    def load(self, kind: str, key: str) -> Any | None:
        """The entry's value, or None when it is missing or is not one this version wrote whole."""
        if not self.enabled:
            return None
        try:
            payload = _checked_payload(_read_entry(self._path(kind, key)), kind, key)
            return None if payload is None else DECODE[kind](payload)
        except Exception:  # noqa: BLE001 - missing, unreadable, or holding something else: a miss, never raised
            return None

    def has(self, kind: str, key: str) -> bool:
        """Whether the entry's file is there (:meth:`load` still checks it before it is used)."""
        return self.enabled and self._path(kind, key).is_file()

    def store(self, kind: str, key: str, value: Any) -> None:
        if not self.enabled:
            return
        try:
            payload = ENCODE[kind](value)
        except (TypeError, ValueError, RecursionError):
            return  # a value the cache does not hold (see codec.py): parsed again next time
        path = self._path(kind, key)
        header = f"{MAGIC} {FORMAT} {kind} {key} {len(payload)} {hashlib.sha256(payload).hexdigest()}\n".encode("ascii")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if os.path.islink(path.parent) or os.path.islink(path.parent.parent):
                return  # a link committed in the cache's place: never written through
            temporary = path.with_suffix(f".{os.getpid()}.tmp")
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
            with os.fdopen(fd, "wb") as handle:
                handle.write(header + payload)
            os.replace(temporary, path)
        except OSError:
            pass  # a cache that cannot be written only costs time

    def evict(self, used: set[str], kinds: tuple[str, ...] = ("page", "body")) -> int:
        """Remove the entries of ``kinds`` whose key is not in ``used``; returns how many.

        Entries of an older format (``.pickle``) go too, unread.
        """
        if not self.enabled:
            return 0
        removed = 0
        for kind in kinds:
            for entry, key, suffix in _entry_files(self.folder / kind):
                if suffix != SUFFIX or key not in used:
                    removed += _unlink(entry)
        return removed

    def remove(self, keys: set[str], kinds: tuple[str, ...]) -> None:
        """Remove these entries: eviction without a scan, when the keys that fell out of use are known."""
        if not self.enabled:
            return
        for kind in kinds:
            for key in keys:
                _unlink(self._path(kind, key))

    def evict_manifests(self, alive: Callable[[Manifest], bool]) -> None:
        """Remove the manifests for which ``alive(manifest)`` is false (their output folder is gone), and older ones."""
        if not self.enabled:
            return
        for entry, key, suffix in _entry_files(self.folder / "manifest"):
            manifest = self.load("manifest", key) if suffix == SUFFIX else None
            if manifest is None or not alive(manifest):
                _unlink(entry)

    def load_manifest(self, output: Path) -> Manifest:
        return self.load("manifest", digest(str(output))) or Manifest()

    def store_manifest(self, output: Path, manifest: Manifest) -> None:
        self.store("manifest", digest(str(output)), manifest)


def _checked_payload(data: bytes, kind: str, key: str) -> bytes | None:
    """The payload after the header, if the header is this version's for this entry and the payload is whole."""
    end = data.find(b"\n", 0, 256)
    if end < 0:
        return None
    fields = data[:end].split(b" ")
    if len(fields) != 6 or fields[:4] != [MAGIC.encode(), str(FORMAT).encode(), kind.encode(), key.encode()]:
        return None
    payload = data[end + 1 :]
    if fields[4] != str(len(payload)).encode() or fields[5] != hashlib.sha256(payload).hexdigest().encode():
        return None
    return payload


def _encode_body(body: str) -> bytes:
    if type(body) is not str:
        raise TypeError("a body is text")
    return body.encode("utf-8", "surrogatepass")


def _encode_record(encode_record: Callable[[Any], Any]) -> Callable[[Any], bytes]:
    return lambda value: codec.dumps(encode_record(value))


ENCODE: dict[str, Callable[[Any], bytes]] = {
    "page": _encode_record(codec.encode_page),
    "body": _encode_body,
    "manifest": _encode_record(codec.encode_manifest),
}
DECODE: dict[str, Callable[[bytes], Any]] = {
    "page": lambda payload: codec.decode_page(codec.loads(payload)),
    "body": lambda payload: payload.decode("utf-8", "surrogatepass"),
    "manifest": lambda payload: codec.decode_manifest(codec.loads(payload, tagged=False)),
}


def _read_entry(path: Path) -> bytes:
    """The bytes of an entry's file: never through a link, never from a FIFO or a device (OSError)."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(0, "not a regular file")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read()
    finally:
        os.close(fd)


def _entry_files(folder: Path) -> Iterator[tuple[Path, str, str]]:
    """(path, key, suffix) of each file of a kind's folder named as an entry (``KE/KEY.entry``, ``KE/KEY.pickle``).

    Only such names, in shard folders that are folders and not links: a file
    of any other name is left alone, and a link committed in the cache's
    place never leads eviction out of it.  Files being written (``.tmp``) are
    another process's.
    """
    if os.path.islink(folder):
        return
    for shard in _entries(folder):
        if not shard.is_dir(follow_symlinks=False) or not SHARD_NAME.fullmatch(shard.name):
            continue
        for entry in _entries(Path(shard.path)):
            match = ENTRY_NAME.fullmatch(entry.name)
            if match and match["key"].startswith(shard.name):
                yield Path(entry.path), match["key"], match["suffix"]


def _unlink(path: Path) -> int:
    try:
        os.unlink(path)
        return 1
    except OSError:
        return 0


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as entries:
            return list(entries)
    except OSError:
        return []
