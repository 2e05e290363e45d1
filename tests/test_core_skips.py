from hypothesis import given, settings
from hypothesis import strategies as st
from profiles import examples
from rendering import render_html

from manabi_ssg.markdown import PLUGINS, markdown_with
from manabi_ssg.markdown.inline.core_skips import NEEDED, core_skips_plugin



def render_both(text):
    with_it = markdown_with(PLUGINS)
    without = markdown_with([plugin for plugin in PLUGINS if plugin is not core_skips_plugin])
    return render_html(text, md=with_it, is_chapter=True)[0], render_html(text, md=without, is_chapter=True)[0]


def test_checkboxes_still_render_where_the_page_has_them():
    guarded, plain = render_both("- [ ] todo\n- [x] done\n  - [X] nested\n\n1. [ ] numbered\n")
    assert guarded == plain
    assert guarded.count('type="checkbox"') == 4


def test_footnotes_still_move_to_the_end_where_the_page_has_them():
    guarded, plain = render_both("Text[^1] and more^[inline note].\n\n[^1]: The note.\n\nLast paragraph [link](u).\n")
    assert guarded == plain
    assert guarded.index("Last paragraph") < guarded.index("The note.")
    assert "inline note" in guarded[guarded.index("Last paragraph"):]


def test_a_page_with_brackets_but_no_checkbox_or_footnote_renders_the_same():
    guarded, plain = render_both("- item [1]\n- [link](u) and [ x]\n\n| a | b |\n|---|---|\n| [ ] | x |\n\n[^1] alone\n")
    assert guarded == plain


PIECES = ["- ", "1. ", "  ", "[ ]", "[x]", "[X]", "[", "]", " ", "\t", "a", "\n", "> ", "<details>\n<summary>s</summary>\n\n",
          "</details>\n", "::: exercise\n", ":::\n", "| a |\n|---|\n| ", "^[n]", "[^1]", "[^1]: note\n", "[^2]:", "`", "x", "(u)"]


@settings(max_examples=examples(500), deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=20).map("".join))
def test_the_site_parser_gives_the_same_html_with_and_without_the_skips(text):
    guarded, plain = render_both(text)
    assert guarded == plain


def test_each_skipped_rule_exists_in_the_site_parser_and_is_wrapped_once():
    md = markdown_with(PLUGINS)
    md.use(core_skips_plugin)
    for name in NEEDED:
        rule = next(r for r in md.core.ruler.__rules__ if r.name == name)
        wrapped = rule.fn.__closure__[1].cell_contents
        assert rule.fn._guarded and not getattr(wrapped, "_guarded", False)
