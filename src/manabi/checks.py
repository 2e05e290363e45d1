"""Checks that need the whole site: what one page says about the others.

Per-page problems are found while parsing; these are found once every page
is known (links between pages, prerequisites naming other chapters).
"""

from __future__ import annotations

from manabi.diagnostics import Diagnostic
from manabi.model import Page, SiteIndex


def site_diagnostics(pages: list[Page], index: SiteIndex) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    return found
