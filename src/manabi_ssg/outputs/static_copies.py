"""The files copied as they are: the theme's and the site's ``static/``, and the content's other files (images, data).

A site's ``static/`` file wins over the theme's of the same name
(:func:`~manabi_ssg.site.theme.static_files`); a content file over a file
manabi makes was left out before this output sees the site (claims).
"""

from __future__ import annotations

from manabi_ssg.site.config import Config
from manabi_ssg.incremental.cache import digest
from manabi_ssg.model import Page, SiteIndex
from manabi_ssg.outputs.seam import Files, FinishedSite, Output
from manabi_ssg.site.theme import builtin_dir, static_files


class StaticCopies(Output):
    """Copies, not bytes: its key is the names, sizes and times of the files (they may be large)."""

    name = "static copies"

    def key(self, site: FinishedSite) -> str:
        return digest(self.name, site.static_key, site.settings_key)  # settings: where static/ and content/ are

    def files(self, site: FinishedSite) -> Files:
        config = site.config
        copies: Files = dict(static_files(config))
        copies.update({rel: config.content_path / rel for rel in sorted(site.assets)})
        return copies

    def made(self, config: Config, index: SiteIndex, pages: list[Page]) -> dict[str, str]:
        theme = builtin_dir("static").resolve()
        return {rel: (f"manabi's theme file static/{rel}" if path.resolve().is_relative_to(theme) else f"the site's static/{rel}")
                for rel, path in static_files(config).items()}
