""""Did you mean …?" for a link, image or anchor that leads nowhere but is close to one that exists.

A typo in a file name (``img/samplng.png``) or an anchor written from memory
(``#1-2-ナイキスト`` for ``#1-2-ナイキスト周波数``) is the usual reason a
link is broken; naming what is there saves the author a search.  Candidates
are looked for in the target's own folder first, by how alike the names are
(``difflib``), then by the same name in another folder (``images/`` for
``img/``).  Anchors: an id that starts with what was written, else the most
alike.  A suggestion is written the way the author wrote the link: relative
to the page, or from the root when the link was.
"""

from __future__ import annotations

import difflib
import posixpath
from collections import defaultdict
from collections.abc import Iterable

NAME_CUTOFF = 0.8
ANCHOR_CUTOFF = 0.6


class NearMisses:
    """The site's files and pages by folder, indexed once per check of the whole site."""

    def __init__(self, paths: Iterable[str]) -> None:
        self.by_folder: dict[str, list[str]] = defaultdict(list)
        self.by_name: dict[str, list[str]] = defaultdict(list)
        for path in paths:
            folder, _, name = path.rpartition("/")
            self.by_folder[folder].append(name)
            self.by_name[name.lower()].append(path)

    def path_like(self, target: str) -> str | None:
        """An existing path close to ``target`` (content-relative), or None.

        Names are compared without their suffix, among files of the same kind (a page for a page,
        ``.png`` for ``.png``): ``c.md`` is not a slip of ``b.md``, ``samplng.png`` is one of ``sampling.png``.
        """
        folder, _, name = target.rpartition("/")
        stem, kind = _stem_and_kind(name)
        stems: dict[str, str] = {}
        for candidate in self.by_folder.get(folder, ()):
            candidate_stem, candidate_kind = _stem_and_kind(candidate)
            if candidate_kind == kind:
                stems.setdefault(candidate_stem, candidate)
        close = difflib.get_close_matches(stem, list(stems), n=1, cutoff=NAME_CUTOFF)
        if close:
            return f"{folder}/{stems[close[0]]}" if folder else stems[close[0]]
        elsewhere = sorted(self.by_name.get(name.lower(), ()), key=lambda path: _distance(path, folder))
        return elsewhere[0] if elsewhere else None


PAGE_SUFFIXES = (".md", ".markdown", ".html")


def _stem_and_kind(name: str) -> tuple[str, str]:
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        return name, ""
    suffix = "." + suffix.lower()
    return stem, "page" if suffix in PAGE_SUFFIXES else suffix


def _distance(path: str, folder: str) -> int:
    """How many folders apart: a file in a sibling folder before one across the site."""
    common = posixpath.commonpath([path.rpartition("/")[0] or ".", folder or "."]) if folder else ""
    return path.count("/") + folder.count("/") - 2 * (common.count("/") + bool(common and common != "."))


def as_written(suggestion: str, page_path: str, href: str) -> str:
    """The suggested path the way the author wrote the link: from the root (``/ja/…``) or relative to the page."""
    if href.startswith("/"):
        return "/" + suggestion
    return posixpath.relpath(suggestion, posixpath.dirname(page_path) or ".")


def anchor_like(fragment: str, ids: Iterable[str]) -> str | None:
    """The id an anchor most likely meant: one that starts with it (a heading written short), else the most alike."""
    starting = sorted((id_ for id_ in ids if id_.startswith(fragment)), key=len)
    if starting:
        return starting[0]
    close = difflib.get_close_matches(fragment, list(ids), n=1, cutoff=ANCHOR_CUTOFF)
    return close[0] if close else None
