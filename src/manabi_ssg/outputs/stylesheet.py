"""The theme's one stylesheet: ``assets/theme.css``.

A page asks for a single stylesheet (one render-blocking request instead of
three on a slow phone connection).  It is the concatenation, in this order,
of ``assets/manabi.css`` (layout, Markdown), ``assets/components.css``
(exercises, case studies, citations, listings) and the code highlighting
palettes; each part comes from the site's ``static/`` when it overrides the
theme's file.  The parts are still written on their own for themes that
link them.
"""

from __future__ import annotations

from pathlib import Path

from manabi_ssg.site.config import Config
from manabi_ssg.incremental.cache import digest
from manabi_ssg.markdown.media.highlight import pygments_css
from manabi_ssg.model import Page, SiteIndex
from manabi_ssg.outputs.seam import Files, FinishedSite, Output
from manabi_ssg.site.theme import static_files
from manabi_ssg.site.urls import HIGHLIGHT_CSS, THEME_CSS

PARTS = ("assets/manabi.css", "assets/components.css")
BUNDLE = THEME_CSS
PYGMENTS_CSS = HIGHLIGHT_CSS


def theme_css(static: dict[str, Path | bytes], highlight_css: str) -> bytes:
    """``static`` maps output names to files (or bytes), as ``static_files`` gives them."""
    chunks = []
    for name in PARTS:
        source = static.get(name)
        if source is None:
            continue
        data = source if isinstance(source, bytes) else source.read_bytes()
        chunks.append(f"/* {name} */\n".encode() + data.rstrip() + b"\n")
    chunks.append(b"/* code highlighting */\n" + highlight_css.encode("utf-8"))
    return b"\n".join(chunks)


class HighlightCss(Output):
    """``assets/pygments.css``: made from manabi's code alone (its key: the settings key, which covers the code)."""

    name = "highlight css"

    def key(self, site: FinishedSite) -> str:
        return digest(self.name, site.settings_key)

    def files(self, site: FinishedSite) -> Files:
        return {PYGMENTS_CSS: pygments_css().encode("utf-8")}

    def made(self, config: Config, index: SiteIndex, pages: list[Page]) -> dict[str, str]:
        return {PYGMENTS_CSS: f"manabi's {PYGMENTS_CSS}"}


class Stylesheet(Output):
    """``assets/theme.css``, from the static files' parts (their names, sizes and times: the static key) and the code."""

    name = "stylesheet"

    def key(self, site: FinishedSite) -> str:
        return digest(self.name, site.static_key, site.settings_key)

    def files(self, site: FinishedSite) -> Files:
        return {BUNDLE: theme_css(dict(static_files(site.config)), pygments_css())}

    def made(self, config: Config, index: SiteIndex, pages: list[Page]) -> dict[str, str]:
        return {BUNDLE: f"manabi's {BUNDLE}"}
