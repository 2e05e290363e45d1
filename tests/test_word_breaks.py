"""word_breaks: Japanese and Chinese split into words for Pagefind, as the browser splits a query."""

from manabi_ssg.outputs.search.word_breaks import BREAK, split_words, splits


def test_japanese_text_is_split_into_words():
    assert split_words("<p>機械学習を学ぶ。</p>", "ja") == f"<p>機械{BREAK}学習{BREAK}を{BREAK}学ぶ{BREAK}。</p>"


def test_a_break_sits_between_latin_and_japanese_but_never_inside_latin_text_or_entities():
    out = split_words("<p>Pythonで &amp; numpy を使う</p>", "ja")
    assert out == f"<p>Python{BREAK}で{BREAK} &amp; numpy {BREAK}を{BREAK}使う</p>"


def test_tags_and_attributes_are_left_as_they_are():
    html = '<h2 id="機械学習" title="深層学習"><a href="機械.html">機械学習</a></h2>'
    out = split_words(html, "ja")
    assert out.replace(BREAK, "") == html
    assert 'id="機械学習"' in out and 'title="深層学習"' in out and 'href="機械.html"' in out
    assert f">機械{BREAK}学習<" in out


def test_text_without_kana_or_kanji_is_unchanged():
    html = "<p>Only English here, 3 &lt; 4.</p>"
    assert split_words(html, "ja") == html


def test_only_japanese_and_chinese_are_split():
    assert splits("ja") and splits("zh") and splits("zh-TW") and not splits("en") and not splits("ko")
