"""Mistakes a user trial found passing silently or reported in words a beginner cannot follow."""

import pytest

from manabi_ssg.site.config import load_config


def _found(result, code):
    return [d for d in result.diagnostics if d.code == code]


INDEX = {"ja/s/index.md": "---\ntitle: S\n---\n", "ja/s/a.md": "---\ntitle: A\n---\n本文\n"}


@pytest.mark.parametrize("lang, suggestion", [
    ("japanese", "did you mean ja?"), ("Japanese", "did you mean ja?"), ("english", "did you mean en?"),
    ("日本語", "did you mean ja?"), ("ja_JP", "did you mean ja-JP?"), ("xx", None), ("qq-JP", None), ("abcdefg", None),
])
def test_a_lang_that_is_no_language_is_an_error_at_its_value_and_adds_no_language(site, lang, suggestion):
    site.write({**INDEX, "ja/s/b.md": f'---\ntitle: B\nlang:   "{lang}"\n---\n本文\n'})
    result = site.build()
    [problem] = [d for d in result.diagnostics if d.path == "ja/s/b.md" and d.code == "frontmatter-value"]
    assert (problem.line, problem.col, problem.level) == (3, 9, "error")
    if suggestion:
        assert suggestion in problem.message
    else:
        assert "did you mean" not in problem.message
    assert site.tree("ja/s/b.html").find("html").get("lang") == "ja"  # the folder's language
    assert not [p for p in site.output.rglob("*") if lang.lower() in p.name.lower()]  # no exercises-japanese.html, topics/japanese/


@pytest.mark.parametrize("lang", ["ja", "en", "ja-JP", "pt-BR", "zh-Hant", "haw", "EN", "jp"])
def test_a_real_language_is_accepted_as_lang(site, lang):
    site.write({**INDEX, "ja/s/b.md": f'---\ntitle: B\nlang: "{lang}"\n---\n本文\n'})
    result = site.build()
    assert not [d for d in result.diagnostics if d.path == "ja/s/b.md" and d.level == "error"]


def test_config_languages_that_are_no_languages_are_errors_with_a_suggestion(tmp_path, monkeypatch):
    (tmp_path / "manabi.toml").write_text('default_language = "Japanese"\nlanguages = ["ja", "english", "xx"]\n')
    monkeypatch.chdir(tmp_path)
    config, problems = load_config(tmp_path)
    assert [(d.line, d.col, d.level) for d in problems] == [(1, 21, "error"), (2, 21, "error"), (2, 32, "error")]  # at each value
    assert "did you mean ja?" in problems[0].message and "did you mean en?" in problems[1].message
    assert config.languages == ("ja",) and config.default_language == "ja"


def test_a_folder_named_like_a_language_name_stays_a_plain_folder(site):
    site.write({**INDEX, "japanese/s/c.md": "---\ntitle: C\n---\n本文\n"})
    result = site.build()
    assert not [d for d in result.diagnostics if d.level == "error"]
    assert site.tree("japanese/s/c.html").find("html").get("lang") == "ja"


@pytest.mark.parametrize("written, suggestion", [
    ('"2026-02-30"', None), ('"2026-13-01"', None), ('"2026/02/03"', "did you mean 2026-02-03?"),
    ('"yesterday"', None), ("'2026-2-3'", "did you mean 2026-02-03?"),
    ('"2026年2月3日"', "did you mean 2026-02-03?"), ('"20260203"', "did you mean 2026-02-03?"), ('"2026/02/30"', None), ('"2026-02-03T25:00"', None),
])
@pytest.mark.parametrize("key", ["created_at", "updated_at"])
def test_a_quoted_date_that_is_no_real_date_is_an_error_at_its_value_and_is_not_published(site, key, written, suggestion):
    site.write({**INDEX, "ja/s/b.md": f"---\ntitle: B\n{key}: {written}\n---\n本文\n"})
    result = site.build()
    [problem] = [d for d in result.diagnostics if d.path == "ja/s/b.md" and d.code == "frontmatter-date"]
    assert (problem.line, problem.col, problem.level) == (3, len(key) + 3, "error")
    if suggestion:
        assert suggestion in problem.message
    html = site.html("ja/s/b.html")
    assert written.strip("'\"") not in html  # not in <time datetime>, JSON-LD or article:modified_time


@pytest.mark.parametrize("written", ['"2026-02-03"', "2026-02-03", '"2026-02-03T10:30:00+09:00"', '"2026-02-03 10:30"'])
def test_a_real_iso_date_quoted_or_not_is_accepted_and_published(site, written):
    site.write({**INDEX, "ja/s/b.md": f"---\ntitle: B\nupdated_at: {written}\n---\n本文\n"})
    result = site.build()
    assert not [d for d in result.diagnostics if d.path == "ja/s/b.md" and d.level == "error"]
    assert "2026-02-03" in site.html("ja/s/b.html")


@pytest.mark.parametrize("href, suggestion", [
    ("chapter1.md#演習問題x", "chapter1.md#1-4-演習問題"),
    ("../t/chapter1.md#演習問題x", "../t/chapter1.md#1-4-演習問題"),
    ("/ja/s/chapter1.md#演習問題x", "/ja/s/chapter1.md#1-4-演習問題"),
])
def test_a_broken_anchor_on_another_page_suggests_the_page_and_the_anchor(site, href, suggestion):
    chapter1 = "---\ntitle: 1\n---\n## 1.4 演習問題\n\n本文\n"
    site.write({**INDEX, "ja/s/chapter1.md": chapter1, "ja/t/chapter1.md": chapter1,
                "ja/s/chapter2.md": f"---\ntitle: 2\n---\n[演習]({href})\n"})
    [problem] = [d for d in site.build().diagnostics if d.code == "broken-anchor"]
    assert problem.message.endswith(f"did you mean '{suggestion}'?")
