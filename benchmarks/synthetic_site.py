"""Generate a synthetic site of N chapters from manabi's own fixtures.

    python benchmarks/synthetic_site.py DIR [--chapters 1200] [--mb 44]

Chapters are grouped ten to a series, half Japanese and half English, and
each holds every construct manabi treats specially (code, math, tables,
details, exercises, case studies, citations, a diagram now and then), so the
benchmarks exercise every feature.  The text is written for this purpose.
"""

from __future__ import annotations

import argparse
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


def generate(root: Path, chapters: int, megabytes: float) -> None:
    if root.exists():
        shutil.rmtree(root)
    per_chapter = int(megabytes * 1e6 / chapters)
    for number in range(chapters):
        lang = "ja" if number % 2 == 0 else "en"
        series_number = number // 10
        order = number % 10 + 1
        folder = root / lang / f"series-{series_number:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        name = f"シリーズ{series_number}" if lang == "ja" else f"Series {series_number}"
        if order == 1:
            (folder / "index.md").write_text(f'---\ntitle: "{name}"\ndescription: "synthetic"\n---\n# {name}\n', encoding="utf-8")
        (folder / f"chapter-{order}.md").write_text(chapter_text(number, lang, per_chapter, name, order), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--chapters", type=int, default=1200)
    parser.add_argument("--mb", type=float, default=44.0)
    args = parser.parse_args()
    generate(args.root, args.chapters, args.mb)
    files = list(args.root.rglob("*.md"))
    print(f"wrote {len(files)} files, {sum(f.stat().st_size for f in files) / 1e6:.1f} MB under {args.root}")


if __name__ == "__main__":
    main()
