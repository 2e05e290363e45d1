"""The series map: its layered layout, the SVG and list on the series page, and the cycle warning."""

import pytest

from conftest import Site
from manabi_ssg.site.map_layout import BOX_HEIGHT, BOX_WIDTH, cyclic_edges, layout
from manabi_ssg.pipeline.series_map import label_lines


def test_layers_are_longest_paths_and_a_row_keeps_the_reading_order():
    # 0 <- nothing; 1, 2 need 0; 3 needs 1 and 2
    placed = layout(4, [(0, 1), (0, 2), (1, 3), (2, 3)])
    assert placed.layers == [0, 1, 1, 2]
    assert placed.boxes[1][0] < placed.boxes[2][0] and placed.boxes[1][1] == placed.boxes[2][1] > placed.boxes[0][1]


def test_a_layer_wider_than_two_goes_on_in_the_next_rows_and_its_arrows_pass_beside():
    # chapter 0 needed by the five others: rows of two in reading order
    placed = layout(6, [(0, n) for n in range(1, 6)])
    assert placed.layers == [0, 1, 1, 2, 2, 3]
    assert placed.width <= 2 * BOX_WIDTH + 5 * 12 + 6 * 24 + 16
    for source, target, points in placed.arrows:
        for x, y in points[1:-1]:
            row = next(r for r in range(4) if placed.boxes[0][1] + r * (BOX_HEIGHT + 44) == y or placed.boxes[0][1] + r * (BOX_HEIGHT + 44) + BOX_HEIGHT == y)
            for n in range(6):
                if placed.layers[n] == row:
                    assert not placed.boxes[n][0] <= x <= placed.boxes[n][0] + BOX_WIDTH


def test_a_long_arrow_passes_beside_the_boxes_of_the_rows_it_crosses():
    # a chain 0 -> 1 -> 2 -> 3, and 3 also needs 0
    placed = layout(4, [(0, 1), (1, 2), (2, 3), (0, 3)])
    assert placed.layers == [0, 1, 2, 3]
    points = next(p for s, t, p in placed.arrows if (s, t) == (0, 3))
    assert len(points) == 2 + 2 * 2  # start, a waypoint's top and bottom in rows 1 and 2, end
    for x, y in points[1:-1]:
        row = round((y - placed.boxes[0][1]) / (BOX_HEIGHT + 44))
        box_x = placed.boxes[row][0]
        assert not box_x <= x <= box_x + BOX_WIDTH  # never through the chapter in that row


def test_boxes_never_overlap_and_fit_the_drawing():
    edges = [(0, 2), (1, 2), (0, 3), (2, 4), (3, 4), (1, 5), (4, 6), (5, 6), (0, 6)]
    placed = layout(7, edges)
    for a in range(7):
        ax, ay = placed.boxes[a]
        assert 0 <= ax and ax + BOX_WIDTH <= placed.width and ay + BOX_HEIGHT <= placed.height
        for b in range(a + 1, 7):
            bx, by = placed.boxes[b]
            assert ay != by or abs(ax - bx) >= BOX_WIDTH


def test_a_cycle_is_found_and_left_out_of_the_layers():
    assert cyclic_edges(3, [(0, 1), (1, 2), (2, 1)]) == {(1, 2), (2, 1)}
    assert cyclic_edges(2, [(1, 1), (0, 1)]) == {(1, 1)}
    placed = layout(3, [(0, 1), (1, 2), (2, 1)])
    assert placed.left_out == [(2, 1)]
    assert placed.layers == [0, 1, 2]


def test_a_long_chain_lays_out_without_recursion():
    placed = layout(3000, [(n, n + 1) for n in range(2999)])
    assert placed.layers[-1] == 2999


def test_a_label_drops_the_chapter_number_and_is_cut_to_two_lines():
    assert label_lines("第1章：はじめに") == ("はじめに",)
    long = label_lines("第2章：最初の計算と長い長いタイトルがここに続くときにはどうなるのでしょうか")
    assert len(long) == 2 and long[1].endswith("…")
    assert label_lines("Chapter 3: Gradient descent and its friends in practice") [0].endswith(("descent", "and", "its"))


def test_a_label_never_leaves_one_or_two_characters_alone_on_its_second_line():
    assert label_lines("第2章：演習問題・ヒント・解答") == ("演習問題・ヒ", "ント・解答")


def chapter(title, order, prerequisites):
    items = ", ".join(f'"{p}"' for p in prerequisites)
    return f'---\ntitle: "{title}"\nseries_order: {order}\nprerequisites: [{items}]\n---\n本文。\n'


@pytest.fixture
def mapped(tmp_path):
    site = Site(tmp_path / "site")
    site.write({
        "ja/kiso/index.md": '---\ntitle: "きそ"\n---\n導入。\n',
        "ja/kiso/chapter-1.md": chapter("第1章：はじめに", 1, ["基礎的な材料科学知識"]),
        "ja/kiso/chapter-2.md": chapter("第2章：計算", 2, ["第1章"]),
        "ja/kiso/chapter-3.md": chapter("第3章：結晶", 3, ["第1章", "Python basics"]),
        "ja/kiso/chapter-4.md": chapter("第4章：まとめ", 4, ["第2章", "第3章", "基礎的な材料科学知識"]),
    })
    result = site.build()
    assert result.errors == 0
    return site


def test_the_series_page_draws_the_map_hidden_from_assistive_technology_with_pointer_only_links(mapped):
    tree = mapped.tree("ja/kiso/index.html")
    svg = tree.find("section", class_="series-map").find("svg")
    assert svg.get("aria-hidden") == "true" and svg.get("focusable") == "false"
    nodes = svg.find_all("a", class_="map-node")
    assert [(n.get("href"), n.get("tabindex"), n.get("data-progress-page")) for n in nodes] == [
        (f"chapter-{n}.html", "-1", f"ja/kiso/chapter-{n}.html") for n in range(1, 5)]
    assert len(svg.find_all("path", class_="map-arrow")) == 4  # 1->2, 1->3, 2->4, 3->4


def test_the_list_says_what_each_chapter_needs_and_the_outside_knowledge_with_who_needs_it(mapped):
    section = mapped.tree("ja/kiso/index.html").find("section", class_="series-map")
    items = [li.text().strip() for li in section.find("ol", class_="series-map-list").find_all("li")]
    assert items == ["第1章：はじめに (前提の章なし)", "第2章：計算 (前提：第1章：はじめに)", "第3章：結晶 (前提：第1章：はじめに)",
                     "第4章：まとめ (前提：第2章：計算、第3章：結晶)"]
    outside = [li.text().strip() for li in section.find("div", class_="series-map-outside").find_all("li")]
    assert outside == ["基礎的な材料科学知識 (第1章：はじめに、第4章：まとめ)", "Python basics (第3章：結晶)"]


@pytest.mark.parametrize("files", [
    {"ja/solo/chapter-1.md": chapter("第1章：ひとつ", 1, ["基礎知識"])},
    {"ja/solo/chapter-1.md": chapter("第1章：a", 1, []), "ja/solo/chapter-2.md": chapter("第2章：b", 2, ["Python"])},
], ids=["one-chapter", "no-chapter-named"])
def test_no_map_when_no_prerequisite_names_a_chapter_of_the_series(site, files):
    site.write(files).build()
    assert site.tree("ja/solo/index.html").find("section", class_="series-map") is None


def test_a_cycle_of_prerequisites_is_a_warning_at_each_item_that_closes_it(site):
    site.write({
        "ja/loop/chapter-1.md": chapter("第1章：a", 1, []),
        "ja/loop/chapter-2.md": chapter("第2章：b", 2, ["第1章", "第3章"]),
        "ja/loop/chapter-3.md": chapter("第3章：c", 3, ["第2章"]),
    })
    result = site.build()
    found = sorted((d.path, d.line, d.col, d.level, d.code) for d in result.diagnostics if d.code == "prerequisite-cycle")
    assert found == [("ja/loop/chapter-2.md", 4, 24, "warning", "prerequisite-cycle"),
                     ("ja/loop/chapter-3.md", 4, 17, "warning", "prerequisite-cycle")]
    svg = site.tree("ja/loop/index.html").find("svg")
    assert len(svg.find_all("path", class_="map-arrow-cycle")) == 2


def test_a_rebuild_after_a_prerequisite_changes_redraws_the_map(mapped):
    before = len(mapped.tree("ja/kiso/index.html").find("svg").find_all("path", class_="map-arrow"))
    (mapped.content / "ja/kiso/chapter-3.md").write_text(chapter("第3章：結晶", 3, ["第1章", "第2章"]), encoding="utf-8")
    assert mapped.build().errors == 0
    assert len(mapped.tree("ja/kiso/index.html").find("svg").find_all("path", class_="map-arrow")) == before + 1
