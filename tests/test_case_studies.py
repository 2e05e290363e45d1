"""Case studies: heading conventions, the wrapping section, the at-a-glance box, the site page."""

import pytest
from htmltree import parse_html

from manabi_ssg.markdown import create_markdown
from manabi_ssg.markdown.case_studies import parse_heading
from manabi_ssg.messages import catalogue


def render(text: str, lang: str = "ja"):
    env = {"path": "cs.md", "line_offset": 0, "messages": catalogue(lang)}
    return parse_html(create_markdown(True).render(text, env)), env


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


def test_glance_box_from_labelled_lines_original_text_kept():
    tree, env = render(JA_CASE)
    glance = tree.find("aside", class_="case-study-glance")
    labels = [dt.text() for dt in glance.find_all("dt")]
    assert labels == ["研究グループ", "論文", "MLP手法", "定量的インパクト"]  # 訓練データ is not a glance label
    values = [dd for dd in glance.find_all("dd")]
    assert values[0].text() == "大学A × 研究所B"
    assert values[1].find("em").text() == "Journal"
    assert [li.text() for li in values[3].find_all("li")] == ["時間スケール: 1 μs", "計算コスト: 5万倍高速化"]
    section = tree.find("section", class_="case-study")
    body_text = section.text()
    assert body_text.count("大学A × 研究所B") == 2  # the box repeats, the original stays
    facts = env["case_studies"][0]["facts"]
    assert facts[3] == {"label": "定量的インパクト", "text": "時間スケール: 1 μs; 計算コスト: 5万倍高速化"}


def test_english_labels_and_h3_h4_levels():
    doc = ("## Results\n\n### 3.1 Case Study 1: Alloy\n\n**Research Group**: Lab X\n**Paper**: Y (2021)\n"
           "- **MLP Method**: MACE\n\n**Quantitative Impact**:\n- 10x faster\n\n#### Case Study 2: Inner\n\ntext\n\n### After\n")
    tree, env = render(doc, "en")
    sections = tree.find_all("section", class_="case-study")
    assert len(sections) == 1  # no case study inside another
    labels = [dt.text() for dt in sections[0].find_all("dt")]
    assert labels == ["Research Group", "Paper", "MLP Method", "Quantitative Impact"]
    assert tree.find("aside", class_="case-study-glance").get("aria-label") == "At a glance"


def test_h4_case_studies_and_no_box_without_labels():
    tree, env = render("### Companies\n\n#### Case Study 1: Toyota\n\nplain text\n\n#### Case Study 2: BASF\n\nmore\n", "en")
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


def test_citation_in_glance_has_no_duplicate_ids():
    doc = JA_CASE.replace("(2020)", "(2020)[1]") + "\n## 参考文献\n\n1. Ref one.\n"
    tree, _ = render(doc)
    ids = [el.get("id") for el in tree.iter() if el.get("id")]
    assert len(ids) == len(set(ids))
    assert tree.find("aside", class_="case-study-glance").find("a", class_="citation").get("href") == "#ref-1"


def test_case_studies_page(site):
    site.write({"ja/s/chapter-1.md": "---\ntitle: 第1章\n---\n" + JA_CASE})
    site.build()
    tree = site.tree("case-studies.html")
    entry = tree.find("li", class_="case-study-entry")
    assert entry.find("a").get("href") == "ja/s/chapter-1.html#case-study-1"
    assert [dt.text() for dt in entry.find_all("dt")][:2] == ["研究グループ", "論文"]
