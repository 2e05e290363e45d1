"""Site settings: one optional ``manabi.toml`` beside the content folder.

Every setting has a default, so a bare folder of Markdown builds.  TOML is read
with the standard library, so the config format costs no dependency.

Which folder is the site (its ``manabi.toml``, ``templates/``, ``static/``,
``messages/``, and the default ``_site/`` and ``.manabi-cache/``) follows one
rule, :func:`find_site`.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from manabi_ssg.site.answers import MODES
from manabi_ssg.guards import toml_errors, toml_reading
from manabi_ssg.guards.characters import FORBIDDEN, describe, strip_forbidden
from manabi_ssg.diagnostics import CODES, ERROR, WARNING, Diagnostic
from manabi_ssg.guards.limits import TEXT_LENGTHS
from manabi_ssg.guards.names import canonical_language, language_problem

CONFIG_NAME = "manabi.toml"
MERMAID_FROM_SITE = "site"  # mermaid_url's default: the site's own copy of the pinned Mermaid
# What makes a folder beside the content a site folder.
SITE_FILES = (CONFIG_NAME, "templates", "static", "messages")


@dataclass(frozen=True)
class Config:
    title: str = "manabi"
    description: str = ""
    default_language: str = "ja"
    base_url: str = ""  # e.g. "https://example.org/course/"; enables sitemap.xml
    content_dir: str = "content"
    output_dir: str = "_site"
    cache_dir: str = ".manabi-cache"
    # Newline-as-line-break, as Qiita/Zenn and the converters these chapters
    # were written for do.  False gives CommonMark soft breaks.
    hard_line_breaks: bool = True
    # Folders of the site that override the theme file by file.
    templates_dir: str = "templates"
    static_dir: str = "static"
    mermaid_url: str = MERMAID_FROM_SITE
    license: str = ""
    silence: tuple[str, ...] = ()  # diagnostic codes to drop
    # Pages with ``draft: true`` are built only when this is true (``build --drafts``; ``serve`` by default).
    drafts: bool = False
    # Language folders besides the ISO 639-1 codes (ja, en, ...) and jp, e.g. ["fil", "yue"].
    languages: tuple[str, ...] = ()
    extra_keys: tuple[str, ...] = ()
    reference_headings: tuple[str, ...] = ()  # headings of reference lists, besides 参考文献, References, ...  # front matter keys the site uses on purpose: never flagged as typos
    # Folders (relative to this file) that symbolic links in content/, static/ or
    # templates/ may lead to; a link anywhere else is not followed (see boundary.py).
    allow_links_to: tuple[str, ...] = ()
    # "withheld": an edition without answers (answers.py); the command line's --answers wins
    answers: str = "shown"
    search: bool = True  # index the chapters with Pagefind after the build (see search.py)
    print_pages: bool = True  # each series' whole-book page to print, <series>/print.html (outputs/print_book.py)
    offline: bool = True  # each series can be saved to read offline: <series>/offline.json and sw.js (outputs/offline.py)
    # ``--safe``: the site's templates, messages and allow_links_to are not used (see safe.py).
    # Only the command line sets it, never manabi.toml.
    safe: bool = False
    # The build's day (YYYY-MM-DD) that answers_from dates are compared with: --date, else
    # SOURCE_DATE_EPOCH, else today (answers.build_date).  Only the command line sets it.
    build_date: str = ""
    root: Path = field(default=Path("."), compare=False)
    config_file: Path | None = field(default=None, compare=False)  # the file these settings came from

    @property
    def content_path(self) -> Path:
        return (self.root / self.content_dir).resolve()

    @property
    def output_path(self) -> Path:
        return (self.root / self.output_dir).resolve()

    @property
    def cache_path(self) -> Path:
        return (self.root / self.cache_dir).resolve()


# Fields the command line or manabi itself sets; manabi.toml cannot.
NOT_SETTINGS = ("root", "config_file", "safe", "build_date")
_TYPES = {f.name: f.type for f in fields(Config) if f.name not in NOT_SETTINGS}


def find_site(config_file: str | None, content: str | None, cwd: Path) -> tuple[Path, Path | None]:
    """The site folder and the config file to read (None: defaults), from ``--config`` and ``--content``.

    1. ``--config FILE``: the settings are FILE's, whatever its name, and the
       site folder is the folder FILE is in.
    2. Else ``--content DIR``: when the folder that holds DIR also holds a
       ``manabi.toml``, ``templates/``, ``static/`` or ``messages/``, it is the
       site folder (the layout ``manabi new`` and the README show).
    3. Else the working folder is the site folder.

    The site folder's ``manabi.toml`` is read when there is one.  Paths given
    on the command line (``--content``, ``--output``) are from the working
    folder; paths in the config are from the site folder.
    """
    if config_file:
        path = (cwd / config_file).resolve()
        return path.parent, path
    root = cwd
    if content:
        beside = (cwd / content).resolve().parent
        if any((beside / name).exists() for name in SITE_FILES):
            root = beside
    path = root / CONFIG_NAME
    return root, (path if path.is_file() else None)


def load_config(root: Path, path: Path | None = None) -> tuple[Config, list[Diagnostic]]:
    """Read ``path`` (default: ``root/manabi.toml``) if present; unknown or mistyped keys are reported, not fatal."""
    path = path or root / CONFIG_NAME
    config = Config(root=root)
    if not path.is_file():
        return config, []
    config = replace(config, config_file=path)
    shown = _shown(path)
    try:
        text = path.read_text(encoding="utf-8")
        data = toml_reading.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, col, why = toml_errors.explain(text, str(exc))
        if line:
            return config, [Diagnostic(shown, line, col or 1, ERROR, "config-invalid", f"cannot read config: {why}")]
        return config, [Diagnostic(shown, 0, 0, ERROR, "config-invalid", f"cannot read config: {exc}")]
    except (UnicodeDecodeError, OSError) as exc:
        line = _toml_error_line(exc)
        return config, [Diagnostic(shown, line, 1 if line else 0, ERROR, "config-invalid", f"cannot read config: {exc}")]
    diagnostics: list[Diagnostic] = []
    values = {}

    def problem(key: str, level: str, code: str, message: str, needle: str | None = None) -> None:
        line, col = toml_place(text, key, needle)
        diagnostics.append(Diagnostic(shown, line, col, level, code, message))

    for key, value in data.get("site", data).items():
        if key not in _TYPES:
            guess = difflib.get_close_matches(key, list(_TYPES), n=1)
            problem(key, WARNING, "config-unknown-key", f"unknown setting {key!r}" + (f": did you mean {guess[0]!r}?" if guess else ""))
            continue
        expected = _TYPES[key]
        if "tuple" in str(expected):
            if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                problem(key, ERROR, "config-type", f"setting {key!r} must be a list of strings")
                continue
            value = tuple(value)
        elif ("bool" in str(expected)) != isinstance(value, bool) or ("str" in str(expected) and not isinstance(value, str)):
            problem(key, ERROR, "config-type", f"setting {key!r} has the wrong type ({type(value).__name__})")
            continue
        texts = value if isinstance(value, tuple) else (value,)
        if found := next((m for text in texts if isinstance(text, str) and (m := FORBIDDEN.search(text))), None):
            # "\u0001" is valid TOML; in the site's title it would reach every page and feed
            problem(key, WARNING, "config-character", f"setting {key!r}: {describe(found.group())} cannot appear in a page or a feed; it was removed")
            value = tuple(strip_forbidden(t) for t in value) if isinstance(value, tuple) else strip_forbidden(value)
        values[key] = value
    # the site's title and description are on every page: cut past limits.py's lengths, as a page's are
    for key in ("title", "description"):
        limit = TEXT_LENGTHS[key]
        if isinstance(values.get(key), str) and len(values[key]) > limit:
            problem(key, ERROR, "config-too-long", f"setting {key!r} is {len(values[key]):,} characters, over the {limit:,} limit (it is on every page): cut")
            values[key] = values[key][: limit - 1].rstrip() + "…"
    # languages name output folders and files (names.py): only language tags
    if "default_language" in values and (wrong := language_problem(values["default_language"])):
        problem("default_language", ERROR, "config-type", f"default_language: {wrong}; {Config.default_language!r} is used",
                needle=values["default_language"] if isinstance(values["default_language"], str) else None)
        del values["default_language"]
    if "languages" in values:
        for tag in values["languages"]:
            if wrong := language_problem(tag):
                problem("languages", ERROR, "config-type", f"languages: {wrong}; left out", needle=tag)
        values["languages"] = tuple(tag for tag in values["languages"] if language_problem(tag) is None)
    if "default_language" in values:
        values["default_language"] = canonical_language(values["default_language"])
    if "answers" in values and values["answers"] not in MODES:
        problem("answers", ERROR, "config-type", f"answers: {values['answers']!r} is not {' or '.join(map(repr, MODES))}; "
                f"{Config.answers!r} is used", needle=values["answers"])
        del values["answers"]
    for code in values.get("silence", ()):
        if code not in CODES:
            guess = difflib.get_close_matches(code, sorted(CODES), n=1)
            problem("silence", WARNING, "config-unknown-code",
                    f"silence: {code!r} is no diagnostic code" + (f"; did you mean {guess[0]!r}?" if guess else ""), needle=code)
    return replace(config, **values), sorted(diagnostics, key=lambda d: (d.line, d.col))


def _shown(path: Path) -> str:
    """The config's path as content paths are shown: relative to the working folder."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return str(path)


def toml_place(text: str, key: str, needle: str | None = None) -> tuple[int, int]:
    """1-based (line, col) of ``key = …`` in the TOML text (of ``needle`` after it, when given); (0, 0) if not found."""
    match = re.search(rf"^[ \t]*{re.escape(key)}[ \t]*=", text, re.MULTILINE)
    if not match:
        return 0, 0
    position = match.start() + len(match.group(0)) - len(match.group(0).lstrip())
    if needle is not None:
        found = text.find(f"{needle}", match.end())
        position = found if found >= 0 else position
    line = text.count("\n", 0, position) + 1
    return line, position - (text.rfind("\n", 0, position) + 1) + 1


def _toml_error_line(exc: Exception) -> int:
    import re

    match = re.search(r"line (\d+)", str(exc))
    return int(match.group(1)) if match else 0
