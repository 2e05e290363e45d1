from rendering import render_html, render_tree

from manabi_ssg.guards.names import slugify


render = render_tree


def test_japanese_heading_ids_are_readable_unique_and_have_permalinks():
    tree, env = render("## 4.1 ケーススタディ1：触媒\n\n## Same\n\n## Same\n\n### 背景：Cu触媒\n")
    ids = [h.get("id") for h in tree.find_all("h2") + tree.find_all("h3")]
    assert ids == ["4-1-ケーススタディ1-触媒", "same", "same-2", "背景-cu触媒"]
    anchor = tree.find("h2").find("a", class_="heading-anchor")
    assert anchor.get("href") == "#4-1-ケーススタディ1-触媒"
    assert [e["level"] for e in env["toc"]] == [2, 2, 2, 3]


def test_slugify_keeps_letters_of_any_script():
    assert slugify("Hello, World!") == "hello-world"
    assert slugify("学習目標") == "学習目標"
    assert slugify("!!!") == "section"


def test_code_is_highlighted_with_classes_and_unknown_language_is_plain():
    tree, _ = render("```python\nx = 1\n```\n\n```nosuchlang\n<b>\n```\n")
    blocks = tree.find_all("pre", class_="highlight")
    assert blocks[0].find("span") is not None  # Pygments tokens
    assert blocks[1].find("span") is None and "<b>" in blocks[1].text()


def test_mermaid_fence_keeps_readable_source_and_flags_the_page():
    tree, env = render("```mermaid\ngraph TD\n  A --> B\n```\n")
    pre = tree.find("pre", class_="mermaid")
    assert "A --> B" in pre.text()
    assert env["has_mermaid"] is True


def test_tables_sit_in_a_box_that_is_no_tab_stop_until_it_overflows():
    tree, _ = render("| a | b |\n|---|---|\n| 1 | 2 |\n")
    wrap = tree.find("div", class_="table-wrap")
    # manabi.js adds tabindex, role and the label (from data-label) only when the table overflows
    assert wrap.get("tabindex") is None and wrap.get("role") is None and wrap.get("data-label")
    assert wrap.find("table") is not None


def test_a_table_label_of_two_lines_from_a_site_catalogue_is_numbered():
    # a site's messages/*.toml may give "table" with a newline: it crashed the build (no regex match)
    tree, _ = render("| a | b |\n|---|---|\n| 1 | 2 |\n", messages={"table": "Tab\nle (x)"})
    assert tree.find("div", class_="table-wrap").get("data-label") == "Tab\nle 1 (x)"


def test_heading_anchor_is_for_the_mouse_only():
    tree, _ = render("## 背景\n")
    anchor = tree.find("h2").find("a", class_="heading-anchor")
    assert anchor.get("tabindex") == "-1" and anchor.get("aria-hidden") == "true"


def test_links_to_markdown_and_folders_point_at_built_pages():
    tree, env = render("[a](chapter-2.md#x) [b](../other/) [c](https://example.org/a.md) [d](#top)\n")
    hrefs = [a.get("href") for a in tree.find_all("a")]
    assert hrefs == ["chapter-2.html#x", "../other/index.html", "https://example.org/a.md", "#top"]
    assert [link["href"] for link in env["links"]] == ["chapter-2.md#x", "../other/", "#top"]


def test_footnotes_deflists_tasklists_strikethrough():
    tree, _ = render("a[^1] ~~b~~\n\n[^1]: note\n\nTerm\n: Def\n\n- [x] done\n")
    assert tree.find("s") is not None or tree.find("del") is not None
    assert tree.find("section", class_="footnotes") is not None
    assert tree.find("dl") is not None
    assert tree.find("input", type="checkbox") is not None


def test_the_site_parser_leaves_no_reference_cycles():
    """parse.collector_paused holds the cycle collector during a page: it may,
    because no plugin leaves a cycle behind.  Every chapter shipped in content/."""
    import gc
    from pathlib import Path

    chapters = sorted((Path(__file__).parent.parent / "content").rglob("*.md"))
    assert chapters
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        for path in chapters:
            render_html(path.read_text(encoding="utf-8"), path=str(path), is_chapter=True)
            gc.collect()
            assert gc.garbage == [], path
    finally:
        gc.set_debug(0)
        gc.garbage.clear()


def test_heading_attributes_set_the_id_and_leave_the_text_and_the_toc():
    tree, env = render("## 見出し {#fixed}\n\n## A `x` {#code-id .note data-k=\"v\" onclick=\"bad()\"}\n\n## 集合 {a, b}\n")
    first, second, third = tree.find_all("h2")
    assert first.get("id") == "fixed" and first.text().replace("#", "").strip() == "見出し"
    assert second.get("id") == "code-id" and second.classes == ["note"] and second.get("data-k") == "v"
    assert second.get("onclick") is None and "{" not in second.text()
    assert third.get("id") == "集合-a-b" and "{a, b}" in third.text()  # braces that are no attributes stay text
    assert [(e["id"], e["text"]) for e in env["toc"]] == [("fixed", "見出し"), ("code-id", "A x"), ("集合-a-b", "集合 {a, b}")]
