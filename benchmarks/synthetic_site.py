"""Generate a synthetic site of N chapters from manabi's own fixtures.

    python benchmarks/synthetic_site.py DIR [--chapters 1200] [--mb 44] [--shape mixed]

Chapters are grouped ten to a series, half Japanese and half English.  The
shape says what the chapters look like, because parse speed depends on it:

- ``mixed`` (default): every construct manabi treats specially (code, math,
  tables, details, exercises, case studies, citations, a diagram now and
  then), in short hand-written lines, folders two deep.
- ``converted``: content converted from HTML: paragraphs thousands of
  characters long on one line with inline markup all along them, many small
  code blocks, folders three deep.
- ``lists``: short lines, nested bullet and numbered lists, task lists.
- ``tables``: wide tables with inline markup in their cells, between short
  paragraphs.

The text is generated for this purpose (seeded, so two runs give the same site).
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

FRONT = """---
title: "{title}"
subtitle: "{subtitle}"
level: "intermediate"
difficulty: "{difficulty}"
estimated_time: "{minutes}{minute_word}"
learning_objectives:
  - {objective} 1
  - {objective} 2
topics: ["topic-{topic}", "synthetic"]
prerequisites: ["{prereq}"]
series: "{series}"
series_order: {order}
version: "1.0"
created_at: "2025-01-{day:02d}"
---

# {title}
"""

# The display formula and the code sample both languages share ({seed} and {k} filled in per block).
FORMULA_AND_CODE = """$$
D = \\lim_{{t \\to \\infty}} \\frac{{\\langle |r(t) - r(0)|^2 \\rangle}}{{6t}}
$$

```python
import numpy as np

def msd(positions: np.ndarray) -> np.ndarray:
    # mean squared displacement over atoms
    displacement = positions - positions[0]
    return (displacement ** 2).sum(axis=-1).mean(axis=-1)

rng = np.random.default_rng({seed})  # every block differs, as real code does
result = msd(rng.random(({k}, 100, 3)))
print(f"MSD: {{result[-1]:.3f}}")
```
"""

BLOCK_JA = """
## {n}.{k} ケーススタディ{k}：合成データによる検証{k}

### 背景

拡散係数を求めるために**分子動力学（MD）**を{k}回実行し、結果を比較します[1]。
計算は小さな系から始め、徐々に大きな系へ広げていきます[2, 3]。

**研究グループ**: 架空大学 計算科学研究室
**論文**: Example et al., *Journal of Examples* (2024)[3]

| 条件 | 原子数 | 時間 (ns) | 結果 |
|------|--------|-----------|------|
| A{k} | {atoms} | 10 | 良好 |
| B{k} | {atoms2} | 20 | 改善 |

エネルギーは $E = \\frac{{1}}{{2}} m v^2 + U(r)$ で表され、平均二乗変位は次の式です。

{formula_and_code}
<details>
<summary>補足：計算条件の詳細</summary>

- 温度: 300 K、圧力: 1 atm
- 時間刻み: 1 fs（**{k}万ステップ**）

</details>
"""

BLOCK_EN = """
## {n}.{k} Case Study {k}: Checking a model on synthetic data {k}

### Background

We run **molecular dynamics (MD)** {k} times to estimate a diffusion coefficient[1].
The work starts on a small system and grows step by step[2, 3].

**Research group**: Example University, Computational Lab
**Paper**: Example et al., *Journal of Examples* (2024)[3]

| Setting | Atoms | Time (ns) | Outcome |
|---------|-------|-----------|---------|
| A{k} | {atoms} | 10 | good |
| B{k} | {atoms2} | 20 | better |

The energy is $E = \\frac{{1}}{{2}} m v^2 + U(r)$ and the mean squared displacement gives

{formula_and_code}
<details>
<summary>Note: run settings</summary>

- Temperature: 300 K, pressure: 1 atm
- Time step: 1 fs (**{k}0k steps**)

</details>
"""

DIAGRAM = """
```mermaid
graph LR
    A[Data] --> B[Model] --> C[Prediction]
```
"""

TAIL_JA = """
## 演習問題

### 問題1（難易度：easy）

拡散係数の式を説明してください。

<details>
<summary>ヒント</summary>

平均二乗変位と時間の関係に注目しましょう。

</details>

<details>
<summary>解答例</summary>

**平均二乗変位**が時間に比例する領域で、その傾きを6で割ります。

</details>

### 問題2（難易度：hard）

系のサイズを変えたときの影響を議論してください。

<details>
<summary>解答例</summary>

| サイズ | 影響 |
|--------|------|
| 小 | 有限サイズ効果が大きい |
| 大 | 計算コストが増える |

</details>

## 参考文献

1. Example, A. (2020). "A first example." *Journal of Examples*, 1, 1-10.
   DOI: [10.0000/example.1](https://doi.org/10.0000/example.1)
2. Sample, B. (2021). "A second example." *Examples Letters*, 2, 11-20.
3. Model, C. (2024). "A third example." *Journal of Examples*, 5, 21-30. [注: 仮想DOI]
"""

TAIL_EN = """
## Exercises

### Problem 1 (Difficulty: easy)

Explain the formula for the diffusion coefficient.

<details>
<summary>Hint</summary>

Look at how the mean squared displacement grows with time.

</details>

<details>
<summary>Sample Answer</summary>

Where the **mean squared displacement** grows linearly, divide its slope by six.

</details>

### Problem 2 (Difficulty: hard)

Discuss the effect of system size.

<details>
<summary>Answer</summary>

Small systems suffer finite-size effects; large ones cost more.

</details>

## References

1. Example, A. (2020). "A first example." *Journal of Examples*, 1, 1-10.
2. Sample, B. (2021). "A second example." *Examples Letters*, 2, 11-20.
3. Model, C. (2024). "A third example." *Journal of Examples*, 5, 21-30.
"""


def chapter_text(number: int, lang: str, target_bytes: int, series: str, order: int) -> str:
    ja = lang == "ja"
    text = FRONT.format(
        title=(f"第{order}章：合成チャプター{number}" if ja else f"Chapter {order}: Synthetic chapter {number}"),
        subtitle=("ベンチマーク用の章" if ja else "A chapter for benchmarks"),
        difficulty=("中級" if ja else "intermediate"),
        minutes=20 + number % 10,
        minute_word=("分" if ja else " minutes"),
        objective=("目標" if ja else "Objective"),
        topic=number % 40,
        prereq=(f"第{max(1, order - 1)}章" if ja else f"Chapter {max(1, order - 1)}"),
        series=series,
        order=order,
        day=1 + number % 28,
    )
    block = BLOCK_JA if ja else BLOCK_EN
    tail = TAIL_JA if ja else TAIL_EN
    k = 1
    parts = [text]
    size = len(text.encode())
    while size < target_bytes - len(tail.encode()):
        shared = FORMULA_AND_CODE.format(seed=number * 1000 + k, k=k)
        piece = block.format(n=order, k=k, atoms=100 * k, atoms2=200 * k, formula_and_code=shared)
        if k % 7 == 0 and number % 5 == 0:
            piece += DIAGRAM
        parts.append(piece)
        size += len(piece.encode())
        k += 1
    parts.append(tail)
    return "".join(parts)


# Words the generated shapes draw from.  Inline markup is sprinkled along the
# lines the way HTML converters leave it: bold, emphasis, code, links,
# citations, inline math, an entity now and then.
WORDS_EN = (
    "model data atoms energy surface diffusion crystal lattice phase sample measure result error "
    "grain boundary defect temperature pressure spectrum band gap electron orbital bond strain stress "
    "network training feature descriptor kernel regression prediction uncertainty dataset property "
    "the a of and to in is for with that on as by from at this which are be it can or we"
).split()
MARKUP_EN = (
    "**{w} {v}**", "*{w}*", "`{w}_{v}()`", "[{w} {v}](https://example.org/{w}/{v})", "{w}[{n}]",
    "$E_{{{n}}} = {n} k_B T$", "{w} &amp; {v}", "({w}, {v})", "{w}-{v}", "“{w} {v}”",
)
KANJI = "材料計算原子構造物性予測学習電子結晶格子欠陥拡散温度圧力実験解析手法機械分子動力学表面界面反応触媒評価"
KANA = "のはをにがでとしてるれたいうかもなどからまでよりですます"
MARKUP_JA = ("**{w}**", "*{w}*", "`{a}_{n}`", "[{w}](https://example.org/{a}/{n})", "{w}[{n}]", "$E_{{{n}}}$", "「{w}」", "（{w}）")


def english_sentence(rng: random.Random, fewest: int = 10, most: int = 26) -> str:
    words = []
    for _ in range(rng.randint(fewest, most)):
        if rng.random() < 0.12:
            words.append(rng.choice(MARKUP_EN).format(w=rng.choice(WORDS_EN), v=rng.choice(WORDS_EN), n=rng.randint(1, 9)))
        else:
            words.append(rng.choice(WORDS_EN))
    words[0] = words[0][:1].upper() + words[0][1:]
    return " ".join(words) + rng.choice((".", ".", ".", ",", ";", ":", "?"))


def japanese_word(rng: random.Random) -> str:
    return "".join(rng.choice(KANJI) for _ in range(rng.randint(2, 4)))


def japanese_sentence(rng: random.Random, fewest: int = 4, most: int = 10) -> str:
    parts = []
    for _ in range(rng.randint(fewest, most)):
        word = japanese_word(rng)
        if rng.random() < 0.15:
            word = rng.choice(MARKUP_JA).format(w=word, a=rng.choice(WORDS_EN), n=rng.randint(1, 9))
        parts.append(word + "".join(rng.choice(KANA) for _ in range(rng.randint(1, 3))))
    return "、".join(parts) + "。"


def sentence(rng: random.Random, ja: bool, short: bool = False) -> str:
    if ja:
        return japanese_sentence(rng, 1, 3) if short else japanese_sentence(rng)
    return english_sentence(rng, 3, 9) if short else english_sentence(rng)


def paragraph(rng: random.Random, ja: bool, chars: int) -> str:
    """One paragraph of about ``chars`` characters on a single line, as HTML converters write it."""
    parts, length = [], 0
    while length < chars:
        part = sentence(rng, ja)
        parts.append(part)
        length += len(part) + 1
    return ("" if ja else " ").join(parts)


SMALL_CODE = (
    ("python", "import numpy as np\nx = np.linspace(0, {n}, 50)\nprint(x.mean())"),
    ("python", "def energy(r, eps={n}):\n    return 4 * eps * ((1 / r) ** 12 - (1 / r) ** 6)"),
    ("bash", "pip install ase=={n}.0\npython run.py --steps {n}000"),
    ("json", '{{"atoms": {n}, "cutoff": 5.0, "model": "mace"}}'),
    ("text", "step {n}: energy = -{n}.25 eV\nstep {n}: force = 0.0{n} eV/A"),
    ("", "$ ls results/\nrun_{n}.csv  summary.txt"),
)


def small_code_block(rng: random.Random) -> str:
    """A few lines of code, different in every block (as in real chapters: no cache hit makes it free)."""
    language, body = rng.choice(SMALL_CODE)
    return f"```{language}\n{body.format(n=rng.randint(1, 99999))}\n```\n"


def front(number: int, ja: bool, series: str, order: int) -> str:
    return FRONT.format(
        title=(f"第{order}章：合成チャプター{number}" if ja else f"Chapter {order}: Synthetic chapter {number}"),
        subtitle=("ベンチマーク用の章" if ja else "A chapter for benchmarks"),
        difficulty=("中級" if ja else "intermediate"),
        minutes=20 + number % 10,
        minute_word=("分" if ja else " minutes"),
        objective=("目標" if ja else "Objective"),
        topic=number % 40,
        prereq=(f"第{max(1, order - 1)}章" if ja else f"Chapter {max(1, order - 1)}"),
        series=series,
        order=order,
        day=1 + number % 28,
    )


def fill(head: str, section, target_bytes: int, tail: str) -> str:
    """``head``, then ``section(k)`` for k = 1, 2, ... until the chapter reaches its size, then ``tail``."""
    parts, size, k = [head], len(head.encode()), 1
    while size < target_bytes - len(tail.encode()):
        piece = section(k)
        parts.append(piece)
        size += len(piece.encode())
        k += 1
    parts.append(tail)
    return "".join(parts)


def converted_chapter(number: int, lang: str, target_bytes: int, series: str, order: int) -> str:
    ja = lang == "ja"
    rng = random.Random(number)

    def section(k: int) -> str:
        out = [f"\n## {order}.{k} " + (japanese_word(rng) + "の" + japanese_word(rng) if ja else " ".join(rng.choice(WORDS_EN) for _ in range(4)).title()) + "\n\n"]
        for _ in range(rng.randint(2, 4)):
            out.append(paragraph(rng, ja, rng.randint(1000, 5000)) + "\n\n")
            for _ in range(rng.randint(1, 4)):
                out.append(small_code_block(rng) + "\n")
        if rng.random() < 0.3:
            out.append("\n".join("- " + sentence(rng, ja).strip() for _ in range(rng.randint(3, 6))) + "\n\n")
        if rng.random() < 0.2:
            out.append("> " + paragraph(rng, ja, 600) + "\n\n")
        return "".join(out)

    return fill(front(number, ja, series, order), section, target_bytes, TAIL_JA if ja else TAIL_EN)


def lists_chapter(number: int, lang: str, target_bytes: int, series: str, order: int) -> str:
    ja = lang == "ja"
    rng = random.Random(number)

    def short() -> str:
        return sentence(rng, ja, short=True)

    def section(k: int) -> str:
        out = [f"\n## {order}.{k} " + ("手順" if ja else "Steps") + f" {k}\n\n", short() + "\n\n"]
        for item in range(1, rng.randint(5, 12)):
            out.append(f"{item}. {short()}\n")
            for _ in range(rng.randint(0, 3)):
                out.append(f"   - {short()}\n")
                if rng.random() < 0.3:
                    out.append(f"     - [{rng.choice(' x')}] {short()}\n")
        out.append("\n")
        for _ in range(rng.randint(3, 8)):
            out.append(f"- {short()}\n")
        out.append("\n" + short() + "\n" + short() + "\n\n")
        return "".join(out)

    return fill(front(number, ja, series, order), section, target_bytes, TAIL_JA if ja else TAIL_EN)


def tables_chapter(number: int, lang: str, target_bytes: int, series: str, order: int) -> str:
    ja = lang == "ja"
    rng = random.Random(number)

    def cell() -> str:
        word = japanese_word(rng) if ja else " ".join(rng.choice(WORDS_EN) for _ in range(rng.randint(1, 3)))
        roll = rng.random()
        if roll < 0.1:
            return f"**{word}**"
        if roll < 0.15:
            return f"`{word.replace(' ', '_')}`"
        if roll < 0.2:
            return f"${rng.randint(1, 99)} \\pm {rng.randint(1, 9)}$"
        if roll < 0.45:
            return f"{rng.uniform(0, 1000):.2f}"
        return word

    def section(k: int) -> str:
        columns = rng.randint(3, 8)
        out = [f"\n## {order}.{k} " + ("比較表" if ja else "Comparison") + f" {k}\n\n", paragraph(rng, ja, 200) + "\n\n"]
        out.append("| " + " | ".join(cell() for _ in range(columns)) + " |\n")
        out.append("|" + "|".join(rng.choice(("---", ":---", ":---:", "---:")) for _ in range(columns)) + "|\n")
        for _ in range(rng.randint(5, 20)):
            out.append("| " + " | ".join(cell() for _ in range(columns)) + " |\n")
        out.append("\n")
        return "".join(out)

    return fill(front(number, ja, series, order), section, target_bytes, TAIL_JA if ja else TAIL_EN)


# shape name -> (chapter writer, folders between the language folder and the series folder)
SHAPES = {
    "mixed": (chapter_text, False),
    "converted": (converted_chapter, True),
    "lists": (lists_chapter, False),
    "tables": (tables_chapter, False),
}


def generate(root: Path, chapters: int, megabytes: float, shape: str = "mixed") -> None:
    if root.exists():
        shutil.rmtree(root)
    write_chapter, grouped = SHAPES[shape]
    per_chapter = int(megabytes * 1e6 / chapters)
    for number in range(chapters):
        lang = "ja" if number % 2 == 0 else "en"
        series_number = number // 10
        order = number % 10 + 1
        folder = root / lang
        if grouped:  # three deep, as converted sites group their series by field
            folder = folder / f"field-{series_number // 8:02d}"
        folder = folder / f"series-{series_number:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        name = f"シリーズ{series_number}" if lang == "ja" else f"Series {series_number}"
        if order == 1:
            (folder / "index.md").write_text(f'---\ntitle: "{name}"\ndescription: "synthetic"\n---\n# {name}\n', encoding="utf-8")
        (folder / f"chapter-{order}.md").write_text(write_chapter(number, lang, per_chapter, name, order), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--chapters", type=int, default=1200)
    parser.add_argument("--mb", type=float, default=44.0)
    parser.add_argument("--shape", choices=sorted(SHAPES), default="mixed", help="what the chapters look like (see the module docstring)")
    args = parser.parse_args()
    generate(args.root, args.chapters, args.mb, args.shape)
    files = list(args.root.rglob("*.md"))
    print(f"wrote {len(files)} files, {sum(f.stat().st_size for f in files) / 1e6:.1f} MB under {args.root}")


if __name__ == "__main__":
    main()
