"""The book model: plain data handed from stage to stage.

load -> :class:`Source`; parse -> :class:`Page`; index -> :class:`SiteIndex`;
render -> HTML strings; write -> files, described by a :class:`Manifest`.  Nothing here knows about Markdown,
Jinja or the file system beyond paths, so every stage can be tested alone and
pages can be rendered in worker processes (everything pickles, between
manabi's own processes; the build cache on disk stores these types as JSON,
see :mod:`manabi_ssg.incremental.codec`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from manabi_ssg.diagnostics import Diagnostic

CHAPTER = "chapter"
SECTION = "section"  # a folder's index.md
HOME = "home"  # the content root's index.md, or the generated home page

# A page's place in reading order: (group, explicit number, natural name key); see parse.page_order.
Order = tuple[int, int, tuple[int | str, ...]]
# A heading in a page's table of contents: {"level": int, "id": str, "text": str}.
TocEntry = dict[str, Any]


class Origin(Enum):
    """Where a page comes from; the engine caches and keys the two differently."""

    SOURCE = "source"  # a Markdown file of the content folder, parsed
    GENERATED = "generated"  # made by the site itself from the index: folder pages, 404, listings, search


@dataclass
class Source:
    """A Markdown file as read from disk, before any Markdown parsing."""

    path: str  # posix path relative to the content folder, e.g. "ja/mlp/chapter-1.md"
    url: str  # output path relative to the site root, e.g. "ja/mlp/chapter-1.html"
    kind: str  # CHAPTER or SECTION
    lang: str
    meta: dict[str, Any]
    body: str
    body_line: int  # 1-based line of the file where ``body`` starts
    digest: str  # content hash of the file's bytes
    diagnostics: list[Diagnostic] = field(default_factory=list)
    places: dict[str, tuple[int, int]] = field(default_factory=dict)  # front matter keys' (line, col), see frontmatter.py


def place_in(meta: dict[str, Any], places: dict[str, tuple[int, int]], key: str, item: object = None) -> tuple[int, int]:
    """Where front matter ``key`` (or its list item equal to ``item``) is written: a problem with a
    value is reported there. (1, 1) when there is no such key, so an editor still opens the file."""
    if item is not None:
        value = meta.get(key)
        for index, candidate in enumerate(value if isinstance(value, list) else ()):
            if candidate is not None and str(candidate) == str(item) and f"{key}[{index}]" in places:
                return places[f"{key}[{index}]"]
    return places.get(key, (1, 1))


@dataclass
class Page:
    """A parsed page: metadata plus the HTML of its body and what plugins found."""

    path: str
    url: str
    kind: str
    lang: str
    meta: dict[str, Any]
    title: str
    body_html: str
    toc: list[TocEntry]
    order: Order
    digest: str  # content hash of the source file; "" for a generated page
    has_mermaid: bool = False
    origin: Origin = Origin.SOURCE
    body_key: str = ""  # when set, body_html was moved to the build's body store under this key
    components: dict[str, Any] = field(default_factory=dict)  # exercises, case studies, references, links
    diagnostics: list[Diagnostic] = field(default_factory=list)
    places: dict[str, tuple[int, int]] = field(default_factory=dict)  # front matter keys' (line, col), see frontmatter.py

    def place(self, key: str, item: object = None) -> tuple[int, int]:
        return place_in(self.meta, self.places, key, item)

    @property
    def folder(self) -> str:
        """The content folder the page belongs to ("" for the root)."""
        return self.path.rpartition("/")[0]

    @property
    def summary(self) -> "PageSummary":
        return PageSummary.of(self)


@dataclass(frozen=True)
class PageSummary:
    """What other pages may show of a page (navigation, cards, lists).

    Pages depend on each other only through summaries, so a change to a
    chapter's body never invalidates the pages that merely link to it.
    """

    path: str
    url: str
    kind: str
    lang: str
    title: str
    subtitle: str
    difficulty: str
    level: str
    time: str
    description: str
    order: Order
    topics: tuple[str, ...]
    series: str
    exercise_ids: tuple[str, ...] = ()  # the exercises' anchors (exercise-N), in page order
    answers_from: str = ""  # front matter answers_from as written: a series' landing page sets it for its chapters (answers.py)
    # what progress.js counts on series and home pages: "anchor=key,key" per exercise (exercise_identity.py)
    exercise_keys: tuple[str, ...] = ()
    quiz_ids: tuple[str, ...] = ()  # the self-check questions' progress keys (quiz.py's data-key), counted the same way
    prerequisites: tuple[str, ...] = ()  # front matter as written, for the series' map (series_map.py)
    aliases: tuple[str, ...] = ()  # output paths of its old addresses (front matter aliases:), redirected here

    @staticmethod
    def of(page: Page) -> "PageSummary":
        meta = page.meta

        def text(key: str) -> str:
            return "" if meta.get(key) is None else str(meta.get(key))

        return PageSummary(
            path=page.path,
            url=page.url,
            kind=page.kind,
            lang=page.lang,
            title=page.title,
            subtitle=text("subtitle"),
            difficulty=text("difficulty"),
            level=text("level"),
            time=text("estimated_time") or text("reading_time") or text("total_reading_time"),
            description=text("description") or text("subtitle"),
            order=page.order,
            topics=tuple(meta.get("topics") or ()),
            series=text("series"),
            exercise_ids=tuple(item["id"] for item in page.components.get("exercises", ())),
            answers_from=text("answers_from"),
            prerequisites=_text_items(meta.get("prerequisites")),
            aliases=tuple(url for _, url in page.components.get("aliases", ())),
            exercise_keys=tuple(f"{item['id']}={','.join(item.get('keys') or (item['id'],))}"
                                for item in page.components.get("exercises", ())),
            quiz_ids=tuple(item["key"] for item in page.components.get("quizzes", ())),
        )


def _text_items(value: Any) -> tuple[str, ...]:
    """A front matter list of texts (or one text) as a tuple, empty items left out."""
    items = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    return tuple(str(item) for item in items if item is not None and str(item).strip())


@dataclass(frozen=True)
class Section:
    """A content folder: its landing page (if any), chapters and sub-folders."""

    folder: str  # "" for the content root
    title: str
    lang: str
    index_url: str  # the section's own page
    chapters: tuple[PageSummary, ...]  # in reading order
    subsections: tuple[str, ...]  # folders, in order
    landing: PageSummary | None = None


@dataclass(frozen=True)
class SiteIndex:
    """Read-only view of the whole site that every page renders against."""

    title: str
    default_language: str
    base_url: str
    languages: tuple[str, ...]
    pages: dict[str, PageSummary]  # by url
    sections: dict[str, Section]  # by folder
    topics: dict[str, tuple[PageSummary, ...]]  # topic -> chapters
    extra: dict[str, Any] = field(default_factory=dict)  # components' site-wide lists
    translations: dict[str, dict[str, str]] = field(default_factory=dict)  # url -> {lang: url}, itself included


@dataclass
class Manifest:
    """What the last build wrote to an output folder, so the next one can do only what changed."""

    fingerprint: str = ""  # of the whole build's inputs; equal means nothing to do ("": build)
    files: dict[str, tuple[int, int, str]] = field(default_factory=dict)  # path -> (mtime_ns, size, digest)
    rendered: dict[str, str] = field(default_factory=dict)  # output url -> render key
    extras: list[str] = field(default_factory=list)  # other files written (assets, static, sitemap)
    summary: tuple[int, list[Diagnostic]] = (0, [])  # (pages, diagnostics) of that build
    output: str = ""  # the output folder it describes: a manifest whose folder is gone is evicted
