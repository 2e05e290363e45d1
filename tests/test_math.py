"""The math plugin: TeX to MathML at build time, and dollars that stay money."""

from __future__ import annotations


import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from profiles import examples

from htmltree import Element as Node
from htmltree import parse_html
from rendering import render_html

from manabi_ssg.diagnostics import WARNING
from manabi_ssg.markdown import PageEnv, page_env
from manabi_ssg.markdown.media.math import math_plugin, tex_to_mathml



def tree(html: str) -> Node:
    return parse_html(html, strict=True)


@pytest.fixture(scope="module")
def md() -> MarkdownIt:
    # the preset manabi uses, plus the plugin under test
    return MarkdownIt("commonmark", {"html": True, "breaks": True}).enable("table").enable("strikethrough").use(math_plugin)


def render(md: MarkdownIt, text: str, line_offset: int = 0) -> tuple[Node, PageEnv]:
    html, env = render_html(text, md=md, line_offset=line_offset)
    return tree(html), env


def maths(root: Node) -> list[Node]:
    return list(root.iter("math"))


def tex_of(math: Node) -> str:
    (annotation,) = list(math.iter("annotation"))
    assert annotation.attrs["encoding"] == "application/x-tex"
    return annotation.text()


# ------------------------------------------------------------------ delimiters


@pytest.mark.parametrize("source", [r"Area $\pi r^2$ here.", r"Area \(\pi r^2\) here."])
def test_inline_forms(md, source):
    root, env = render(md, source)
    (math,) = maths(root)
    assert math.attrs["display"] == "inline"
    assert math.ancestors()[0] == "p"
    assert tex_of(math) == r"\pi r^2"
    assert [c.tag for c in math.children if isinstance(c, Node)] == ["semantics"]
    assert not env.get("diagnostics")


@pytest.mark.parametrize(
    "source",
    [
        "$$\n\\int_0^1 x\\,dx = \\frac{1}{2}\n$$",
        "\\[\n\\int_0^1 x\\,dx = \\frac{1}{2}\n\\]",
        "$$\\int_0^1 x\\,dx = \\frac{1}{2}$$",
        "\\[ \\int_0^1 x\\,dx = \\frac{1}{2} \\]",
        "$$\\int_0^1 x\\,dx\n= \\frac{1}{2}$$",
    ],
)
def test_block_forms(md, source):
    root, _ = render(md, source)
    (math,) = maths(root)
    assert math.attrs["display"] == "block"
    assert math.parent.tag == "div" and math.parent.attrs["class"] == "math-block"
    assert "p" not in math.ancestors()
    assert r"\frac{1}{2}" in tex_of(math)
    assert list(math.iter("mfrac")) and list(math.iter("msubsup"))


def test_block_interrupts_paragraph_and_paragraph_resumes(md):
    root, _ = render(md, "The energy levels are:\n$$\nE_n = n^2\n$$\nwhere $n$ is an integer.")
    paragraphs = list(root.iter("p"))
    assert len(paragraphs) == 2
    assert paragraphs[0].text().strip() == "The energy levels are:"
    assert paragraphs[1].text().startswith("where")
    block, inline = maths(root)
    assert block.attrs["display"] == "block" and block.parent.tag == "div"
    assert inline.attrs["display"] == "inline" and tex_of(inline) == "n"


def test_display_math_inside_running_text_stays_in_the_paragraph(md):
    root, _ = render(md, "so that $$a^2 + b^2 = c^2$$ holds.")
    (math,) = maths(root)
    assert math.attrs["display"] == "block"
    assert math.parent.tag == "span" and math.parent.attrs["class"] == "math-block"
    assert math.ancestors()[1] == "p"


def test_block_math_in_list_items(md):
    source = "1. First:\n   $$\n   x = \\sqrt{2}\n   $$\n2. Second\n\n   $$y = 1$$\n"
    root, _ = render(md, source)
    items = list(root.iter("li"))
    assert len(items) == 2
    for item in items:
        (math,) = list(item.iter("math"))
        assert math.attrs["display"] == "block" and math.parent.attrs["class"] == "math-block"
    assert len(list(root.iter("ol"))) == 1


def test_block_math_in_blockquote(md):
    root, _ = render(md, "> $$\n> a = b\n> $$\n")
    (math,) = maths(root)
    assert "blockquote" in math.ancestors() and tex_of(math) == "a = b"


def test_multiple_spans_in_one_paragraph(md):
    root, _ = render(md, "Let $a$, $b_1$ and\n$c^2$ be given; then \\(a+b\\).")
    assert [tex_of(m) for m in maths(root)] == ["a", "b_1", "c^2", "a+b"]
    assert len(list(root.iter("p"))) == 1


def test_math_in_heading_and_emphasis(md):
    root, _ = render(md, "## Energy $E$\n\n**Result: $x = 1$**")
    (h2,) = list(root.iter("h2"))
    assert tex_of(next(h2.iter("math"))) == "E"
    (strong,) = list(root.iter("strong"))
    assert tex_of(next(strong.iter("math"))) == "x = 1"


def test_tex_is_escaped_in_annotation(md):
    root, _ = render(md, "$a < b \\& c$")
    (math,) = maths(root)
    assert tex_of(math) == "a < b \\& c"  # parsed back from &lt; / &amp;


# ------------------------------------------------------------------ environments


@pytest.mark.parametrize(
    "tex",
    [
        "\\begin{align}\na &= b + c \\\\\nd &= e\n\\end{align}",
        "\\begin{aligned}\nf(x) &= x^2 \\\\\ng(x) &= \\frac{1}{x}\n\\end{aligned}",
        "|x| = \\begin{cases}\nx & x \\ge 0 \\\\\n-x & x < 0\n\\end{cases}",
        "A = \\begin{pmatrix}\n1 & 2 \\\\\n3 & 4\n\\end{pmatrix}",
        "\\begin{bmatrix} a & b \\end{bmatrix}",
    ],
)
def test_environments(md, tex):
    root, env = render(md, f"$$\n{tex}\n$$")
    (math,) = maths(root)
    assert list(math.iter("mtable"))
    assert not list(root.iter("code"))
    assert not env.get("diagnostics")
    # numbering would restart at (1) in every equation: align is unnumbered
    assert "(1)" not in "".join(m.text() for m in math.iter("mtext"))


def test_text_with_japanese(md):
    root, _ = render(md, "速さは $v = \\frac{\\text{距離}}{\\text{時間}}$ で表す。")
    (math,) = maths(root)
    assert [t.text() for t in math.iter("mtext")] == ["距離", "時間"]


def test_arg_max(md):
    root, env = render(md, "$$\nx^* = \\arg\\max_{x} f(x)\n$$")
    (math,) = maths(root)
    assert "arg" in "".join(m.text() for m in math.iter("mo"))
    assert not env.get("diagnostics")


# ------------------------------------------------------------------ dollars as money


CURRENCY = [
    "年俸は$25-35K（初任給）程度。",
    "教授: $110-240K（上位校では$280K以上も）",
    "評価額$2B想定、持分3%なら → **$60M（約80億円）**",
    "会費は$59です。",
    "売上$150M、",
    "時価: $7B（2023年、上場）",
    "調達額: $35M（シリーズA、2022年）",
    "Unit price $120/kg × 1.5% = $1.80 per part",
    "From $100 billion in 2020 to $250 billion in 2030.",
    "Costs rose from $5 to $10 and then $15.",
    "**$2,000** and **$3,500**",
    "| Item | Cost |\n|---|---|\n| Base | $15 |\n| **Total** | **$1,250** |",
    "- Resin: $12\n- Filler: $240/kg × 2% = $4.80\n- **Total: $16.80**",
    "Price ($/kg) rose; budget $50-100.",
    "Tax (40-80$/t) applies.",
    "A range of $5-$9 per unit.",
]


@pytest.mark.parametrize("source", CURRENCY)
def test_currency_stays_text(md, source):
    root, env = render(md, source)
    assert not maths(root)
    assert root.text().count("$") == source.count("$")
    assert not env.get("diagnostics")


def test_currency_then_math_in_one_paragraph(md):
    root, _ = render(md, "価格は$30で、変数$x$を使う。")
    (math,) = maths(root)
    assert tex_of(math) == "x"
    assert "価格は$30で、変数" in root.text()


def test_short_ascii_after_digit_is_math(md):
    root, _ = render(md, "波動関数は$3N$次元、刻みは$0.5$-$2$ fs")
    assert [tex_of(m) for m in maths(root)] == ["3N", "0.5", "2"]


def test_closing_dollar_before_digit_when_content_is_tex(md):
    root, _ = render(md, "速度は（$\\sim$1 ns/day）")
    (math,) = maths(root)
    assert tex_of(math) == "\\sim"
    assert "1 ns/day" in root.text()


def test_pandoc_space_rules(md):
    root, _ = render(md, "between $ x$ and $y $ nothing")
    assert not maths(root)


# ------------------------------------------------------------------ escapes and code


def test_escaped_dollars_are_literal(md):
    root, _ = render(md, r"Pay \$5 for \$x\$ now.")
    assert not maths(root)
    assert "Pay $5 for $x$ now." in root.text()


def test_escaped_dollar_inside_math(md):
    root, _ = render(md, r"$\$5 + y$")
    (math,) = maths(root)
    assert tex_of(math) == r"\$5 + y"


def test_escaped_bracket_is_not_display_math(md):
    root, _ = render(md, r"See \[1\] and \[note\].")
    assert not maths(root)
    assert "See [1] and [note]." in root.text()


def test_code_is_untouched(md):
    source = "Use `$x$` and `\\(y\\)`.\n\n```python\nprice = \"$$a$$\"\n```\n\n    $$b$$\n\n~~~\n$$\nc\n$$\n~~~\n"
    root, env = render(md, source)
    assert not maths(root)
    codes = [c.text() for c in root.iter("code")]
    assert codes[:2] == ["$x$", "\\(y\\)"]
    assert 'price = "$$a$$"\n' in codes and "$$b$$\n" in codes and "$$\nc\n$$\n" in codes


def test_table_cell_math_and_pipes(md):
    source = "| f | value |\n|---|---|\n| $\\lvert x \\rvert$ | $\\frac{1}{\\|N\\|}$ |\n"
    root, env = render(md, source)
    (row,) = [tr for tr in root.iter("tr") if list(tr.iter("td"))]
    cells = list(row.iter("td"))
    assert len(cells) == 2
    assert [tex_of(m) for m in maths(root)] == ["\\lvert x \\rvert", "\\frac{1}{|N|}"]


# ------------------------------------------------------------------ failures


def test_failed_block_math(md):
    source = "Intro.\n\n$$\\frac{$$\n\nAfter."
    root, env = render(md, source)
    assert not maths(root)
    (code,) = list(root.iter("code"))
    assert code.attrs["class"] == "math-error" and code.text() == "$$\\frac{$$"
    (diag,) = env["diagnostics"]
    assert (diag.line, diag.col, diag.level, diag.code) == (3, 1, WARNING, "math-failed")
    assert diag.message.startswith("could not convert math: ")


def test_failed_multiline_block_math_reports_opening_line(md):
    root, env = render(md, "# T\n\n$$\n\\left( x\n$$\n", line_offset=4)
    (code,) = list(root.iter("code"))
    assert code.attrs["class"] == "math-error" and "\\left( x" in code.text()
    (diag,) = env["diagnostics"]
    assert diag.line == 3 + 4 and "\\left" in diag.message


def test_failed_inline_math_line_within_paragraph(md):
    source = "Title\n\nfirst line $a$\nsecond $\\frac{1}$ here\nthird $b_$"
    root, env = render(md, source)
    assert [tex_of(m) for m in maths(root)] == ["a"]
    errors = [c for c in root.iter("code") if c.attrs.get("class") == "math-error"]
    assert [e.text() for e in errors] == ["$\\frac{1}$", "$b_$"]
    assert [d.line for d in env["diagnostics"]] == [4, 5]


def test_failed_math_in_list_item_and_table(md):
    source = "- ok\n- bad $x^$\n\n| a |\n|---|\n| $\\frac{$ |\n"
    _, env = render(md, source, line_offset=10)
    assert [d.line for d in env["diagnostics"]] == [12, 16]


def test_unknown_command_is_an_error(md):
    root, env = render(md, "$\\ce{H2O}$")
    assert not maths(root)
    (diag,) = env["diagnostics"]
    assert "\\ce" in diag.message


def test_one_diagnostic_per_failure(md):
    _, env = render(md, "$\\frac{$ and $\\frac{$")
    assert len(env["diagnostics"]) == 2


def test_unclosed_block_is_text(md):
    root, env = render(md, "$$\nx = 1\n\nmore")
    assert not maths(root)
    assert "$$" in root.text()


def test_parse_then_render_converts_once(md):
    env = page_env("t.md", "$\\frac{$")
    tokens = md.parse("$\\frac{$", env)
    md.renderer.render(tokens, md.options, env)
    assert len(env["diagnostics"]) == 1


def test_converter_is_cached():
    tex_to_mathml.cache_clear()
    tex_to_mathml("x+y", False)
    tex_to_mathml("x+y", False)
    assert tex_to_mathml.cache_info().hits == 1


def _find_close_by_walking(src, start, end, close):
    """The character-by-character walk ``_find_close`` replaced; its answers are the reference."""
    i = start
    while i < end:
        if src.startswith(close, i) and i + len(close) <= end:
            return i
        if src[i] == "\\":
            i += 2
            continue
        i += 1
    return -1


@settings(max_examples=examples(1000), deadline=None)
@given(st.text(alphabet="$\\()[]ab ", max_size=30), st.integers(0, 30), st.integers(0, 30), st.sampled_from(["$", "$$", "\\)", "\\]"]))
def test_find_close_answers_as_the_character_walk_did(src, start, end, close):
    from manabi_ssg.markdown.media.math import _find_close

    # a search starts right after an opener, never after a backslash
    assume(not 0 < start <= len(src) or src[start - 1] != "\\")
    end = min(end, len(src))
    assert _find_close(src, start, end, close) == _find_close_by_walking(src, start, end, close)
