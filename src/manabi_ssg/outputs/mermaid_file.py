"""The pinned Mermaid, written into the site beside the pages that draw diagrams.

A learner offline (a train, a lab without network) lost every diagram when
pages loaded Mermaid from a CDN: the source stayed as text.  The bundle the
build-time check runs (``vendor/mermaid.min.js.gz``, the npm package's
``dist/mermaid.min.js``, MIT) is the one the pages load, so the site carries
it, decompressed, with its licence: a page with a diagram asks no other host
for anything.

Only a site with at least one diagram gets the two files, and only pages with
a diagram load them (``partials/mermaid.html``): a site without diagrams is
byte for byte what it was.  The names carry the version, so a browser never
keeps an old bundle under a new site.  ``mermaid_url`` set to a URL (a CDN)
loads that instead and writes nothing; set to ``""`` it draws nothing.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable

from manabi_ssg.site.config import MERMAID_FROM_SITE, Config
from manabi_ssg.incremental.cache import digest
from manabi_ssg.markdown.media import diagrams
from manabi_ssg.model import Page, SiteIndex
from manabi_ssg.outputs.seam import Files, FinishedSite, Output


def script_path() -> str:
    """Where the bundle is written, from the site's root: ``assets/mermaid-11.4.1.min.js``."""
    return f"assets/mermaid-{diagrams.mermaid_version()}.min.js"


def licence_path() -> str:
    return f"assets/mermaid-{diagrams.mermaid_version()}.LICENSE.txt"


def from_site(config: Config) -> bool:
    """Whether pages load the site's own copy (the default), not a URL of the config's."""
    return config.mermaid_url == MERMAID_FROM_SITE


def mermaid_files(pages: Iterable[Page], config: Config) -> dict[str, bytes]:
    """The bundle and its licence, by output path: none unless a page draws a diagram with the site's copy."""
    if not from_site(config) or not any(page.has_mermaid for page in pages):
        return {}
    return {
        script_path(): gzip.decompress((diagrams.VENDOR / diagrams.BUNDLE).read_bytes()),
        licence_path(): (diagrams.VENDOR / diagrams.LICENCE).read_bytes(),
    }


def made_paths(pages: Iterable[Page], config: Config) -> dict[str, str]:
    """Output path -> what makes it, for the claims check: no content file may replace the bundle."""
    if not from_site(config) or not any(page.has_mermaid for page in pages):
        return {}
    return {path: f"manabi's copy of Mermaid {diagrams.mermaid_version()}" for path in (script_path(), licence_path())}


class MermaidFile(Output):
    """The bundle and its licence, when a page draws a diagram with the site's copy."""

    name = "mermaid"

    def key(self, site: FinishedSite) -> str:
        # whether any page has a diagram follows from the content key; the bundle's bytes from its hash
        return digest(self.name, site.content_key, diagrams.bundle_digest(), (diagrams.VENDOR / diagrams.LICENCE).read_bytes())

    def files(self, site: FinishedSite) -> Files:
        return dict(mermaid_files(site.pages, site.config))

    def made(self, config: Config, index: SiteIndex, pages: list[Page]) -> dict[str, str]:
        return made_paths(pages, config)
