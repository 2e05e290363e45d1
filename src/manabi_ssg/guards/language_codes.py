"""Which language codes are real, and which code an author meant by a name.

BCP 47's grammar alone lets ``japanese`` (a 5-8 letter primary subtag) and
``xx`` through, and either would add a language to the whole site (a header
link on every page, ``search-japanese.html``, ``topics/japanese/``).  So the
primary subtag must also be a real code:

- two letters: one of ISO 639-1's 184 codes, carried in ``iso639-1.tsv``
  (source named in that file);
- three letters: accepted as they are.  ISO 639-2/3 hold about 8,000 codes,
  too many to carry for the rare course that needs one, so ``xyz`` is not
  checked against a list;
- four to eight letters: refused (no registered language has one).

A name written for a code (``japanese``, ``Japanese``, ``日本語``) gets its
code as a suggestion, from ISO 639-1's English names and a small table of
names written in the language itself.
"""

from __future__ import annotations

import re
from importlib import resources


def _read_iso_639_1() -> dict[str, str]:
    text = resources.files("manabi_ssg").joinpath("iso639-1.tsv").read_text(encoding="utf-8")
    codes = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            code, name = line.split("\t", 1)
            codes[code] = name
    return codes


ISO_639_1_NAMES = _read_iso_639_1()
ISO_639_1 = frozenset(ISO_639_1_NAMES)
ALIASES = {"jp": "ja"}  # the country code, written for the language often enough to accept it

# Names of the common languages as their speakers (and Japanese authors) write them.
NATIVE_NAMES = {
    "日本語": "ja", "にほんご": "ja", "nihongo": "ja", "英語": "en", "中国語": "zh", "韓国語": "ko",
    "ドイツ語": "de", "フランス語": "fr", "スペイン語": "es", "ポルトガル語": "pt", "イタリア語": "it", "ロシア語": "ru",
    "english": "en", "中文": "zh", "汉语": "zh", "漢語": "zh", "简体中文": "zh-Hans", "繁體中文": "zh-Hant",
    "한국어": "ko", "조선말": "ko", "deutsch": "de", "français": "fr", "francais": "fr", "español": "es",
    "espanol": "es", "português": "pt", "portugues": "pt", "italiano": "it", "русский": "ru", "العربية": "ar",
    "हिन्दी": "hi", "tiếng việt": "vi", "ไทย": "th", "bahasa indonesia": "id", "nederlands": "nl",
    "polski": "pl", "türkçe": "tr", "svenska": "sv", "norsk": "no", "dansk": "da", "suomi": "fi",
    "ελληνικά": "el", "עברית": "he", "українська": "uk", "čeština": "cs", "magyar": "hu", "română": "ro",
}


def _names_to_codes() -> dict[str, str]:
    table: dict[str, str] = {}
    for code, names in ISO_639_1_NAMES.items():
        for name in names.split(";"):
            table.setdefault(name.strip().casefold(), code)
    table.update((name.casefold(), code) for name, code in NATIVE_NAMES.items())
    return table


_BY_NAME = _names_to_codes()


def code_for_name(name: str) -> str | None:
    """``Japanese``, ``japanese``, ``日本語`` -> ``ja``; None for no language name known here."""
    return _BY_NAME.get(" ".join(name.split()).casefold())


LANGUAGE_ALIASES = ALIASES  # the name the pipeline knows them by
# ISO 639-1 (language_codes.py): only these (with a region or script, ``pt-BR``, ``zh-Hant``), ``jp``
# and the config's ``languages`` name a language folder; ``lab/`` or ``faq/`` do not.
REGION_RE = re.compile(r"^[a-z]{2}-(?:[A-Z]{2}|[A-Z][a-z]{3}|[0-9]{3})$")

def is_language_folder(name: str, languages: tuple[str, ...] = ()) -> bool:
    """``ja``, ``en``, ``jp``, ``pt-BR`` and the configured ``languages`` are; ``lab``, ``faq``, ``img`` are not."""
    return name in ISO_639_1 or name in LANGUAGE_ALIASES or name in languages or (
        bool(REGION_RE.match(name)) and name[:2] in ISO_639_1)
