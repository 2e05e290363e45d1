"""The build engine shared by ``build`` and ``serve``: parallel and incremental.

A page's output is a function of its parse result, the summaries of the pages
it shows (navigation, cards), the templates and the settings.  The engine
hashes exactly those into a *render key*; a page is rendered again only when
its key changes.  Parse results are cached by a hash of the file's bytes.

Work is spread over a process pool (fork: workers inherit the site index
instead of receiving it), and the output is assembled in a staging folder
from hard links to unchanged files plus the newly rendered ones, then swapped
in whole.  ``serve`` instead updates files in place, one atomic rename each,
since its output is a private preview.
"""

from __future__ import annotations

import gc
import hashlib
import os
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from manabi_ssg import load, search
from manabi_ssg.bibtex import bib_files
from manabi_ssg.boundary import allowed_roots, read_regular
from manabi_ssg.cache import Cache, Manifest, code_fingerprint, digest, tree_fingerprint
from manabi_ssg.config import Config
from manabi_ssg.diagnostics import ERROR, INFO, WARNING, Diagnostic, counts, silenced
from manabi_ssg.feeds import feed_files
from manabi_ssg.i18n import translation_diagnostics
from manabi_ssg.index import build_index, page_context
from manabi_ssg.checks import site_diagnostics
from manabi_ssg.collector import collector_paused
from manabi_ssg.listings import LISTING_KINDS, collect_extra, listing_pages
from manabi_ssg.markdown.highlight import pygments_css
from manabi_ssg.stylesheet import BUNDLE, theme_css
from manabi_ssg.model import Page, SiteIndex
from manabi_ssg.pages import generated_pages
from manabi_ssg.parse import parse_source
from manabi_ssg.render import RenderSettings, forget_templates, render_page
from manabi_ssg.sitefiles import robots_txt, sitemap_xml
from manabi_ssg.theme import search_path, site_folder_diagnostics, static_files
from manabi_ssg.workers import fork_map
from manabi_ssg.write import MARKER, StagedOutput, check_output, write_atomic

POOL_THRESHOLD = 12  # fewer tasks than this run in-process: a pool costs more than it saves


@dataclass
class BuildResult:
    pages: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    seconds: float = 0.0
    rendered: list[str] = field(default_factory=list)  # urls written by this build
    removed: list[str] = field(default_factory=list)  # urls that no longer exist
    unchanged: bool = False  # nothing to do: the output was already up to date
    held: list[str] = field(default_factory=list)  # serve: broken pages whose last good version stays
    assets: list[str] = field(default_factory=list)  # serve: other files (CSS, images) written or deleted

    @property
    def errors(self) -> int:
        return counts(self.diagnostics)[ERROR]

    @property
    def warnings(self) -> int:
        return counts(self.diagnostics)[WARNING]


def render_settings(config: Config, live_reload: bool = False) -> RenderSettings:
    messages_dir = config.root / "messages"
    return RenderSettings(
        template_dirs=tuple(str(p) for p in search_path(config, "templates")),
        messages_dir=str(messages_dir.resolve()) if messages_dir.is_dir() else "",
        mermaid_url=config.mermaid_url,
        license=config.license,
        live_reload=live_reload,
        search=search.search_enabled(config),
        link_roots=allowed_roots(config.root, config.allow_links_to),
    )


# -- worker side -------------------------------------------------------------
# Set in the parent just before a fork pool starts; workers inherit it.
_SHARED: dict = {}


def _install_shared(values: dict) -> None:
    """A worker that was not forked (see workers.py) receives what a forked one inherits."""
    _SHARED.update(values)


def _parse_one(task: tuple[str, str]) -> Page:
    """Parse one file; its body HTML goes to the body store, the rest back to the parent.

    Bodies are most of a site's memory (five times its Markdown), and only the
    render of their own page needs them, so the parent never holds them all.
    """
    path, key = task
    config: Config = _SHARED["config"]
    settings: RenderSettings = _SHARED["settings"]
    source = load.load_source(config.content_path, path, config)
    page = parse_source(source, config.hard_line_breaks, settings.messages_dir, config.reference_headings)
    _SHARED["bodies"].store("body", key, page.body_html)
    page = replace(page, body_html="", body_key=key)
    _SHARED["cache"].store("page", key, page)
    return page


def _with_body(page: Page) -> Page:
    if page.body_key and not page.body_html:
        body = _SHARED["bodies"].load("body", page.body_key)
        return replace(page, body_html=body or "")
    return page


def _render_many(urls: list[str]) -> int:
    pages: dict[str, Page] = _SHARED["pages"]
    index: SiteIndex = _SHARED["index"]
    settings: RenderSettings = _SHARED["settings"]
    target: Path = _SHARED["target"]
    for url in urls:
        write_atomic(target / url, render_page(_with_body(pages[url]), index, settings).encode("utf-8"))
    return len(urls)


def _chunks(items: list, n: int) -> list[list]:
    size = max(1, -(-len(items) // n))
    return [items[i : i + size] for i in range(0, len(items), size)]


class Engine:
    def __init__(
        self,
        config: Config,
        output: Path | None = None,
        *,
        workers: int | None = None,
        use_cache: bool = True,
        live_reload: bool = False,
        force: bool = False,
        in_place: bool = False,
        search_index: bool = True,
    ):
        self.config = config
        self.output = (output or config.output_path).resolve()
        self.cache = Cache(config.cache_path, use_cache)
        self.bodies = self.cache  # without a cache, each build gets a scratch store (see build)
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.settings = render_settings(config, live_reload)
        self.force = force
        self.in_place = in_place
        self.search_index = search_index  # False: ``check``, which publishes nothing, never runs the indexer
        self._memory: dict[str, tuple[str, Page]] = {}  # path -> (parse key, page), kept between serve builds
        self._manifest: Manifest | None = None
        self._extra: tuple[str, dict] | None = None  # (hash of the pages' listing data, the listings) of the last build
        self._site: _SiteState | None = None  # the last build's index and page contexts, kept by serve
        self._search_notes: list[Diagnostic] = []
        self._templates_key = ""  # the template files this process has compiled
        self._asset_stats: dict[str, tuple[int, int]] | None = None  # serve: output name -> source (mtime, size)
        self._assets_changed: list[str] = []

    # -- helpers -------------------------------------------------------------
    def _map(self, function, tasks: list, size: int | None = None) -> list:
        """``function`` over ``tasks`` in the pool, handed out one at a time in the order given.

        Handing out tasks largest first keeps both cores busy to the end: a
        series of long chapters never lands on one worker as a batch.  ``size``
        (the work the tasks hold, when each is a batch) decides whether a pool
        is worth starting.
        """
        try:
            if (size or len(tasks)) < POOL_THRESHOLD or self.workers == 1:
                return [function(t) for t in tasks]
            # the workers inherit the parent's objects; frozen, their collectors
            # never walk (and so never copy) those pages of memory
            gc.freeze()
            try:
                return fork_map(function, tasks, self.workers, install=_install_shared, shared=dict(_SHARED))
            finally:
                gc.unfreeze()
        finally:
            _SHARED.clear()  # a whole site's pages: not to be kept past their use

    def _file_digests(self, paths: list[str], previous: Manifest) -> dict[str, tuple[int, int, str]]:
        root = self.config.content_path
        result = {}
        for path in paths:
            try:
                stat = os.stat(root / path)
            except OSError:
                result[path] = (0, 0, "unreadable")
                continue
            known = previous.files.get(path)
            if known and known[0] == stat.st_mtime_ns and known[1] == stat.st_size:
                result[path] = known
                continue
            try:
                data = read_regular(root / path)
            except OSError:
                data = b"\0unreadable"
            result[path] = (stat.st_mtime_ns, stat.st_size, hashlib.sha256(data).hexdigest())
        return result

    def _static_fingerprint(self, assets: list[str]) -> str:
        parts = []
        for rel, source in static_files(self.config).items():
            stat = source.stat()
            parts.append((rel, stat.st_mtime_ns, stat.st_size))
        for rel in assets:
            try:
                stat = (self.config.content_path / rel).stat()
                parts.append((rel, stat.st_mtime_ns, stat.st_size))
            except OSError:
                parts.append((rel, 0, 0))
        return digest(*parts)

    # -- the build -------------------------------------------------------------
    def build(self) -> BuildResult:
        # the parent holds a whole site's pages: each collection would walk them all
        with collector_paused():
            if self.cache.enabled:
                return self._build()
            scratch = Path(tempfile.mkdtemp(prefix="manabi-bodies-"))
            self.bodies = Cache(scratch)
            try:
                return self._build()
            finally:
                shutil.rmtree(scratch, ignore_errors=True)

    def _build(self) -> BuildResult:
        started = time.perf_counter()
        config = self.config
        tree = load.scan(config)
        tree.diagnostics += site_folder_diagnostics(config)
        check_output(self.output, config.content_path, config.root, force=self.force)
        previous = self._manifest or self.cache.load_manifest(self.output)
        if not (self.output / MARKER).exists():
            previous = Manifest()

        files = self._file_digests(tree.markdown, previous)
        settings_key = digest(code_fingerprint(), self.settings, config.hard_line_breaks, config.default_language,
                              config.base_url, config.title, config.silence, config.extra_keys, config.drafts, config.reference_headings, config.languages, config.search, str(config.content_path))
        templates_key = tree_fingerprint([Path(p) for p in self.settings.template_dirs] + [Path(self.settings.messages_dir or "/nonexistent")],
                                         self.settings.link_roots)
        if templates_key != self._templates_key:
            forget_templates()
            self._templates_key = templates_key
        static_key = self._static_fingerprint(tree.assets)
        fingerprint = digest(settings_key, templates_key, static_key, sorted(files.items()), tree.diagnostics, str(self.output))
        if fingerprint == previous.fingerprint and previous.fingerprint:
            pages, diagnostics = previous.summary
            self._manifest = previous
            return BuildResult(pages=pages, diagnostics=list(diagnostics), seconds=time.perf_counter() - started, unchanged=True)

        # parse: memory, then disk cache, then the pool
        parse_keys = {path: digest("parse", settings_key, path, files[path][2]) for path in tree.markdown}
        pages: dict[str, Page] = {}
        missing = []
        for path, key in parse_keys.items():
            remembered = self._memory.get(path)
            page = remembered[1] if remembered and remembered[0] == key else self.cache.load("page", key)
            if page is not None and page.body_key and not self.bodies.has("body", page.body_key):
                page = None  # the cache lost the body: parse again
            if page is None:
                missing.append(path)
            else:
                pages[path] = page
        if missing:
            _SHARED.update(config=config, settings=self.settings, bodies=self.bodies, cache=self.cache)
            missing.sort(key=lambda path: files[path][1], reverse=True)  # largest first
            for page in self._map(_parse_one, [(path, parse_keys[path]) for path in missing]):
                pages[page.path] = page
        if self.cache.enabled:  # without a cache the bodies live only as long as this build
            self._memory = {path: (parse_keys[path], pages[path]) for path in tree.markdown}
        parsed = [pages[path] for path in tree.markdown if config.drafts or not is_draft(pages[path])]

        site_key = digest(*[(page.path, page.components.get("site_digest", "")) for page in parsed])
        shape_key = digest(settings_key, templates_key, site_key, tuple(tree.markdown))
        last = self._site
        if last is not None and last.shape_key == shape_key and all(
            _same_shape(last.pages[path], pages[path]) for path in tree.markdown if last.pages[path] is not pages[path]
        ):
            # only bodies changed (the usual save under serve): the index and every
            # other page's context are as they were, so reuse them
            index, contexts = last.index, last.contexts
            everything = [pages.get(page.path, page) if page.digest else page for page in last.everything]
        else:
            if self._extra is None or self._extra[0] != site_key:
                self._extra = (site_key, collect_extra(parsed))
            index = build_index(parsed, config, extra=self._extra[1])
            everything = parsed + generated_pages(parsed, index, config) + listing_pages(index, config)
            everything += search.search_pages(index, config, {page.url for page in everything})
            memo: dict = {"site_key": site_key}
            contexts = {page.url: page_context(page, index, memo) for page in everything}
        by_url = {page.url: page for page in everything}
        render_keys = {}
        for page in everything:
            if last is not None and last.by_url.get(page.url) is page and last.contexts is contexts:
                render_keys[page.url] = last.render_keys[page.url]  # same page, same context: same key
                continue
            # a generated page's data all comes from the index, which its context covers
            own = parse_keys.get(page.path) if page.digest else digest(page.url, page.kind, page.lang, page.title)
            render_keys[page.url] = digest(own, templates_key, settings_key, contexts[page.url])
        self._site = _SiteState(shape_key, dict(pages), index, everything, by_url, contexts, dict(render_keys))
        stale = [url for url, key in render_keys.items() if previous.rendered.get(url) != key]
        held = []
        if self.in_place:
            # serve: a page that now has errors keeps its last good version on screen
            held = [url for url in stale if (self.output / url).exists() and any(d.level == ERROR for d in by_url[url].diagnostics)]
            for url in held:
                render_keys[url] = previous.rendered.get(url, "")
            stale = [url for url in stale if url not in set(held)]
        removed = sorted(set(previous.rendered) - set(render_keys))

        drafts = {pages[path].url for path in tree.markdown if not config.drafts and is_draft(pages[path])}
        diagnostics = list(tree.diagnostics) + site_diagnostics(parsed, index, tree.assets, set(by_url), drafts) + translation_diagnostics(parsed, index.translations)
        for page in parsed:
            diagnostics.extend(page.diagnostics)
        diagnostics.extend(Diagnostic(path, 0, 0, INFO, "draft-skipped", "a draft: not built (manabi build --drafts includes it)")
                           for path in tree.markdown if not config.drafts and is_draft(pages[path]))
        diagnostics = sorted(set(d for d in diagnostics if not silenced(d, config.silence)), key=_diagnostic_order)

        static_changed = static_key != _static_key_of(previous) or not previous.extras
        extras = self._write(by_url, index, stale, removed, previous, tree.assets, static_changed, render_keys)
        diagnostics = sorted(set(diagnostics + self._search_notes), key=_diagnostic_order)

        manifest = Manifest(
            fingerprint=fingerprint,
            files=files,
            rendered=render_keys,
            extras=extras + [f"static:{static_key}"],
            summary=(len(everything), diagnostics),
        )
        self._manifest = manifest
        if self.in_place:  # serve: the next save should not wait for the disk
            threading.Thread(target=self.cache.store_manifest, args=(self.output, manifest), daemon=True).start()
        else:
            self.cache.store_manifest(self.output, manifest)
        return BuildResult(pages=len(everything), diagnostics=diagnostics, seconds=time.perf_counter() - started,
                           rendered=sorted(stale), removed=removed, held=sorted(held), assets=self._assets_changed)

    def _write(self, by_url, index, stale, removed, previous, assets, static_changed, render_keys) -> list[str]:
        config = self.config
        extra_files: dict[str, bytes | Path] = {}
        if static_changed or not self.in_place:
            extra_files.update(static_files(config))
            extra_files.update({rel: config.content_path / rel for rel in assets})
            extra_files["assets/pygments.css"] = pygments_css().encode("utf-8")
            extra_files[BUNDLE] = theme_css(extra_files, pygments_css())
        extra_files["robots.txt"] = robots_txt(config).encode("utf-8")
        extra_files.update(bib_files(list(by_url.values()), set(assets)))
        extra_files.update(feed_files(list(by_url.values()), index, config, set(assets)))
        if config.base_url:
            extra_files["sitemap.xml"] = sitemap_xml(list(by_url.values()), config).encode("utf-8")

        if self.in_place:
            sources = {**static_files(config), **{rel: config.content_path / rel for rel in assets}}
            changed, gone = self._asset_changes(sources, previous, set(by_url))
        if self.in_place and (self.output / MARKER).exists():
            target = self.output
            for url in removed + gone:
                try:
                    (target / url).unlink()
                except OSError:
                    pass
            self._render(by_url, index, stale, target)
            generated = {rel: data for rel, data in extra_files.items() if isinstance(data, bytes)}
            _write_files(target, {**generated, **{rel: sources[rel] for rel in changed}}, atomic=True)
            self._assets_changed = sorted(changed + gone)
            self._search_notes, entry = search.index_in_background(config, target, MARKER, previous.extras, by_url, render_keys)
            return sorted(set(sources) | set(generated)) + entry

        staged = StagedOutput(self.output)
        try:
            fresh = set(stale)
            if previous.rendered:
                for url in by_url:
                    if url not in fresh and not staged.link_from(self.output, url):
                        fresh.add(url)  # the old file is gone: render it again
            self._render(by_url, index, sorted(fresh), staged.staging)
            _write_files(staged.staging, extra_files, atomic=False)
            self._search_notes, entry = search.index_staged(config, staged.staging, self.output, previous.extras, by_url,
                                                            render_keys, run=self.search_index, workers=self.workers)
            staged.commit()
        except BaseException:
            staged.discard()
            raise
        return sorted(extra_files) + entry

    def _asset_changes(self, sources: dict[str, Path], previous: Manifest, pages: set[str]) -> tuple[list[str], list[str]]:
        """serve: the files to copy again (new or edited) and the ones to delete (their source is gone).

        The first build of a process copies every file, and deletes those the
        last build listed (its manifest) that no longer have a source.
        """
        stats = {}
        for rel, source in sources.items():
            try:
                stat = source.stat()
                stats[rel] = (stat.st_mtime_ns, stat.st_size)
            except OSError:
                stats[rel] = (0, 0)
        known = self._asset_stats
        if known is None:
            changed = sorted(stats)
            listed = {rel for rel in previous.extras if ":" not in rel}
            gone = sorted(listed - set(stats) - pages - {"assets/pygments.css", "robots.txt", "sitemap.xml"})
        else:
            changed = sorted(rel for rel, stat in stats.items() if known.get(rel) != stat)
            gone = sorted(set(known) - set(stats) - pages)
        self._asset_stats = stats
        return changed, gone

    def _render(self, by_url, index, urls: list[str], target: Path) -> None:
        _SHARED.update(pages=by_url, index=index, settings=self.settings, target=target, bodies=self.bodies)
        for url in urls:  # folders first, so workers never race to create them
            (target / url).parent.mkdir(parents=True, exist_ok=True)
        # site-wide listings (every exercise, every case study) are the slowest
        # pages: each goes out first, alone; then the rest in small batches
        listings = [url for url in urls if by_url[url].kind in LISTING_KINDS]
        rest = [url for url in urls if by_url[url].kind not in LISTING_KINDS]
        batches = [[url] for url in listings] + _chunks(rest, self.workers * 8)
        self._map(_render_many, [batch for batch in batches if batch], size=len(urls))


@dataclass
class _SiteState:
    """What one build knew of the whole site, for the next build in the same process."""

    shape_key: str
    pages: dict[str, Page]  # by source path
    index: SiteIndex
    everything: list[Page]
    by_url: dict[str, Page]
    contexts: dict[str, str]  # url -> page_context digest
    render_keys: dict[str, str]


def _same_shape(old: Page, new: Page) -> bool:
    """Whether a re-parsed page shows the rest of the site the same face (title, order, listings, translation)."""
    return (
        old.summary == new.summary
        and old.lang == new.lang
        and old.components.get("site_digest") == new.components.get("site_digest")
        and old.meta.get("translation") == new.meta.get("translation")
        and is_draft(old) == is_draft(new)
    )


def is_draft(page: Page) -> bool:
    """``draft: true``: left out of the site (pages, lists, search, feeds) unless the build includes drafts."""
    return page.meta.get("draft") is True


def _diagnostic_order(d: Diagnostic) -> tuple:
    return (d.path, d.line, d.col, d.level, d.code, d.message)


def _static_key_of(manifest: Manifest) -> str:
    for item in manifest.extras:
        if item.startswith("static:"):
            return item[len("static:") :]
    return ""


def _write_files(target: Path, files: dict[str, bytes | Path], atomic: bool) -> None:
    for rel, value in files.items():
        data = value if isinstance(value, bytes) else read_regular(value)
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if atomic:
            write_atomic(path, data)
        else:
            path.write_bytes(data)
