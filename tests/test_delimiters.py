from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from manabi.markdown.delimiters import delimiters_plugin


def parsers():
    plain = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    guarded = MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(delimiters_plugin)
    return plain, guarded


def tokens(md, text):
    return [(t.type, t.tag, t.content, t.nesting, t.markup) for t in md.parseInline(text)[0].children] if text.strip() else []


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab *_~[]()`\\\n強調", max_size=40))
def test_same_tokens_with_and_without_the_shortcut(text):
    plain, guarded = parsers()
    assert tokens(plain, text) == tokens(guarded, text)
    assert plain.render(text) == guarded.render(text)


def test_pairing_still_happens_where_delimiters_are():
    _, guarded = parsers()
    assert guarded.render("a *b* ~~c~~ __d__") == "<p>a <em>b</em> <s>c</s> <strong>d</strong></p>\n"
    assert guarded.render("[*x*](u) plain") == '<p><a href="u"><em>x</em></a> plain</p>\n'


def test_using_it_twice_wraps_once():
    _, guarded = parsers()
    guarded.use(delimiters_plugin)
    rule = next(r for r in guarded.inline.ruler2.__rules__ if r.name == "emphasis")
    wrapped = rule.fn.__closure__[0].cell_contents
    assert rule.fn._guarded and not getattr(wrapped, "_guarded", False)
