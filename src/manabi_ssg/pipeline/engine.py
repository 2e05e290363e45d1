"""The build engine shared by ``build`` and ``serve``: parallel and incremental.

A build is a row of named steps over one :class:`BuildState`, each reading
what the steps before it left there:

    survey    list the content, hash the inputs; stop here when nothing changed
    parse     Markdown -> pages: from memory, the disk cache, or the worker pool
    assemble  the site index, the pages the site makes itself, each page's context
    plan      each page's render key: which pages to write, keep or remove
    check     the problems only the whole site shows (links, translations)
    publish   render, copy the static files, the search step, swap the site in
    record    the manifest for the next build; old cache entries go

A page's output is a function of its parse result, the part of the site
index it shows, the templates and the settings; the engine hashes exactly
those into a *render key* (:mod:`manabi_ssg.pipeline.keys` lists what every key
covers) and renders a page again only when its key changes.

Work is spread over forked workers (:mod:`manabi_ssg.incremental.workers`): a step hands
the pool a ``functools.partial`` over what the workers need, which they
inherit from the fork instead of receiving it (or, from a forkserver while
other threads run, receive pickled once each).  The output is assembled in a
staging folder from hard links to unchanged files plus the newly rendered
ones, then swapped in whole.  ``serve`` instead updates files in place, one
atomic rename each, since its output is a private preview; the same
:class:`Engine` keeps a :class:`Memory` of its last build, so a save does
only what it changed.
"""

from __future__ import annotations

import gc
import hashlib
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from manabi_ssg.site import answers
from manabi_ssg.guards import claims

from manabi_ssg.incremental import interrupts

from manabi_ssg.pipeline import load

from manabi_ssg.guards.boundary import allowed_roots, read_regular
from manabi_ssg.incremental.cache import Cache, Manifest, digest
from manabi_ssg.incremental.cache_in_git import committed_cache
from manabi_ssg.pipeline.checks import site_diagnostics
from manabi_ssg.incremental.collector import collector_paused
from manabi_ssg.site.config import Config
from manabi_ssg.diagnostics import ERROR, INFO, WARNING, Diagnostic, counts, silenced
from manabi_ssg.site.i18n import translation_diagnostics
from manabi_ssg.pipeline.index import build_index, page_context, site_context
from manabi_ssg.pipeline.keys import Keys, build_keys
from manabi_ssg.pipeline.listings import LISTING_KINDS, collect_extra, listing_pages, listings_key
from manabi_ssg.messages import catalogue, site_messages
from manabi_ssg.model import Origin, Page, SiteIndex
from manabi_ssg.pipeline.pages import generated_pages
from manabi_ssg.pipeline.parse import parse_source
from manabi_ssg.console.progress import PARSING, RENDERING, Progress
from manabi_ssg.pipeline.render import Book, RenderSettings, forget_templates, render_page
from manabi_ssg.outputs import mermaid_file, registry
from manabi_ssg.outputs.print_book import PRINT, book_sources
from manabi_ssg.outputs.seam import FinishedSite, Written
from manabi_ssg.site.theme import search_path, site_folder_diagnostics
from manabi_ssg.incremental.workers import fork_map
from manabi_ssg.guards.atomic_files import write_atomic, write_file
from manabi_ssg.pipeline.write import MARKER, OutputError, OutputFolder, StagedOutput, check_output, recover

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
    parsed: list[str] = field(default_factory=list)  # source paths parsed by this build (the rest came from a cache)
    assets: list[str] = field(default_factory=list)  # serve: other files (CSS, images) written or deleted
    # answers this edition withholds: (the day they are published on, "" for none set, how many), by day
    withheld: list[tuple[str, int]] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return counts(self.diagnostics)[ERROR]

    @property
    def warnings(self) -> int:
        return counts(self.diagnostics)[WARNING]


def render_settings(config: Config, live_reload: bool = False) -> RenderSettings:
    flags: dict[str, object] = {}  # what the outputs decide (the search box: search/output.py)
    for output in registry.OUTPUTS:
        flags.update(output.render_flags(config))
    return RenderSettings(
        template_dirs=tuple(str(p) for p in search_path(config, "templates")),
        messages_dir=site_messages(config.root, config.safe),
        mermaid_url=config.mermaid_url,
        mermaid_script=mermaid_file.script_path() if mermaid_file.from_site(config) else "",
        license=config.license,
        description=config.description,
        live_reload=live_reload,
        link_roots=allowed_roots(config.root, config.allow_links_to),
        answers=config.answers,
        today=config.build_date or answers.build_date(),
        **flags,  # type: ignore[arg-type]  # each output names fields of RenderSettings
    )


T = TypeVar("T")
R = TypeVar("R")
# what tells whether a file on disk is still the one an output made (see _print)
Print = tuple[str | int, ...]


# -- the state a build passes from step to step -----------------------------------
@dataclass
class Site:
    """The whole site as one build assembled it; :class:`Memory` keeps it for the next build."""

    shape_key: str  # equal, and no page changed its face: index and contexts still hold
    pages: dict[str, Page]  # source pages by path
    index: SiteIndex
    everything: list[Page]  # source and generated pages, in output order
    by_url: dict[str, Page]
    contexts: dict[str, str]  # url -> hash of the part of the index the page shows
    render_keys: dict[str, str] = field(default_factory=dict)
    claims: list[Diagnostic] = field(default_factory=list)  # pages left out: two sources for one output path (claims.py)


@dataclass
class BuildState:
    """One build: what each step found, for the steps after it."""

    started: float
    tree: load.ContentTree
    previous: Manifest  # what the output folder holds now
    files: dict[str, tuple[int, int, str]]  # Markdown path -> (mtime_ns, size, sha256)
    keys: Keys
    fingerprint: str  # of every input; equal to previous.fingerprint means nothing to do
    parse_keys: dict[str, str] = field(default_factory=dict)  # path -> parse key
    pages: dict[str, Page] = field(default_factory=dict)  # path -> parsed page (body in the body store)
    parsed: list[str] = field(default_factory=list)  # paths parsed by this build
    dropped: set[str] | None = None  # parse keys the last build in this process used and this one does not (None: no last build)
    drafts: list[str] = field(default_factory=list)  # paths of drafts this build leaves out
    site: Site | None = None
    render_keys: dict[str, str] = field(default_factory=dict)  # url -> key recorded in the manifest
    stale: list[str] = field(default_factory=list)  # urls to render
    held: list[str] = field(default_factory=list)  # serve: broken pages left as they were
    removed: list[str] = field(default_factory=list)  # urls to delete
    diagnostics: list[Diagnostic] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)  # manifest entries of the other files written
    assets: list[str] = field(default_factory=list)  # serve: other files written again or deleted
    withheld: list[tuple[str, int]] = field(default_factory=list)  # answers withheld, by the day they come (BuildResult)

    @property
    def assembled(self) -> Site:
        """The site :meth:`Engine._assemble` made, which every step after it reads."""
        if self.site is None:
            raise RuntimeError("the site is read before the build assembled it")
        return self.site

    @property
    def source_pages(self) -> list[Page]:
        """The pages the site is made of: every Markdown file but the drafts left out."""
        left_out = set(self.drafts)
        return [self.pages[path] for path in self.tree.markdown if path not in left_out]


@dataclass
class Memory:
    """What a build leaves for the next one in the same process (``serve``'s saves)."""

    parsed: dict[str, tuple[str, Page]] = field(default_factory=dict)  # path -> (parse key, page)
    manifest: Manifest | None = None  # the output folder's manifest, as last written
    listings: tuple[str, dict[str, Any]] | None = None  # (listings key, the site-wide listings it gave)
    site: Site | None = None
    templates_key: str = ""  # the templates this process has compiled
    messages_key: str = ""  # the site catalogues this process has read
    # serve: output name -> (its key, output path -> print of what is on disk: a hash of the bytes, or the
    # copied file's time and size); a save on a site of 1,200 chapters wrote 900 unchanged .bib files again
    outputs: dict[str, tuple[str, dict[str, Print]]] = field(default_factory=dict)


# -- worker side: what one task needs arrives with the function, through the fork ---------
@dataclass(frozen=True)
class _ParseJob:
    config: Config
    messages_dir: str
    keys: Keys
    cache: Cache
    bodies: Cache


def _parse_one(job: _ParseJob, path: str) -> Page:
    """Parse one file; its body HTML goes to the body store, the rest back to the parent.

    Bodies are most of a site's memory (five times its Markdown), and only the
    render of their own page needs them, so the parent never holds them all.
    """
    page = _parse_and_store(job, path)
    return replace(page, body_html="")


def _parse_and_store(job: _ParseJob, path: str) -> Page:
    """The page of the file's bytes as read now, cached under the key of those bytes.

    The file is read once, and the bytes parsed are the bytes hashed: a file
    that changed since the survey hashed it is cached as what was parsed,
    never under the key of what the survey saw (the engine then builds it
    again next time, see :meth:`Engine._changed_during_build`).
    """
    source = load.load_source(job.config.content_path, path, job.config)
    page = parse_source(source, job.config.hard_line_breaks, job.messages_dir, job.config.reference_headings)
    key = job.keys.parse(path, source.digest)
    page = replace(page, body_key=key)
    job.bodies.store("body", key, page.body_html)
    job.cache.store("page", key, replace(page, body_html=""))
    return page


@dataclass(frozen=True)
class _RenderJob:
    pages: dict[str, Page]  # by url
    index: SiteIndex
    settings: RenderSettings
    target: Path
    bodies: Cache
    parsing: _ParseJob  # for a body the store lost or holds damaged


def _render_many(job: _RenderJob, urls: list[str]) -> tuple[int, list[str]]:
    """Render and write these pages: (how many, the source paths that changed since the survey).

    A body the store no longer holds whole is a miss like any other: the page
    is parsed again here, never rendered with an empty body.
    """
    output = OutputFolder(job.target)
    changed: list[str] = []
    for url in urls:
        page = _with_body(job, job.pages[url], changed)
        book = _book(job, page, changed) if page.kind == PRINT else None
        write_atomic(output.path(url), render_page(page, job.index, job.settings, book).encode("utf-8"))
    return len(urls), changed


def _with_body(job: _RenderJob, page: Page, changed: list[str]) -> Page:
    """The page with its body from the store, or parsed again; a file found changed since the survey goes in ``changed``."""
    if not page.body_key or page.body_html:
        return page
    body = job.bodies.load("body", page.body_key)
    if body is not None:
        return replace(page, body_html=body)
    fresh = _parse_and_store(job.parsing, page.path)
    if fresh.digest != page.digest:
        changed.append(page.path)
        return fresh  # the file as it is now; the next build does this page again
    return replace(page, body_html=fresh.body_html)


def _book(job: _RenderJob, page: Page, changed: list[str]) -> Book:
    """A print page's chapters and landing page, with their bodies (outputs/print_book.py)."""
    chapter_urls, landing_url = book_sources(page, job.index)
    chapters = tuple(_with_body(job, job.pages[url], changed) for url in chapter_urls if url in job.pages)
    landing = job.pages.get(landing_url)
    return Book(chapters, _with_body(job, landing, changed) if landing is not None and landing.origin is Origin.SOURCE else None)


def _chunks(items: list[T], n: int) -> list[list[T]]:
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
        progress: Progress | None = None,
        search_index: bool = True,
    ):
        self.config = config
        self.output = (output or config.output_path).resolve()
        self.cache = Cache(config.cache_path, use_cache and not config.safe)  # --safe: a pull request can write .manabi-cache/
        self.bodies = self.cache  # without a cache, each build gets a scratch store (see build)
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.settings = render_settings(config, live_reload)
        self.force = force
        self.in_place = in_place
        # serve: how many errors the version of each page in the output had (set by LiveServer across configs)
        self.served_errors: dict[str, int] = {}
        self.progress = progress or Progress()
        self.search_index = search_index  # False: ``check``, which publishes nothing, never runs the indexer
        self.memory = Memory()
        self.cache_wanted = self.cache.enabled  # False under --no-cache and --safe; see _refuse_a_committed_cache
        self.cache_notes: list[Diagnostic] = []

    def build(self) -> BuildResult:
        # the parent holds a whole site's pages: each collection would walk them all
        with collector_paused(), interrupts.recorded():
            try:
                self._refuse_a_committed_cache()
                if self.cache.enabled:
                    return self._build()
                scratch = Path(tempfile.mkdtemp(prefix="manabi-bodies-"))
                self.bodies = Cache(scratch)
                try:
                    return self._build()
                finally:
                    shutil.rmtree(scratch, ignore_errors=True)
            finally:
                self.progress.finish()

    def _refuse_a_committed_cache(self) -> None:
        """A cache git tracks was written by a commit: build without it, and say so (see cache_in_git.py)."""
        why = committed_cache(self.cache.folder) if self.cache_wanted else None
        if self.cache.enabled != (self.cache_wanted and not why):
            self.cache = self.bodies = Cache(self.cache.folder, enabled=self.cache_wanted and not why)
        self.cache_notes = []
        if why:
            self.cache_notes = [Diagnostic(str(self.cache.folder), 0, 0, WARNING, "cache-tracked",
                                           f"{why}: the cache is not used; take it out of git (git rm -r --cached) "
                                           "and delete the folder, and the next build writes a new one")]

    def _build(self) -> BuildResult:
        state = self._survey()
        if state.previous.fingerprint and state.fingerprint == state.previous.fingerprint:
            return self._unchanged(state)
        self._parse(state)
        self._assemble(state)
        self._plan(state)
        self._check(state)
        self._publish(state)
        return self._record(state)

    # -- the steps, in order -------------------------------------------------------
    def _survey(self) -> BuildState:
        """List the content and hash every input; the fingerprint says whether anything changed."""
        started = time.perf_counter()
        config = self.config
        tree = load.scan(config)
        tree.diagnostics += site_folder_diagnostics(config) + self.cache_notes
        if recover(self.output) is not None:  # killed between the swap's renames: the previous site is back first
            tree.diagnostics.append(Diagnostic(str(self.output), 0, 0, INFO, "output-recovered",
                                               "the last build was stopped while swapping the site in; the previous site was put back"))
        check_output(self.output, config.content_path, config.root, force=self.force)
        previous = self.memory.manifest or self.cache.load_manifest(self.output)
        if not (self.output / MARKER).exists():
            previous = Manifest()
        files = self._file_digests(tree.markdown, previous)
        keys = build_keys(config, self.settings, tree.assets)
        self._forget_what_changed(keys)
        fingerprint = digest(keys.parsing, keys.settings, keys.templates, keys.static, sorted(files.items()), tree.diagnostics, str(self.output),
                             [output.fingerprint(config) for output in registry.OUTPUTS], _days_reached(previous, self.settings.today))
        return BuildState(started, tree, previous, files, keys, fingerprint)

    def _unchanged(self, state: BuildState) -> BuildResult:
        pages, diagnostics = state.previous.summary
        self.memory.manifest = state.previous
        return BuildResult(pages=pages, diagnostics=list(diagnostics), seconds=time.perf_counter() - state.started, unchanged=True,
                           withheld=_withheld_of(state.previous))

    def _parse(self, state: BuildState) -> None:
        """Every Markdown file as a page: from this process's memory, else the disk cache, else parsed in the pool."""
        state.parse_keys = {path: state.keys.parse(path, state.files[path][2]) for path in state.tree.markdown}
        missing = []
        for path, key in state.parse_keys.items():
            remembered = self.memory.parsed.get(path)
            page = remembered[1] if remembered and remembered[0] == key else self.cache.load("page", key)
            if page is not None and (page.path != path or page.digest != state.files[path][2] or page.body_key != key):
                page = None  # an entry for another file, filed under this key
            if page is not None and page.body_key and not self.bodies.has("body", page.body_key):
                page = None  # the cache lost the body: parse again
            if page is None:
                missing.append(path)
            else:
                state.pages[path] = page
        if missing:
            missing.sort(key=lambda path: state.files[path][1], reverse=True)  # largest first
            self.progress.start(PARSING, len(missing))
            changed = []
            for page in self._map(partial(_parse_one, self._parse_job(state)), missing, on_result=lambda _: self.progress.advance()):
                state.pages[page.path] = page
                state.parse_keys[page.path] = page.body_key  # the key of the bytes parsed
                if page.digest != state.files[page.path][2]:
                    changed.append(page.path)
            self._changed_during_build(state, changed)
        state.parsed = sorted(missing)
        if not self.config.drafts:  # parsed either way (the parse key leaves drafts out), then left out
            state.drafts = [path for path in state.tree.markdown if is_draft(state.pages[path])]
        if self.memory.parsed:
            state.dropped = {key for key, _ in self.memory.parsed.values()} - set(state.parse_keys.values())
        if self.cache.enabled:  # without a cache the bodies live only as long as this build
            self.memory.parsed = {path: (state.parse_keys[path], state.pages[path]) for path in state.tree.markdown}

    def _assemble(self, state: BuildState) -> None:
        """The site index, the generated pages and each page's context, or last build's when the site kept its shape."""
        config, keys = self.config, state.keys
        parsed = state.source_pages
        listings = listings_key(parsed)
        shape_key = digest(keys.settings, keys.templates, listings, tuple(state.tree.markdown), tuple(state.tree.assets))
        last = self.memory.site
        if last is not None and last.shape_key == shape_key and all(
            _same_shape(last.pages[path], state.pages[path]) for path in state.tree.markdown if last.pages[path] is not state.pages[path]
        ):
            # only bodies changed (the usual save under serve): the index and every
            # other page's context are as they were, so reuse them
            index, contexts, problems = last.index, last.contexts, last.claims
            everything = [state.pages[page.path] if page.origin is Origin.SOURCE else page for page in last.everything]
        else:
            if self.memory.listings is None or self.memory.listings[0] != listings:
                self.memory.listings = (listings, collect_extra(parsed))
            index = build_index(parsed, config, extra=self.memory.listings[1])
            everything = site_pages(parsed, index, config)
            # one source per output path: manabi's own pages and files win over a content file (claims.py)
            everything, problems = claims.resolve(everything, index, set(state.tree.assets), read=self._read_content)
            everything, clashes = claims.page_problems(everything, self._made_files(index, everything), config.search)
            problems += clashes
            # the default theme's pages show known parts of the index; a site's own templates may show any part
            context_of = site_context if self.theme_overridden else page_context
            memo: dict[Any, str] = {"listings_key": listings}
            contexts = {page.url: context_of(page, index, memo) for page in everything}
        state.site = Site(shape_key, dict(state.pages), index, everything, {page.url: page for page in everything}, contexts,
                          claims=problems)
        # every build (the content is listed anew each time): no content file over a file manabi makes
        made = {**self._made_files(index, everything), **claims.generated_urls(everything)}
        state.tree.assets, asset_problems = claims.resolve_assets(state.tree.assets, made, config.search)
        state.tree.diagnostics = state.tree.diagnostics + asset_problems

    def _plan(self, state: BuildState) -> None:
        """Each page's render key; the pages whose key changed are stale, those no longer made are removed."""
        site, last, previous = state.assembled, self.memory.site, state.previous
        for page in site.everything:
            # a print page shows its chapters' bodies, which may have changed while the page did not
            if last is not None and last.by_url.get(page.url) is page and last.contexts is site.contexts and page.kind != PRINT:
                site.render_keys[page.url] = last.render_keys[page.url]  # same page, same context: same key
                continue
            if page.origin is Origin.SOURCE:
                own = self._source_key(state, page)
            elif page.kind == PRINT:  # it shows its chapters' and landing page's bodies, as this edition publishes them
                chapter_urls, landing_url = book_sources(page, site.index)
                shown = [site.by_url.get(url) for url in chapter_urls + [landing_url]]
                own = digest(page.url, page.kind, page.lang, page.title, page.order,
                             [self._source_key(state, p) for p in shown if p is not None and p.origin is Origin.SOURCE])
            else:  # a generated page's data all comes from the index, which its context covers
                own = digest(page.url, page.kind, page.lang, page.title, page.order)
            site.render_keys[page.url] = state.keys.render(own, site.contexts[page.url])
        self.memory.site = site
        state.withheld = self._withheld(state)
        state.render_keys = dict(site.render_keys)
        stale = [url for url, key in state.render_keys.items() if previous.rendered.get(url) != key]
        if self.in_place:
            # serve: a save that adds errors to a page (a half-typed save) keeps the version on screen;
            # a page this preview has not written yet, or whose errors did not grow, is shown as built
            errors = {url: sum(d.level == ERROR for d in site.by_url[url].diagnostics) for url in stale}
            served = self.served_errors
            state.held = sorted(url for url in stale if errors[url] > served.get(url, errors[url]) and (self.output / url).exists())
            for url in state.held:
                state.render_keys[url] = previous.rendered.get(url, "")
            stale = [url for url in stale if url not in set(state.held)]
            served.update((url, errors[url]) for url in stale)
        state.stale = stale
        state.removed = sorted(set(previous.rendered) - set(state.render_keys))
        for url in state.removed:
            self.served_errors.pop(url, None)

    def _source_key(self, state: BuildState, page: Page) -> str:
        """What a source page's output is made from: its parse, and what this edition does with its answers."""
        own = state.parse_keys[page.path]
        if page.components.get("answers"):  # what it does with its answers: the build's day matters here only
            own = digest(own, answers.page_answers(page, state.assembled.index, self.settings.answers, self.settings.today).key)
        return own

    def _check(self, state: BuildState) -> None:
        """The pages' own problems, plus those only the whole site shows; silenced codes dropped."""
        parsed, site = state.source_pages, state.assembled
        drafts = {state.pages[path].url for path in state.drafts}
        diagnostics = list(state.tree.diagnostics) + site.claims
        diagnostics += site_diagnostics(parsed, site.index, state.tree.assets, set(site.by_url), drafts)
        diagnostics += translation_diagnostics(parsed, site.index.translations)
        for page in parsed:
            diagnostics.extend(page.diagnostics)
        diagnostics.extend(Diagnostic(path, *state.pages[path].place("draft"), INFO, "draft-skipped", "a draft: not built (manabi build --drafts includes it)")
                           for path in state.drafts)
        state.diagnostics = sorted(set(d for d in diagnostics if not silenced(d, self.config.silence)), key=_diagnostic_order)

    def _publish(self, state: BuildState) -> None:
        """Render the stale pages, write the outputs' files, index for search, and make it all the site."""
        finished = self._finished_site(state)
        if self.in_place and (self.output / MARKER).exists():
            target = self.output
            files, remembered = self._output_files(finished, skip_unchanged=True)
            listed = {rel for rel in state.previous.extras if ":" not in rel} | set(_prints(self.memory.outputs))
            # whatever the last build wrote that no page and no output makes now: a folder deleted with its
            # chapters took their .bib files' reason to exist, and 60 of them were still served
            gone = sorted(listed - set(_prints(remembered)) - set(state.assembled.by_url))
            output = OutputFolder(target)
            for url in state.removed + gone:
                try:
                    output.path(url).unlink()
                except (OSError, OutputError):
                    pass  # gone already, or a name from a manifest that leads outside: never deleted
            self._render(state, state.stale, target)
            last, now = _prints(self.memory.outputs), _prints(remembered)
            changed = {rel: value for rel, value in files.items() if last.get(rel) != now[rel]}
            self.memory.outputs = {}  # until the files are written: a failed write is written again next time
            _write_files(target, changed, atomic=True)
            self.memory.outputs = remembered
            state.assets = sorted([rel for rel, value in changed.items() if isinstance(value, Path)] + gone)
            search_entry = self._after_pages(state, finished, target, in_place=True)
        else:
            staged = StagedOutput(self.output)
            try:
                fresh = set(state.stale)
                if state.previous.rendered:
                    for url in state.assembled.by_url:
                        if url not in fresh and not staged.link_from(self.output, url):
                            fresh.add(url)  # the old file is gone: render it again
                self._render(state, sorted(fresh), staged.staging)
                files, remembered = self._output_files(finished, skip_unchanged=False)
                _write_files(staged.staging, files, atomic=False)
                search_entry = self._after_pages(state, finished, staged.staging, in_place=False)
                interrupts.check()  # a Ctrl-C a finalizer swallowed still stops the swap
                with interrupts.deferred():
                    staged.commit()
            except BaseException:
                staged.discard()
                raise
            if self.in_place:  # serve's first build, into a new preview folder
                self.memory.outputs = remembered
        state.extras = sorted(_prints(remembered)) + search_entry + _edition_entries(state)  # the files on disk, written now or before

    def _finished_site(self, state: BuildState) -> FinishedSite:
        """The site as every output sees it (outputs/seam.py), with the keys an output's key is made of."""
        keys, assets = state.keys, tuple(state.tree.assets)
        return FinishedSite(self.config, state.assembled.index, tuple(state.assembled.by_url.values()), frozenset(assets),
                            settings_key=keys.settings, static_key=keys.static,
                            content_key=digest(keys.settings, sorted(state.parse_keys.items()), assets))

    def _output_files(self, site: FinishedSite, skip_unchanged: bool) -> tuple[dict[str, bytes | Path], dict[str, tuple[str, dict[str, Print]]]]:
        """The registered outputs' files, and what to remember of each (its key, a print of each file).

        ``skip_unchanged`` (serve's saves): an output whose key is the one its
        files on disk were made with is not asked again.
        """
        files: dict[str, bytes | Path] = {}
        remembered: dict[str, tuple[str, dict[str, Print]]] = {}
        for output in registry.OUTPUTS:
            key = output.key(site)
            last = self.memory.outputs.get(output.name)
            if skip_unchanged and last is not None and last[0] == key:
                remembered[output.name] = last
                continue
            made = output.files(site)
            files.update(made)
            remembered[output.name] = (key, {rel: _print(value) for rel, value in made.items()})
        return files, remembered

    def _after_pages(self, state: BuildState, finished: FinishedSite, target: Path, in_place: bool) -> list[str]:
        """Each output's work on the written pages (the search index): returns the manifest entries it keeps.

        Their problems join the build's.
        """
        written = Written(target, self.output, tuple(state.previous.extras), state.render_keys, state.assembled.by_url, in_place,
                          run=self.search_index, workers=self.workers, marker=MARKER, progress=self.progress)
        entries = []
        for output in registry.OUTPUTS:
            done = output.after_pages(finished, written)
            state.diagnostics = sorted(set(state.diagnostics + done.diagnostics), key=_diagnostic_order)
            entries += done.entries
        return entries

    def _record(self, state: BuildState) -> BuildResult:
        """Write the manifest the next build starts from, drop cache entries this build did not use."""
        site = state.assembled
        manifest = Manifest(
            fingerprint=state.fingerprint,
            files=state.files,
            rendered=state.render_keys,
            extras=state.extras,
            summary=(len(site.everything), state.diagnostics),
            output=str(self.output),
        )
        self.memory.manifest = manifest
        if self.in_place:  # serve: the next save should not wait for the disk
            threading.Thread(target=self.cache.store_manifest, args=(self.output, manifest), daemon=True).start()
        else:
            self.cache.store_manifest(self.output, manifest)
        if state.dropped is not None:  # serve's saves: what the last build used and this one does not
            self.cache.remove(state.dropped, kinds=("page", "body"))
        elif state.parsed:  # new entries were written: any older ones may have fallen out of use
            self.cache.evict(set(state.parse_keys.values()))
            self.cache.evict_manifests(lambda m: m.output == str(self.output) or (Path(m.output) / MARKER).exists())
        return BuildResult(pages=len(site.everything), diagnostics=state.diagnostics, seconds=time.perf_counter() - state.started,
                           rendered=sorted(state.stale), removed=state.removed, held=state.held, parsed=state.parsed,
                           assets=state.assets, withheld=state.withheld)

    # -- helpers ---------------------------------------------------------------------
    @property
    def theme_overridden(self) -> bool:
        """Whether the site has template overrides of its own (``templates/`` beside the content)."""
        return len(self.settings.template_dirs) > 1

    def _withheld(self, state: BuildState) -> list[tuple[str, int]]:
        """How many answers this edition withholds, by the day they are published on ("" : no day set)."""
        counts: dict[str, int] = {}
        for page in state.source_pages:
            regions = page.components.get("answers")
            if regions and (n := answers.counted(regions)):
                found = answers.page_answers(page, state.assembled.index, self.settings.answers, self.settings.today)
                if found.withheld:
                    counts[found.until] = counts.get(found.until, 0) + n
        return sorted(counts.items())

    def _forget_what_changed(self, keys: Keys) -> None:
        """Compiled templates and read catalogues of this process, when their files changed since."""
        if keys.templates != self.memory.templates_key:
            forget_templates()
            self.memory.templates_key = keys.templates
        if keys.messages != self.memory.messages_key:
            catalogue.cache_clear()
            self.memory.messages_key = keys.messages

    def _map(self, function: Callable[[T], R], tasks: list[T], size: int | None = None,
             on_result: Callable[[R], None] | None = None) -> list[R]:
        """``function`` over ``tasks`` in the pool, handed out one at a time in the order given.

        Handing out tasks largest first keeps both cores busy to the end: a
        series of long chapters never lands on one worker as a batch.  ``size``
        (the work the tasks hold, when each is a batch) decides whether a pool
        is worth starting.  ``on_result`` sees each result as it comes.
        """
        if (size or len(tasks)) < POOL_THRESHOLD or self.workers == 1:
            results: list[R] = []
            for task in tasks:
                results.append(function(task))
                if on_result is not None:
                    on_result(results[-1])
            return results
        # the workers inherit the parent's objects; frozen, their collectors
        # never walk (and so never copy) those pages of memory
        gc.freeze()
        try:
            return fork_map(function, tasks, self.workers, on_result)
        finally:
            gc.unfreeze()

    def _file_digests(self, paths: list[str], previous: Manifest) -> dict[str, tuple[int, int, str]]:
        """Each Markdown file's (mtime, size, SHA-256 of its bytes); the hash is the last build's while time and size are.

        An unreadable file is ``(-1, -1, UNREADABLE)``: no file has that time and
        size, so it is tried again on every build (``chmod`` leaves the time as it was).
        """
        root = self.config.content_path
        result = {}
        for path in paths:
            try:
                stat = os.stat(root / path)
            except OSError:
                result[path] = (-1, -1, load.UNREADABLE)
                continue
            known = previous.files.get(path)
            if known and known[0] == stat.st_mtime_ns and known[1] == stat.st_size:
                result[path] = known
                continue
            try:
                data = read_regular(root / path)
            except OSError:
                result[path] = (-1, -1, load.UNREADABLE)
                continue
            result[path] = (stat.st_mtime_ns, stat.st_size, hashlib.sha256(data).hexdigest())
        return result

    def _read_content(self, path: str) -> str:
        return read_regular(self.config.content_path / path).decode("utf-8", "replace")

    def _made_files(self, index: SiteIndex, pages: list[Page]) -> dict[str, str]:
        """The files manabi writes besides pages, output path -> what makes it: no content file may replace one."""
        made = {MARKER: f"manabi's {MARKER}"}
        for output in registry.OUTPUTS:
            made.update(output.made(self.config, index, pages))
        return made

    def _render(self, state: BuildState, urls: list[str], target: Path) -> None:
        by_url = state.assembled.by_url
        output = OutputFolder(target)
        for url in urls:  # folders first, so workers never race to create them
            output.path(url).parent.mkdir(parents=True, exist_ok=True)
        if urls:
            self.progress.start(RENDERING, len(urls))
        # site-wide listings (every exercise, every case study) are the slowest
        # pages: each goes out first, alone; then the rest in small batches
        listings = [url for url in urls if by_url[url].kind in LISTING_KINDS]
        rest = [url for url in urls if by_url[url].kind not in LISTING_KINDS]
        batches = [[url] for url in listings] + _chunks(rest, self.workers * 8)
        job = _RenderJob(by_url, state.assembled.index, self.settings, target, self.bodies, self._parse_job(state))
        done = self._map(partial(_render_many, job), [batch for batch in batches if batch], size=len(urls),
                         on_result=lambda result: self.progress.advance(result[0]))
        changed = [path for _, paths in done for path in paths]
        self._changed_during_build(state, changed)
        for path in changed:  # rendered from bytes its render key does not cover
            state.render_keys[state.pages[path].url] = ""
        changed_urls = {state.pages[path].url for path in changed}
        for url in urls:  # a print page may have shown those bytes too
            if changed_urls and by_url[url].kind == PRINT:
                chapter_urls, landing_url = book_sources(by_url[url], state.assembled.index)
                if changed_urls & {*chapter_urls, landing_url}:
                    state.render_keys[url] = ""

    def _parse_job(self, state: BuildState) -> _ParseJob:
        return _ParseJob(self.config, self.settings.messages_dir, state.keys, self.cache, self.bodies)

    def _changed_during_build(self, state: BuildState, paths: list[str]) -> None:
        """Files whose bytes when parsed were not the bytes the survey hashed: edited during the build.

        Their pages show what was parsed, so the manifest must not say the
        survey's bytes were built: each gets a time and size no file has, so
        the next build hashes it again, and the fingerprint is left empty, so
        that build is never "nothing to do".
        """
        for path in paths:
            state.files[path] = (-1, -1, state.files[path][2])
        if paths:
            state.fingerprint = ""


def _same_shape(old: Page, new: Page) -> bool:
    """Whether a re-parsed page shows the rest of the site the same face (title, order, listings, translation)."""
    return (
        old.summary == new.summary
        and old.lang == new.lang
        and old.components.get("site_digest") == new.components.get("site_digest")
        and old.meta.get("translation") == new.meta.get("translation")
        and is_draft(old) == is_draft(new)
    )


def site_pages(parsed: list[Page], index: SiteIndex, config: Config) -> list[Page]:
    """The parsed pages and those the site makes from the index (landings, 404, listings, the outputs' pages)."""
    everything = parsed + generated_pages(parsed, index, config) + listing_pages(index, config)
    return everything + [page for output in registry.OUTPUTS for page in output.pages(index, config)]


def is_draft(page: Page) -> bool:
    """``draft: true``: left out of the site (pages, lists, search, feeds) unless the build includes drafts."""
    return page.meta.get("draft") is True


def _diagnostic_order(d: Diagnostic) -> tuple[str, int, int, str, str, str]:
    return (d.path, d.line, d.col, d.level, d.code, d.message)


def _print(value: bytes | Path) -> Print:
    """What tells whether a file on disk is still this one: its bytes' hash, or a copy's source's time and size."""
    if isinstance(value, bytes):
        return ("bytes", hashlib.blake2b(value, digest_size=16).hexdigest())
    try:
        stat = value.stat()
        return ("copy", str(value), stat.st_mtime_ns, stat.st_size)
    except OSError:
        return ("copy", str(value), 0, 0)


# manifest entries of the edition: the answers_from days the site names, and what the build withheld
DAY_ENTRY, WITHHELD_ENTRY = "answers-from:", "answers-withheld:"


def _edition_entries(state: BuildState) -> list[str]:
    days = {answers.iso_day(page.meta.get(answers.FROM_KEY)) for page in state.source_pages}
    return ([f"{DAY_ENTRY}{day}" for day in sorted(days - {""})]
            + [f"{WITHHELD_ENTRY}{day}:{n}" for day, n in state.withheld])


def _days_reached(manifest: Manifest, today: str) -> tuple[str, ...]:
    """The answers_from days of the last build that ``today`` has reached: a day passing changes the site."""
    return tuple(item[len(DAY_ENTRY):] for item in manifest.extras
                 if item.startswith(DAY_ENTRY) and item[len(DAY_ENTRY):] <= today)


def _withheld_of(manifest: Manifest) -> list[tuple[str, int]]:
    found = []
    for item in manifest.extras:
        if item.startswith(WITHHELD_ENTRY):
            day, _, n = item[len(WITHHELD_ENTRY):].rpartition(":")
            found.append((day, int(n)))
    return found


def _prints(remembered: dict[str, tuple[str, dict[str, Print]]]) -> dict[str, Print]:
    """Output path -> print, over every output (a later output's file wins, as it does on disk)."""
    return {rel: value for _, prints in remembered.values() for rel, value in prints.items()}


def _write_files(target: Path, files: dict[str, bytes | Path], atomic: bool) -> None:
    output = OutputFolder(target)
    for rel, value in files.items():
        path = output.path(rel)
        data = value if isinstance(value, bytes) else read_regular(value)
        path.parent.mkdir(parents=True, exist_ok=True)
        if atomic:
            write_atomic(path, data)
        else:
            write_file(path, data)
