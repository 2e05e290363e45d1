import html
import os
import re
import subprocess
import sys

from profiles import examples
from pygments.token import STANDARD_TYPES

from manabi_ssg.markdown.media.highlight import GRAMMARS, _grammar, highlight_code


def spans(out: str) -> list[tuple[str, str]]:
    """(class, text) of every span, in order."""
    return [(cls, html.unescape(text)) for cls, text in re.findall(r'<span class="([\w-]+)">([^<]*)</span>', out)]


def plain(out: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", out))


PYTHON = '''import numpy as np
from pathlib import Path

@dataclass
class Model(Base):
    """モデルの説明"""

    def fit(self, X, y=None) -> None:
        # 学習する
        if not isinstance(X, list) and len(X) > 0:
            raise ValueError(f"bad {X!r}\\n")
        return print("完了", 3.5e-3, 42, True)
'''


def test_python_tokens_get_pygments_classes():
    found = spans(highlight_code(PYTHON, "python"))
    for token in [("kn", "import"), ("nn", "numpy"), ("kn", "as"), ("nd", "@dataclass"), ("k", "class"),
                  ("nc", "Model"), ("sd", '"""モデルの説明"""'), ("k", "def"), ("nf", "fit"), ("kc", "None"),
                  ("c1", "# 学習する"), ("ow", "not"), ("nb", "isinstance"), ("o", ">"), ("ne", "ValueError"),
                  ("si", "{"), ("se", "\\n"), ("s2", '"完了"'), ("mf", "3.5e-3"), ("mi", "42"), ("kc", "True")]:
        assert token in found, token


def test_fstring_fields_are_not_coloured_as_string():
    found = spans(highlight_code('s = f"a{x}b"\n', "python"))
    assert found == [("o", "="), ("s2", 'f"a'), ("si", "{"), ("n", "x"), ("si", "}"), ("s2", 'b"')]


def test_aliases_and_shell():
    assert highlight_code("x = 1\n", "py") == highlight_code("x = 1\n", "Python")
    found = spans(highlight_code('# setup\nexport HOME_DIR="$HOME/x"\necho ok && ls | wc -l\n', "sh"))
    for token in [("c1", "# setup"), ("nv", "HOME_DIR"), ("nv", "$HOME"), ("nb", "echo")]:
        assert token in found, token


def test_other_languages_use_pygments_and_unknown_ones_stay_plain():
    assert ("nt", "key") in spans(highlight_code("key: value\n", "yaml"))
    assert highlight_code("x", "no-such-language") is None
    assert highlight_code("x", "") is None


def test_markup_in_code_is_escaped():
    out = highlight_code('s = "<script>alert(1)</script>" & b  # <b>\n', "python")
    assert "<script>" not in out and "<b>" not in out
    assert plain(out) == 's = "<script>alert(1)</script>" & b  # <b>\n'


def test_broken_code_keeps_every_character():
    code = "def broken(:\n    return ]]\n>>> print('x')\n$ pip install numpy\n"
    assert plain(highlight_code(code, "python")) == code
    assert plain(highlight_code("if then fi done {{\n", "bash")) == "if then fi done {{\n"


def test_capture_names_are_pygments_short_classes():
    classes = set(STANDARD_TYPES.values())
    for name in GRAMMARS:
        _parser, query, ranks = _grammar(name)
        assert set(ranks) <= classes, set(ranks) - classes


# A grammar's scanner is C: a bad input can crash the process, not just raise.
# This runs the fuzz in a child process, so a crash fails the test with the
# input that caused it instead of taking pytest down.
FUZZ = """
import html, re, sys
from hypothesis import given, settings, strategies as st
from manabi_ssg.markdown.media.highlight import highlight_code

def plain_text_of(out):
    return html.unescape(re.sub(r"<[^>]+>", "", out))

@settings(max_examples=int(sys.argv[1]), deadline=None, database=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)
       | st.text(alphabet="def class ():{}[]'\\"#\\n\\t @=+*fr\\\\x1é字\\U0001f600", max_size=200))
def fuzz(code):
    with open(sys.argv[2], "w", encoding="utf-8", errors="surrogatepass") as f:
        f.write(repr(code))
    for lang in sys.argv[3:]:
        assert plain_text_of(highlight_code(code, lang)) == code, (code, lang)

fuzz()
"""


def test_highlighting_never_changes_the_code_nor_crashes(tmp_path):
    count = os.environ.get("MANABI_FUZZ_EXAMPLES") or str(examples(1500))
    last = tmp_path / "last-input.txt"
    run = subprocess.run([sys.executable, "-c", FUZZ, count, str(last), *GRAMMARS], capture_output=True, text=True, timeout=600)
    crashed = run.returncode < 0
    assert run.returncode == 0, ("crashed on " if crashed else "failed: ") + (last.read_text() if crashed and last.exists() else run.stderr[-2000:])


def test_a_python_block_whose_parse_is_a_wide_error_is_plain_text():
    from manabi_ssg.markdown.media.highlight import WIDEST_ERROR, highlight_code

    assert highlight_code("x = 1\n" + "(" * (WIDEST_ERROR + 1), "python") is None  # tree-sitter's query is quadratic there
    assert highlight_code("x = (\n", "python") is not None  # an honest snippet's error is still highlighted


def test_a_python_block_whose_parse_passes_its_budget_is_plain_text():
    from manabi_ssg.markdown.media.highlight import highlight_code

    assert highlight_code("**label**: text\n" * 300, "python") is None  # error recovery, quadratic in such lines
    repl = "".join(f">>> x = {i}\n{i}\n" for i in range(300))  # a long session still parses within the budget
    assert 'class="' in highlight_code(repl, "python")
