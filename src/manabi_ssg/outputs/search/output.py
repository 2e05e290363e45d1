"""Search as one output of the seam: the search pages, and the index made once the pages are written."""

from __future__ import annotations

from manabi_ssg.site.config import Config
from manabi_ssg.incremental.cache import digest
from manabi_ssg.model import Page, SiteIndex
from manabi_ssg.outputs.search.background import BACKGROUND
from manabi_ssg.outputs.search.binary import find_binary, search_enabled
from manabi_ssg.outputs.search.indexing import index_settings
from manabi_ssg.outputs.search.pages import search_pages
from manabi_ssg.outputs.search.staged import index_staged
from manabi_ssg.outputs.seam import AfterPages, FinishedSite, Output, Written
from manabi_ssg.console.progress import SEARCH


class Search(Output):
    """Writes no file from the site alone: its bundles are made from the written pages (:meth:`after_pages`).

    Each bundle has a key of its own (search/bundles.py), kept in the
    manifest, so a build indexes again only the bundles whose pages changed.
    """

    name = "search"

    def key(self, site: FinishedSite) -> str:
        return digest(self.name)  # files() is always empty

    def render_flags(self, config: Config) -> dict[str, object]:
        return {"search": search_enabled(config)}

    def pages(self, index: SiteIndex, config: Config) -> list[Page]:
        return search_pages(index, config)

    def fingerprint(self, config: Config) -> object:
        """A new Pagefind or ICU makes an otherwise unchanged site index again."""
        binary = find_binary() if config.search else None
        return index_settings(binary) if binary is not None else None

    def after_pages(self, site: FinishedSite, written: Written) -> AfterPages:
        config = site.config
        if written.in_place:  # serve: in the background, the preview never waits for it
            notes, entries = BACKGROUND.submit(config, written.folder, written.marker, list(written.previous_entries),
                                               dict(written.by_url), dict(written.render_keys))
        else:
            if written.run and search_enabled(config):
                written.progress.start(SEARCH)
            notes, entries = index_staged(config, written.folder, written.previous, list(written.previous_entries),
                                          dict(written.by_url), dict(written.render_keys), run=written.run, workers=written.workers)
        return AfterPages(notes, entries)
