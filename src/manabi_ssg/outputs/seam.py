"""The seam between the build and what it publishes besides pages.

As mdBook's renderers: once every page is known, the engine hands the same
read-only :class:`FinishedSite` to each registered :class:`Output`
(:mod:`manabi_ssg.outputs.registry`), and each returns the files it writes,
output path -> bytes (made here) or a :class:`~pathlib.Path` (copied as it
is).  The engine writes them, and knows no output by name: a new kind of file
(a print page, an offline manifest) is one module and one registration.

Each output also says what its files are made from, as a key
(:meth:`Output.key`).  A key must cover every input its ``files`` read: the
engine does not ask an output whose key is the one it had last time
(``serve``'s saves: a feed is not rebuilt when only a page's body changed),
and writes again only the files whose bytes (or, for a copy, whose source's
size and time) changed.  :class:`FinishedSite` gives the keys an output can
build on, each covering a documented part of the site.

Four hooks are for the outputs that add to the site rather than only write
beside it (the search step, :mod:`manabi_ssg.outputs.search`): :meth:`Output.pages`
(pages it adds, rendered with the others), :meth:`Output.render_flags` (what
those pages show because of it), :meth:`Output.fingerprint` (inputs outside
the content, such as a binary) and :meth:`Output.after_pages` (work on the
written pages, such as indexing them, in the folder it is handed).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from manabi_ssg.site.config import Config
from manabi_ssg.diagnostics import Diagnostic
from manabi_ssg.model import Page, SiteIndex
from manabi_ssg.console.progress import Progress

Files = dict[str, bytes | Path]  # output path -> bytes to write, or a file to copy as it is


@dataclass(frozen=True)
class FinishedSite:
    """The site as it is once every page is known: what every output reads, and none may change."""

    config: Config
    index: SiteIndex
    pages: tuple[Page, ...]  # every page the site publishes, source and generated, in output order
    assets: frozenset[str]  # content files copied as they are: no output writes over one
    settings_key: str  # manabi's code, every setting and the render settings
    static_key: str  # names, sizes and times of the theme's and the site's static files and of the content's assets
    content_key: str  # settings_key, every Markdown file's bytes and the assets' names: pages and index are a function of it


@dataclass
class AfterPages:
    """What an output's work on the written pages gave: problems, and manifest entries for the next build."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    entries: list[str] = field(default_factory=list)  # kept in the manifest; ``NAME:...`` by convention


@dataclass(frozen=True)
class Written:
    """Where the pages of this build are, for :meth:`Output.after_pages`."""

    folder: Path  # the folder being written: the staging folder, or the output itself under serve
    previous: Path  # the output folder as the last build left it (the same folder under serve)
    previous_entries: tuple[str, ...]  # the manifest entries the last build recorded
    render_keys: Mapping[str, str]  # url -> render key of each page written (equal keys, equal bytes)
    by_url: Mapping[str, Page]
    in_place: bool  # serve: the folder is live, work may go on in the background
    run: bool  # False: ``manabi check``, which publishes nothing: report, do not work
    workers: int
    marker: str  # the file that says a folder is manabi's output: no marker, the folder is gone or not ours
    progress: Progress  # what the terminal shows: an output with long work starts a step of its own


class Output:
    """One kind of file the site publishes beside its pages.  Subclass it and add it to the registry."""

    name = ""  # says what it makes; unique among the registered outputs

    def key(self, site: FinishedSite) -> str:
        """A hash of every input :meth:`files` reads: equal keys, equal files."""
        raise NotImplementedError

    def files(self, site: FinishedSite) -> Files:
        """Output path -> bytes or a file to copy; never over a content asset (``site.assets``)."""
        return {}

    def made(self, config: Config, index: SiteIndex, pages: list[Page]) -> dict[str, str]:
        """Output path -> what makes it, for every file it may write: no content file may take one (claims)."""
        return {}

    def render_flags(self, config: Config) -> dict[str, object]:
        """Render settings it decides (fields of ``RenderSettings``): the search box shows only when there is an index."""
        return {}

    def pages(self, index: SiteIndex, config: Config) -> list[Page]:
        """Pages it adds to the site, rendered with the others (the search page of each language)."""
        return []

    def fingerprint(self, config: Config) -> object:
        """What outside the content and settings changes its files (a binary): part of the build's fingerprint."""
        return None

    def after_pages(self, site: FinishedSite, written: Written) -> AfterPages:
        """Work on the pages once written (indexing them), into ``written.folder``."""
        return AfterPages()
