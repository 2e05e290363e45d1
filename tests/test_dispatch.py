"""Inline rules asked by first character (manabi.markdown.dispatch): same tokens, fewer calls."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

from manabi.markdown import PLUGINS, markdown_with
from manabi.markdown.cjk import cjk_plugin
from manabi.markdown.dispatch import STARTS, dispatch_plugin
from manabi.messages import catalogue

WITH = markdown_with(PLUGINS)
WITHOUT = markdown_with([plugin for plugin in PLUGINS if plugin is not dispatch_plugin])
MARKUP = "ab 強調\n*_~`[]()!<>&{}$\\^:-=%#@+|.\"'#;/"


def env():
    return {"path": "t.md", "line_offset": 0, "diagnostics": [], "title": "", "is_chapter": True, "messages": catalogue("ja", "")}


def terminators() -> list[str]:
    text_rule = next(rule.fn for rule in WITH.inline.ruler.__rules__ if rule.name == "text")
    return [ch for ch in map(chr, range(1, 0x250)) if not text_rule(StateInline(ch, WITH, {}, []), True)]


def test_the_terminators_are_what_markdown_it_documents():
    assert set("\n!#$%&*+-:<=>@[\\]^_`{}~") <= set(terminators())


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(terminators()), st.text(alphabet=MARKUP, max_size=24))
def test_every_named_rule_declines_where_it_is_not_named(ch, rest):
    """The promise STARTS makes for each rule, checked against the rule itself."""
    for rule in WITH.inline.ruler.__rules__:
        if rule.enabled and rule.name in STARTS and ch not in STARTS[rule.name]:
            state = StateInline(ch + rest, WITH, env(), [])
            assert not rule.fn(state, True), (rule.name, ch + rest)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=MARKUP, max_size=60))
def test_same_html_and_findings_with_and_without_dispatch(text):
    first, second = env(), env()
    assert WITH.render(text, first) == WITHOUT.render(text, second)
    assert first["diagnostics"] == second["diagnostics"]


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

    md = MarkdownIt("commonmark").use(dispatch_plugin)
    md.inline.ruler.before("text", "shout", shout)
    assert md.render("50% off") == "<p>50<b>%</b> off</p>\n"


def test_it_must_come_before_tokenizer_wrappers():
    md = MarkdownIt("commonmark").use(cjk_plugin)
    with pytest.raises(ValueError, match="before"):
        md.use(dispatch_plugin)
