from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from profiles import examples
from rendering import render_html

from manabi_ssg.markdown.inline.delimiters import delimiters_plugin


def parsers():
    plain = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    guarded = MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(delimiters_plugin)
    return plain, guarded


def tokens(md, text):
    return [(t.type, t.tag, t.content, t.nesting, t.markup) for t in md.parseInline(text)[0].children] if text.strip() else []


@settings(max_examples=examples(500), deadline=None)
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


PIECES = ["**", "*", "_", "__", "~~", "~", "a", "強調", " ", "\n", "[", "](u)", "]", "`", "$", "{.c}", "\\", "<b>", "&amp;",
          "[1]", "^[n]", "[^1]", "!", "<u>", ":", "-"]


@settings(max_examples=examples(500), deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=16).map("".join))
def test_the_site_parser_gives_the_same_html_with_and_without_the_shortcut(text):
    """With every plugin of manabi's parser: none of them may leave text tokens side by side."""
    from manabi_ssg.markdown import PLUGINS, markdown_with

    with_it = markdown_with(PLUGINS)
    without = markdown_with([plugin for plugin in PLUGINS if plugin is not delimiters_plugin])
    assert render_html(text, md=with_it, is_chapter=True)[0] == render_html(text, md=without, is_chapter=True)[0]


def test_a_post_processing_rule_of_another_plugin_still_runs_on_runs_without_delimiters():
    _, guarded = parsers()
    seen = []
    guarded.inline.ruler2.push("recorder", lambda state: seen.append(state.src))
    guarded.render("plain words\n\n| a |\n|---|\n| cell |\n")
    assert seen == ["plain words", "a", "cell"]


def test_runs_without_delimiters_skip_the_pairing_chain():
    _, guarded = parsers()
    calls = []
    rule = next(r for r in guarded.inline.ruler2.__rules__ if r.name == "balance_pairs")
    inner = rule.fn

    def counting(state):
        calls.append(state.src)
        inner(state)

    counting._guarded = True
    guarded.inline.ruler2.at("balance_pairs", counting)
    guarded.render("plain words\n\n*emphasis*\n")
    assert calls == ["*emphasis*"]
