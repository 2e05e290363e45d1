"""Offline reading: a manifest of each series' files and one service worker, ``sw.js``.

Learners read on trains and in labs without network.  For every folder that
holds chapters (a series) this output writes ``<series>/offline.json``: the
files a learner needs to read that series with no network (its landing page,
chapters and print page, every file those pages load: images, the theme's
CSS and JavaScript, the Mermaid bundle when a page draws a diagram), each with
its size and a hash of its bytes, and their total.  It is made from the
written pages, so it lists what the pages really load, not what a template
is thought to load.

``sw.js`` at the site's root is the worker that stores a series when the
learner asks for it (``offline.js`` on the series page registers it only
then: a learner who never asks gets no worker).  Its cache names carry the
hash of every manifest (:func:`build_hash`): a new build is a new ``sw.js``,
whose activation fills a new cache per saved series before it drops the old
one, so a series is never half one build and half another.

Search works offline too: a page's search box names the Pagefind listing
(``data-pagefind``), and the manifest takes the listing, every bundle of the
series' language it names (the whole language's index: results may name
chapters of series not saved, which then open the offline page) and the
search page the box submits to.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from manabi_ssg.site.config import Config
from manabi_ssg.incremental.cache import digest
from manabi_ssg.model import Page, SiteIndex
from manabi_ssg.outputs import mermaid_file
from manabi_ssg.outputs.print_book import print_url
from manabi_ssg.outputs.seam import AfterPages, FinishedSite, Output, Written

MANIFEST = "offline.json"  # in each series' folder
WORKER = "sw.js"  # at the root: its scope is the whole site
WORKER_SOURCE = Path(__file__).with_name("offline_worker.js")

# what a page loads: src of any element, href of a <link> (stylesheet, icon), never of <a>
_TAG = re.compile(r"<(?P<tag>[A-Za-z][A-Za-z0-9-]*)\b(?P<attrs>[^>]*)>", re.S)
_ATTRIBUTE = re.compile(r"""\s(?P<name>src|href|srcset|poster)\s*=\s*(?:"(?P<d>[^"]*)"|'(?P<s>[^']*)')""", re.I)
_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script\s*>", re.S | re.I)
_SEARCH_FORM = re.compile(r"""<form\b[^>]*\bclass="search-box"[^>]*>""", re.S)
_FORM_ATTRIBUTE = re.compile(r"""\s(?P<name>action|data-pagefind)\s*=\s*"(?P<value>[^"]*)\"""")
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""")


def manifest_url(folder: str) -> str:
    return f"{folder}/{MANIFEST}"


def series_folders(index: SiteIndex) -> list[str]:
    """The folders that hold chapters (not the content root, whose page is the home page)."""
    return [folder for folder, section in index.sections.items() if folder and section.chapters]


def _local(reference: str, page_url: str) -> str | None:
    """The site path ``reference`` (written in ``page_url``) leads to, or None for another host or a page fragment."""
    reference = reference.strip()
    parts = urlsplit(reference)
    if not reference or parts.scheme or parts.netloc or reference.startswith(("#", "/")):
        return None
    path = posixpath.normpath(posixpath.join(posixpath.dirname(page_url), unquote(parts.path)))
    return None if path.startswith("..") or path == "." else path


def page_loads(html: str, page_url: str) -> set[str]:
    """Site paths of the files a page loads: images, scripts, stylesheets, icons (links to other pages are not)."""
    found: set[str] = set()
    for match in _TAG.finditer(_SCRIPT.sub(lambda m: m.group(0)[: m.group(0).find(">") + 1], html)):
        tag = match.group("tag").lower()
        for attribute in _ATTRIBUTE.finditer(match.group("attrs")):
            name, value = attribute.group("name").lower(), attribute.group("d") if attribute.group("d") is not None else attribute.group("s")
            if name == "href" and tag != "link":
                continue
            candidates = [item.split()[0] for item in value.split(",") if item.strip()] if name == "srcset" else [value]
            for candidate in candidates:
                path = _local(candidate, page_url)
                if path is not None:
                    found.add(path)
    return found


def css_loads(css: str, css_url: str) -> set[str]:
    """Site paths a stylesheet loads through ``url(...)`` (fonts, pictures)."""
    return {path for raw in _CSS_URL.findall(css) if not raw.startswith("data:") and (path := _local(raw, css_url)) is not None}


def search_files(html: str, page_url: str, lang: str, site: Path) -> set[str]:
    """The search page, the Pagefind listing and every file of the bundles of ``lang`` it names, for a page's search box."""
    form = _SEARCH_FORM.search(html)
    if form is None:
        return set()
    named = {m.group("name"): _local(m.group("value"), page_url) for m in _FORM_ATTRIBUTE.finditer(form.group(0))}
    found = {path for path in named.values() if path is not None}
    listing = named.get("data-pagefind")
    if listing is None or not (site / listing).is_file():
        return found
    try:
        bundles = json.loads((site / listing).read_text(encoding="utf-8")).get(lang, [])
    except (ValueError, AttributeError):
        return found
    folder = posixpath.dirname(listing)
    for name in bundles:
        bundle = site / folder / str(name)
        if isinstance(name, str) and "/" not in name and name not in ("", ".", "..") and bundle.is_dir():
            try:
                found |= {posixpath.join(folder, name, path.relative_to(bundle).as_posix()) for path in bundle.rglob("*") if path.is_file()}
            except FileNotFoundError:  # the bundle went while it was listed (serve's background indexing)
                continue
    return found


def series_files(folder: str, index: SiteIndex, by_url: dict[str, Page], site: Path) -> list[str]:
    """Every file of the series' pages and what they load, from the written site, in a stable order."""
    section = index.sections[folder]
    pages = [section.index_url, *(chapter.url for chapter in section.chapters), print_url(folder)]
    pages = [url for url in dict.fromkeys(pages) if (site / url).is_file()]
    files: set[str] = set(pages)
    for url in pages:
        html = (site / url).read_text(encoding="utf-8", errors="replace")
        files |= page_loads(html, url) | search_files(html, url, section.lang, site)
        page = by_url.get(url)
        if page is not None and page.has_mermaid and (site / mermaid_file.script_path()).is_file():
            files.add(mermaid_file.script_path())  # the page's module adds the bundle's script itself
    for url in sorted(files - set(pages)):
        if url.endswith(".html") and (site / url).is_file():  # the search page: what it loads
            files |= page_loads((site / url).read_text(encoding="utf-8", errors="replace"), url)
    for url in sorted(files):
        if url.endswith(".css") and (site / url).is_file():
            files |= css_loads((site / url).read_text(encoding="utf-8", errors="replace"), url)
    return sorted(url for url in files if (site / url).is_file())


def series_manifest(folder: str, index: SiteIndex, by_url: dict[str, Page], site: Path,
                    hashed: dict[str, tuple[int, str]] | None = None) -> dict[str, object]:
    """What ``offline.json`` holds: the series, each file with its size and hash, and the total size.

    ``hashed``: files already read for another series of this build (every series of a language lists
    the same search index and the same Mermaid bundle: read once, not once per series).
    """
    section = index.sections[folder]
    hashed = {} if hashed is None else hashed
    entries = []
    total = 0
    for url in series_files(folder, index, by_url, site):
        if url not in hashed:
            try:
                data = (site / url).read_bytes()
            except FileNotFoundError:  # a search bundle replaced while serve indexes behind the build: the next save lists it
                continue
            hashed[url] = (len(data), hashlib.sha256(data).hexdigest())
        size, sha = hashed[url]
        entries.append({"url": url, "bytes": size, "sha256": sha})
        total += size
    return {"series": folder, "title": section.title, "lang": section.lang, "index": section.index_url,
            "bytes": total, "files": entries}


def build_hash(manifests: dict[str, dict[str, object]]) -> str:
    """One hash of every manifest: a page changed anywhere in a saved series is a new hash, and a new worker."""
    return hashlib.sha256(json.dumps(manifests, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]


def offline_files(index: SiteIndex, by_url: dict[str, Page], site: Path) -> dict[str, bytes]:
    """Output path -> bytes: each series' manifest (with the build's hash) and the worker."""
    hashed: dict[str, tuple[int, str]] = {}
    manifests = {folder: series_manifest(folder, index, by_url, site, hashed) for folder in series_folders(index)}
    build = build_hash(manifests)
    written = {manifest_url(folder): json.dumps({**manifest, "build": build}, ensure_ascii=False, indent=1).encode()
               for folder, manifest in manifests.items()}
    worker = WORKER_SOURCE.read_text(encoding="utf-8").replace("__MANABI_BUILD__", build)
    written[WORKER] = worker.encode()
    return written


class Offline(Output):
    """The manifests and the worker, made from the written pages (:meth:`after_pages`); ``offline = false`` writes none."""

    name = "offline"

    def key(self, site: FinishedSite) -> str:
        return digest(self.name)  # files() is always empty: its files are made after the pages

    def render_flags(self, config: Config) -> dict[str, object]:
        return {"offline": config.offline}  # the series page shows the control

    def made(self, config: Config, index: SiteIndex, pages: list[Page]) -> dict[str, str]:
        if not config.offline:
            return {}
        made = {manifest_url(folder): "the series' offline manifest" for folder in series_folders(index)}
        made[WORKER] = "the offline reading worker"
        return made

    def after_pages(self, site: FinishedSite, written: Written) -> AfterPages:
        if not site.config.offline or not written.run:
            return AfterPages()
        files = offline_files(site.index, dict(written.by_url), written.folder)
        for rel, data in files.items():
            target = written.folder / rel
            if not target.is_file() or target.read_bytes() != data:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
        return AfterPages(entries=[f"{self.name}:{rel}" for rel in sorted(files)])
