"""``build``: the bundles indexed in the staging folder, before it replaces the live output.

Bundles whose key is unchanged are linked from the previous output, the
others are indexed, so a failed run never half-replaces the site.  ``check``
publishes nothing and never starts the indexer.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from manabi_ssg.site.config import Config
from manabi_ssg.diagnostics import ERROR, Diagnostic
from manabi_ssg.model import Page
from manabi_ssg.outputs.search import bundles as search_bundles
from manabi_ssg.outputs.search.binary import find_binary, unavailable
from manabi_ssg.outputs.search.indexing import build_bundles, has_bundle, index_settings, link_tree
from manabi_ssg.outputs.search.notes import failure_diagnostics, note
from manabi_ssg.outputs.search.service import IndexerError
from manabi_ssg.site.urls import SEARCH_FOLDER


def index_staged(config: Config, staging: Path, previous: Path, previous_extras: list[str],
                 pages: dict[str, Page], render_keys: dict[str, str], run: bool = True,
                 workers: int | None = None) -> tuple[list[Diagnostic], list[str]]:
    """Index the staging folder before it replaces ``previous`` (the live output).

    Returns diagnostics and the manifest entries (``search:<bundle>:<key>``)
    that let the next build reuse the bundles.  ``run=False`` (``manabi
    check``, which publishes nothing) never starts the indexer and only
    reports a missing binary.
    """
    if not config.search:
        return [], []
    binary = find_binary()
    if binary is None:
        return unavailable(config), []
    if not run:
        return [], []
    bundles = search_bundles.plan(pages, render_keys, index_settings(binary))
    old = search_bundles.previous_keys(previous_extras)
    target = staging / SEARCH_FOLDER
    shutil.rmtree(target, ignore_errors=True)
    reused, todo = [], []
    for bundle in bundles:
        if old.get(bundle.name) == bundle.key and has_bundle(previous / SEARCH_FOLDER / bundle.name) \
                and link_tree(previous / SEARCH_FOLDER / bundle.name, target / bundle.name):
            reused.append(bundle.name)
        else:
            todo.append(bundle)
    try:
        indexed = build_bundles(binary, staging, target, todo, workers or os.cpu_count() or 1)
    except IndexerError as exc:
        shutil.rmtree(target, ignore_errors=True)
        return note(config, ERROR, "search-failed", f"Pagefind could not index the site ({exc}); it has no search index"), []
    present = set(reused) | set(indexed.written)
    kept = [bundle for bundle in bundles if bundle.name in present]
    target.mkdir(parents=True, exist_ok=True)
    (target / search_bundles.BUNDLES_FILE).write_bytes(search_bundles.bundles_json(kept))
    # a bundle with a failure is left out of the manifest, so the next build tries it again
    complete = [bundle for bundle in kept if not any(url in indexed.failed for url in bundle.urls)]
    return failure_diagnostics(config, indexed.failed, pages), search_bundles.manifest_entries(complete)
