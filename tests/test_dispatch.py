"""Rules asked by first character (manabi_ssg.markdown.inline.dispatch): same HTML, fewer calls."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from profiles import examples

from manabi_ssg.markdown import PLUGINS, markdown_with
from manabi_ssg.markdown.inline.cjk import cjk_plugin
from manabi_ssg.markdown.inline.dispatch import BLOCK_STARTS, INLINE_STARTS, block_dispatch_plugin, inline_dispatch_plugin
from manabi_ssg.markdown import page_env
from manabi_ssg.messages import catalogue

WITH = markdown_with(PLUGINS)
WITHOUT = markdown_with([plugin for plugin in PLUGINS if plugin not in (inline_dispatch_plugin, block_dispatch_plugin)])
MARKUP = "ab 強調\n*_~`[]()!<>&{}$\\^:-=%#@+|.\"'#;/"


def env(text: str = "", is_chapter: bool = True):
    return page_env("t.md", text, is_chapter=is_chapter, messages=catalogue("ja", ""))


def terminators() -> list[str]:
    text_rule = next(rule.fn for rule in WITH.inline.ruler.__rules__ if rule.name == "text")
    return [ch for ch in map(chr, range(1, 0x250)) if not text_rule(StateInline(ch, WITH, env(), []), True)]


def test_the_terminators_are_what_markdown_it_documents():
    assert set("\n!#$%&*+-:<=>@[\\]^_`{}~") <= set(terminators())


@settings(max_examples=examples(400), deadline=None)
@given(st.sampled_from(terminators()), st.text(alphabet=MARKUP, max_size=24))
def test_every_named_inline_rule_declines_where_it_is_not_named(ch, rest):
    """The promise INLINE_STARTS makes for each rule, checked against the rule itself."""
    for rule in WITHOUT.inline.ruler.__rules__:
        if rule.enabled and rule.name in INLINE_STARTS and ch not in INLINE_STARTS[rule.name]:
            state = StateInline(ch + rest, WITH, env(), [])
            assert not rule.fn(state, True), (rule.name, ch + rest)


BLOCK_OPENINGS = ["- ", "* ", "+ ", "1. ", "2) ", "# ", "## ", "> ", "```", "~~~", "$$", "\\[", ":::", "<details>", "</details>",
                  "<!--", "<div>", "[a]: u", "[^1]: n", "{.c}", "***", "---", "___", "|a|", "a", "あ", ""]
BLOCK_LINE = st.tuples(
    st.sampled_from(["", " ", "  ", "    ", "\t"]),
    st.sampled_from(BLOCK_OPENINGS),
    st.text(alphabet=MARKUP + "0123456789", max_size=12),
).map(lambda parts: "".join(parts))


@settings(max_examples=examples(400), deadline=None)
@given(st.lists(BLOCK_LINE, min_size=1, max_size=4), st.integers(0, 3))
def test_every_named_block_rule_declines_where_it_is_not_named(lines, at):
    """The promise BLOCK_STARTS makes, for the first line of a block and for a line inside a paragraph."""
    source = "\n".join(lines) + "\n"
    rules = [rule for rule in WITHOUT.block.ruler.__rules__ if rule.name in BLOCK_STARTS]
    assert {rule.name for rule in rules} == set(BLOCK_STARTS)
    for silent in (False, True):
        state = StateBlock(source, WITHOUT, env(), [])
        line = min(at, state.lineMax - 1)
        pos = state.bMarks[line] + state.tShift[line]
        first = source[pos] if pos < state.eMarks[line] else ""
        for rule in rules:
            if not first or first not in BLOCK_STARTS[rule.name]:
                assert not rule.fn(state, line, state.lineMax, silent), (rule.name, source, line)


@settings(max_examples=examples(400), deadline=None)
@given(st.text(alphabet=MARKUP + "0123456789 ", max_size=80))
def test_same_html_and_findings_with_and_without_dispatch(text):
    first, second = env(), env()
    assert WITH.render(text, first) == WITHOUT.render(text, second)
    assert first["diagnostics"] == second["diagnostics"]


@settings(max_examples=examples(400), deadline=None)
@given(st.lists(BLOCK_LINE | st.sampled_from(["===", "---", "- -", "  ==", "", "", "a"]), min_size=1, max_size=8))
def test_same_html_with_and_without_dispatch_for_block_structure(lines):
    text = "\n".join(lines) + "\n"
    assert WITH.render(text, env()) == WITHOUT.render(text, env())


def test_setext_headings_still_found():
    text = "Title\n===\n\nline one\nline two\n---\n\n> quoted\n> ===\n\nno heading\n\n---\n"
    # not a chapter: a chapter's first h1 is its title, shown by the template
    html = WITH.render(text, env(text, is_chapter=False))
    assert html == WITHOUT.render(text, env(text, is_chapter=False))
    assert html.count("<h1") == 2 and html.count("<h2") == 1


def test_same_html_for_the_shipped_chapters():
    for path in sorted((Path(__file__).parent.parent / "content").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        assert WITH.render(text, env()) == WITHOUT.render(text, env()), path


def test_an_unnamed_rule_is_asked_everywhere():
    def shout(state, silent):  # a plugin's rule dispatch knows nothing about
        if state.src[state.pos] != "%":
            return False
        if not silent:
            state.push("html_inline", "", 0).content = "<b>%</b>"
        state.pos += 1
        return True

    md = MarkdownIt("commonmark").use(inline_dispatch_plugin)
    md.inline.ruler.before("text", "shout", shout)
    assert md.render("50% off") == "<p>50<b>%</b> off</p>\n"


def test_block_rules_are_guarded_once():
    md = markdown_with(PLUGINS).use(block_dispatch_plugin)
    heading = next(rule.fn for rule in md.block.ruler.__rules__ if rule.name == "heading")
    inner = heading.__closure__[1].cell_contents
    assert heading._dispatched and not getattr(inner, "_dispatched", False)
    assert md.render("# T\n\n- a\n> q\n") == WITHOUT.render("# T\n\n- a\n> q\n")


def test_it_must_come_before_tokenizer_wrappers():
    md = MarkdownIt("commonmark").use(cjk_plugin)
    with pytest.raises(ValueError, match="before"):
        md.use(inline_dispatch_plugin)


def test_a_link_label_look_ahead_asks_only_the_rules_that_can_start_at_each_character(monkeypatch):
    from manabi_ssg.markdown import PLUGINS, markdown_with
    from manabi_ssg.markdown.inline.dispatch import INLINE_STARTS

    asked = []

    def percent(state, silent):  # a rule that can only start at "%"
        asked.append(state.src[state.pos])
        return False

    monkeypatch.setitem(INLINE_STARTS, "percent", "%")
    md = markdown_with(PLUGINS)
    md.inline.ruler.push("percent", percent)
    md.render("![" * 50 + " 100%\n")
    assert asked and set(asked) == {"%"}  # not at each "!" and "[" markdown-it's skipToken looks at
