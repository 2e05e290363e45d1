"""Japanese and Chinese split into words before Pagefind reads them, by ICU, as the browser splits a query.

Pagefind finds words; Japanese and Chinese write none apart.  Left to
itself, Pagefind's extended build splits them with its own dictionaries
(Lindera, Jieba): more than half of its work on a Japanese chapter (0.83 s of
CPU per MB of page), and not the way the browser splits the query it is
searched with (``Intl.Segmenter``, ICU's word breaker).  Here each run of
kana and kanji in the indexed text gets ICU's word breaks, marked with a
hair space (U+200A, whitespace to Pagefind, never typed by an author and
removed again from what search.js shows), and the page is handed to Pagefind
as ``lang="und"``, which it splits at spaces only.  Index and query are then
split by one algorithm.

Without ICU (``icu4py`` not installed) the page goes to Pagefind as it is.
"""

from __future__ import annotations

import re

try:
    from icu4py.breakers import WordBreaker
except ImportError:  # pragma: no cover - icu4py is a dependency; a broken install falls back to Pagefind's own
    WordBreaker = None  # type: ignore[assignment, misc]  # no class: the callers test for None

BREAK = "\u200a"  # HAIR SPACE
SPLIT_LANGUAGES = ("ja", "zh")
KANA_KANJI = "\u3005\u3006\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
HAS_KANA_KANJI = re.compile(f"[{KANA_KANJI}]")
# ICU breaks Latin words, spaces and entities too (``&amp;`` -> & amp ;): a break stays only next to kana or kanji
AWAY_FROM_KANA_KANJI = re.compile(f"(?<![{KANA_KANJI}]){BREAK}(?![{KANA_KANJI}])")
TEXT = re.compile(r"(?<=>)([^<]+)(?=<)")  # text between tags: attributes (a heading's id, a link) are never touched
NODE_END = "\x00"  # no page holds it; ICU breaks around it


def version() -> str:
    """Part of a search bundle's key: another ICU may split words elsewhere."""
    if WordBreaker is None:
        return ""
    from importlib import metadata

    try:
        package = metadata.version("icu4py")
    except metadata.PackageNotFoundError:
        package = ""
    try:
        from icu4py import _version  # its ICU; a private module, so read with care

        icu = str(getattr(_version, "icu_version", ""))
    except ImportError:
        icu = ""
    return f"icu4py {package} icu {icu}"


def splits(lang: str) -> bool:
    return WordBreaker is not None and lang.split("-")[0].lower() in SPLIT_LANGUAGES


def split_words(html: str, lang: str) -> str:
    """``html`` with a break between the words of its kana and kanji text (tags and attributes untouched).

    One ICU pass over the page's text nodes, joined (a break iterator per
    node cost three times as much on a long chapter).
    """
    pieces = TEXT.split(html)  # odd items: the text between two tags
    nodes = [i for i in range(1, len(pieces), 2) if HAS_KANA_KANJI.search(pieces[i])]
    if not nodes:
        return html
    joined = NODE_END.join(pieces[i] for i in nodes)
    split = AWAY_FROM_KANA_KANJI.sub("", BREAK.join(WordBreaker(joined, lang)))
    for i, text in zip(nodes, split.split(NODE_END)):
        pieces[i] = text
    return "".join(pieces)
