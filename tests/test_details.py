from functools import partial

from rendering import render_tree


render = partial(render_tree, path="d.md")


def codes(env):
    return [(d.code, d.line) for d in env.get("diagnostics", [])]


def test_markdown_inside_details_is_rendered_even_without_blank_lines():
    tree, env = render("<details>\n<summary>解答例</summary>\n**太字**\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```python\nx = 1\n```\n</details>\n")
    details = tree.find("details")
    assert details.find("summary").text() == "解答例"
    assert details.find("strong").text() == "太字"
    assert details.find("table") is not None and details.find("pre") is not None
    assert codes(env) == []


def test_summary_on_the_same_line_and_inline_markdown_in_summary():
    tree, _ = render("<details><summary>**Hint** 1</summary>\n\ntext\n\n</details>\n")
    summary = tree.find("summary")
    assert summary.find("strong").text() == "Hint"


def test_nested_details_and_fenced_close_tag():
    text = "<details>\n<summary>outer</summary>\n\n```html\n</details>\n```\n\n<details>\n<summary>inner</summary>\n\ni\n\n</details>\n\no\n\n</details>\n\nafter\n"
    tree, env = render(text)
    outer = tree.find("details")
    assert outer.find("details").find("summary").text() == "inner"
    assert "</details>" in outer.find("pre").text()
    assert tree.find_all("p")[-1].text() == "after" and tree.find_all("p")[-1].parent.tag == "#document"
    assert codes(env) == []


def test_unclosed_details_is_an_error_and_stops_at_the_next_heading():
    tree, env = render("intro\n\n<details>\n<summary>s</summary>\n\nhidden\n\n## Next section\n\nvisible\n")
    assert ("details-unclosed", 3) in codes(env)
    h2 = tree.find("h2")
    assert h2.parent.tag == "#document"  # the rest of the chapter is not swallowed


def test_stray_close_and_missing_summary_are_warned():
    _, env = render("text\n\n</details>\n\n<details>\nno summary\n</details>\n")
    found = codes(env)
    assert ("details-stray-close", 3) in found
    assert ("details-no-summary", 5) in found


def test_line_offset_maps_to_file_lines():
    _, env = render("\n</details>\n", line_offset=10)
    assert env["diagnostics"][0].line == 12


def test_unclosed_details_in_a_list_item_ends_with_its_item():
    tree, env = render("- <details>\n  <summary>s</summary>\n\n  inside\n- next item\n- :::hint\n  also inside\n- last item\n")
    outer = tree.find("ul")
    items = [item for item in outer.find_all("li") if item.parent is outer]
    assert len(items) == 4
    assert [item.text().split()[-1] for item in items] == ["inside", "item", "inside", "item"]
    assert items[1].find("details") is None and items[3].find("details") is None
    assert ("details-unclosed", 1) in codes(env) and ("directive-unclosed", 6) in codes(env)


def test_a_fence_indented_as_code_hides_no_closing_tag():
    tree, env = render("<details>\n<summary>s</summary>\n\n    ```\n\n</details>\n\nafter\n")
    assert tree.find_all("p")[-1].text() == "after" and tree.find_all("p")[-1].parent.tag == "#document"
    assert codes(env) == []


def _unclosed_message(env):
    return next(d.message for d in env["diagnostics"] if d.code == "details-unclosed")


def test_an_unclosed_details_with_no_heading_after_it_says_it_ends_at_the_end_of_the_file():
    _, env = render("intro\n\n<details>\n<summary>s</summary>\n\nhidden\n\nmore\n")
    message = _unclosed_message(env)
    assert "at the end of the file" in message and "heading" not in message


def test_an_unclosed_details_before_a_heading_names_the_heading_line():
    _, env = render("intro\n\n<details>\n<summary>s</summary>\n\nhidden\n\n## Next\n")
    assert "before the next heading (line 8)" in _unclosed_message(env)


def test_an_unclosed_details_in_a_list_item_says_it_ends_with_the_item():
    _, env = render("- <details>\n  <summary>s</summary>\n\n  inside\n- next item\n")
    message = _unclosed_message(env)
    assert "at the end of its list item or quote" in message and "heading" not in message
