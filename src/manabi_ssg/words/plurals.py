"""Plural forms: "1 chapter", "2 chapters", "3章", "2 rozdziały", "5 rozdziałów".

A catalogue gives a text that holds a number in each of its language's plural
forms, as a TOML table: ``chapter_count.one = "{n} chapter"`` and
``chapter_count.other = "{n} chapters"``; Japanese needs only ``.other``.  The
forms are CLDR's cardinal categories (``zero``, ``one``, ``two``, ``few``,
``many``, ``other``), the ones the browser's ``Intl.PluralRules`` picks in
``search.js`` and ``progress.js``, so a count reads the same whether the page
or a script wrote it.  :func:`category` holds CLDR's rules for whole numbers
in the languages a course is likely written in; any other language gets
English's rule (``one`` for 1, else ``other``), and a missing form falls back
to ``other``, then to a plain string under the key.
"""

from __future__ import annotations

FORMS = ("zero", "one", "two", "few", "many", "other")

# CLDR cardinal rules for whole numbers n >= 0, by language (the part before any "-")
NO_PLURAL = frozenset({"ja", "zh", "ko", "th", "vi", "id", "ms", "lo", "my", "km", "yue"})
ONE_FOR_ZERO_AND_ONE = frozenset({"fr", "pt", "hi", "bn", "fa", "gu", "kn", "zu", "am"})
SLAVIC_EAST = frozenset({"ru", "uk", "be", "sr", "hr", "bs"})
WEST_SLAVIC_FEW = frozenset({"cs", "sk"})


def category(lang: str, n: int) -> str:
    """The CLDR plural category of the whole number ``n`` in ``lang``."""
    base = lang.lower().split("-")[0].split("_")[0]
    n = abs(int(n))
    tens, hundreds = n % 10, n % 100
    if base in NO_PLURAL:
        return "other"
    if base in ONE_FOR_ZERO_AND_ONE:
        return "one" if n in (0, 1) else "other"
    if base in SLAVIC_EAST:
        if tens == 1 and hundreds != 11:
            return "one"
        if 2 <= tens <= 4 and not 12 <= hundreds <= 14:
            return "few"
        return "many" if base in ("ru", "uk", "be") else "other"
    if base == "pl":
        if n == 1:
            return "one"
        return "few" if 2 <= tens <= 4 and not 12 <= hundreds <= 14 else "many"
    if base in WEST_SLAVIC_FEW:
        return "one" if n == 1 else "few" if 2 <= n <= 4 else "other"
    if base == "ar":
        if n in (0, 1, 2):
            return ("zero", "one", "two")[n]
        return "few" if 3 <= hundreds <= 10 else "many" if hundreds >= 11 else "other"
    return "one" if n == 1 else "other"


def forms(messages: dict[str, str], key: str) -> dict[str, str]:
    """The plural forms a catalogue has for ``key`` (``{"one": ..., "other": ...}``); a plain string counts as ``other``."""
    found = {form: messages[f"{key}.{form}"] for form in FORMS if f"{key}.{form}" in messages}
    if "other" not in found and key in messages:
        found["other"] = messages[key]
    return found


def plural(messages: dict[str, str], key: str, n: int, lang: str) -> str:
    """The text of ``key`` in the form ``n`` takes in ``lang`` (not yet formatted); the key itself when there is none."""
    known = forms(messages, key)
    return known.get(category(lang, n)) or known.get("other") or key
