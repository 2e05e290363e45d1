"""The texts ``manabi new`` writes, placeholders and all.

Apart from the scaffold that writes them because the placeholder check (markdown/placeholders.py)
reads them too, to find one an author left in a page; a Markdown plugin must not import authoring.
"""

from __future__ import annotations


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


def series_title_placeholder(lang_key: str, name: str) -> str:
    if not name:
        return "（シリーズ名）" if lang_key == "ja" else "(Series title)"
    return f"（シリーズ名：{name}）" if lang_key == "ja" else f"(Series title: {name})"


def scaffold_texts() -> list[str]:
    """Every text ``manabi new`` writes, ``{fields}`` unfilled: what placeholders.py looks for left in a page."""
    titles = [series_title_placeholder(lang_key, name) for lang_key in ("ja", "en") for name in ("", "{name}")]
    return [*CHAPTER.values(), *SERIES.values(), *LANGUAGE_HOME.values(), *titles]
