"""The build cache: parsed pages by content hash, and the last build's manifest.

Keys are hashes of everything a result depends on (file bytes, settings,
manabi's own code), so a stale entry can never be used: it simply is not
found.  Every read is defensive: a deleted, truncated or foreign cache file
is a miss, never an error, and the build then does the work again.
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

    def load_manifest(self, output: Path) -> Manifest:
        value = self.load("manifest", digest(str(output)))
        return value if isinstance(value, Manifest) else Manifest()

    def store_manifest(self, output: Path, manifest: Manifest) -> None:
        self.store("manifest", digest(str(output)), manifest)
