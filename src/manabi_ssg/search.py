"""Full-text search: a Pagefind index of the built chapters.

After the pages are written, the Pagefind binary (PyPI ``pagefind[extended]``;
the *extended* build segments Japanese and Chinese into words) reads the
built HTML and writes ``pagefind/`` beside it.  Only a chapter's
``<article data-pagefind-body>`` is indexed, so navigation, sidebars and
footers never match.  Pagefind keeps one index per ``<html lang>``, so a
Japanese page searches the Japanese chapters and an English page the English
ones; chapters also carry a ``series`` filter (``partials/search_meta.html``).

The browser side is ``assets/search.js`` with Pagefind's JavaScript API (no
Pagefind UI: the result list is ours, its text comes from the message
catalogue).  Everything is loaded by relative URL, so the site works under
any sub-path.

* ``build``: Pagefind runs on the staging folder before it is swapped in, so
  a failed run never half-replaces the site; when no page changed since the
  last build, the previous index is linked instead of built again.
* ``serve`` (in-place updates): Pagefind runs in a background thread into a
  scratch folder that is then swapped in; the preview never waits for it.
* No binary, or ``search = false`` in ``manabi.toml``: the site builds
  without the search box; a missing binary is a WARNING ``search-unavailable``.

The binary is found as the ``pagefind`` Python package finds it:
``$PAGEFIND_BINARY_PATH`` first (pointing it at a file that does not exist
turns search off), then the ``pagefind_bin_extended`` / ``pagefind_bin``
packages, then ``pagefind_extended`` / ``pagefind`` on ``PATH``.

Pagefind's output is deterministic: the same pages give byte-identical files
(its file names are content hashes), so two builds of the same content stay
identical.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

from manabi_ssg.config import Config
from manabi_ssg.diagnostics import ERROR, WARNING, Diagnostic
from manabi_ssg.model import Origin, Page, SiteIndex

SEARCH_DIR = "pagefind"
BINARY_ENV = "PAGEFIND_BINARY_PATH"
TIMEOUT = 600  # seconds
# Inside a chapter's article, interface text and markers that are no words of the chapter.
EXCLUDED = (".heading-anchor", ".visually-hidden", ".chapter-facts dt", ".ref-backlinks", ".answers-toggle-bar")
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
def search_url(lang: str, default_language: str) -> str:
    """``search.html`` for the default language, ``search-<lang>.html`` for the others."""
    return "search.html" if lang == default_language else f"search-{lang}.html"


def search_pages(index: SiteIndex, config: Config, taken: set[str] = frozenset()) -> list[Page]:
    """One search page per language (its ``<html lang>`` picks Pagefind's index)."""
    if not search_enabled(config):
        return []
    from manabi_ssg.messages import catalogue

    messages_dir = config.root / "messages"
    site_messages = str(messages_dir.resolve()) if messages_dir.is_dir() else ""
    pages = []
    for lang in dict.fromkeys((config.default_language,) + tuple(index.languages)):
        url = search_url(lang, config.default_language)
        if url in taken:
            continue
        title = catalogue(lang, site_messages).get("search", "Search")
        pages.append(Page(path=url[: -len(".html")] + ".md", url=url, kind="search", lang=lang, meta={},
                          title=title, body_html="", toc=[], order=(5, 0, ()), digest="", origin=Origin.GENERATED))
    return pages


# -- running Pagefind --------------------------------------------------------------
def _site_key(site: Path, binary: Path) -> str:
    """A hash of every HTML file Pagefind would read, and of the binary's size."""
    h = hashlib.sha256()
    h.update(repr((binary.stat().st_size, EXCLUDED, UNUSED)).encode())
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith(SEARCH_DIR + "/") or "/." in "/" + rel:
            continue
        h.update(rel.encode("utf-8", "surrogatepass") + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def _link_tree(source: Path, target: Path) -> bool:
    """Reuse a previous index: hard links (or copies) of every file."""
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


def run_pagefind(site: Path, output: Path, binary: Path, background: bool = False) -> str:
    """Index ``site`` into ``output``; returns "" or what went wrong."""
    command = [str(binary), "--site", str(site), "--output-path", str(output), "--keep-index-url", "--quiet"]
    for selector in EXCLUDED:
        command += ["--exclude-selectors", selector]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL,
                              preexec_fn=(_background_child if background else _die_with_parent) if sys.platform == "linux" else None)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"{type(exc).__name__}: {exc}"
    if done.returncode != 0 or not (output / "pagefind.js").is_file():
        tail = " ".join((done.stderr or done.stdout or "").split())[-300:]
        return f"exit status {done.returncode}: {tail}"
    for name in UNUSED:
        try:
            (output / name).unlink()
        except OSError:
            pass
    _sort_entry(output / "pagefind-entry.json")
    return ""


def _background_child() -> None:
    """A reindex under serve yields the CPU to rebuilds (the save an author waits for)."""
    _die_with_parent()
    os.nice(10)


def _die_with_parent() -> None:
    """Linux: a killed build takes Pagefind with it, so it never writes into a folder left behind."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:
        pass


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
    return [] if code in config.silence else [Diagnostic(SEARCH_DIR, 0, 0, level, code, message)]


def unavailable(config: Config) -> list[Diagnostic]:
    explicit = os.environ.get(BINARY_ENV)
    where = f"${BINARY_ENV}={explicit} is not an executable file" if explicit is not None else \
        "install it with: pip install 'pagefind[extended]'"
    return _diagnostic(config, WARNING, "search-unavailable",
                       f"search is off: the Pagefind binary was not found ({where}); the site is built without a search box")


def index_staged(config: Config, staging: Path, previous: Path, previous_extras: list[str]) -> tuple[list[Diagnostic], list[str]]:
    """``build``: index the staging folder before it replaces ``previous`` (the live output).

    Returns diagnostics and the manifest entry (``search:<key>``) that lets the
    next build link this index again when no page changed.
    """
    if not config.search:
        return [], []
    binary = find_binary()
    if binary is None:
        return unavailable(config), []
    target = staging / SEARCH_DIR
    key = _site_key(staging, binary)
    entry = f"search:{key}"
    if entry in previous_extras and (previous / SEARCH_DIR / "pagefind.js").is_file() and _link_tree(previous / SEARCH_DIR, target):
        return [], [entry]
    shutil.rmtree(target, ignore_errors=True)
    problem = run_pagefind(staging, target, binary)
    if problem:
        shutil.rmtree(target, ignore_errors=True)
        return _diagnostic(config, ERROR, "search-failed", f"Pagefind could not index the site ({problem}); it has no search index"), []
    return [], [entry]


# -- serve: in the background ---------------------------------------------------------
_lock = threading.Lock()
_pending: dict[str, bool] = {}  # output folder -> waiting for a run
_running: set[str] = set()
_indexed: dict[str, str] = {}  # output folder -> key of its current index


def index_in_background(config: Config, output: Path, marker: str) -> tuple[list[Diagnostic], list[str]]:
    """``serve``: (re)index ``output`` in a thread; runs queue up, one at a time per folder."""
    if not config.search:
        return [], []
    if find_binary() is None:
        return unavailable(config), []
    folder = str(output)
    with _lock:
        _pending[folder] = True
        if folder in _running:
            return [], []  # the running thread picks the new request up when it is done
        _running.add(folder)
    threading.Thread(target=_background, args=(folder, marker), name="manabi-search", daemon=True).start()
    return [], []


QUIET_SECONDS = 1.5  # serve: reindex once the author has paused, not on every keystroke-save


def _background(folder: str, marker: str) -> None:
    output = Path(folder)
    while True:
        with _lock:
            if not _pending.pop(folder, False):
                _running.discard(folder)
                return
        time.sleep(QUIET_SECONDS)  # saves in quick succession share one reindex
        with _lock:
            if _pending.get(folder):
                continue
        try:
            _reindex_in_place(output, marker)
        except Exception as exc:  # never let the preview's search take the server down
            print(f"manabi: search index not updated: {type(exc).__name__}: {exc}", file=sys.stderr)


def _reindex_in_place(output: Path, marker: str) -> None:
    binary = find_binary()
    if binary is None or not (output / marker).exists():
        return
    key = _site_key(output, binary)
    live = output / SEARCH_DIR
    if _indexed.get(str(output)) == key and (live / "pagefind.js").is_file():
        return
    scratch = output / f".{SEARCH_DIR}.next-{os.getpid()}"
    shutil.rmtree(scratch, ignore_errors=True)
    problem = run_pagefind(output, scratch, binary, background=True)
    if problem:
        shutil.rmtree(scratch, ignore_errors=True)
        print(f"manabi: search index not updated: {problem}", file=sys.stderr)
        return
    old = output / f".{SEARCH_DIR}.old-{os.getpid()}"
    if live.exists():
        os.replace(live, old)
    os.replace(scratch, live)
    shutil.rmtree(old, ignore_errors=True)
    _indexed[str(output)] = key


def wait_for_background(timeout: float = 60.0) -> bool:
    """Tests: wait until no background run is queued or running."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with _lock:
            if not _running and not _pending:
                return True
        time.sleep(0.05)
    return False
