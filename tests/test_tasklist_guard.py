from hypothesis import given, settings
from hypothesis import strategies as st

from manabi_ssg.markdown import PLUGINS, markdown_with
from manabi_ssg.markdown.tasklist_guard import tasklist_guard_plugin

ENV = {"path": "t.md", "line_offset": 0, "diagnostics": [], "title": "", "is_chapter": True}


def render_both(text):
    with_it = markdown_with(PLUGINS)
    without = markdown_with([plugin for plugin in PLUGINS if plugin is not tasklist_guard_plugin])
    return with_it.render(text, dict(ENV)), without.render(text, dict(ENV))


def test_checkboxes_still_render_where_the_page_has_them():
    guarded, plain = render_both("- [ ] todo\n- [x] done\n  - [X] nested\n\n1. [ ] numbered\n")
    assert guarded == plain
    assert guarded.count('type="checkbox"') == 4


def test_a_page_without_checkboxes_renders_the_same():
    text = "- item [1]\n- [link](u) and [ x]\n\n| a | b |\n|---|---|\n| [ ] | x |\n"
    guarded, plain = render_both(text)
    assert guarded == plain


PIECES = ["- ", "1. ", "  ", "[ ]", "[x]", "[X]", "[", "]", " ", "\t", "a", "\n", "> ", "<details>\n<summary>s</summary>\n\n",
          "</details>\n", "::: exercise\n", ":::\n", "| a |\n|---|\n| ", "^[n]", "[^1]: note\n", "`", "x"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=20).map("".join))
def test_the_site_parser_gives_the_same_html_with_and_without_the_guard(text):
    guarded, plain = render_both(text)
    assert guarded == plain


def test_using_it_twice_wraps_once():
    md = markdown_with(PLUGINS)
    md.use(tasklist_guard_plugin)
    rule = next(r for r in md.core.ruler.__rules__ if r.name == "github-tasklists")
    wrapped = rule.fn.__closure__[0].cell_contents
    assert rule.fn._guarded and not getattr(wrapped, "_guarded", False)
