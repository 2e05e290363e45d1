"""``manabi new chapter PATH``, ``manabi new series PATH`` and ``manabi new
translation PATH --lang LANG``: start from a file that already follows the
conventions.

A new chapter has every front matter field the chapter header shows, filled
with placeholders to replace, and the sections manabi recognises: the body,
exercises with a hint and an answer, and a reference list that the body
cites.  The text is Japanese under a Japanese language root (``ja/``, ``jp/``)
and English otherwise.  The result builds cleanly, so an author starts from a
page that works; ``manabi check --strict`` fails only on the placeholders
(``placeholder-left``, see ``markdown/placeholders.py``) until each is replaced.

A chapter or series in a language root or folder that has no landing page
yet gets one, in the page's language (``en/index.md`` titled "English",
``en/series/index.md``): without them the home page showed a section called
``en`` and a card named after the folder.

A translation is the chapter of the same path under the other language's
root, with ``translation:`` pointing back, and ``translation:`` is added to
the source chapter's front matter as one new line: nothing else in that file
changes (see :mod:`manabi_ssg.authoring.frontmatter_edit`).

Nothing is ever overwritten: when a file to be written exists, nothing is
written and the command exits 2.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Set
from pathlib import Path

from manabi_ssg.site.config import Config
from manabi_ssg.pipeline.frontmatter import parse
from manabi_ssg.authoring.frontmatter_edit import EditRefused, add_key
from manabi_ssg.site.i18n import language_root
from manabi_ssg.guards.language_codes import LANGUAGE_ALIASES, is_language_folder
from manabi_ssg.pipeline.load import language_of
from manabi_ssg.site.urls import MARKDOWN_SUFFIXES
from manabi_ssg.guards.names import language_problem
from manabi_ssg.messages import catalogue, site_messages
from manabi_ssg.words.starter_texts import CHAPTER, LANGUAGE_HOME, SERIES, TRANSLATION_NOTE, series_title_placeholder


class ScaffoldError(Exception):
    """The files cannot be written (one exists, or the path is outside the content); the message says why."""


def _relative(config: Config, target: str) -> str:
    """``PATH`` inside the content folder (``ja/series/chapter-1.md``), or a path from here into it
    (``content/ja/series/chapter-1.md``) -> the content-relative posix path."""
    content = config.content_path
    path = Path(target)
    candidates = [path] if path.is_absolute() else [Path.cwd() / path, content / path]
    for candidate in candidates:
        resolved = candidate.resolve()
        if resolved == content or content in resolved.parents:
            return resolved.relative_to(content).as_posix() if resolved != content else ""
    raise ScaffoldError(f"{target} is not inside the content folder {content}")


def _kind_language(rel: str, config: Config) -> str:
    lang = language_of(rel, {}, config.default_language, config.languages)
    return "ja" if lang == "ja" else "en"


def _number(rel: str, content: Path) -> int:
    match = re.search(r"(\d+)", rel.rsplit("/", 1)[-1])
    if match:
        return int(match.group(1))
    folder = (content / rel).parent
    existing = [p for p in folder.glob("*") if p.suffix in MARKDOWN_SUFFIXES and p.stem.lower() != "index"] if folder.is_dir() else []
    return len(existing) + 1


def _series_title(folder: Path, rel_folder: str) -> str:
    index = folder / "index.md"
    if index.is_file():
        match = re.search(r'^title:\s*"?(.*?)"?\s*$', index.read_text(encoding="utf-8", errors="replace"), re.MULTILINE)
        if match and match.group(1):
            return match.group(1)
    return rel_folder.rsplit("/", 1)[-1] or "series"


def chapter_text(rel: str, config: Config, series: str | None = None, number: int | None = None, today: str | None = None,
                 translation: str | None = None) -> str:
    """A new chapter at ``rel``; ``translation``: the content path of the chapter it translates (written uncommented)."""
    lang_key = _kind_language(rel, config)
    lang = language_of(rel, {}, config.default_language, config.languages)
    folder = rel.rpartition("/")[0]
    rest = rel.split("/", 1)[1] if "/" in rel else rel
    other = ("en/" if lang_key == "ja" else "ja/") + rest
    return CHAPTER[lang_key].format(
        n=number if number is not None else _number(rel, config.content_path),
        series=series if series is not None else _series_title(config.content_path / folder, folder),
        today=today or _dt.date.today().isoformat(),
        lang=lang,
        translation=f"translation: {_quoted(translation)}" if translation else TRANSLATION_NOTE[lang_key].format(other=other),
    )


def _quoted(text: str) -> str:
    """A YAML double-quoted string (JSON's quoting is valid YAML)."""
    import json

    return json.dumps(text, ensure_ascii=False)


def _has_index(folder: Path) -> bool:
    return folder.is_dir() and any(p.is_file() and p.name.lower() in ("index.md", "index.markdown") for p in folder.iterdir())


def landing_pages(config: Config, rel: str, planned: Set[Path] = frozenset()) -> dict[Path, str]:
    """The ``index.md`` a new page at ``rel`` needs and its folders lack: its language root's and its series'.

    Each in the page's language; ``planned``: index files the caller writes anyway.
    """
    content = config.content_path
    lang = language_of(rel, {}, config.default_language, config.languages)
    lang_key = "ja" if lang == "ja" else "en"
    top, _, rest = rel.partition("/")
    files: dict[Path, str] = {}
    if rest and is_language_folder(top, config.languages) and not _has_index(content / top) and content / top / "index.md" not in planned:
        name = catalogue(lang, site_messages(config.root)).get("language_name", lang)
        files[content / top / "index.md"] = LANGUAGE_HOME[lang_key].format(name=name, lang=lang)
    folder = rel.rpartition("/")[0]
    if folder and folder != top and not _has_index(content / folder) and content / folder / "index.md" not in planned:
        title = series_title_placeholder(lang_key, folder.rsplit("/", 1)[-1])
        files[content / folder / "index.md"] = SERIES[lang_key].format(title=title, lang=lang)
    return files


def _with_suffix(rel: str) -> str:
    return rel if rel.lower().endswith(MARKDOWN_SUFFIXES) else rel + ".md"


def write_new(files: dict[Path, str]) -> list[Path]:
    """Write every file, or none when one exists: an author's file is never replaced."""
    existing = [path for path in files if path.exists()]
    if existing:
        raise ScaffoldError(f"{existing[0]} already exists; not overwriting it (choose another name or remove it first)")
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8") as handle:  # "x": never replace a file that appeared meanwhile
            handle.write(text)
    return list(files)


def new_chapter(config: Config, target: str) -> list[Path]:
    rel = _with_suffix(_relative(config, target))
    if rel.rsplit("/", 1)[-1].lower() in ("index.md", "index.markdown"):
        raise ScaffoldError(f"{target} is a series' landing page; use: manabi new series {rel.rpartition('/')[0] or '.'}")
    landings = landing_pages(config, rel)
    series_index = config.content_path / rel.rpartition("/")[0] / "index.md"
    series = _series_title_in(landings[series_index]) if series_index in landings else None
    return write_new({config.content_path / rel: chapter_text(rel, config, series=series), **landings})


def _series_title_in(index_text: str) -> str:
    match = re.search(r'^title:\s*"(.*)"\s*$', index_text, re.MULTILINE)
    return match.group(1) if match else ""


def new_series(config: Config, target: str) -> list[Path]:
    rel = _relative(config, target).rstrip("/")
    if not rel or rel == ".":
        raise ScaffoldError("give the series' folder, e.g. manabi new series ja/my-series")
    lang_key = _kind_language(rel + "/index.md", config)
    lang = language_of(rel + "/index.md", {}, config.default_language, config.languages)
    title = series_title_placeholder(lang_key, rel.rsplit("/", 1)[-1])
    first = f"{rel}/chapter1-introduction.md"
    folder = config.content_path / rel
    files = {
        folder / "index.md": SERIES[lang_key].format(title=title, lang=lang),
        config.content_path / first: chapter_text(first, config, series=title, number=1),
    }
    files.update(landing_pages(config, first, planned=set(files)))
    return write_new(files)


def new_translation(config: Config, target: str, lang: str | None) -> list[Path]:
    """The chapter at ``target`` in language ``lang``: the same path under ``lang``'s root, ``translation:`` both ways."""
    if not lang:
        raise ScaffoldError("give the translation's language, e.g. manabi new translation ja/series/chapter-1.md --lang en")
    lang = LANGUAGE_ALIASES.get(lang.strip(), lang.strip())
    if why := language_problem(lang):
        raise ScaffoldError(why)  # names.py: "did you mean en?" for --lang english
    rel = _relative(config, target)
    source = config.content_path / rel
    if not source.is_file() or not rel.lower().endswith(MARKDOWN_SUFFIXES):
        raise ScaffoldError(f"{target} is not a chapter of the content (a .md file)")
    if rel.rsplit("/", 1)[-1].lower() in ("index.md", "index.markdown"):
        raise ScaffoldError(f"{target} is a landing page; translate its chapters, and the landing page is made with them")
    root = language_root(rel, config.languages)
    if root is None:
        raise ScaffoldError(f"{target} is not under a language folder (ja/, en/, ...), so it has no path in another language")
    source_lang, rest = root
    if source_lang == lang:
        raise ScaffoldError(f"{target} is already in {lang}")
    try:
        text = source.read_bytes().decode("utf-8")  # as it is: no newline translation
    except (OSError, UnicodeDecodeError) as exc:
        raise ScaffoldError(f"cannot read {rel}: {exc}") from None
    meta = parse(text.lstrip("\ufeff").replace("\r\n", "\n"), rel).data
    translated = f"{lang}/{rest}"
    if (config.content_path / translated).exists():
        raise ScaffoldError(f"{config.content_path / translated} already exists; not overwriting it, and {rel} is left as it is")
    try:
        edited = add_key(text, "translation", translated)
    except EditRefused as exc:
        raise ScaffoldError(f"cannot add translation: to {rel}: {exc}; nothing was written") from None
    numbers = [meta.get(key) for key in ("series_order", "chapter_number")]
    number = next((n for n in numbers if isinstance(n, int) and not isinstance(n, bool) and n > 0), None)
    landings = landing_pages(config, translated)
    series_index = config.content_path / translated.rpartition("/")[0] / "index.md"
    series = _series_title_in(landings[series_index]) if series_index in landings else None
    chapter = chapter_text(translated, config, series=series, number=number, translation=rel)
    written = write_new({config.content_path / translated: chapter, **landings})
    _replace(source, edited)
    return written + [source]


def _replace(path: Path, text: str) -> None:
    """Write ``text`` over ``path`` in one step (a temporary file renamed over it), keeping its permissions."""
    import os
    import tempfile

    mode = path.stat().st_mode & 0o7777
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise

