"""The build's cache keys, and what each one covers.

A cached result is used only while its key is the same, so every input that
can change a result is in its key, and an input that is left out is one the
result never reads.  ``tests/test_cache_keys.py`` changes each input in turn
and checks that the output follows (or, for inputs left out, that nothing is
parsed again).  What a key finds is data that cannot run when read, checked
before use (:mod:`manabi_ssg.incremental.cache`, :mod:`manabi_ssg.incremental.codec`).

``parse`` (a parsed page and its body HTML: cache kinds ``page`` and ``body``)
    The file's path and the bytes that were parsed: the worker that parses a
    file reads it once and keys the result by the SHA-256 of those bytes, so
    a file edited during the build is never cached under the hash the survey
    took before the edit (:func:`~manabi_ssg.pipeline.engine._parse_and_store`);
    manabi's code and the libraries that shape its HTML
    (:func:`~manabi_ssg.incremental.cache.code_fingerprint`); every setting except
    those in :data:`PARSE_IGNORES`, which parsing never reads (the site
    title, its URL, where files go, ...), so among others ``extra_keys``
    (front matter keys not flagged as typos), ``reference_headings`` (passed
    to the parser), ``languages`` (which folders are a language),
    ``allow_links_to`` (where a linked content file may be read from) and
    ``hard_line_breaks``; and the site's message catalogues
    (``messages/*.toml``), whose text parsing puts into bodies (exercise
    labels, the permalink title); and the vendored Mermaid bundle's hash
    (:func:`~manabi_ssg.markdown.media.diagrams.bundle_digest`): the diagram check
    runs it, and the pages with a diagram load the copy the site carries.  Not the templates, not ``serve`` versus
    ``build``, and not ``drafts``: a draft is parsed either way and left out
    after, so switching changes only what is rendered and listed.  A setting added later is
    in the key unless it is added to the ignore list, so a new setting can
    only cost a reparse, never leave a stale page.

``render`` (one output page: the manifest keeps the key it was written with)
    The page itself (a source page: its parse key, plus, when its body
    marks answers, what it does with them: published, or withheld until
    which day (:func:`~manabi_ssg.site.answers.page_answers`), so the build's day
    is in the key of exactly the pages it withholds or releases; a generated
    page: its url, kind, language, title and order, everything else it shows
    comes from the index); the templates and message catalogues (``templates``);
    manabi's code, every setting (``drafts``, ``search`` and ``answers``
    included; not ``build_date``, see above) and the
    render settings, among them ``link_roots``, the folders ``allow_links_to``
    lets a template link lead to (``settings``); and the page's *context*, a hash of the part of the site index it shows
    (:func:`~manabi_ssg.pipeline.index.page_context`).  That part is known for the
    default theme only: a site with template overrides renders every page
    against the whole index (:func:`~manabi_ssg.pipeline.index.site_context`), so an
    override may show any of it and never goes stale.

``site`` (the manifest's fingerprint: equal means there is nothing to do)
    Besides what follows, which of the ``answers_from`` days the last build
    saw (kept in its manifest) the build's day has reached: the day a
    chapter's answers are due is never "nothing to do".
    ``parsing``, ``settings``, ``templates`` (read through ``link_roots``, as the template
    loader reads them), ``static`` (names, sizes and times of the
    theme's and the site's static files and of the content's other files),
    every Markdown file (path, size, time and a hash of its bytes), the
    content's scan problems and the output folder.  A file whose bytes when
    parsed were not the ones the survey hashed (edited during the build) is
    recorded with a time and size no file has, and the fingerprint as empty:
    the next build hashes it again and is never "nothing to do".  Each
    registered output's :meth:`~manabi_ssg.outputs.seam.Output.fingerprint`
    (the Pagefind binary and ICU) is in it too.

``output`` (each file besides the pages: :mod:`manabi_ssg.outputs.seam`)
    Each output's own key, made from the keys :class:`~manabi_ssg.outputs.seam.FinishedSite`
    gives: ``settings_key`` (``settings``: robots, the highlighting CSS),
    ``static_key`` (``static``: the copies and the stylesheet, with the
    settings) and ``content_key`` (``settings``, every Markdown file's parse
    key and the content's other files by name: the index and every page are
    a function of these; feeds, ``.bib`` files, the sitemap).  ``serve`` does
    not ask an output whose key is the one its files on disk were made with
    (``tests/test_outputs_seam.py``); a build into a staging folder asks them
    all.  Either way a file is written again only when its bytes (for a copy,
    its source's time and size) changed.  The search bundles have a key each
    (:mod:`manabi_ssg.outputs.search.bundles`).
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from manabi_ssg.incremental.cache import code_fingerprint, digest, tree_fingerprint
from manabi_ssg.site.config import Config
from manabi_ssg.markdown.media.diagrams import bundle_digest
from manabi_ssg.pipeline.render import RenderSettings
from manabi_ssg.site.theme import static_files

# Settings that parsing never reads: changing one re-renders, but never reparses.
PARSE_IGNORES = frozenset({
    "title", "description", "base_url", "license", "mermaid_url", "search", "print_pages", "offline", "silence",
    "content_dir", "output_dir", "cache_dir", "templates_dir", "static_dir", "root", "config_file",
    "drafts",  # drafts are parsed either way and left out after (serve includes them, build does not)
    # one parse serves every edition: answers are marked in the body and withheld at render (answers.py)
    "answers", "build_date",
})


@dataclass(frozen=True)
class Keys:
    """One build's keys of what all pages share; :meth:`parse` and :meth:`render` add a page's own part."""

    parsing: str  # code, parse settings, message catalogues
    settings: str  # code, every setting, the render settings
    templates: str  # every template file and message catalogue, by name and bytes
    messages: str  # the site's message catalogues, by name and bytes
    static: str  # static files and content assets, by name, size and time

    def parse(self, path: str, file_digest: str) -> str:
        return digest("parse", self.parsing, path, file_digest)

    def render(self, own: str, context: str) -> str:
        return digest(own, self.templates, self.settings, context)


def build_keys(config: Config, settings: RenderSettings, assets: list[str]) -> Keys:
    code = code_fingerprint()
    messages = tree_fingerprint([Path(settings.messages_dir)] if settings.messages_dir else [], settings.link_roots)
    return Keys(
        parsing=digest(code, parse_settings(config), messages, bundle_digest()),
        # the build's day changes only the pages whose answers it withholds or releases: it is in
        # their own key (engine._plan, answers.py), not in every page's
        settings=digest(code, replace(settings, today=""), replace(config, build_date="")),
        templates=tree_fingerprint([Path(p) for p in settings.template_dirs] + ([Path(settings.messages_dir)] if settings.messages_dir else []),
                                   settings.link_roots),
        messages=messages,
        static=static_key(config, assets),
    )


def parse_settings(config: Config) -> tuple[tuple[str, Any], ...]:
    """The settings parsing may read, as (name, value) pairs: all but :data:`PARSE_IGNORES`."""
    return tuple((f.name, getattr(config, f.name)) for f in fields(config) if f.name not in PARSE_IGNORES)


def static_key(config: Config, assets: list[str]) -> str:
    """Names, sizes and times of the files copied as they are (size and time: they may be large)."""
    parts = []
    for rel, source in static_files(config).items():
        stat = source.stat()
        parts.append((rel, stat.st_mtime_ns, stat.st_size))
    for rel in assets:
        try:
            stat = (config.content_path / rel).stat()
            parts.append((rel, stat.st_mtime_ns, stat.st_size))
        except OSError:
            parts.append((rel, 0, 0))
    return digest(*parts)
