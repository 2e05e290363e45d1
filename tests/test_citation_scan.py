"""``_looks_like_code`` reads backwards in place instead of copying the text before each match."""

from hypothesis import given, settings
from hypothesis import strategies as st
from profiles import examples

from manabi_ssg.markdown.teaching.citations import _looks_like_code


def _by_slicing(text, start):
    """The copying version it replaced; its answers are the reference."""
    before = text[:start].rstrip(" ")
    if before.endswith(("=", "(", ",")):
        return True
    return start > 0 and (text[start - 1].isascii() and (text[start - 1].isalnum() or text[start - 1] in "_]"))


@settings(max_examples=examples(1000), deadline=None)
@given(st.text(alphabet="x=(, ]_1a文", max_size=12), st.integers(0, 12))
def test_answers_as_the_slicing_version_did(text, start):
    start = min(start, len(text))
    assert _looks_like_code(text + "[1]", start) == _by_slicing(text + "[1]", start)


def test_a_list_after_an_equals_sign_is_code_and_a_citation_after_a_word_is_not():
    assert _looks_like_code("x =  [1]", 5)
    assert not _looks_like_code("as shown [1]", 9)
