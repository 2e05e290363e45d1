"""A chapter's body cut into parts at its top-level sections (markdown/parts.py): what is wrapped, and that nothing else changes."""

from __future__ import annotations

import re

from htmltree import parse_html
from rendering import render_html

from manabi_ssg.site import answers
from manabi_ssg.markdown import ORDER, markdown_with
from manabi_ssg.markdown.parts import PART_CLASS

PART_OPEN = f'<div class="{PART_CLASS}">\n'

CHAPTER = """はじめの段落です。

## 1.1 はじめに

本文です[1]。

- 一
- 二

## 1.2 ケーススタディ1：試験の事例

**研究グループ**: 試験研究室

事例の本文です。

---

## 1.3 数式とコード

$$
E = mc^2
$$

```python
print("x")
```

脚注つき[^1]。

> ## 引用の中の見出し
>
> 引用です。

## 演習問題

### 問題1（難易度：easy）

平均を求めてください。

<details>
<summary>解答例</summary>

合計を件数で割ります。

</details>

## 解答と解説

### 問題1の解答

合計を件数で割ります。

## 参考文献

1. 著者 (2024). 題名. 出版.

[^1]: 脚注です。
"""


def parts_of(html: str) -> list:
    return [node for node in parse_html(html).iter() if node.tag == "div" and node.get("class") == PART_CLASS]


def without_parts_plugin():
    return markdown_with(tuple(plugin.install for plugin in ORDER if plugin.name != "parts"))


def test_each_top_level_section_of_a_chapter_is_one_part_and_the_text_before_them_is_in_none():
    html, _ = render_html(CHAPTER, "ja", is_chapter=True)
    parts = parts_of(html)
    assert len(parts) == 5
    assert html.startswith("<p>はじめの段落です。</p>\n" + PART_OPEN)
    firsts = [next(child for child in part.children if not isinstance(child, str)) for part in parts]
    assert [(first.tag, first.get("class")) for first in firsts] == [
        ("h2", None), ("section", "case-study"), ("h2", None), ("h2", None), ("h2", None)]
    # a heading inside a quote, and the answers' section (an answer region) start no part
    assert "引用の中の見出し" in parts[2].text() and "解答と解説" in parts[3].text()


def test_taking_the_parts_out_gives_the_body_rendered_without_them():
    with_parts, _ = render_html(CHAPTER, "ja", is_chapter=True)
    plain, _ = render_html(CHAPTER, "ja", is_chapter=True, md=without_parts_plugin())
    assert with_parts != plain
    assert re.sub(f"{PART_OPEN}|</div>\n(?={PART_OPEN}|$)", "", with_parts) == plain


def test_an_edition_without_answers_keeps_every_part_whole():
    html, _ = render_html(CHAPTER, "ja", is_chapter=True)
    body, regions = answers.split(html)
    withheld = answers.withhold(body, regions, '<p class="answer-withheld">later</p>')
    assert len(parts_of(withheld)) == 5
    assert "解答と解説" not in withheld
    assert withheld.count("<div") == withheld.count("</div>")


def test_no_parts_in_a_page_that_is_not_a_chapter_nor_in_a_chapter_of_one_section():
    for text, is_chapter in ((CHAPTER, False), ("前書き。\n\n## 1.1 ただ一つの節\n\n本文。\n\n### 1.1.1 小節\n\n本文。\n", True)):
        html, _ = render_html(text, "ja", is_chapter=is_chapter)
        assert PART_CLASS not in html
