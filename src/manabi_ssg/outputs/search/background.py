"""``serve``: the changed bundles indexed again in a background thread, each swapped in whole when done.

The preview never waits for search.  Saves in quick succession share one
run (it starts once the author has paused), runs of one output folder
queue up one at a time, and the latest build's plan wins.

The queue is one :class:`BackgroundIndexing` per process, not per engine:
``serve`` makes a new engine when ``manabi.toml`` changes, and two threads
must never index into one folder at once.
"""

from __future__ import annotations

import os
import shutil
import sys
import threading
import time
from pathlib import Path

from manabi_ssg.site.config import Config
from manabi_ssg.diagnostics import Diagnostic
from manabi_ssg.guards.atomic_files import write_atomic
from manabi_ssg.model import Page
from manabi_ssg.outputs.search import bundles as search_bundles
from manabi_ssg.outputs.search.binary import find_binary, unavailable
from manabi_ssg.outputs.search.bundles import Bundle
from manabi_ssg.outputs.search.indexing import build_bundles, has_bundle, index_settings
from manabi_ssg.outputs.search.service import IndexerError
from manabi_ssg.console.terminal import say
from manabi_ssg.site.urls import SEARCH_FOLDER

QUIET_SECONDS = 1.5  # reindex once the author has paused, not on every keystroke-save


class BackgroundIndexing:
    """The runs waiting and running, per output folder, and the key of each bundle on disk."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.pending: dict[str, list[Bundle]] = {}  # output folder -> the latest build's bundles, waiting for a run
        self.running: set[str] = set()
        self.indexed: dict[str, dict[str, str]] = {}  # output folder -> bundle name -> key of the bundle on disk

    def submit(self, config: Config, output: Path, marker: str, previous_extras: list[str],
               pages: dict[str, Page], render_keys: dict[str, str]) -> tuple[list[Diagnostic], list[str]]:
        """Queue a reindex of the bundles of ``output`` whose pages changed.

        Returns the manifest entries of the bundles already current on disk, so
        a restarted ``serve`` does not index them again.
        """
        if not config.search:
            return [], []
        binary = find_binary()
        if binary is None:
            return unavailable(config), []
        bundles = search_bundles.plan(pages, render_keys, index_settings(binary))
        folder = str(output)
        with self.lock:
            known = self.indexed.setdefault(folder, search_bundles.previous_keys(previous_extras))
            current = [b for b in bundles if known.get(b.name) == b.key and has_bundle(output / SEARCH_FOLDER / b.name)]
            self.pending[folder] = bundles
            if folder not in self.running:
                self.running.add(folder)
                threading.Thread(target=self._run, args=(folder, marker), name="manabi-search", daemon=True).start()
        return [], search_bundles.manifest_entries(current)

    def _run(self, folder: str, marker: str) -> None:
        output = Path(folder)
        while True:
            with self.lock:
                if folder not in self.pending:
                    self.running.discard(folder)
                    return
                bundles = self.pending[folder]
            time.sleep(QUIET_SECONDS)  # saves in quick succession share one reindex
            with self.lock:
                if self.pending.get(folder) is not bundles:
                    continue  # a newer build came in meanwhile: index that one
                del self.pending[folder]
            try:
                self._reindex_in_place(output, marker, bundles)
            except Exception as exc:  # never let the preview's search take the server down
                say(f"manabi: search index not updated: {type(exc).__name__}: {exc}", file=sys.stderr)

    def _reindex_in_place(self, output: Path, marker: str, bundles: list[Bundle]) -> None:
        binary = find_binary()
        if binary is None or not (output / marker).exists():
            return
        live = output / SEARCH_FOLDER
        known = self.indexed.setdefault(str(output), {})
        todo = [b for b in bundles if known.get(b.name) != b.key or not has_bundle(live / b.name)]
        scratch = output / f".{SEARCH_FOLDER}.next-{os.getpid()}"
        shutil.rmtree(scratch, ignore_errors=True)
        try:
            indexed = build_bundles(binary, output, scratch, todo, 1, background=True)  # one core: serve keeps the other
        except IndexerError as exc:
            say(f"manabi: search index not updated: {exc}", file=sys.stderr)
            return
        built = set(indexed.written)
        for where, said in sorted(indexed.failed.items()):
            say(f"manabi: search: {ascii(where)} left out of the index: {said}", file=sys.stderr)
        live.mkdir(exist_ok=True)
        scratch.mkdir(exist_ok=True)
        names = {b.name for b in bundles}
        for bundle in todo:  # each bundle swapped in whole: a search never sees half of one
            old = scratch / f"{bundle.name}.old"
            if (live / bundle.name).exists():
                os.replace(live / bundle.name, old)
            if bundle.name in built:
                os.replace(scratch / bundle.name, live / bundle.name)
            shutil.rmtree(old, ignore_errors=True)
            known[bundle.name] = bundle.key
        for stale in sorted(p for p in live.iterdir() if p.is_dir() and p.name not in names):
            shutil.rmtree(stale, ignore_errors=True)  # a bundle whose pages are all gone
            known.pop(stale.name, None)
        kept = [b for b in bundles if has_bundle(live / b.name)]
        write_atomic(live / search_bundles.BUNDLES_FILE, search_bundles.bundles_json(kept))
        shutil.rmtree(scratch, ignore_errors=True)

    def idle(self, timeout: float = 60.0) -> bool:
        """Tests: wait until no run is queued or running."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if not self.running and not self.pending:
                    return True
            time.sleep(0.05)
        return False


BACKGROUND = BackgroundIndexing()  # one per process: see the module's docstring
