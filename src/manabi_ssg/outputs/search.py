"""Full-text search: Pagefind bundles of the built chapters.

After the pages are written, Pagefind (PyPI ``pagefind[extended]``)
indexes the chapters into bundles, ``pagefind/<lang>-<n>/``, listed in
``pagefind/bundles.json`` (which page goes in which bundle, and when a bundle
is built again: ``search_bundles.py``; the indexer process:
``search_service.py``).  Only a chapter's ``<article data-pagefind-body>`` is
indexed, so navigation, sidebars and footers never match, and MathML is left
out of what Pagefind reads.  Japanese and Chinese reach Pagefind split into
words (``word_breaks.py``).

The browser side is ``assets/search.js`` with Pagefind's JavaScript API (no
Pagefind UI: the result list is ours, its text comes from the message
catalogue); it merges the bundles of the page's language.  Everything is
loaded by relative URL, so the site works under any sub-path.

* ``build``: bundles whose key is unchanged are linked from the previous
  output, the others are indexed in the staging folder before it is swapped
  in, so a failed run never half-replaces the site.
* ``check`` publishes nothing and never starts the indexer.
* ``serve`` (in-place updates): the changed bundles are indexed in a
  background thread, each into a scratch folder then swapped in; the preview
  never waits for it.
* No binary, or ``search = false`` in ``manabi.toml``: the site builds
  without the search box; a missing binary is a WARNING ``search-unavailable``.

The binary is found as the ``pagefind`` Python package finds it:
``$PAGEFIND_BINARY_PATH`` first (pointing it at a file that does not exist
turns search off), then the ``pagefind_bin_extended`` / ``pagefind_bin``
packages, then ``pagefind_extended`` / ``pagefind`` on ``PATH``.

Pagefind's output is deterministic when each bundle is fed its pages in the
same order (its file names are content hashes), so two builds of the same
content stay identical.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from manabi_ssg.outputs import search_bundles, word_breaks
from manabi_ssg.config import Config
from manabi_ssg.diagnostics import ERROR, WARNING, Diagnostic, silenced
from manabi_ssg.model import Origin, Page, SiteIndex
from manabi_ssg.guards.names import plain_segment
from manabi_ssg.outputs.search_bundles import Bundle
from manabi_ssg.outputs.search_service import Indexer, IndexerError
from manabi_ssg.terminal import say
from manabi_ssg.guards.atomic_files import write_atomic
from manabi_ssg.urls import SEARCH_FOLDER, generated_path, search_url

SEARCH_DIR = SEARCH_FOLDER
BINARY_ENV = "PAGEFIND_BINARY_PATH"
# Inside a chapter's article, interface text and markers that are no words of the chapter.
EXCLUDED = (".heading-anchor", ".visually-hidden", ".code-copy", ".chapter-facts dt", ".ref-backlinks", ".answers-toggle-bar",
            ".references-bibtex", ".chapter-header .label", ".chapter-exercises-link")
# Pagefind's own UIs, which manabi does not use (assets/search.js does the job in a few KB).
UNUSED = (
    "pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
    "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js",
)


# -- finding the binary --------------------------------------------------------
def find_binary() -> Path | None:
    explicit = os.environ.get(BINARY_ENV)
    if explicit is not None:
        path = Path(explicit)
        return path if path.is_file() and os.access(path, os.X_OK) else None
    for module in ("pagefind_bin_extended", "pagefind_bin"):
        try:
            package = __import__(module)
            path = Path(package.get_executable())
        except (ImportError, FileNotFoundError, AttributeError, OSError):
            continue
        if path.is_file():
            return path
    for name in ("pagefind_extended", "pagefind"):
        found = shutil.which(name)
        if found:
            return Path(found)
    return None


def search_enabled(config: Config) -> bool:
    """Whether pages get a search box: search is on and Pagefind can run."""
    return bool(config.search) and find_binary() is not None


# -- pages ---------------------------------------------------------------------

def search_pages(index: SiteIndex, config: Config, taken: set[str] = frozenset()) -> list[Page]:
    """One search page per language (its ``<html lang>`` picks Pagefind's index)."""
    if not search_enabled(config):
        return []
    from manabi_ssg.messages import catalogue, site_messages

    own_messages = site_messages(config.root, config.safe)
    pages = []
    for lang in dict.fromkeys((config.default_language,) + tuple(index.languages)):
        url = search_url(lang, config.default_language)
        if url in taken:
            continue
        title = catalogue(lang, own_messages).get("search", "Search")
        pages.append(Page(path=generated_path(url), url=url, kind="search", lang=lang, meta={},
                          title=title, body_html="", toc=[], order=(5, 0, ()), digest="", origin=Origin.GENERATED))
    return pages


# -- building bundles ------------------------------------------------------------------
def _index_settings(binary: Path) -> tuple:
    """What, besides the pages, decides a bundle's bytes: the binary, how it is asked to index, the word breaker."""
    return (binary.name, binary.stat().st_size, INDEX_CONFIG, UNUSED, word_breaks.version())


def index_fingerprint(config: Config) -> tuple | None:
    """For the build's fingerprint: a new Pagefind or ICU makes an otherwise unchanged site index again."""
    binary = find_binary() if config.search else None
    return _index_settings(binary) if binary is not None else None


INDEX_CONFIG = {"exclude_selectors": list(EXCLUDED), "keep_index_url": True}


SPAN_TAG = re.compile(r"</?span\b[^>]*>")
HTML_LANG = re.compile(r'<html lang="([^"]*)"')


def _each_element(html: str, name: str, replace) -> str:
    """``html`` with every ``<name>…</name>`` (not nested) replaced by ``replace(element)``.

    ``str.find`` rather than a lazy regex: on a chapter of 170 kB, half the time.
    """
    opening, closing = f"<{name}", f"</{name}>"
    parts, at = [], 0
    while (start := html.find(opening, at)) >= 0:
        if html[start + len(opening):start + len(opening) + 1] not in (" ", ">", "\n", "\t"):
            parts.append(html[at:start + 1])
            at = start + 1
            continue
        end = html.find(closing, start)
        if end < 0:
            break
        end += len(closing)
        parts.append(html[at:start])
        parts.append(replace(html[start:end]))
        at = end
    parts.append(html[at:])
    return "".join(parts)


def _page_html(site: Path, url: str) -> str | None:
    """What Pagefind reads of a page, if it has a ``data-pagefind-body``: the same words in less markup.

    Pagefind's time grows with the markup it walks, not only with the words,
    so it gets the page's head and the part of ``<main>`` from the indexed
    element on (not the header, contents and series lists around it, which it
    would parse and drop), code without its highlighting spans (a span per
    token: a third of the markup of a chapter with code), and no MathML
    (markup for a formula's every symbol, noise no reader searches for, such
    as ``D = lim t → ∞``).  On the synthetic site this cuts Pagefind's CPU by
    a third on English chapters and a sixth on Japanese ones.
    """
    try:
        html = (site / url).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    marker = html.find("data-pagefind-body")
    if marker < 0:
        return None
    body_open, body_start = html.find("<body"), html.rfind("<", 0, marker)
    main_end = html.find("</main>", marker)
    if 0 <= body_open < body_start and main_end > 0:
        html = f"{html[:body_open]}<body>{html[body_start:main_end]}</body></html>"
    html = _each_element(html, "math", lambda math: "")
    html = _each_element(html, "pre", lambda pre: SPAN_TAG.sub("", pre))
    lang = HTML_LANG.search(html)
    if lang and word_breaks.splits(lang.group(1)):  # split as the browser splits a query; Pagefind splits at spaces only
        html = word_breaks.split_words(html, lang.group(1)).replace(lang.group(0), '<html lang="und"', 1)
    return html


def _build_bundle(indexer: Indexer, site: Path, target: Path, bundle: Bundle, skip: frozenset[str] = frozenset()) -> bool:
    """Index one bundle of ``site`` into ``target/<name>``, but the pages in ``skip``; False when it holds no page to index."""
    if not plain_segment(bundle.name):  # a language is a plain tag (names.py): this never happens, and never writes outside
        raise IndexerError(f"bundle name {bundle.name!r} is no plain folder name")
    # read as sent: Pagefind indexes one page while the next is read
    documents = (("/" + url, html) for url in bundle.urls if url not in skip and (html := _page_html(site, url)) is not None)
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


PROBE_PAGE = '<html lang="en"><head><title>probe</title></head><body><main data-pagefind-body><p>probe</p></main></body></html>'
SEGMENTED = ("ja", "zh")  # languages whose words are split before Pagefind reads them (word_breaks.py)


def _cost(site: Path, bundle: Bundle) -> float:
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


def _build_bundles(binary: Path, site: Path, target: Path, bundles: list[Bundle], workers: int,
                   background: bool = False) -> Indexed:
    """Index ``bundles``; returns the names of those that hold pages, and the pages that failed.

    A bundle Pagefind fails on is not the end of the others: they go on, and
    that bundle is indexed again without the pages Pagefind fails on alone
    (:func:`_failing_pages`), so one bad page costs the site its own entry
    in search, not the index of every other page.

    At most ``workers`` indexers (one per core, never one per bundle), each
    taking the next bundle when it is done with one, costliest first (see
    :func:`_cost`), so no indexer is left with a long bundle while the other
    cores idle; none is started when there is nothing to index.  Each holds
    Pagefind's Japanese dictionary once and one bundle at a time, so its
    memory stays bounded whatever the size of the site.
    """
    queue = sorted(bundles, key=lambda b: (-_cost(site, b), b.name))
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
                    built = _build_bundle(indexer, site, target, bundle)
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
            built = _build_bundle(indexer, site, target, bundle, skip=frozenset(failed))
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
                html = _page_html(site, url)
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


def _link_tree(source: Path, target: Path) -> bool:
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
    import json

    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
        entry["languages"] = dict(sorted(entry["languages"].items()))
        path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    except (OSError, ValueError, KeyError, AttributeError, TypeError):
        pass  # left as Pagefind wrote it


def _diagnostic(config: Config, level: str, code: str, message: str) -> list[Diagnostic]:
    # serve's background notes never pass the engine's filter, so the same rule is applied here
    found = Diagnostic(SEARCH_DIR, 0, 0, level, code, message)
    return [] if silenced(found, config.silence) else [found]


def unavailable(config: Config) -> list[Diagnostic]:
    explicit = os.environ.get(BINARY_ENV)
    where = f"${BINARY_ENV}={explicit} is not an executable file" if explicit is not None else \
        "install it with: pip install 'pagefind[extended]'"
    return _diagnostic(config, WARNING, "search-unavailable",
                       f"search is off: the Pagefind binary was not found ({where}); the site is built without a search box")


def _has_bundle(folder: Path) -> bool:
    return (folder / "pagefind.js").is_file() and (folder / "pagefind-entry.json").is_file()


def index_staged(config: Config, staging: Path, previous: Path, previous_extras: list[str],
                 pages: dict[str, Page], render_keys: dict[str, str], run: bool = True,
                 workers: int | None = None) -> tuple[list[Diagnostic], list[str]]:
    """``build``: index the staging folder before it replaces ``previous`` (the live output).

    Bundles whose key is unchanged are linked from ``previous``; the others
    are built by one indexer.  Returns diagnostics and the manifest entries
    (``search:<bundle>:<key>``) that let the next build reuse them.
    ``run=False`` (``manabi check``, which publishes nothing) never starts the
    indexer and only reports a missing binary.
    """
    if not config.search:
        return [], []
    binary = find_binary()
    if binary is None:
        return unavailable(config), []
    if not run:
        return [], []
    bundles = search_bundles.plan(pages, render_keys, _index_settings(binary))
    old = search_bundles.previous_keys(previous_extras)
    target = staging / SEARCH_DIR
    shutil.rmtree(target, ignore_errors=True)
    reused, todo = [], []
    for bundle in bundles:
        if old.get(bundle.name) == bundle.key and _has_bundle(previous / SEARCH_DIR / bundle.name) \
                and _link_tree(previous / SEARCH_DIR / bundle.name, target / bundle.name):
            reused.append(bundle.name)
        else:
            todo.append(bundle)
    try:
        indexed = _build_bundles(binary, staging, target, todo, workers or os.cpu_count() or 1)
    except IndexerError as exc:
        shutil.rmtree(target, ignore_errors=True)
        return _diagnostic(config, ERROR, "search-failed", f"Pagefind could not index the site ({exc}); it has no search index"), []
    present = set(reused) | set(indexed.written)
    kept = [bundle for bundle in bundles if bundle.name in present]
    target.mkdir(parents=True, exist_ok=True)
    (target / search_bundles.BUNDLES_FILE).write_bytes(search_bundles.bundles_json(kept))
    # a bundle with a failure is left out of the manifest, so the next build tries it again
    complete = [bundle for bundle in kept if not any(url in indexed.failed for url in bundle.urls)]
    return _failure_diagnostics(config, indexed.failed, pages), search_bundles.manifest_entries(complete)


def _failure_diagnostics(config: Config, failed: dict[str, str], pages: dict[str, Page]) -> list[Diagnostic]:
    """An error at each page Pagefind could not index (at ``pagefind/<bundle>`` when no page is to blame)."""
    found = []
    for where, said in sorted(failed.items()):
        page = pages.get(where)
        if page is not None:
            diagnostic = Diagnostic(page.path, 0, 0, ERROR, "search-failed",
                                    f"Pagefind could not index this page ({said}); it is left out of search, the other pages are searchable")
        else:
            diagnostic = Diagnostic(f"{SEARCH_DIR}/{where}", 0, 0, ERROR, "search-failed",
                                    f"Pagefind could not index bundle {where} ({said}); its pages are left out of search")
        if not silenced(diagnostic, config.silence):
            found.append(diagnostic)
    return found


# -- serve: in the background ---------------------------------------------------------
_lock = threading.Lock()
_pending: dict[str, list[Bundle]] = {}  # output folder -> the latest build's bundles, waiting for a run
_running: set[str] = set()
_indexed: dict[str, dict[str, str]] = {}  # output folder -> bundle name -> key of the bundle on disk
QUIET_SECONDS = 1.5  # serve: reindex once the author has paused, not on every keystroke-save


def index_in_background(config: Config, output: Path, marker: str, previous_extras: list[str],
                        pages: dict[str, Page], render_keys: dict[str, str]) -> tuple[list[Diagnostic], list[str]]:
    """``serve``: reindex, in a thread, only the bundles of ``output`` whose pages changed.

    Runs queue up, one at a time per folder; the latest build's plan wins.
    Returns the manifest entries of the bundles already current on disk, so a
    restarted ``serve`` does not index them again.
    """
    if not config.search:
        return [], []
    binary = find_binary()
    if binary is None:
        return unavailable(config), []
    bundles = search_bundles.plan(pages, render_keys, _index_settings(binary))
    folder = str(output)
    with _lock:
        known = _indexed.setdefault(folder, search_bundles.previous_keys(previous_extras))
        current = [b for b in bundles if known.get(b.name) == b.key and _has_bundle(output / SEARCH_DIR / b.name)]
        _pending[folder] = bundles
        if folder not in _running:
            _running.add(folder)
            threading.Thread(target=_background, args=(folder, marker), name="manabi-search", daemon=True).start()
    return [], search_bundles.manifest_entries(current)


def _background(folder: str, marker: str) -> None:
    output = Path(folder)
    while True:
        with _lock:
            if folder not in _pending:
                _running.discard(folder)
                return
            bundles = _pending[folder]
        time.sleep(QUIET_SECONDS)  # saves in quick succession share one reindex
        with _lock:
            if _pending.get(folder) is not bundles:
                continue  # a newer build came in meanwhile: index that one
            del _pending[folder]
        try:
            _reindex_in_place(output, marker, bundles)
        except Exception as exc:  # never let the preview's search take the server down
            say(f"manabi: search index not updated: {type(exc).__name__}: {exc}", file=sys.stderr)


def _reindex_in_place(output: Path, marker: str, bundles: list[Bundle]) -> None:
    binary = find_binary()
    if binary is None or not (output / marker).exists():
        return
    live = output / SEARCH_DIR
    known = _indexed.setdefault(str(output), {})
    todo = [b for b in bundles if known.get(b.name) != b.key or not _has_bundle(live / b.name)]
    scratch = output / f".{SEARCH_DIR}.next-{os.getpid()}"
    shutil.rmtree(scratch, ignore_errors=True)
    try:
        indexed = _build_bundles(binary, output, scratch, todo, 1, background=True)  # one core: serve keeps the other
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
    kept = [b for b in bundles if _has_bundle(live / b.name)]
    write_atomic(live / search_bundles.BUNDLES_FILE, search_bundles.bundles_json(kept))
    shutil.rmtree(scratch, ignore_errors=True)


def wait_for_background(timeout: float = 60.0) -> bool:
    """Tests: wait until no background run is queued or running."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with _lock:
            if not _running and not _pending:
                return True
        time.sleep(0.05)
    return False
