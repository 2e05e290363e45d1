"""Message catalogues: every piece of interface text, per language.

Templates never hold literal interface text; they ask ``t("hint")``.  The
theme ships ``ja`` and ``en``; a site adds or overrides a language with
``messages/<lang>.toml`` beside its config.  A missing key falls back to
English, then to the key itself, so a half-translated catalogue still builds.
A site's catalogue is its own text on every page, not content, so ``--safe``
leaves it out (see :mod:`manabi_ssg.safe`).

A text that shows a number has plural forms, a table (``chapter_count.one``,
``chapter_count.other``; see :mod:`manabi_ssg.words.plurals`), kept flat here as
``"chapter_count.one"``.  A catalogue that gives any form of a key (or a plain
string for it) replaces all of that key's forms from another language's
catalogue (Japanese's ``.other`` never sits beside English's ``.one``), and
adds to or changes those of its own language (a site's ``en.toml`` may give
only ``chapter_count.one``).  English, the theme's then the site's, comes
first, then the page's language, the theme's then the site's, so a site's
``en.toml`` never changes a Japanese page's text.

Imports only guards (to read a site's catalogue as content) and what lies below them.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

from manabi_ssg.guards import toml_reading
from manabi_ssg.guards.boundary import Boundary
from manabi_ssg.guards.catalogue_check import flatten, value_problem
from manabi_ssg.guards.characters import strip_forbidden

BUILTIN = Path(__file__).parent


def site_messages(root: Path, safe: bool = False) -> str:
    """The site's ``messages/`` folder (beside its config) as a real path; "" when it has none, or under ``--safe``."""
    folder = root / "messages"
    return str(folder.resolve()) if folder.is_dir() and not safe else ""


@lru_cache(maxsize=16)
def catalogue(lang: str, site_messages: str = "") -> dict[str, str]:
    """English (the theme's, then the site's), then ``lang`` (the theme's, then the site's)."""
    layers = [(BUILTIN, "en"), (Path(site_messages) if site_messages else None, "en")]
    if lang != "en":
        layers += [(BUILTIN, lang), (Path(site_messages) if site_messages else None, lang)]
    merged: dict[str, str] = {}
    language_of: dict[str, str] = {}  # key -> the language its forms came from
    for folder, name in layers:
        if folder is None:
            continue
        path = folder / f"{name}.toml"
        if folder is not BUILTIN and Boundary.of(folder, folder).refusal(path) is not None:
            continue  # a link out of the site's messages folder (see boundary.py)
        if not path.is_file():
            continue
        try:
            raw = flatten(toml_reading.loads(path.read_text(encoding="utf-8")))
        except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError):
            continue  # a broken site catalogue leaves the built-in text in place (catalogue_check reports it)
        if folder is not BUILTIN:  # a text that is no text, or whose placeholders the page cannot fill: the theme's stays
            raw = {key: value for key, value in raw.items() if value_problem(key, value, english()) is None}
        # a character XML forbids ("\u0002" is valid TOML) never reaches a page: there it could also
        # open one of the answer regions an edition withholds (answers.py)
        layer = {key: strip_forbidden(str(value)) for key, value in raw.items()}
        replaced = {key.split(".", 1)[0] for key in layer} - {key for key, source in language_of.items() if source == name}
        for key in [k for k in merged if k.split(".", 1)[0] in replaced]:
            del merged[key]  # another language's forms: none of them may show beside this one's
        language_of.update({key.split(".", 1)[0]: name for key in layer})
        merged.update(layer)
    return merged


@lru_cache(maxsize=1)
def english() -> dict[str, str]:
    """The theme's English texts: what a site's texts are checked against (their placeholders)."""
    return {key: str(value) for key, value in flatten(tomllib.loads((BUILTIN / "en.toml").read_text(encoding="utf-8"))).items()}
