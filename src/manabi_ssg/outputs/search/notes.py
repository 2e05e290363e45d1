"""The search step's problems, as diagnostics: at the page Pagefind could not index, else at ``pagefind/``.

``serve``'s background notes never pass the engine's filter, so silenced codes are dropped here.
"""

from __future__ import annotations

from manabi_ssg.site.config import Config
from manabi_ssg.diagnostics import ERROR, Diagnostic, silenced
from manabi_ssg.model import Page
from manabi_ssg.site.urls import SEARCH_FOLDER


def note(config: Config, level: str, code: str, message: str) -> list[Diagnostic]:
    found = Diagnostic(SEARCH_FOLDER, 0, 0, level, code, message)
    return [] if silenced(found, config.silence) else [found]


def failure_diagnostics(config: Config, failed: dict[str, str], pages: dict[str, Page]) -> list[Diagnostic]:
    """An error at each page Pagefind could not index (at ``pagefind/<bundle>`` when no page is to blame)."""
    found = []
    for where, said in sorted(failed.items()):
        page = pages.get(where)
        if page is not None:
            diagnostic = Diagnostic(page.path, 0, 0, ERROR, "search-failed",
                                    f"Pagefind could not index this page ({said}); it is left out of search, the other pages are searchable")
        else:
            diagnostic = Diagnostic(f"{SEARCH_FOLDER}/{where}", 0, 0, ERROR, "search-failed",
                                    f"Pagefind could not index bundle {where} ({said}); its pages are left out of search")
        if not silenced(diagnostic, config.silence):
            found.append(diagnostic)
    return found
