"""Sites in several languages: which page translates which.

A chapter and its translation are linked either by the *same path* under each
language root (``ja/mlp/chapter-1.md`` <-> ``en/mlp/chapter-1.md``; ``jp/`` is
a Japanese root too), or by a front matter key ``translation:`` naming the
other page's path (``translation: en/guides/first-chapter.md``).  An explicit
``translation:`` wins over the same-path rule for both pages it links.

Folders are linked the same way (``ja/mlp/`` <-> ``en/mlp/``), so a generated
landing page has its translation too, and the language roots themselves
(``ja/`` <-> ``en/``) are each language's home: the language switcher's
fallback when a page has no translation.

Computed once in the index stage: ``SiteIndex.translations`` maps a url to
``{lang: url}`` (the page itself included) for every page that has at least
one translation.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict

from manabi_ssg.diagnostics import WARNING, Diagnostic
from manabi_ssg.guards.language_codes import LANGUAGE_ALIASES, is_language_folder
from manabi_ssg.site.urls import HOME_URL, MARKDOWN_SUFFIXES, output_url, section_url
from manabi_ssg.model import Page, Section


def language_root(path: str, languages: tuple[str, ...] = ()) -> tuple[str, str] | None:
    """``("ja", "mlp/chapter.md")`` for ``jp/mlp/chapter.md``; None outside a language root.

    ``languages``: the site's own language folders besides the ISO codes (config ``languages``).
    """
    top, sep, rest = path.partition("/")
    if not sep or not is_language_folder(top, languages):
        return None
    return LANGUAGE_ALIASES.get(top, top), rest


def resolve_translation(value: object, page: Page, by_path: dict[str, str], urls: set[str]) -> str | None:
    """The url of the page that ``translation: value`` names, or None.

    Accepted: a content path (``en/mlp/chapter-1.md``, a leading ``/`` is
    fine), the same without ``.md``, the output path (``.html``), or a path
    relative to the page's own folder (``../../en/mlp/chapter-1.md``).
    """
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip().split("#", 1)[0]
    candidates = [text.lstrip("/")]
    if not text.startswith("/"):
        candidates.append(posixpath.normpath(posixpath.join(page.folder, text)))
    for candidate in candidates:
        if candidate in by_path:
            return by_path[candidate]
        for suffix in MARKDOWN_SUFFIXES:
            if candidate + suffix in by_path:
                return by_path[candidate + suffix]
        if candidate in urls:
            return candidate
        if candidate.endswith("/") and section_url(candidate[:-1]) in urls:
            return section_url(candidate[:-1])
    return None


def build_translations(pages: list[Page], sections: dict[str, Section], languages: tuple[str, ...] = ()) -> dict[str, dict[str, str]]:
    lang_of: dict[str, str] = {}
    by_key: dict[str, set[str]] = defaultdict(set)
    for folder, section in sections.items():
        lang_of[section.index_url] = section.lang
        root = language_root(folder + "/", languages)
        if root is not None:
            by_key[section_url(root[1].rstrip("/"))].add(section.index_url)
    by_path = {page.path: page.url for page in pages}
    urls = set(lang_of) | set(by_path.values())
    explicit: list[tuple[str, str]] = []
    for page in pages:
        lang_of[page.url] = page.lang
        target = resolve_translation(page.meta.get("translation"), page, by_path, urls)
        if target is not None and target != page.url:
            explicit.append((page.url, target))
        root = language_root(page.path, languages)
        if root is not None:
            by_key[output_url(root[1])].add(page.url)

    parent: dict[str, str] = {}

    def find(url: str) -> str:
        parent.setdefault(url, url)
        while parent[url] != url:
            parent[url] = parent[parent[url]]
            url = parent[url]
        return url

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    linked: set[str] = set()
    for a, b in explicit:
        union(a, b)
        linked.update((a, b))
    for group in by_key.values():
        free = sorted(url for url in group if url not in linked)
        for url in free[1:]:
            union(free[0], url)

    components: dict[str, list[str]] = defaultdict(list)
    for url in sorted(parent):
        components[find(url)].append(url)
    translations: dict[str, dict[str, str]] = {}
    for members in components.values():
        versions: dict[str, str] = {}
        for url in members:  # sorted: of two pages in one language the first wins
            versions.setdefault(lang_of.get(url, ""), url)
        if len(versions) < 2:
            continue
        versions = dict(sorted(versions.items()))
        for url in members:
            translations[url] = versions
    return translations


def translation_diagnostics(pages: list[Page], translations: dict[str, dict[str, str]]) -> list[Diagnostic]:
    """WARNING ``translation-not-found`` for a ``translation:`` naming no page; ``translation-same-language``."""
    found: list[Diagnostic] = []
    by_path = {page.path: page.url for page in pages}
    urls = set(by_path.values())
    lang_of = {page.url: page.lang for page in pages}
    for page in pages:
        value = page.meta.get("translation")
        if value is None:
            continue
        target = resolve_translation(value, page, by_path, urls)
        if target is None:
            found.append(Diagnostic(page.path, *page.place("translation"), WARNING, "translation-not-found",
                                    f"translation {value!r} names no page (give the other page's path, e.g. en/series/chapter-1.md)"))
        elif lang_of.get(target) == page.lang:
            found.append(Diagnostic(page.path, *page.place("translation"), WARNING, "translation-same-language",
                                    f"translation {value!r} is in the same language ({page.lang}) as this page"))
    return found


def language_homes(sections: dict[str, Section], languages: tuple[str, ...]) -> dict[str, str]:
    """Each language's home page: its root folder's page (``en/index.html``), else the site's home."""
    homes: dict[str, str] = {}
    for folder in sorted(sections, key=lambda f: (f not in languages, f)):  # "ja/" before its alias "jp/"
        if "/" in folder or not folder:
            continue
        root = language_root(folder + "/", languages)
        if root is not None and root[0] in languages:
            homes.setdefault(root[0], sections[folder].index_url)
    return {lang: homes.get(lang, HOME_URL) for lang in languages}


def switcher(url: str, lang: str, translations: dict[str, dict[str, str]], homes: dict[str, str]) -> list[dict[str, str | bool]]:
    """The language switcher's entries: ``{lang, url, current, translated}`` per language.

    Another language links to this page's translation when there is one, else
    to that language's home; the current language links to its own home.
    """
    versions = translations.get(url, {})
    entries: list[dict[str, str | bool]] = []
    for code, home in homes.items():
        if code == lang:
            entries.append({"lang": code, "url": home, "current": True, "translated": False})
        else:
            target = versions.get(code)
            entries.append({"lang": code, "url": target or home, "current": False, "translated": bool(target)})
    return entries


def language_name(code: str, site_messages: str = "") -> str:
    """A language's name in that language (``language_name`` of its own catalogue), else its code.

    Not the catalogue's English fallback: a language without a catalogue is
    shown as its code rather than as "English".
    """
    from pathlib import Path

    from manabi_ssg.messages import BUILTIN, catalogue

    folders = [BUILTIN] + ([Path(site_messages)] if site_messages else [])
    if any((folder / f"{code}.toml").is_file() for folder in folders):
        return catalogue(code, site_messages).get("language_name", code)
    return code
