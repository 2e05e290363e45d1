"""Case studies: heading conventions, the wrapping section, the at-a-glance box, the site page."""

from functools import partial

import pytest
from rendering import render_tree

from manabi_ssg.markdown.teaching.case_studies import parse_heading

render = partial(render_tree, lang="ja", path="cs.md")


JA_CASE = """## 4.1 ケーススタディ1：触媒の解明

### 使用技術

**研究グループ**: 大学A × 研究所B
**論文**: Author et al., *Journal* (2020)

**技術スタック**:
- **MLP手法**: SchNet（GNN）
- **訓練データ**: 8,500 配置

### 成果

**定量的インパクト**:
- **時間スケール**: 1 μs
- **計算コスト**: 5万倍高速化

## 4.2 次の節

本文
"""


@pytest.mark.parametrize(
    "heading, number, title",
    [
        ("4.1 ケーススタディ1：触媒反応のメカニズム解明", "1", "触媒反応のメカニズム解明"),
        ("4.2 ケーススタディ2: 量子ドットの発光制御", "2", "量子ドットの発光制御"),
        ("3.4 ケーススタディ：バンドギャップ予測", "", "バンドギャップ予測"),
        ("Case Study 2: Lithium-Ion Battery Electrolyte Design", "2", "Lithium-Ion Battery Electrolyte Design"),
        ("5.1 Case Study: Real Example of Chemical Plant", "", "Real Example of Chemical Plant"),
        ("3.2 事例2：蒸留塔の最適化", "2", "蒸留塔の最適化"),
        ("🔬 Case Study 1: Berkeley A-Lab", "1", "Berkeley A-Lab"),
    ],
)
def test_heading_variants(heading, number, title):
    assert parse_heading(heading) == {"number": number, "title": title}


@pytest.mark.parametrize("heading", ["成功事例", "ケーススタディ", "実践ケーススタディ", "産業応用事例", "Case studies overview"])
def test_not_case_study_headings(heading):
    assert parse_heading(heading) is None


def test_section_wraps_heading_and_content_up_to_next_same_level_heading():
    tree, env = render(JA_CASE)
    section = tree.find("section", class_="case-study")
    assert section.get("id") == "case-study-1"
    assert section.find("h2").text().startswith("4.1 ケーススタディ1")
    assert [h.text().split(" #")[0] for h in section.find_all("h3")] == ["使用技術", "成果"]
    assert all("次の節" not in h.text() for h in section.find_all("h2"))
    assert env["case_studies"][0]["id"] == "case-study-1" and env["case_studies"][0]["title"] == "触媒の解明"


def test_glance_box_from_labelled_lines():
    tree, env = render(JA_CASE)
    glance = tree.find("aside", class_="case-study-glance")
    labels = [dt.text() for dt in glance.find_all("dt")]
    assert labels == ["研究グループ", "論文", "MLP手法"]  # 訓練データ is not a glance label; 定量的インパクト is 成果's only content
    values = [dd for dd in glance.find_all("dd")]
    assert values[0].text() == "大学A × 研究所B"
    assert values[1].find("em").text() == "Journal"
    facts = env["case_studies"][0]["facts"]
    assert facts[2] == {"label": "MLP手法", "text": "SchNet（GNN）"}


def test_list_fact_in_the_box_is_its_items():
    tree, env = render("## ケーススタディ1：A\n\n**結果**:\n- 時間 1 μs\n- 5万倍高速化\n\n本文\n")
    values = tree.find("aside", class_="case-study-glance").find_all("dd")
    assert [li.text() for li in values[0].find_all("li")] == ["時間 1 μs", "5万倍高速化"]
    assert env["case_studies"][0]["facts"] == [{"label": "結果", "text": "時間 1 μs; 5万倍高速化"}]


SHORT_CASE = """#### Case Study 1: トヨタ - 触媒開発

**課題**: 排ガス浄化触媒の最適化
**手法**: Active Learning + 高スループット実験
**結果**:
- 実験回数80%削減
- 開発期間2年 → 6ヶ月
"""


def test_labelled_lines_show_once_in_the_box_not_again_under_it():
    tree, _ = render(SHORT_CASE)
    section = tree.find("section", class_="case-study")
    for value in ("排ガス浄化触媒の最適化", "Active Learning + 高スループット実験", "実験回数80%削減"):
        assert section.text().count(value) == 1
        assert value in section.find("aside", class_="case-study-glance").text()
    glance = section.find("aside", class_="case-study-glance")
    assert [el.tag for el in section.children if not isinstance(el, str)] == ["h4", "aside"]
    assert glance is not None


def test_other_lines_of_a_paragraph_stay_in_the_text():
    tree, _ = render("## ケーススタディ1：A\n\n**論文**: X (2020)\n**訓練データ**: 8,500 配置\n**手法**: SchNet\n")
    paragraphs = [p for p in tree.find("section", class_="case-study").find_all("p") if p.get("class") is None]
    assert [p.text() for p in paragraphs] == ["訓練データ: 8,500 配置"]
    assert paragraphs[0].find("br") is None


def test_moved_list_item_leaves_its_list_and_an_emptied_list_takes_its_bare_label_line():
    doc = ("## ケーススタディ1：A\n\n本文\n\n**技術スタック**:\n- **手法**: SchNet\n- **訓練データ**: 8,500\n\n"
           "**体制**:\n- **研究グループ**: 大学A\n\n結び\n")
    tree, _ = render(doc)
    section = tree.find("section", class_="case-study")
    assert [li.text() for li in section.find_all("li")] == ["訓練データ: 8,500"]
    assert "技術スタック" in section.text() and "体制" not in section.text()
    assert [dt.text() for dt in section.find_all("dt")] == ["手法", "研究グループ"]


def test_facts_that_are_a_sub_sections_only_content_stay_there_out_of_the_box():
    tree, env = render(JA_CASE)
    section = tree.find("section", class_="case-study")
    assert section.text().count("5万倍高速化") == 1
    assert "定量的インパクト" not in [dt.text() for dt in section.find_all("dt")]
    assert section.find("h3", id="成果") is not None
    assert "5万倍高速化" in section.text().split("成果")[1]


def test_english_labels_and_h3_h4_levels():
    doc = ("## Results\n\n### 3.1 Case Study 1: Alloy\n\n**Research Group**: Lab X\n**Paper**: Y (2021)\n"
           "- **MLP Method**: MACE\n\n**Quantitative Impact**:\n- 10x faster\n\n#### Case Study 2: Inner\n\ntext\n\n### After\n")
    tree, env = render(doc, lang="en")
    sections = tree.find_all("section", class_="case-study")
    assert len(sections) == 1  # no case study inside another
    labels = [dt.text() for dt in sections[0].find_all("dt")]
    assert labels == ["Research Group", "Paper", "MLP Method", "Quantitative Impact"]
    assert tree.find("aside", class_="case-study-glance").get("aria-label") == "At a glance"


def test_h4_case_studies_and_no_box_without_labels():
    tree, env = render("### Companies\n\n#### Case Study 1: Toyota\n\nplain text\n\n#### Case Study 2: BASF\n\nmore\n", lang="en")
    assert [s.get("id") for s in tree.find_all("section", class_="case-study")] == ["case-study-1", "case-study-2"]
    assert tree.find("aside", class_="case-study-glance") is None
    assert env["case_studies"][0]["facts"] == []


def test_case_study_ends_before_trailing_rule():
    tree, _ = render("## ケーススタディ1：A\n\n本文\n\n---\n\n## 次\n")
    assert tree.find("section", class_="case-study").find("hr") is None


def test_colon_fence_case_study():
    tree, env = render("## 事例集\n\n:::case-study 新しい触媒\n**研究グループ**: 大学C\n\n本文\n:::\n")
    section = tree.find("section", class_="case-study")
    assert section.get("id") == "case-study-1"
    assert section.find("h3", class_="case-study-title").text().endswith("新しい触媒")
    assert section.find("aside", class_="case-study-glance").find("dd").text() == "大学C"
    assert env["case_studies"][0]["title"] == "新しい触媒"


def test_citation_moved_into_the_glance_keeps_its_id_for_the_reference_backlink():
    doc = JA_CASE.replace("(2020)", "(2020)[1]") + "\n## 参考文献\n\n1. Ref, O. (2019). \"One.\"\n"
    tree, _ = render(doc)
    ids = [el.get("id") for el in tree.iter() if el.get("id")]
    assert len(ids) == len(set(ids))
    citation = tree.find("aside", class_="case-study-glance").find("a", class_="citation")
    assert citation.get("href") == "#ref-1"
    backlink = tree.find("li", id="ref-1").find("span", class_="ref-backlinks").find("a")
    assert backlink.get("href") == "#" + citation.get("id")


def test_case_studies_page(site):
    site.write({"ja/s/chapter-1.md": "---\ntitle: 第1章\n---\n" + JA_CASE})
    site.build()
    tree = site.tree("case-studies.html")
    entry = tree.find("li", class_="case-study-entry")
    assert entry.find("a").get("href") == "ja/s/chapter-1.html#case-study-1"
    assert [dt.text() for dt in entry.find_all("dt")][:2] == ["研究グループ", "論文"]
