"""Render stage: ``render_page(page, index, settings) -> HTML``.

A pure function of the parsed page and the read-only site index, so the
engine may run it in worker processes and cache its result.  One template per
page kind (``chapter.html``, ``section.html``, ``home.html``, ...), each built
from partials in ``templates/partials/``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, Protocol

import jinja2
from markupsafe import Markup, escape

from manabi_ssg.site.answers import PUBLISHED, SHOWN, WITHHELD, AnswerState, page_answers, regions_ids, withhold
from manabi_ssg.guards.catalogue_check import fill
from manabi_ssg.diagnostics import TemplateProblem
from manabi_ssg.site.i18n import language_homes, language_name, switcher
from manabi_ssg.outputs.jsonld import page_script
from manabi_ssg.words.plurals import forms, plural
from manabi_ssg.pipeline.index import breadcrumbs, neighbours, series_of
from manabi_ssg.words.levels import level_range
from manabi_ssg.messages import catalogue
from manabi_ssg.model import Page, SiteIndex
from manabi_ssg.outputs.print_book import PRINT, TITLE_ANCHOR, as_book, book_anchors, chapter_anchor, chapter_in_book, mark_printed_urls, print_url
from manabi_ssg.pipeline.prerequisites import resolve_prerequisite
from manabi_ssg.pipeline.series_map import series_map
from manabi_ssg.site.theme import TemplateLoader
from manabi_ssg.site.urls import HOME_URL, feed_url, listing_url, relative_url, search_url, site_root, topic_url

TEMPLATE_FOR_KIND = {
    "chapter": "chapter.html",
    "section": "section.html",
    "home": "home.html",
    "not_found": "404.html",
    "redirect": "redirect.html",
    "topic": "topic.html",
    "topics": "topics.html",
    "exercises": "exercises.html",
    "case_studies": "case_studies.html",
    "search": "search.html",
    PRINT: "print.html",
}


class Translate(Protocol):
    """A page's ``t``: the interface text of ``key``, its ``{placeholders}`` filled from ``values``."""

    def __call__(self, key: str, **values: object) -> str: ...


@dataclass(frozen=True)
class RenderSettings:
    """What rendering needs from the config; hashable so the Jinja env is cached per process."""

    template_dirs: tuple[str, ...]
    messages_dir: str = ""
    mermaid_url: str = ""
    mermaid_script: str = ""  # the site's own copy (outputs/mermaid_file.py), from the root; "" when mermaid_url is a URL
    license: str = ""
    description: str = ""  # the site's own (manabi.toml), for the home page's meta description
    live_reload: bool = False  # serve mode only: never in build output
    link_roots: tuple[str, ...] = ()  # where links in a site's templates may lead (allow_links_to)
    search: bool = False
    answers: str = SHOWN  # "withheld": the edition without answers (answers.py)
    # the build's day, which answers_from dates are compared with; not in the settings key, only in
    # the keys of the pages it changes (keys.py)
    today: str = ""
    print_pages: bool = False  # each series has its print page (outputs/print_book.py): the series page links it
    offline: bool = False  # each series can be saved to read offline (outputs/offline.py): the series page shows the control


@lru_cache(maxsize=4)
def environment(template_dirs: tuple[str, ...], link_roots: tuple[str, ...] = ()) -> jinja2.Environment:
    """The Jinja environment, with its compiled templates, for one process.

    Jinja would look at every template file's time on each page and include;
    the engine calls :func:`forget_templates` instead when a template changed.
    """
    env = jinja2.Environment(
        loader=TemplateLoader(template_dirs, link_roots),
        auto_reload=False,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.ChainableUndefined,
    )
    env.globals["resolve_prerequisite"] = resolve_prerequisite
    env.globals["series_map"] = series_map
    env.globals["structured_data"] = page_script  # JSON-LD (jsonld.py)
    env.globals["feed_url"] = feed_url
    env.globals["print_url"] = print_url
    env.filters["level_range"] = lambda meta: level_range(meta.get("level"), meta.get("difficulty"))
    return env


def label_forms(name: str, found: dict[str, str]) -> Markup:
    """`` data-label-NAME-one="…" data-label-NAME-other="…"``: a text's plural forms, for a script that counts.

    The script picks the form with the browser's ``Intl.PluralRules``, the same
    CLDR categories :mod:`manabi_ssg.words.plurals` uses on the page.
    """
    return Markup("".join(f' data-label-{escape(name)}-{form}="{escape(text)}"' for form, text in found.items()))


def forget_templates() -> None:
    """Drop compiled templates, so the next page reads the template files again."""
    environment.cache_clear()


@dataclass(frozen=True)
class Book:
    """What a print page shows besides the index: its chapters and landing page, bodies included (outputs/print_book.py)."""

    chapters: tuple[Page, ...]
    landing: Page | None = None


def render_page(page: Page, index: SiteIndex, settings: RenderSettings, book: Book | None = None) -> str:
    try:
        return _render(page, index, settings, book)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateProblem(exc.filename or exc.name or "template", exc.lineno, f"template syntax: {exc.message}") from None
    except Exception as exc:
        place = _site_template_frame(exc, settings.template_dirs)
        if place is None:
            raise  # in manabi's own theme or code: a bug in manabi
        raise TemplateProblem(place[0], place[1], f"{type(exc).__name__}: {exc}") from None


def _site_template_frame(exc: Exception, template_dirs: tuple[str, ...]) -> tuple[str, int] | None:
    """(file, line) of the innermost frame in a site's own template, where an error is the author's."""
    own = [folder for folder in template_dirs[:-1]]  # the last folder is manabi's theme
    found = None
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if any(filename.startswith(folder.rstrip("/") + "/") for folder in own):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _book_context(book: Book | None, index: SiteIndex, settings: RenderSettings, t: Translate) -> dict[str, Any]:
    """The print page's chapters as this edition publishes them (answers withheld too: answers.py), and
    ``in_book(html, url)``: a page's HTML with its ids its own in the book."""
    if book is None:
        return {}
    book = Book(tuple(edition_of(chapter, index, settings, t)[0] for chapter in book.chapters),
                edition_of(book.landing, index, settings, t)[0] if book.landing is not None else None)
    anchors = book_anchors([chapter.url for chapter in book.chapters], book.landing.url if book.landing else "")
    seen: set[str] = set()  # addresses a print already shows after a link: each once in the book

    def in_book(html: str, url: str) -> Markup:
        return Markup(mark_printed_urls(chapter_in_book(str(html), url, anchors), seen))

    return {"book": book.chapters, "book_landing": book.landing, "in_book": in_book, "chapter_anchor": chapter_anchor,
            "book_title_anchor": TITLE_ANCHOR}


def _render(page: Page, index: SiteIndex, settings: RenderSettings, book: Book | None = None) -> str:
    env = environment(settings.template_dirs, settings.link_roots)
    template = env.get_template(TEMPLATE_FOR_KIND.get(page.kind, "chapter.html"))
    def t_for(lang: str) -> Translate:
        """Interface text in ``lang``: for blocks of a page written in another language (home page cards)."""
        messages = catalogue(lang, settings.messages_dir)

        def t(key: str, **values: object) -> str:
            """The text of ``key``; with a whole number ``n``, in the plural form ``n`` takes (plurals.py)."""
            count = values.get("n")
            if isinstance(count, int) and not isinstance(count, bool):
                text = plural(messages, key, count, lang)
            else:
                text = messages.get(key, key)
            return fill(text, values)  # a site's text never raises here (catalogue_check.py)

        return t

    t = t_for(page.lang)
    page_messages = catalogue(page.lang, settings.messages_dir)

    if page.kind == "not_found":  # served at any depth: its links start from the site's root
        root = site_root(index.base_url, settings.live_reload)

        def rel(url: str) -> str:
            return root + relative_url(HOME_URL, url)
    else:
        def rel(url: str) -> str:
            return relative_url(page.url, url)

    if book is not None:  # a print page: its chapters' diagrams and exercises are its own
        page = as_book(page, [*book.chapters, *([book.landing] if book.landing is not None else [])])
    page, answers = edition_of(page, index, settings, t)
    summary = page.summary
    previous, following = neighbours(index, summary)
    folder = page.folder if page.kind == "chapter" else page.path.rpartition("/")[0]
    section = index.sections.get(folder)
    return template.render(
        page=page,
        meta=page.meta,
        site=index,
        settings=settings,
        t=t,
        t_for=t_for,
        label_forms=lambda name, key: label_forms(name, forms(page_messages, key)),
        topic_url=lambda topic=None, lang=page.lang: topic_url(topic, lang, index.default_language),
        listing_url=lambda kind, lang=page.lang: listing_url(kind, lang, index.default_language),
        rel=rel,
        lang=page.lang,
        section=section,
        previous=previous,
        next=following,
        breadcrumbs=breadcrumbs(index, summary),
        series_of=lambda f: series_of(index, f),
        levels=level_range(page.meta.get("level"), page.meta.get("difficulty")),
        # languages: the switcher's entries, hreflang alternates, each language's own name
        language_links=switcher(page.url, page.lang, index.translations, language_homes(index.sections, index.languages)),
        alternates=index.translations.get(page.url, {}),
        language_name=lambda code: language_name(code, settings.messages_dir),
        search_url=search_url(page.lang, index.default_language),
        answers=answers,
        **_book_context(book, index, settings, t),
    )


DATE_SLOT = "\x00date\x00"


def edition_of(page: Page, index: SiteIndex, settings: RenderSettings, t: Translate) -> tuple[Page, AnswerState]:
    """The page as this edition publishes it, and what it does with its answers (answers.py).

    A page whose body marks answers gets :func:`~manabi_ssg.site.answers.page_answers`:
    withheld, each answer is replaced by the notice (with its day when one is
    set) and headings inside answers leave the contents.  Any other page says
    only whether the edition withholds answers, which the settings key covers.
    """
    regions = page.components.get("answers") if page.components else None
    if not regions:
        return page, AnswerState(True) if settings.answers == WITHHELD else PUBLISHED
    state = page_answers(page, index, settings.answers, settings.today)
    if not state.withheld:
        return page, state
    hidden = regions_ids(page.body_html, regions)
    body = withhold(page.body_html, regions, notice_html(state, t))
    return replace(page, body_html=body, toc=[entry for entry in page.toc if entry.get("id") not in hidden]), state


def notice_html(state: AnswerState, t: Translate) -> str:
    """In a withheld answer's place: that it will be published, and on which day when one is set."""
    if not state.until:
        return f'<p class="answer-withheld" data-pagefind-ignore>{escape(t("answer_withheld"))}</p>\n'
    text = str(escape(t("answer_withheld_until", date=DATE_SLOT)))
    day = f'<time datetime="{escape(state.until)}">{escape(state.until)}</time>'
    return f'<p class="answer-withheld" data-pagefind-ignore>{text.replace(str(escape(DATE_SLOT)), day)}</p>\n'
