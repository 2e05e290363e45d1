"""The ids of a page's body are noted by the renderer as it writes them (markdown/anchors.py), not searched for in
its HTML afterwards: the parse stage keeps them for the link checks and the duplicate-id warning."""

from htmltree import parse_html
from rendering import parse_chapter

EVERY_KIND_OF_ID = """\
## 見出し {#fixed}

## Same

## Same

A footnote[^1], the same again[^1] and [^two].

<div id="raw-block">a block of the author's HTML</div>

Inline <span id='raw-inline'>HTML</span> too, and ![a figure](fig.png){#figure-1} with attributes.

{#para-id}
A paragraph given an id.

| a | b |
|---|---|
| 1 | 2 |

## 演習問題

### 問題1（難易度：easy）

Q

<details>
<summary>解答例</summary>

A

</details>

## ケーススタディ1：触媒

**結果**: 速くなった

本文 [1] と [2]。

## 参考文献

1. Alpha, A. (2020). First.
2. Beta, B. (2021). Second.

[^1]: a note
[^two]: another
"""


page_of = parse_chapter


def ids_in(html: str) -> list[str]:
    return [element.get("id") for element in parse_html(html).iter() if element.get("id") is not None]


def test_the_ids_noted_are_every_id_the_body_carries_in_order():
    page = page_of(EVERY_KIND_OF_ID)
    found = ids_in(page.body_html)
    assert {"fixed", "same-2", "fnref1", "fnref1:1", "fn1", "raw-block", "raw-inline", "figure-1", "para-id",
            "exercise-1", "case-study-1", "ref-1", "cite-1-1"} <= set(found)  # the page has each kind
    assert page.components["ids"] == found


def test_text_that_only_looks_like_an_id_is_no_id():
    page = page_of("Write `<main id='main'>` for the landmark, or id='toc-title' in prose.\n")
    assert page.components.get("ids", []) == []
    assert [d.code for d in page.diagnostics if d.code == "duplicate-id"] == []


def test_an_id_written_twice_in_the_authors_html_is_still_a_duplicate():
    page = page_of('<a id="here"></a>\n\ntext <span id="here">again</span>\n')
    assert page.components["ids"] == ["here", "here"]
    assert [(d.code, d.line) for d in page.diagnostics if d.code == "duplicate-id"] == [("duplicate-id", 3)]
