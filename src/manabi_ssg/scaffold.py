"""``manabi new chapter PATH`` and ``manabi new series PATH``: start from a file
that already follows the conventions.

A new chapter has every front matter field the chapter header shows, filled
with placeholders to replace, and the sections manabi recognises: the body,
exercises with a hint and an answer, and a reference list that the body
cites.  The text is Japanese under a Japanese language root (``ja/``, ``jp/``)
and English otherwise.  The result builds cleanly with ``manabi check
--strict``, so an author starts from a page that works.

Nothing is ever overwritten: when a file to be written exists, nothing is
written and the command exits 2.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path

from manabi_ssg.config import Config
from manabi_ssg.load import MARKDOWN_SUFFIXES, language_of


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
# translation: "en/{rest}"   # 別言語版のパスが異なるときだけ書きます
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
# translation: "ja/{rest}"   # only when the other language's path differs
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

1. (Author) (Year). *(Title of the book or paper)*. (Publisher or journal).
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


def chapter_text(rel: str, config: Config, series: str | None = None, number: int | None = None, today: str | None = None) -> str:
    lang_key = _kind_language(rel, config)
    lang = language_of(rel, {}, config.default_language, config.languages)
    folder = rel.rpartition("/")[0]
    rest = rel.split("/", 1)[1] if "/" in rel else rel
    return CHAPTER[lang_key].format(
        n=number if number is not None else _number(rel, config.content_path),
        series=series if series is not None else _series_title(config.content_path / folder, folder),
        today=today or _dt.date.today().isoformat(),
        rest=rest,
        lang=lang,
    )


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
    return write_new({config.content_path / rel: chapter_text(rel, config)})


def new_series(config: Config, target: str) -> list[Path]:
    rel = _relative(config, target).rstrip("/")
    if not rel or rel == ".":
        raise ScaffoldError("give the series' folder, e.g. manabi new series ja/my-series")
    lang_key = _kind_language(rel + "/index.md", config)
    lang = language_of(rel + "/index.md", {}, config.default_language, config.languages)
    name = rel.rsplit("/", 1)[-1]
    title = ("（シリーズ名）" if lang_key == "ja" else "(Series title)") if not name else \
        (f"（シリーズ名：{name}）" if lang_key == "ja" else f"(Series title: {name})")
    first = f"{rel}/chapter1-introduction.md"
    folder = config.content_path / rel
    files = {
        folder / "index.md": SERIES[lang_key].format(title=title, lang=lang),
        config.content_path / first: chapter_text(first, config, series=title, number=1),
    }
    return write_new(files)

