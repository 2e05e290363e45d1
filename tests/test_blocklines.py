from markdown_it.token import Token

from manabi_ssg.markdown.blocklines import each_open


def test_each_open_finds_every_kind_token_including_ones_inserted_after_the_current():
    tokens = [Token(kind, "", 0) for kind in ("a", "x", "b", "x", "c")]
    seen = []
    for index, token in each_open(tokens, "x"):
        seen.append(index)
        if index == 1:
            tokens.insert(2, Token("x", "", 0))  # inserted after the current one: found next
    assert seen == [1, 2, 4]
    assert list(each_open([], "x")) == []
    assert list(each_open([Token("x", "", 0)], "x"))[0][0] == 0
