"""Fenced code (markdown/code.py): unclosed fences are reported, info strings decoded."""

from rendering import render_html


def render(src: str) -> tuple[str, list]:
    html, env = render_html(src, path="c.md")
    return html, env["diagnostics"]


def test_an_unclosed_fence_is_reported_at_its_line():
    html, [d] = render("本文\n\n```python\nx = 1\n\n## 演習問題\n\n### 問題1\n")
    assert (d.line, d.col, d.level, d.code) == (3, 1, "warning", "code-fence-unclosed")
    assert "<h2" not in html  # what the warning is about: the rest became code


def test_closed_fences_are_not_reported_in_any_container():
    for src in ("```\nx\n```\n", "~~~~\nx\n~~~~~~\n", "> ```\n> x\n> ```\n", "- a\n\n  ```\n  x\n  ```\n", "````\n```\n````\n"):
        assert render(src)[1] == [], src


def test_a_fence_left_open_inside_a_quote_is_reported_too():
    assert [d.line for d in render("text\n\n> ```\n> x\n\nafter\n")[1]] == [3]


def test_info_string_entities_and_escapes_are_decoded():
    html, _ = render("``` f&ouml;&ouml;\nx\n```\n")
    assert 'class="language-föö"' in html and "&amp;ouml;" not in html
    html, _ = render("``` c\\+\\+\nx\n```\n")
    assert 'class="language-c++"' in html
