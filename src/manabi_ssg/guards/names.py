"""Output names: what a value from the content may become in an output path.

A language, a topic, a series folder or a file name ends up as a folder or
file name under the output folder (``topics/<lang>/<slug>.html``,
``feed-<lang>.xml``, ``pagefind/<lang>-0/``).  A value written by an author
(front matter, a pull request) must never name a place outside that folder,
or a file manabi makes itself, so every such value passes one test here,
:func:`plain_segment`, and a language must also be a BCP 47 tag whose
primary subtag is a real language code (language_codes.py).

Languages are limited to :data:`LANGUAGE_MAX` characters: Pagefind panics on
a language of 30 or more (it slices its hash at the tag's length plus eight),
which took the whole site's search index with it.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
import unicodedata
from functools import lru_cache

from manabi_ssg.guards.language_codes import ALIASES, ISO_639_1, code_for_name

LANGUAGE_MAX = 20  # "zh-Hant-TW", "sr-Latn-RS", "de-CH-1996", "en-US-x-twain" all fit
SEGMENT_MAX = 100  # characters; a file name is at most 255 bytes, and a UTF-8 character up to four

# RFC 5646 "langtag" (no grandfathered tags): language, extlang, script, region, variants, extensions, private use
_ALNUM = "[A-Za-z0-9]"
LANGUAGE_TAG = re.compile(
    r"(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{5,8})"  # language (with extlangs)
    r"(?:-[A-Za-z]{4})?"  # script
    r"(?:-(?:[A-Za-z]{2}|[0-9]{3}))?"  # region
    rf"(?:-(?:{_ALNUM}{{5,8}}|[0-9]{_ALNUM}{{3}}))*"  # variants
    rf"(?:-[0-9A-WYZa-wyz](?:-{_ALNUM}{{2,8}})+)*"  # extensions
    rf"(?:-[Xx](?:-{_ALNUM}{{1,8}})+)?",  # private use
    re.ASCII,
)


def language_problem(value: object) -> str | None:
    """Why ``value`` is no language manabi can use (None: it is one)."""
    if not isinstance(value, str):
        return f"a language must be text, not {type(value).__name__}"
    if not LANGUAGE_TAG.fullmatch(value):
        return (f"language {_shown(value)} is not a BCP 47 language tag (such as ja, en, pt-BR or zh-Hant)"
                + _did_you_mean(value))
    if len(value) > LANGUAGE_MAX:
        return f"language {_shown(value)} is {len(value)} characters long; a language tag has at most {LANGUAGE_MAX} here"
    primary = value.split("-", 1)[0].lower()
    if len(primary) == 2 and primary not in ISO_639_1 and primary not in ALIASES:
        return (f"language {_shown(value)}: {primary!r} is not an ISO 639-1 language code (such as ja, en, pt or zh)"
                + _did_you_mean(value))
    if len(primary) > 3:
        return (f"language {_shown(value)} is not a language code: write the 2-letter ISO 639-1 code (such as ja or en),"
                f" or a 3-letter ISO 639-2/3 code" + _did_you_mean(value))
    return None


def _did_you_mean(value: str) -> str:
    """``ja_JP`` -> ja-JP, ``Japanese`` or ``日本語`` -> ja, ``english-US`` -> en-US; "" when nothing fits."""
    candidates = [value.replace("_", "-")]
    if code := code_for_name(value.replace("_", " ").replace("-", " ")):
        candidates.insert(0, code)
    head, sep, rest = value.replace("_", "-").partition("-")
    if sep and (code := code_for_name(head)):
        candidates.append(f"{code}-{rest}")
    for candidate in candidates:
        if candidate != value and language_problem(candidate) is None:
            return f"; did you mean {canonical_language(candidate)}?"
    return ""


def canonical_language(tag: str) -> str:
    """A tag in BCP 47's conventional case (``EN`` -> ``en``, ``zh-hant-tw`` -> ``zh-Hant-TW``).

    Tags are case-insensitive, so ``en`` and ``EN`` are one language, and must
    give one ``feed-en.xml``, not two files a case-insensitive disk would merge.
    """
    parts = tag.lower().split("-")
    shaped = parts[:1]
    for part in parts[1:]:
        extension = any(len(earlier) == 1 for earlier in shaped)  # after a singleton (x-, u-) case means nothing
        if not extension and len(part) == 4 and part.isalpha():
            part = part.title()  # script
        elif not extension and len(part) == 2 and part.isalpha():
            part = part.upper()  # region
        shaped.append(part)
    return "-".join(shaped)


def is_language(value: object) -> bool:
    return language_problem(value) is None


def shown(value: str) -> str:
    """A value as a message may show it, quoted: Japanese as it is, but every control, bidi or
    invisible character escaped (none reaches a terminal), and cut when long."""
    text = value if len(value) <= 60 else value[:57] + "..."
    return "'" + "".join(_escaped(ch) for ch in text) + "'"


def _escaped(ch: str) -> str:
    if ch in "'\\" or unicodedata.category(ch)[0] in "CZ" and ch != " ":
        return ascii(ch)[1:-1] if ch not in "'\\" else "\\" + ch
    return ch


_shown = shown


def plain_segment(name: str) -> bool:
    """Whether ``name`` may be one folder or file name of the output: no separator, no way up, nothing invisible."""
    if not name or name in (".", "..") or len(name) > SEGMENT_MAX:
        return False
    if name != name.strip():
        return False
    return not any(ch in "/\\" or unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp") for ch in name)


def safe_relative(rel: str) -> bool:
    """Whether an output path (posix, relative) stays inside the output folder, written as it is meant.

    Every segment is read as it is (``a/./b`` and ``a//b`` are refused too):
    the path that is checked is the path that is written.
    """
    if not rel or rel.startswith("/") or posixpath.normpath(rel) != rel:
        return False
    return all(segment not in (".", "..") and "\\" not in segment and "\0" not in segment for segment in rel.split("/"))


RESERVED_TOPIC_SLUGS = frozenset({"index"})  # topics/index.html lists the topics


def topic_slug(topic: str) -> str:
    """The file name (without ``.html``) of a topic's page.

    An ordinary topic keeps the slug it always had (``Machine Learning`` ->
    ``machine-learning``, ``機械学習`` -> ``機械学習``).  A topic whose slug
    would be empty (``..``, ``""``, only punctuation or invisible characters),
    reserved (``index``) or too long is named by a hash of its text instead,
    ``topic-<10 hex>``: distinct texts, distinct names.  Two distinct topics
    whose slugs still meet are reported by the build (``output-collision``).
    """

    slug = slugify(topic)
    if slug == "section" and "section" not in unicodedata.normalize("NFKC", topic).lower():
        slug = ""  # slugify's stand-in for a text with nothing to keep
    if not slug or slug in RESERVED_TOPIC_SLUGS or len(slug) > 80 or not plain_segment(slug):
        return "topic-" + hashlib.sha256(topic.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return slug


@lru_cache(maxsize=8192)  # chapters repeat their heading words: 背景, 解答, Summary...
def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    kept = []
    for ch in text:
        category = unicodedata.category(ch)
        if category[0] in "LN" or ch in "-_":
            kept.append(ch)
        elif ch.isspace() or ch in ".:/":
            kept.append("-")
    slug = re.sub(r"-{2,}", "-", "".join(kept)).strip("-")
    return slug or "section"
