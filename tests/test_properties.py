"""Property tests: no Markdown, however mangled, raises out of the pipeline.

A few thousand generated documents run in the normal suite (``profiles.py``
scales the count); ``make fuzz`` raises it (MANABI_FUZZ_EXAMPLES) for a long run.
"""

import os

import pytest

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from profiles import examples
from rendering import chapter_source

from manabi_ssg.site.config import Config
from manabi_ssg.diagnostics import Diagnostic
from manabi_ssg.pipeline.index import build_index
from manabi_ssg.pipeline.load import decode
from manabi_ssg.pipeline.parse import parse_source
from manabi_ssg.pipeline.render import render_page
from manabi_ssg.pipeline.engine import render_settings

EXAMPLES = int(os.environ.get("MANABI_FUZZ_EXAMPLES") or examples(1500))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)

words = st.sampled_from(["触媒", "拡散係数", "text", "**", "*", "_", "`", "$", "$$", "\\(", "\\)", "\\[", "\\]", "[1]", "[2, 3]", "[1-4]",
                         "（", "）", "「", "」", "。", "、", "<", ">", "&", "|", "~~", "{#id}", "[^1]", "\\", "{", "}", "#", ":::", " ", "\t"])
inline = st.lists(st.one_of(words, st.text(max_size=8)), max_size=12).map("".join)
lines = st.one_of(
    inline,
    inline.map(lambda s: "# " + s),
    inline.map(lambda s: "## 演習問題 " + s),
    inline.map(lambda s: "### 問題1（難易度：hard）" + s),
    inline.map(lambda s: "### Problem 2 (Difficulty: Easy) " + s),
    inline.map(lambda s: "## 4.1 ケーススタディ1：" + s),
    inline.map(lambda s: "**研究グループ**: " + s),
    st.just("## 参考文献"),
    inline.map(lambda s: "1. " + s + " [注: 仮想DOI]"),
    inline.map(lambda s: "- " + s),
    inline.map(lambda s: "  - " + s),
    inline.map(lambda s: "> " + s),
    st.sampled_from(["<details>", "</details>", "<summary>ヒント</summary>", "<summary>解答例</summary>", "<details><summary>Answer</summary>",
                     "```python", "```mermaid", "```", "~~~", "$$", "| a | b |", "|---|---|", "<!--", "-->", "---", ":::exercise", ":::",
                     ":::hint", ":::answer", ":difficulty: hard", "<div>", "</div>", "<script>x</script>", "", "\\begin{align}", "\\end{align}"]),
)
documents = st.lists(lines, max_size=40).map("\n".join)
front = st.one_of(st.just(""), st.builds(lambda t, o: f"---\ntitle: {t}\nseries_order: {o}\ntopics: [{t}]\n---\n", inline, st.integers()),
                  st.text(max_size=30).map(lambda s: f"---\n{s}\n---\n"))


source_for = chapter_source


@SETTINGS
@given(front, documents, st.booleans())
def test_parse_never_raises(head, body, hard_breaks):
    page = parse_source(source_for(head + body), hard_line_breaks=hard_breaks)
    assert isinstance(page.body_html, str)
    assert all(isinstance(d, Diagnostic) and d.line >= 0 for d in page.diagnostics)


@settings(max_examples=max(50, EXAMPLES // 10), deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(front, documents)
def test_render_never_raises(head, body):
    config = Config()
    page = parse_source(source_for(head + body))
    index = build_index([page], config)
    html = render_page(page, index, render_settings(config))
    assert html.startswith("<!DOCTYPE html>")


@SETTINGS
@given(st.binary(max_size=400))
def test_any_bytes_decode_with_a_clear_answer(data):
    diagnostics = []
    text = decode(data, "x.md", diagnostics)
    assert "\r" not in text and "\x00" not in text
    page = parse_source(source_for(text))
    assert isinstance(page.body_html, str)


yaml_values = st.one_of(
    st.builds(lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}", st.integers(0, 9999), st.integers(0, 99), st.integers(0, 99)),
    st.builds(lambda h, m: f"{h}:{m:02d}", st.integers(0, 99), st.integers(0, 99)),
    st.builds(lambda tag, s: f"!!{tag} {s}", st.sampled_from(["int", "float", "bool", "timestamp", "binary", "set", "omap", "str", "null"]), inline),
    inline, inline.map(lambda s: f'"{s}'), inline.map(lambda s: f"'{s}'"), inline.map(lambda s: f"[{s}"),
)
keys = st.sampled_from(["title", "titel", "created_at", "updated_at", "learning_objectives", "topics", "series_order", "draft", "x", "Title"])


@SETTINGS
@given(st.lists(st.tuples(keys, yaml_values), max_size=6))
def test_any_front_matter_value_ends_in_a_located_diagnostic_or_a_value(pairs):
    from manabi_ssg.pipeline import frontmatter

    text = "---\n" + "".join(f"{k}: {v}\n" for k, v in pairs) + "---\nbody\n"
    fm = frontmatter.parse(text, "c.md")  # never raises
    assert all(d.line >= 1 for d in fm.diagnostics)
    assert fm.body == "body\n"


# Hostile documents built from each plugin's syntax: a short unit of pieces, repeated.
PIECES = ["[1] ", "[1-3] ", "[2, 3] ", "\\(", "\\(x^2 ", "\\)", "\\[", "\\]", "$", "$$", "$x$ ", "\\begin{align}", "{", "^",
          "<details>\n", "<summary>ヒント</summary>\n", "<summary>解答例</summary>\n", "</details>\n", ":::exercise\n", ":::hint\n",
          ":::answer\n", ":::case-study x\n", ":::\n", ":difficulty: hard\n", "## 演習問題\n", "### 問題1（難易度：easy）\n",
          "## 4.1 ケーススタディ1：触媒\n", "**研究グループ**: 東大\n", "- ", "1. ", "> ", "  ", "\n", "\n\n", "## 参考文献\n\n1. A\n",
          "<!--", "```python\n", "```\n", "(", "*", "_", "[", "![", "](x.md)", "](my file.md)", "`", "{#id}", "---\n", "|a|b|\n|-|-|\n", "触媒"]
units = st.lists(st.sampled_from(PIECES), min_size=1, max_size=6).map("".join)
REFERENCES = "\n\n## 参考文献\n\n1. A\n2. B\n3. C\n"


@pytest.mark.timing
@settings(max_examples=max(3, EXAMPLES // 300), deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(units)
def test_a_hostile_repeat_grows_no_faster_than_markdown_it(unit):
    """manabi's cost on a unit repeated n and 4n times grows at most twice as much as markdown-it-py's.

    Measured as tests/test_scaling.py does (best CPU times, no absolute time); a
    growth past the margin is measured once more before it counts, so a moment of
    load on a shared machine is not taken for a quadratic step.
    """
    from test_scaling import MARGIN, STEP, growth, sized

    def make(n: int) -> str:
        return unit * n + REFERENCES

    n = sized(make, 64)
    mine, theirs = growth(make, n)
    if mine > MARGIN * max(theirs, STEP):
        mine, theirs = growth(make, n)
    assert mine <= MARGIN * max(theirs, STEP), f"{unit!r}: manabi grew {mine:.1f}x from n={n} to {STEP}n, markdown-it-py {theirs:.1f}x"
