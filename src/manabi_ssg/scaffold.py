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
changes (see :mod:`manabi_ssg.frontmatter_edit`).

Nothing is ever overwritten: when a file to be written exists, nothing is
written and the command exits 2.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path

from manabi_ssg.config import Config
from manabi_ssg.frontmatter import parse
from manabi_ssg.frontmatter_edit import EditRefused, add_key
from manabi_ssg.i18n import language_root
from manabi_ssg.load import LANGUAGE_ALIASES, MARKDOWN_SUFFIXES, is_language_folder, language_of
from manabi_ssg.names import language_problem
from manabi_ssg.messages import catalogue, site_messages


class ScaffoldError(Exception):
    """The files cannot be written (one exists, or the path is outside the content); the message says why."""


CHAPTER = {
    "ja": '''---
title: "第{n}章：（章のタイトル）"
subtitle: "（一行で言う、この章の内容）"
description: "（カードと検索結果に出る、一、二文の紹介）"
level: "beginner"
difficulty: "初級"
target_audience: "（対象読者：学部生、研究者など）"
estimated_time: "20分"
learning_objectives:
  - （この章を読み終えた読者ができること 1）
  - （この章を読み終えた読者ができること 2）
topics: ["（トピック）"]
keywords: ["（キーワード）"]
prerequisites: ["（前提知識。前の章なら「第1章」と書くとリンクになります）"]
series: "{series}"
series_order: {n}
version: "0.1"
created_at: "{today}"
updated_at: "{today}"
author: "（著者名）"
license: "CC BY 4.0"
lang: "ja"
{translation}
---

## {n}.1 はじめに

（この章で扱う問いと、読み終えたときに分かることを書きます。学習目標はフロントマターの `learning_objectives` に書くと、章の冒頭に枠で表示されます。）

## {n}.2 本文

（本文です。主張の根拠になる文献は番号で引用します[1]。）

## {n}.3 まとめ

- （要点 1）
- （要点 2）

## {n}.4 演習問題

### 問題1（難易度：easy）

（問題文）

<details>
<summary>ヒント</summary>

（考え方の手がかり）

</details>

<details>
<summary>解答例</summary>

（解答と、その理由）

</details>

## 参考文献

1. （著者）（年）. 『（書名または論文名）』. （出版社または誌名）.
''',
    "en": '''---
title: "Chapter {n}: (Chapter title)"
subtitle: "(The chapter in one line)"
description: "(One or two sentences for cards and search results)"
level: "beginner"
difficulty: "Beginner"
target_audience: "(Who this is for: undergraduates, researchers, ...)"
estimated_time: "20 minutes"
learning_objectives:
  - (What a reader can do after this chapter, 1)
  - (What a reader can do after this chapter, 2)
topics: ["(topic)"]
keywords: ["(keyword)"]
prerequisites: ["(What to know first; write \\"Chapter 1\\" to link an earlier chapter)"]
series: "{series}"
series_order: {n}
version: "0.1"
created_at: "{today}"
updated_at: "{today}"
author: "(Author name)"
license: "CC BY 4.0"
lang: "{lang}"
{translation}
---

## {n}.1 Introduction

(The question this chapter answers and what the reader will know at the end. The learning objectives go in the front matter's `learning_objectives`; they are shown in a box at the top of the chapter.)

## {n}.2 Body

(The body. Cite the sources of your claims by number [1].)

## {n}.3 Summary

- (Key point 1)
- (Key point 2)

## {n}.4 Exercises

### Problem 1 (Difficulty: Easy)

(The question)

<details>
<summary>Hint</summary>

(A nudge in the right direction)

</details>

<details>
<summary>Answer</summary>

(The answer, and why)

</details>

## References

1. (Author), A. (2025). "(Title of the book or paper)." *(Journal or publisher)*.
''',
}

SERIES = {
    "ja": '''---
title: "{title}"
description: "（シリーズの紹介：誰のための、何を学ぶシリーズか）"
total_reading_time: "（合計の所要時間、例：90分）"
lang: "ja"
---

# {title}

（シリーズの紹介文。章の一覧はこの下に自動で表示されます。）
''',
    "en": '''---
title: "{title}"
description: "(What the series teaches, and to whom)"
total_reading_time: "(Total reading time, e.g. 90 minutes)"
lang: "{lang}"
---

# {title}

(An introduction to the series. The list of chapters is added below it.)
''',
}


LANGUAGE_HOME = {
    "ja": '''---
title: "{name}"
description: "（このサイトの日本語のシリーズの紹介。ホームページのカードに出ます）"
lang: "ja"
---

# 日本語のシリーズ

（このサイトの日本語の部分のトップページです。シリーズの一覧はこの下に自動で表示されます。）
''',
    "en": '''---
title: "{name}"
description: "(The series of this site in this language, shown on the home page\'s card)"
lang: "{lang}"
---

# Series in {name}

(The landing page of this language's part of the site. The list of series is added below it.)
''',
}

TRANSLATION_NOTE = {
    "ja": '# translation: "{other}"   # 別言語版のパスが異なるときだけ書きます',
    "en": '# translation: "{other}"   # only when the other language\'s path differs',
}


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


def series_title_placeholder(lang_key: str, name: str) -> str:
    if not name:
        return "（シリーズ名）" if lang_key == "ja" else "(Series title)"
    return f"（シリーズ名：{name}）" if lang_key == "ja" else f"(Series title: {name})"


def scaffold_texts() -> list[str]:
    """Every text ``manabi new`` writes, ``{fields}`` unfilled: what placeholders.py looks for left in a page."""
    titles = [series_title_placeholder(lang_key, name) for lang_key in ("ja", "en") for name in ("", "{name}")]
    return [*CHAPTER.values(), *SERIES.values(), *LANGUAGE_HOME.values(), *titles]


def landing_pages(config: Config, rel: str, planned: set[Path] = frozenset()) -> dict[Path, str]:
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

