"""Hostile documents: one plugin's syntax repeated n times in one chapter.

Shared by the scaling tests (tests/test_scaling.py), the fuzz run's
generator (tests/test_properties.py) and benchmarks/scaling.py.  Each
pattern is a function of n that returns a whole chapter (front matter
included where a pattern needs one); its cost should grow in proportion
to n, as markdown-it-py's does on the same text.
"""

from __future__ import annotations

EXERCISES = "## 演習問題\n\n"
REFERENCES = "## 参考文献\n\n"

PATTERNS = {
    # math: openers that never close, and closers that never open
    "math-paren-open": lambda n: "\\(" * n + "\n",
    "math-bracket-open": lambda n: "\\[ a " * n + "\n",
    "math-dollar": lambda n: "$a " * n + "\n",
    "math-dollars-lines": lambda n: "$$ a\n" * n,
    "math-display-open": lambda n: "text\n\n$$\n" + "x\n" * n,
    "math-begin": lambda n: "\\begin{align}\n" * n,
    # code: brackets in a Python block, a fence never closed
    "code-python-paren": lambda n: "```python\n" + "(" * n + "\n```\n",
    "code-python-lines": lambda n: "```python\n" + "f(x\n" * n + "```\n",
    "code-fences": lambda n: "```\n" * n,
    # links and images
    "links-missing": lambda n: "".join(f"[p{i}](missing-{i}.md) " for i in range(n)) + "\n",
    "image-open": lambda n: "![" * n + "\n",
    "link-open": lambda n: "[" * n + "\n",
    # citations and references
    "citations": lambda n: "[1] " * n + "\n\n" + REFERENCES + "1. A. Author, *Title*, Journal (2020).\n",
    "citations-missing": lambda n: "".join(f"[{i % 999 + 1}] " for i in range(n)) + "\n\n" + REFERENCES + "1. x\n",
    "citation-ranges": lambda n: "[1-999] " * n + "\n\n" + REFERENCES + "1. x\n",
    "references": lambda n: "[1]\n\n" + REFERENCES + "".join(f"{i + 1}. A. Author, *Title {i}*, doi: 10.1000/{i}\n" for i in range(n)),
    "reference-sections": lambda n: "[1]\n\n" + (REFERENCES + "1. x\n\n") * n,
    # exercises
    "exercises": lambda n: EXERCISES + "".join(
        f"### 問題{i + 1}（難易度：easy）\n\n本文\n\n<details>\n<summary>ヒント</summary>\n\nh\n\n</details>\n\n"
        f"<details>\n<summary>解答例</summary>\n\na\n\n</details>\n\n" for i in range(n)),
    "exercise-headings": lambda n: EXERCISES + "".join(f"### 問題{i + 1}\n" for i in range(n)),
    "exercise-answers-shared": lambda n: EXERCISES + "### 問題1\n\n" + "<details>\n<summary>解答例</summary>\n\na\n\n</details>\n\n" * n,
    "exercise-sections": lambda n: (EXERCISES + "### 問題1\n\nx\n\n") * n,
    # details
    "details-open": lambda n: "<details>\n<summary>s</summary>\n\n" * n,
    "details-close": lambda n: "</details>\n\n" * n,
    "details-nested": lambda n: "<details>\n<summary>ヒント</summary>\n\n" * n + "x\n\n" + "</details>\n\n" * n,
    "details-inline": lambda n: "<details><summary>s</summary>x</details>\n" * n,
    # directives
    "directive-open": lambda n: ":::exercise\n" * n,
    "directive-pairs": lambda n: ":::exercise\nx\n:::\n" * n,
    "directive-options": lambda n: ":::exercise\n" + ":difficulty: hard\n" * n + ":::\n",
    # case studies
    "case-studies": lambda n: "".join(f"## 4.{i} ケーススタディ{i}：触媒\n\n**研究グループ**: 東大\n\n**論文**: x\n\n" for i in range(n)),
    "case-study-labels": lambda n: "## 4.1 ケーススタディ1：触媒\n\n" + "**研究グループ**: 東大\n" * n,
    # headings
    "headings-same": lambda n: "## 見出し\n\n" * n,
    "headings-numbered": lambda n: "".join(f"## 見出し-{i % 7}\n\n" for i in range(n)) + "## 見出し\n\n" * n,
    "heading-attrs": lambda n: "## x {#a}\n\n" * n,
    # emphasis and Japanese
    "emphasis-cjk": lambda n: "**触媒（DFT）**は" * n + "\n",
    "stars": lambda n: "*" * n + "a\n",
    "footnotes": lambda n: "".join(f"x[^{i}]\n\n[^{i}]: note\n\n" for i in range(n)),
    "tables": lambda n: "| a | b |\n|---|---|\n" + "| x | y |\n" * n,
    "html-comment-open": lambda n: "<!--\n" * n,
}
PATTERNS.update({
    "tight-list": lambda n: "".join(f"{i + 1}. item {i}\n" for i in range(n)),
    "paragraphs-between-headings": lambda n: "text\n# h\n" * n,
    "math-bracket-lines": lambda n: "\\[\nx\n" * n,
    "math-inline-lines": lambda n: "$a$\n" * n,
    "math-escapes": lambda n: "$a" + "\\x" * n + "$\n",
    "details-unclosed-headings": lambda n: "<details>\n<summary>s</summary>\n\n## h\n\n" * n,
})
PATTERNS.update({
    "html-comments-closed-late": lambda n: "<!--\n" * n + "-->\n",
})
PATTERNS.update({
    "directive-unclosed-headings": lambda n: ":::exercise\n\n## h\n\n" * n,
    "details-in-list-items": lambda n: "".join("- <details>\n  <summary>s</summary>\n\n  x\n" for _ in range(n)),
    "details-deep-closed": lambda n: "<details>\n<summary>s</summary>\n\n" * 90 + "x\n" * n + "</details>\n" * 90,
    "directive-deep-closed": lambda n: ":::hint\n" * 90 + "x\n" * n + ":::\n" * 90,
})

# Where a pattern's quadratic step was C code (a search to the end of the text
# at each repeat), it shows only on a long text: the scaling test starts there.
FLOORS = {
    "html-comment-open": 8192,
    "math-escapes": 8192,
    "math-paren-open": 8192,
    "math-bracket-open": 4096,
    "code-python-paren": 4096,
}
PATTERNS.update({
    "code-python-stars": lambda n: "```python\nx = 1\n" + "*" * n + "\n```\n",
    "code-python-string-parens": lambda n: '```python\nx = """' + "(" * n + "\n```\n",
})
FLOORS.update({"code-python-stars": 4096, "code-python-string-parens": 4096})
PATTERNS.update({
    "case-study-facts-moved": lambda n: "".join(
        f"## 4.{i} ケーススタディ{i}：触媒\n\n**研究グループ**: 東大\n**論文**: x\n\n- **手法**: DFT\n- **結果**: y\n\n本文\n\n" for i in range(n)),
})
PATTERNS.update({
    "math-paren-open-tex": lambda n: "\\(\\frac{a}{b} " * n + "\n",
    "math-dollars-open-tex": lambda n: "$$\\frac{a}{b} " * n + "\n",
    "math-open-tex-blocks": lambda n: "\\(x^2\n\n" * n,
    "math-open-tex-lines": lambda n: "\\(x^2\n" * n,
})
FLOORS.update({"math-paren-open-tex": 4096, "math-dollars-open-tex": 4096})
PATTERNS.update({
    "links-unparsed": lambda n: "[a](my file.md) " * n + "\n",
    "links-in-one-line": lambda n: "[a](b.md) " * n + "\n",
})
PATTERNS.update({
    "code-fence-openers": lambda n: "```python\n" * n,  # one block, its own lines repeated inside
})
PATTERNS.update({
    "code-fence-labels": lambda n: "```python\n**研究グループ**: 東大\n" * n,  # make fuzz found it
})
