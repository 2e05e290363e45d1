"""References and citations: ids, links, tooltips, back-links, unverified entries, diagnostics."""

from functools import partial

import pytest
from rendering import render_tree

from manabi_ssg.markdown.teaching.citations import parse_group

REFS = """
## 参考文献

1. Alpha, A. (2019). "First." *J*, 1.
   DOI: [10.1/abc](https://doi.org/10.1/abc)

2. Beta, B. (2020). "Second." arXiv: [2206.07697](https://arxiv.org/abs/2206.07697)

3. Gamma, C. (2023). "Third." DOI: [10.1/x](https://doi.org/10.1/x) [注: 仮想DOI]

4. Delta, D. (2024). "Fourth."

5. Epsilon, E. (2024). "Fifth."
"""


render = partial(render_tree, lang="ja", path="c.md")


def codes(env):
    return [(d.code, d.level) for d in env.get("diagnostics", [])]


@pytest.mark.parametrize("inner, numbers", [("1", [1]), ("1, 3", [1, 3]), ("2-4", [2, 3, 4]), ("1,3-5", [1, 3, 4, 5]), ("2–3", [2, 3]), ("0, 1", None), ("5-3", None)])
def test_parse_group(inner, numbers):
    assert parse_group(inner) == numbers


def test_reference_list_ids_links_and_unverified_marker():
    tree, env = render("本文[1][2][3][4][5]。\n" + REFS)
    ol = tree.find("ol", class_="references")
    items = ol.find_all("li")
    assert [li.get("id") for li in items] == ["ref-1", "ref-2", "ref-3", "ref-4", "ref-5"]
    assert items[0].find("a").get("href") == "https://doi.org/10.1/abc"
    assert items[1].find("a").get("href") == "https://arxiv.org/abs/2206.07697"
    marker = items[2].find("span", class_="unverified")
    assert marker.text() == "未検証" and "reference-unverified" in items[2].classes
    assert "[注: 仮想DOI]" in items[2].text()  # the author's note stays
    assert [r["unverified"] for r in env["references"]] == [False, False, True, False, False]


@pytest.mark.parametrize(
    "text, targets",
    [
        ("結果[1]。", ["#ref-1"]),
        ("結果[1, 2]。", ["#ref-1", "#ref-2"]),
        ("結果[2-4]。", ["#ref-2", "#ref-4"]),
        ("結果[1,3-5]。", ["#ref-1", "#ref-3", "#ref-5"]),
    ],
)
def test_citation_forms(text, targets):
    tree, env = render(text + "\n" + REFS)
    links = tree.find("p").find_all("a", class_="citation")
    assert [a.get("href") for a in links] == targets
    group = tree.find("span", class_="citation-group")
    assert group.text().startswith(text[2:-1][:2])  # "[1" ... the brackets and numbers stay visible


def test_tooltip_is_described_by_and_holds_reference_text():
    tree, _ = render("結果[2]。\n" + REFS)
    link = tree.find("a", class_="citation")
    assert link.get("id") == "cite-2-1"
    tip = tree.find(id=link.get("aria-describedby"))
    assert "tooltip" == tip.get("role") and "citation-tip" in tip.classes and "hidden" in tip.attrs
    assert tip.text().startswith("Beta, B. (2020)")


def test_backlinks_to_every_citation():
    tree, env = render("一つ目[1]。\n\n二つ目[1, 2]。\n\n範囲[2-4]。\n" + REFS)
    ref1 = tree.find("li", id="ref-1")
    assert [a.get("href") for a in ref1.find("span", class_="ref-backlinks").find_all("a")] == ["#cite-1-1", "#cite-1-2"]
    ref3 = tree.find("li", id="ref-3")  # inside a range: back to the range's first number
    assert [a.get("href") for a in ref3.find_all("a", class_="ref-backlink")] == ["#cite-2-2"]
    assert ("reference-uncited", "info") in codes(env)  # ref 5
    assert [d.line for d in env["diagnostics"] if d.code == "reference-uncited"] == [18]


def test_never_in_code_links_math_or_reference_list():
    doc = "`x[1]` と [リンク[1]](https://example.com) と $a[1]$。\n\n```\ny[2]\n```\n" + REFS
    tree, env = render(doc)
    assert tree.find_all("a", class_="citation") == []
    assert tree.find("code").text() == "x[1]"
    assert all(r["cited_by"] == [] for r in env["references"])


def test_undefined_citation_is_a_warning_and_stays_text():
    tree, env = render("結果[9]。\n" + REFS)
    assert tree.find("a", class_="citation") is None and "[9]" in tree.find("p").text()
    assert ("citation-undefined", "warning") in codes(env)


def test_intervals_and_indexing_are_not_citations():
    tree, env = render("範囲 [0, 1] と x=[1, 2] と values[3]。\n" + REFS)
    assert tree.find("a", class_="citation") is None
    assert ("citation-undefined", "warning") not in codes(env)


def test_without_reference_list_citations_stay_text_with_a_warning():
    tree, env = render("結果[1]。\n")
    assert tree.find("a", class_="citation") is None and codes(env) == [("citation-no-references", "warning")]


def test_footnotes_stay_distinct():
    tree, env = render("脚注[^1]と引用[1]。\n\n[^1]: 脚注の本文\n" + REFS)
    assert tree.find("sup", class_="footnote-ref") is not None
    assert [a.get("href") for a in tree.find_all("a", class_="citation")] == ["#ref-1"]
    assert tree.find("section", class_="footnotes") is not None


@pytest.mark.parametrize("heading", ["## References", "## 7. 参考文献", "## 📚 参考文献", "## Bibliography", "## 参考文献・リソース"])
def test_reference_heading_variants(heading):
    tree, _ = render("Text [1].\n\n" + heading + "\n\n1. One, A. (2020). \"First.\"\n")
    assert tree.find("li", id="ref-1") is not None
    assert tree.find("a", class_="citation").get("href") == "#ref-1"


def test_numbering_continues_across_sub_headings():
    tree, _ = render("A [6].\n\n## References\n\n### Papers\n\n1. One, A. (2001)\n2. Two, B. (2002)\n\n### Web\n\n6. Six: https://six.example.org\n")
    assert [li.get("id") for li in tree.find_all("li")] == ["ref-1", "ref-2", "ref-6"]
    assert tree.find("a", class_="citation").get("href") == "#ref-6"


@pytest.mark.parametrize("heading", ["参考資料", "出典", "引用文献", "参照文献", "Reference", "References", "Bibliography", "Sources", "📚 参考資料", "5. 出典・リンク"])
def test_common_reference_headings_of_both_languages_are_recognised(heading):
    tree, env = render(f"本文 [1]。\n\n## {heading}\n\n1. Alpha, A. (2019). *Journal*.\n")
    assert tree.find("ol", class_="references") is not None, heading
    assert tree.find("a", class_="citation") is not None
    assert not [d for d in env.get("diagnostics", []) if d.level == "warning"]


def test_source_code_is_not_a_reference_heading():
    tree, env = render("本文 [1]。\n\n## Source code\n\n1. step\n")
    assert tree.find("ol", class_="references") is None


def test_a_site_adds_its_own_reference_heading():
    text = "本文 [1]。\n\n## 読書案内\n\n1. Alpha, A. (2019). *Journal*.\n"
    assert render(text)[0].find("ol", class_="references") is None
    assert render(text, reference_headings=("読書案内",))[0].find("ol", class_="references") is not None


def test_citations_without_a_reference_list_warn_once_at_the_first():
    _, env = render("一行目\n\n本文 [1] と [2, 3]。\n\n別の段落 [4]。\n")
    [d] = env["diagnostics"]
    assert (d.line, d.col, d.level, d.code) == (3, 4, "warning", "citation-no-references") and "[1]" in d.message


def test_a_reference_list_that_is_not_numbered_is_said_so():
    _, env = render("本文 [1]。\n\n## 参考文献\n\n- Alpha.\n")
    [d] = env["diagnostics"]
    assert d.code == "citation-no-references" and "numbered" in d.message


def test_brackets_that_are_not_citations_give_no_warning():
    _, env = render("配列 x[1] と a=[1, 2]、区間 [0, 1]、[リンク](https://e.org) [^1]\n\n[^1]: 脚注\n")
    assert env.get("diagnostics", []) == []


NEXT_STEPS = """本文[1]と[2]。

## 参考文献・次のステップ

1. Alpha, A. (2019). "First." *Journal One*, 1(2), 3-4.
2. 山田太郎．機械学習入門．丸善，2020．

### 次のステップ

3. 第2章で特徴量エンジニアリングを学ぶ
4. [第3章](chapter-3.md)の演習を解く
5. 「ベイズ最適化入門」シリーズに進む
"""


def test_numbered_next_steps_under_a_reference_heading_are_not_references():
    tree, env = render(NEXT_STEPS)
    assert [r["number"] for r in env["references"]] == [1, 2]
    assert [e["number"] for e in env["bibliography"]] == [1, 2]
    lists = tree.find_all("ol")
    assert "references" in lists[0].classes and "references" not in (lists[1].classes or [])
    assert [li.get("id") for li in lists[1].find_all("li")] == [None, None, None]
    assert lists[1].find("a").get("href") == "chapter-3.html"


def test_each_item_that_is_not_a_reference_is_a_warning_at_its_line():
    _, env = render(NEXT_STEPS)
    found = [(d.line, d.level, d.code) for d in env["diagnostics"] if d.code == "reference-not-recognised"]
    assert found == [(10, "warning", "reference-not-recognised"), (11, "warning", "reference-not-recognised"), (12, "warning", "reference-not-recognised")]


def test_a_citation_of_a_next_step_is_undefined():
    _, env = render(NEXT_STEPS.replace("本文[1]と[2]", "本文[1]と[3]"))
    assert ("citation-undefined", "warning") in codes(env)


@pytest.mark.parametrize("entry", [
    'Alpha, A. (2019). "First." *J*, 1.',
    "Smith et al. (2020) Nature 5, 1-2.",
    "J. K. Smith and R. Jones, Physical Review B 12, 2001.",
    "山田ら (2021) 触媒の研究",
    "山田太郎．機械学習入門．丸善，2020．",
    "Kittel, C. Introduction to Solid State Physics. Wiley, 2005.",
    "Materials Genome Initiative 2030 Roadmap (2024). US Department of Energy.",
    "Some work. DOI: 10.1000/xyz",
    "Preprint arXiv:2106.01345",
    "SQLite Documentation. URL: sqlite.org/docs",
    "[PyTorch docs](https://pytorch.org/docs/)",
    '"Attention Is All You Need"',
    "『化学便覧』丸善",
    "*Deep Learning*, 2016.",
    "ISBN 978-4-00-000000-0",
])
def test_shapes_of_references_are_recognised(entry):
    _, env = render(f"本文[1]。\n\n## References\n\n1. {entry}\n")
    assert [r["number"] for r in env.get("references", [])] == [1], entry


@pytest.mark.parametrize("entry", [
    "第2章で特徴量エンジニアリングを学ぶ",
    "Try the exercises in Chapter 3.",
    "[第3章](chapter-3.md)に進む",
    "「ベイズ最適化入門」シリーズに進む",
    "2025年までにポートフォリオを作る",
    "Read Chapter 2, then enter the 2024 Kaggle competition.",
    "**Kaggle**で実データに挑戦",
    "Phase 1: build the model (3 months)",
    "Click “Run” to start",
])
def test_shapes_of_next_steps_are_not_references(entry):
    tree, env = render(f"本文。\n\n## References\n\n1. {entry}\n")
    assert env.get("references", []) in ([], {}) and tree.find("ol", class_="references") is None, entry


def test_tooltips_stop_at_the_page_budget_and_later_citations_are_described_by_their_entry():
    from manabi_ssg.markdown.teaching.citations import TIP_BUDGET, TIP_LENGTH

    long_reference = "Author, A. (2020). " + "a long title " * 200  # cut to about TIP_LENGTH in a tooltip
    cited = TIP_BUDGET // (TIP_LENGTH // 2)  # more than the budget holds
    tree, env = render("[1]\n\n" * cited + "\n## 参考文献\n\n1. " + long_reference + "\n")
    links = tree.find_all("a", class_="citation")
    tips = tree.find_all("span", class_="citation-tip")
    with_tips = TIP_BUDGET // len(tips[0].text())
    assert len(links) == cited and len(tips) == with_tips
    assert links[with_tips - 1].get("aria-describedby") == tips[-1].get("id")
    assert links[with_tips].get("aria-describedby") == "ref-1" and tree.find(id="ref-1") is not None
    [warning] = [d for d in env["diagnostics"] if d.code == "citation-tips-budget"]
    assert warning.line == 2 * with_tips + 1  # the first citation past the budget, a paragraph each


@pytest.mark.parametrize("text", ["手順は [9] → [2,9] です。\n" + REFS, "手順は [9] → [2,9] です。\n"])
def test_a_citation_warning_says_how_to_write_numbers_in_brackets_that_are_no_citation(text):
    _, env = render(text)
    messages = [d.message for d in env["diagnostics"] if d.code.startswith("citation-")]
    assert messages and all(m.endswith("numbers in brackets that are no citation go in backquotes: `[2,5]`") for m in messages)


def test_numbers_in_brackets_in_backquotes_are_no_citation():
    _, env = render("手順は `[9]` → `[2,9]` です。\n" + REFS)
    assert [d.code for d in env["diagnostics"] if d.code.startswith("citation-")] == []
