"""The build cache: parsed pages by content hash, and the last build's manifest.

Keys are hashes of everything a result depends on (file bytes, settings,
manabi's own code; :mod:`manabi_ssg.keys` lists what each covers), so a stale
entry can never be used: it simply is not found.  Every read is defensive: a
deleted, truncated or foreign cache file is a miss, never an error, and the
build then does the work again.

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
import pickle
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

FORMAT = 1
KINDS = ("page", "body", "manifest", "serve")  # the only folders a cache holds (serve: the preview site)


def digest(*parts: object) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else repr(part).encode("utf-8", "surrogatepass")
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


SHAPING_LIBRARIES = ("markdown-it-py", "mdit-py-plugins", "pygments", "latex2mathml", "tree-sitter",
                     "tree-sitter-python")


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash of manabi's own modules and the libraries that shape its HTML.

    Upgrading manabi, or the Markdown parser or a highlighting grammar under
    it, invalidates every cached result.
    """
    package = Path(__file__).resolve().parent
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
    from manabi_ssg.boundary import Boundary, read_regular, walk

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


@dataclass
class Manifest:
    """What the last build wrote, so the next one can do only what changed."""

    fingerprint: str = ""  # of the whole build's inputs; equal means nothing to do
    files: dict[str, tuple[int, int, str]] = field(default_factory=dict)  # path -> (mtime_ns, size, digest)
    rendered: dict[str, str] = field(default_factory=dict)  # output url -> render key
    extras: list[str] = field(default_factory=list)  # other files written (assets, static, sitemap)
    summary: tuple[int, list[Any]] = (0, [])  # (pages, diagnostics) of that build
    output: str = ""  # the output folder it describes: a manifest whose folder is gone is evicted


class Cache:
    def __init__(self, folder: Path, enabled: bool = True):
        self.folder = folder
        self.enabled = enabled

    def _path(self, kind: str, key: str) -> Path:
        return self.folder / kind / key[:2] / f"{key}.pickle"

    def load(self, kind: str, key: str) -> Any | None:
        if not self.enabled:
            return None
        try:
            with open(self._path(kind, key), "rb") as handle:
                version, value = pickle.load(handle)
            return value if version == FORMAT else None
        except Exception:  # missing, truncated, or written by something else
            return None

    def has(self, kind: str, key: str) -> bool:
        return self.enabled and self._path(kind, key).is_file()

    def store(self, kind: str, key: str, value: Any) -> None:
        if not self.enabled:
            return
        path = self._path(kind, key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(f".{os.getpid()}.tmp")
            with open(temporary, "wb") as handle:
                pickle.dump((FORMAT, value), handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        except OSError:
            pass  # a cache that cannot be written only costs time

    def evict(self, used: set[str], kinds: tuple[str, ...] = ("page", "body")) -> int:
        """Remove the entries of ``kinds`` whose key is not in ``used``; returns how many."""
        if not self.enabled:
            return 0
        removed = 0
        for kind in kinds:
            for shard in _entries(self.folder / kind):
                for entry in _entries(Path(shard.path)):
                    key, _, suffix = entry.name.partition(".")
                    if suffix == "pickle" and key not in used:  # not .tmp: another process may be writing it
                        try:
                            os.unlink(entry.path)
                            removed += 1
                        except OSError:
                            pass
        return removed

    def remove(self, keys: set[str], kinds: tuple[str, ...]) -> None:
        """Remove these entries: eviction without a scan, when the keys that fell out of use are known."""
        if not self.enabled:
            return
        for kind in kinds:
            for key in keys:
                try:
                    self._path(kind, key).unlink()
                except OSError:
                    pass

    def evict_manifests(self, alive) -> None:
        """Remove the manifests for which ``alive(manifest)`` is false (their output folder is gone)."""
        if not self.enabled:
            return
        for shard in _entries(self.folder / "manifest"):
            for entry in _entries(Path(shard.path)):
                key, _, suffix = entry.name.partition(".")
                if suffix != "pickle":
                    continue
                manifest = self.load("manifest", key)
                if not isinstance(manifest, Manifest) or not alive(manifest):
                    try:
                        os.unlink(entry.path)
                    except OSError:
                        pass

    def load_manifest(self, output: Path) -> Manifest:
        value = self.load("manifest", digest(str(output)))
        return value if isinstance(value, Manifest) else Manifest()

    def store_manifest(self, output: Path, manifest: Manifest) -> None:
        self.store("manifest", digest(str(output)), manifest)


def _entries(folder: Path) -> list[os.DirEntry]:
    try:
        with os.scandir(folder) as entries:
            return list(entries)
    except OSError:
        return []
