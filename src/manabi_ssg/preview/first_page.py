"""Pages answered while ``serve``'s first build runs: rendered on request from an outline of the site.

On a fresh clone of a course of 1,200 converted chapters the first build takes
a minute, and the author waits for one page.  A page's HTML depends on its own
parse and on the site index, which holds page *summaries* only (title, order,
topics, ...), and summaries come almost whole from front matter.  So a request
that arrives before the first build is done is answered from an *outline*:
the front matter of the pages the asked one shows, the asked page parsed in
full, the index built from that, the page rendered with the same templates and
settings the build uses.  The build itself goes on untouched, and writes every
page.  A chapter shows its own folder's chapters, the landing pages of the
folders above it and of the language folders, and its translations (the same
path under another language folder): a dozen files, where the front matter of
every chapter of a 1,200-chapter course takes 1 s to read, 2 s beside the
build's workers.  Any other page (a home or folder page, a listing) is made
from every file's front matter.

What the outline cannot know is what only a chapter's body says: a title that
only a Setext heading gives, the exercises the listings and progress counts
show.  A page that differs for that reason is told to reload when the first
build ends (:meth:`EarlyPages.same_as_served` tells the others); a page that came out the same is
left alone, so the usual case is one page shown at once and never reloaded.
"""

from __future__ import annotations

import hashlib
import re
import threading
from types import SimpleNamespace
from collections.abc import Callable

from manabi_ssg.site.config import Config
from manabi_ssg.guards.boundary import read_regular
from manabi_ssg.markdown.media.highlight import pygments_css
from manabi_ssg.model import Page, Source
from manabi_ssg.outputs.mermaid_file import mermaid_files
from manabi_ssg.outputs.stylesheet import theme_css
from manabi_ssg.pipeline import load
from manabi_ssg.pipeline.engine import is_draft, site_pages
from manabi_ssg.pipeline.index import build_index, folders_of
from manabi_ssg.pipeline.listings import collect_extra
from manabi_ssg.pipeline.parse import _title, page_order, parse_source
from manabi_ssg.pipeline.render import RenderSettings, render_page
from manabi_ssg.site.theme import static_files
from manabi_ssg.site.urls import HIGHLIGHT_CSS, THEME_CSS, output_url

# an ATX level-1 heading (its line without the indent): the title a chapter without one in front matter gets
_H1 = re.compile(r"#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*")


class EarlyPages:
    """Answers for the URLs the first build has not written yet; records what it served, by URL."""

    def __init__(self, config: Config, settings: RenderSettings) -> None:
        self.config, self.settings = config, settings
        self._lock = threading.Lock()  # one answer at a time: they share the outline
        self._tree: load.ContentTree | None = None
        self._outline: dict[str, Page | None] = {}  # source path -> page from its front matter (None: a draft left out)
        self._urls: dict[str, str] = {}  # output url -> source path
        self._static: dict | None = None  # theme file -> its path, or the bytes made from the theme
        self.served: dict[str, str | None] = {}  # url -> hash of the bytes served (None: two different answers)

    def answer(self, url: str) -> bytes | None:
        """The bytes of ``url`` (a page, a theme or content file) as the first build will most likely write them, or None."""
        with self._lock:
            self._scanned()
            if url.endswith(".html"):
                body = self._page(url)
            else:
                body = self._file(url)
            if body is not None and url.endswith(".html"):
                digest = hashlib.sha256(body).hexdigest()
                self.served[url] = digest if self.served.get(url, digest) == digest else None
            return body

    def _scanned(self) -> load.ContentTree:
        """The content folder's files, looked up at the first answer."""
        if self._tree is None:
            self._tree = load.scan(self.config)
            self._urls = {output_url(path): path for path in self._tree.markdown}
        return self._tree

    def same_as_served(self, urls: list[str], read: Callable[[str], bytes | None]) -> set[str]:
        """Of the URLs a build wrote, those answered early with exactly the bytes ``read(url)`` gives now."""
        with self._lock:
            served = dict(self.served)
        return {url for url in urls if served.get(url) is not None
                and hashlib.sha256(read(url) or b"").hexdigest() == served[url]}

    def _shown_by(self, path: str | None) -> list[str]:
        """The source files whose summaries the page of ``path`` shows (see the module's docstring)."""
        markdown = self._scanned().markdown
        if path is None or path.rsplit("/", 1)[-1].lower() in ("index.md", "index.markdown"):
            return markdown
        folder = path.rpartition("/")[0]
        folders = set(folders_of(path))
        tops = {name.split("/", 1)[0] for name in markdown if "/" in name}
        rest = path.split("/", 1)[1] if "/" in path else path
        twins = {f"{top}/{rest}" for top in tops}
        return [name for name in markdown if name.rpartition("/")[0] == folder or name in twins
                or (name.rsplit("/", 1)[-1].lower() in ("index.md", "index.markdown")
                    and (name.rpartition("/")[0] in folders or name.count("/") <= 1))]

    def _page(self, url: str) -> bytes | None:
        config = self.config
        path = self._urls.get(url)
        for name in self._shown_by(path):
            if name not in self._outline:
                outlined = _from_front_matter(load.load_source(config.content_path, name, config))
                self._outline[name] = outlined if config.drafts or not is_draft(outlined) else None
        pages = {name: page for name in self._shown_by(path) if (page := self._outline[name]) is not None}
        if path is not None and path in pages:
            source = load.load_source(config.content_path, path, config)
            pages[path] = parse_source(source, config.hard_line_breaks, self.settings.messages_dir, config.reference_headings)
        parsed = list(pages.values())
        index = build_index(parsed, config, extra=collect_extra(parsed))
        everything = site_pages(parsed, index, config)  # as the build makes them, the outputs' pages too
        found = next((page for page in everything if page.url == url), None)
        if found is None:
            return None
        return render_page(found, index, self.settings).encode("utf-8")

    def _file(self, url: str) -> bytes | None:
        if self._static is None:
            files = static_files(self.config)
            made = {HIGHLIGHT_CSS: pygments_css().encode("utf-8"), THEME_CSS: theme_css(dict(files), pygments_css())}
            # the site's copy of Mermaid, for a page with a diagram (none when the config loads it from a URL)
            made.update(mermaid_files([SimpleNamespace(has_mermaid=True)], self.config))  # type: ignore[list-item]  # it reads only has_mermaid
            self._static = {**files, **made}
        value = self._static.get(url)
        if value is None and url in self._scanned().assets:
            value = self.config.content_path / url
        if value is None or isinstance(value, bytes):
            return value
        try:
            return read_regular(value)
        except OSError:
            return None


def _from_front_matter(source: Source) -> Page:
    """The page as far as front matter and the first ``# heading`` tell: what the site index needs of it."""
    titled = any(str(source.meta.get(key) or "").strip() for key in ("title", "chapter_title"))
    heading = None if titled else _first_heading(source.body)
    title = _title(source, {"first_h1": heading} if heading else {})
    return Page(path=source.path, url=source.url, kind=source.kind, lang=source.lang, meta=source.meta, title=title,
                body_html="", toc=[], order=page_order(source), digest=source.digest, places=source.places)


def _first_heading(body: str) -> str | None:
    """The text of the first ``# heading`` outside fenced code, line by line (a regex over fences can
    take quadratic time on a file of unclosed fences, and content is untrusted)."""
    fence = ""
    for line in body.split("\n"):
        text = line.lstrip(" ")
        if len(line) - len(text) > 3:
            continue
        if text[:3] in ("```", "~~~"):
            marker = text[: len(text) - len(text.lstrip(text[0]))]
            if not fence:
                fence = marker
            elif marker.startswith(fence) and not text[len(marker):].strip():
                fence = ""
            continue
        if not fence:
            heading = _H1.fullmatch(text)
            if heading is not None:
                return heading.group(1).strip()
    return None
