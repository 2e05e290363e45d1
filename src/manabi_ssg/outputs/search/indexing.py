"""Indexing bundles: Pagefind indexer processes, one per core at most, each taking the next bundle.

Each bundle is indexed into ``target/<name>`` from the written pages of
``site``; a bundle Pagefind fails on is indexed again without the pages it
fails on alone, so one bad page costs the site its own entry in search, not
the index of every other page.  Pagefind's output is deterministic when each
bundle is fed its pages in the same order (its file names are content
hashes), so two builds of the same content stay identical.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from manabi_ssg.guards.names import plain_segment
from manabi_ssg.outputs.search import word_breaks
from manabi_ssg.outputs.search.bundles import Bundle
from manabi_ssg.outputs.search.prepare import page_html
from manabi_ssg.outputs.search.service import Indexer, IndexerError

# Inside a chapter's article, interface text and markers that are no words of the chapter.
EXCLUDED = (".heading-anchor", ".visually-hidden", ".code-copy", ".chapter-facts dt", ".ref-backlinks", ".answers-toggle-bar",
            ".references-bibtex", ".chapter-header .label", ".chapter-exercises-link")
# Pagefind's own UIs, which manabi does not use (assets/search.js does the job in a few KB).
UNUSED = (
    "pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
    "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js",
)
INDEX_CONFIG = {"exclude_selectors": list(EXCLUDED), "keep_index_url": True}
PROBE_PAGE = '<html lang="en"><head><title>probe</title></head><body><main data-pagefind-body><p>probe</p></main></body></html>'
SEGMENTED = ("ja", "zh")  # languages whose words are split before Pagefind reads them (word_breaks.py)


def index_settings(binary: Path) -> tuple[Any, ...]:
    """What, besides the pages, decides a bundle's bytes: the binary, how it is asked to index, the word breaker."""
    return (binary.name, binary.stat().st_size, INDEX_CONFIG, UNUSED, word_breaks.version())


def has_bundle(folder: Path) -> bool:
    return (folder / "pagefind.js").is_file() and (folder / "pagefind-entry.json").is_file()


def build_bundle(indexer: Indexer, site: Path, target: Path, bundle: Bundle, skip: frozenset[str] = frozenset()) -> bool:
    """Index one bundle of ``site`` into ``target/<name>``, but the pages in ``skip``; False when it holds no page to index."""
    if not plain_segment(bundle.name):  # a language is a plain tag (names.py): this never happens, and never writes outside
        raise IndexerError(f"bundle name {bundle.name!r} is no plain folder name")
    # read as sent: Pagefind indexes one page while the next is read
    documents = (("/" + url, html) for url in bundle.urls
                 if url not in skip and (html := page_html(site, url, bundle.lang)) is not None)
    first = next(documents, None)
    if first is None:
        return False  # no chapter Pagefind would keep
    index_id = indexer.new_index(INDEX_CONFIG)
    folder = target / bundle.name
    try:
        indexer.add_pages(index_id, itertools.chain([first], documents))
        shutil.rmtree(folder, ignore_errors=True)
        indexer.write(index_id, folder)
    finally:
        indexer.delete(index_id)  # its memory goes back before the next bundle starts
    if not (folder / "pagefind.js").is_file():
        raise IndexerError(f"Pagefind wrote no index for {bundle.name}")
    for name in UNUSED:
        try:
            (folder / name).unlink()
        except OSError:
            pass
    _sort_entry(folder / "pagefind-entry.json")
    return True


def cost(site: Path, bundle: Bundle) -> float:
    """A bundle's indexing time, roughly: its pages' bytes, counted 40% more where words are split first.

    Measured on real chapters: 0.56 s of CPU per MB of Japanese pages (ICU 0.13, Pagefind 0.43),
    0.3-0.43 s per MB of English ones.
    """
    size = 0
    for url in bundle.urls:
        try:
            size += (site / url).stat().st_size
        except OSError:
            pass
    return size * (1.4 if bundle.lang.split("-")[0].lower() in SEGMENTED else 1.0)


@dataclass
class Indexed:
    """What indexing some bundles gave: the bundles written, and the pages Pagefind could not take."""

    written: list[str] = field(default_factory=list)  # bundle names
    failed: dict[str, str] = field(default_factory=dict)  # page url (or bundle name) -> what Pagefind said


def build_bundles(binary: Path, site: Path, target: Path, bundles: list[Bundle], workers: int,
                  background: bool = False) -> Indexed:
    """Index ``bundles``; returns the names of those that hold pages, and the pages that failed.

    At most ``workers`` indexers (one per core, never one per bundle), each
    taking the next bundle when it is done with one, costliest first (see
    :func:`cost`), so no indexer is left with a long bundle while the other
    cores idle; none is started when there is nothing to index.  Each holds
    Pagefind's Japanese dictionary once and one bundle at a time, so its
    memory stays bounded whatever the size of the site.
    """
    queue = sorted(bundles, key=lambda b: (-cost(site, b), b.name))
    lock = threading.Lock()
    result = Indexed()
    broken: list[IndexerError] = []  # Pagefind fails on any page: the site gets no index

    def run() -> None:
        indexer = None
        try:
            while True:
                with lock:
                    if not queue or broken:
                        return
                    bundle = queue.pop(0)
                try:
                    if indexer is None:
                        indexer = Indexer(binary, background)
                    built = build_bundle(indexer, site, target, bundle)
                except IndexerError as exc:
                    if indexer is not None:
                        indexer.close()  # it may have stopped; the next bundle gets a fresh one
                        indexer = None
                    shutil.rmtree(target / bundle.name, ignore_errors=True)
                    try:
                        built, failed = _without_failing_pages(binary, site, target, bundle, exc, background)
                    except IndexerError as broke:
                        with lock:
                            broken.append(broke)
                        return
                    with lock:
                        result.failed.update(failed)
                if built:
                    with lock:
                        result.written.append(bundle.name)
        finally:
            if indexer is not None:
                indexer.close()

    threads = [threading.Thread(target=run, name="manabi-indexer") for _ in range(max(1, min(workers, len(queue))) - 1)]
    for thread in threads:
        thread.start()
    run()
    for thread in threads:
        thread.join()
    if broken:
        raise broken[0]
    result.written.sort()
    return result


def _without_failing_pages(binary: Path, site: Path, target: Path, bundle: Bundle, error: IndexerError,
                           background: bool) -> tuple[bool, dict[str, str]]:
    """A bundle Pagefind failed on, indexed again without the pages it fails on alone.

    Returns whether the bundle was written, and url -> Pagefind's message for
    each page left out (the bundle's name, when no single page is to blame).
    """
    failed = _failing_pages(binary, site, bundle, background)
    if not failed:
        return False, {bundle.name: str(error)}
    try:
        with Indexer(binary, background) as indexer:
            built = build_bundle(indexer, site, target, bundle, skip=frozenset(failed))
    except IndexerError as exc:
        shutil.rmtree(target / bundle.name, ignore_errors=True)
        return False, {**failed, bundle.name: str(exc)}
    return built, failed


def _failing_pages(binary: Path, site: Path, bundle: Bundle, background: bool) -> dict[str, str]:
    """The pages of ``bundle`` Pagefind fails on alone: each indexed and written by itself, into a scratch folder.

    Raises :class:`IndexerError` when Pagefind fails on a plain page of its own too: then no page is to
    blame, and the site gets no index (a broken binary must not read as a thousand broken pages).
    """
    failed: dict[str, str] = {}
    indexer = None
    with tempfile.TemporaryDirectory(prefix="manabi-pagefind-") as scratch:
        with Indexer(binary, background) as probe:
            index_id = probe.new_index(INDEX_CONFIG)
            probe.add_pages(index_id, [("/probe.html", PROBE_PAGE)])
            probe.write(index_id, Path(scratch) / "probe")
        try:
            for url in bundle.urls:
                html = page_html(site, url, bundle.lang)
                if html is None:
                    continue
                try:
                    if indexer is None:
                        indexer = Indexer(binary, background)
                    index_id = indexer.new_index(INDEX_CONFIG)
                    indexer.add_pages(index_id, [("/" + url, html)])
                    indexer.write(index_id, Path(scratch) / "one")
                    indexer.delete(index_id)
                except IndexerError as exc:
                    failed[url] = str(exc)
                    if indexer is not None:
                        indexer.close()
                        indexer = None
        finally:
            if indexer is not None:
                indexer.close()
    return failed


def link_tree(source: Path, target: Path) -> bool:
    """Reuse a previous bundle: hard links (or copies) of every file."""
    try:
        for path in sorted(source.rglob("*")):
            destination = target / path.relative_to(source)
            if path.is_dir():
                destination.mkdir(parents=True, exist_ok=True)
                continue
            destination.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(path, destination)
            except OSError:
                shutil.copyfile(path, destination)
    except OSError:
        shutil.rmtree(target, ignore_errors=True)
        return False
    return True


def _sort_entry(path: Path) -> None:
    """Pagefind lists the languages in hash-map order; sorted, two builds write the same bytes."""
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
        entry["languages"] = dict(sorted(entry["languages"].items()))
        path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    except (OSError, ValueError, KeyError, AttributeError, TypeError):
        pass  # left as Pagefind wrote it
