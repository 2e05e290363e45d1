"""Exercises: every heading convention, details classes, directives, diagnostics, the site page."""

from functools import partial

import pytest
from rendering import render_tree

from manabi_ssg.markdown.teaching.exercise_identity import exercise_keys
from manabi_ssg.markdown.teaching.exercises import difficulty_of, parse_heading, summary_kind

render = partial(render_tree, lang="ja", path="ex.md")


def exercise_doc(section: str, heading: str, hint: str = "ヒント", answer: str = "解答例") -> str:
    return (
        f"## {section}\n\n### {heading}\n\n問いの本文。\n\n"
        f"<details>\n<summary>{hint}</summary>\n\nヒントの本文\n\n</details>\n\n"
        f"<details>\n<summary>{answer}</summary>\n\n**太字**の解答\n\n</details>\n"
    )


@pytest.mark.parametrize("section", ["演習問題", "3.5 演習問題", "📝 演習問題", "練習問題", "Exercises", "Exercise Problems", "Practice Problems"])
def test_section_headings_after_numbering_and_emoji(section):
    tree, env = render(exercise_doc(section, "問題1（難易度：medium）"))
    sections = tree.find_all("section", class_="exercise")
    assert len(sections) == 1
    assert sections[0].get("id") == "exercise-1"
    assert sections[0].get("data-difficulty") == "medium"


@pytest.mark.parametrize(
    "heading, number, title, difficulty",
    [
        ("問題1（難易度：medium）", "1", "", "medium"),
        ("問題2 (難易度: hard)", "2", "", "hard"),
        ("問題3（難易度: easy）", "3", "", "easy"),
        ("Problem 1 (Difficulty: Easy)", "1", "", "easy"),
        ("Problem 2 (Difficulty: hard)", "2", "", "hard"),
        ("Problem 3: Size-dependent Properties", "3", "Size-dependent Properties", ""),
        ("Exercise 2: Optimal Silver Nanoparticle Synthesis", "2", "Optimal Silver Nanoparticle Synthesis", ""),
        ("演習2: コスト最適化（難易度: Medium）", "2", "コスト最適化", "medium"),
        ("演習1：Drug-likenessフィルタリング（難易度：easy）", "1", "Drug-likenessフィルタリング", "easy"),
        ("演習 2.1: イオン伝導度予測モデルの改善", "2.1", "イオン伝導度予測モデルの改善", ""),
        ("演習問題1: 触媒活性予測モデルの構築", "1", "触媒活性予測モデルの構築", ""),
        ("問題2: 応用（考察）", "2", "応用（考察）", ""),
    ],
)
def test_problem_heading_variants(heading, number, title, difficulty):
    parsed = parse_heading(heading)
    assert parsed == {"number": number, "title": title.replace("（", "(").replace("）", ")") if title else "", "difficulty": difficulty}


@pytest.mark.parametrize("heading", ["問題1の解答", "Solution to Problem 1", "Answer to Problem 2", "問題設定", "Q7: 各章の演習問題は必須ですか？"])
def test_not_problem_headings(heading):
    assert parse_heading(heading) is None


@pytest.mark.parametrize(
    "summary, kind",
    [
        ("ヒント", "hint"), ("Hint", "hint"), ("解答例", "answer"), ("解答", "answer"), ("解答例を表示", "answer"),
        ("解答例（触媒材料の場合）", "answer"), ("Answer", "answer"), ("Sample Answer", "answer"),
        ("Sample Answer (for catalyst materials)", "answer"), ("Solution", "answer"), ("Solution Example", "answer"),
        ("Example Answer", "answer"), ("出力例", ""), ("コードを表示", ""),
    ],
)
def test_summary_kinds(summary, kind):
    assert summary_kind(summary) == kind


def test_difficulty_words():
    assert [difficulty_of(w) for w in ("medium", "Hard", "EASY", "中級", "上級", "初級", "★★★", "?")] == [
        "medium", "hard", "easy", "medium", "hard", "easy", "hard", ""]


def test_exercise_structure_badge_hint_answer_closed():
    tree, env = render(exercise_doc("演習問題", "問題1（難易度：medium）"))
    section = tree.find("section", class_="exercise")
    heading = section.find("h3")
    badge = heading.find("span", class_="difficulty-badge")
    assert badge.get("data-difficulty") == "medium"
    assert "中" in badge.text() and "難易度" in badge.text()  # words, not colour alone
    assert "問題1" in heading.text() and "（難易度" not in heading.text()  # the badge says it once
    hint, answer = section.find_all("details")
    assert hint.classes == ["hint"] and answer.classes == ["answer"]
    assert hint.get("open") is None and answer.get("open") is None
    assert answer.find("strong").text() == "太字"
    assert env["exercises"] == [{"number": "1", "title": "", "difficulty": "medium", "id": "exercise-1",
                                 "has_answer": True, "hints": 1, "line": 3, "keys": exercise_keys("", "", "問いの本文。", "1")}]


def test_difficulty_words_beyond_the_level_stay_in_the_heading():
    tree, _ = render(exercise_doc("演習問題", "問題1（難易度：中、30分）"))
    heading = tree.find("section", class_="exercise").find("h3")
    assert heading.find("span", class_="difficulty-badge").get("data-difficulty") == "medium"
    assert "（難易度：中、30分）" in heading.text()
    _, env = render(exercise_doc("演習問題", "問題1（難易度：中、30分）"))
    assert [e["text"] for e in env["toc"]] == ["演習問題", "問題1（難易度：中、30分）"]


def test_contents_entry_of_an_exercise_drops_the_difficulty_the_badge_says():
    _, env = render(exercise_doc("演習問題", "問題1（難易度：medium）"))
    assert [e["text"] for e in env["toc"]] == ["演習問題", "問題1"]


def test_no_difficulty_means_no_attribute_and_no_badge():
    tree, _ = render(exercise_doc("Exercises", "Problem 1: Sizes", "Hint", "Sample Answer"))
    section = tree.find("section", class_="exercise")
    assert section.get("data-difficulty") is None
    assert section.find("span", class_="difficulty-badge") is None


def test_answers_toggle_rendered_hidden_once_before_the_exercises():
    doc = exercise_doc("演習問題", "問題1（難易度：easy）") + "\n### 問題2（難易度：hard）\n\n本文\n\n<details>\n<summary>解答例</summary>\n\nA\n\n</details>\n"
    tree, env = render(doc)
    buttons = tree.find_all("button", class_="answers-toggle")
    assert len(buttons) == 1
    assert "hidden" in buttons[0].attrs and buttons[0].get("type") == "button"
    assert buttons[0].find_all() == [] and buttons[0].text() == "すべての解答を開く"
    assert [s.get("id") for s in tree.find_all("section", class_="exercise")] == ["exercise-1", "exercise-2"]


def test_exercise_ends_at_next_heading_of_same_level_and_before_a_trailing_rule():
    doc = exercise_doc("演習問題", "問題1（難易度：easy）") + "\n---\n\n## 参考文献\n\n1. A\n"
    tree, _ = render(doc)
    section = tree.find("section", class_="exercise")
    assert section.find("hr") is None and section.find("h2") is None


def test_missing_answer_is_a_warning_with_file_and_line():
    tree, env = render("## 演習問題\n\n### 問題1（難易度：easy）\n\n（省略）\n\n### 問題2（難易度：hard）\n\nQ\n\n<details>\n<summary>Answer</summary>\n\nA\n\n</details>\n")
    warnings = [(d.path, d.line, d.code, d.level) for d in env["diagnostics"]]
    assert warnings == [("ex.md", 3, "exercise-no-answer", "warning")]
    assert [e["has_answer"] for e in env["exercises"]] == [False, True]


def test_shared_answer_block_after_the_last_exercise_answers_all():
    doc = ("## Exercises\n\n### Problem 1: A\n\nQ1\n\n### Problem 2: B\n\nQ2\n\n---\n\n"
           "<details>\n<summary>Answer Examples</summary>\n\n### Answer to Problem 1\n\nA1\n\n</details>\n")
    tree, env = render(doc, lang="en")
    assert [e["has_answer"] for e in env["exercises"]] == [True, True]
    assert not any(d.code == "exercise-no-answer" for d in env.get("diagnostics", []))
    assert tree.find("details").classes == ["answer"]


def test_sub_headings_outside_an_exercises_section_are_not_exercises():
    tree, env = render("## まとめ\n\n### 問題1（難易度：easy）\n\ntext\n")
    assert tree.find("section", class_="exercise") is None and not env.get("exercises")


def test_colon_fence_exercise_with_hint_and_answer():
    doc = (
        "## 練習\n\n:::exercise 分子の数え方\n:difficulty: hard\n\n問いです。\n\n"
        ":::hint\nヒント文\n:::\n\n:::answer\n| a | b |\n|---|---|\n| 1 | 2 |\n:::\n:::\n"
    )
    tree, env = render(doc)
    section = tree.find("section", class_="exercise")
    assert section.get("id") == "exercise-1" and section.get("data-difficulty") == "hard"
    title = section.find("h3", class_="exercise-title")
    assert "分子の数え方" in title.text() and title.find("span", class_="difficulty-badge") is not None
    hint, answer = section.find_all("details")
    assert (hint.classes, hint.find("summary").text()) == (["hint"], "ヒント（問題1）")  # named with its problem for screen readers
    assert (answer.classes, answer.find("summary").text()) == (["answer"], "解答例（問題1）")
    assert answer.find("table") is not None
    assert env["exercises"][0]["has_answer"] and env["exercises"][0]["title"] == "分子の数え方"


def test_colon_fence_options_in_braces_and_custom_summary():
    tree, env = render(":::exercise Title {difficulty=easy number=4}\nQ\n\n:::answer 模範解答\nA\n:::\n:::\n")
    section = tree.find("section", class_="exercise")
    assert section.get("id") == "exercise-4" and section.get("data-difficulty") == "easy"
    assert section.find("summary").text() == "模範解答（問題4）"


def test_exercises_page_lists_every_exercise_by_series(site):
    site.write({
        "ja/s/index.md": "---\ntitle: シリーズ\n---\n本文\n",
        "ja/s/chapter-1.md": "---\ntitle: 第1章\n---\n" + exercise_doc("演習問題", "問題1（難易度：easy）") + "\n### 問題2（難易度：hard）\n\nQ\n",
    })
    site.build()
    tree = site.tree("exercises.html")
    entries = tree.find_all("li", class_="exercise-entry")
    assert [e.get("data-difficulty") for e in entries] == ["easy", "hard"]
    assert entries[0].find("a").get("href") == "ja/s/chapter-1.html#exercise-1"
    radios = tree.find_all("input", type="radio")
    assert [r.get("value") for r in radios] == ["all", "easy", "medium", "hard"]
    assert all(tree.find("label", for_=r.get("id")) is not None for r in radios)
    assert entries[1].find("span", class_="exercise-no-answer") is not None
    # what the CSS-only filter reads: each group's difficulties, and the counts it shows
    [group] = tree.find_all("div", class_="exercise-chapter-group")
    assert group.get("data-difficulties") == "easy hard"
    assert tree.find("section", class_="exercise-series").get("data-difficulties") == "easy hard"
    counts = {r.get("value"): tree.find("label", for_=r.get("id")).find("span", class_="filter-count").text() for r in radios}
    assert counts == {"all": "(2)", "easy": "(1)", "medium": "(0)", "hard": "(1)"}
    assert tree.find("span", class_="filter-status-medium").text() == "0問"


def test_listing_pages_per_language_and_footer_links(site):
    exercise = "## {h}\n\n### {p} 1 ({d}: easy)\n\nQ\n\n<details>\n<summary>{a}</summary>\n\nA\n\n</details>\n"
    site.write({
        "ja/s/chapter-1.md": exercise.format(h="演習問題", p="問題", d="難易度", a="解答例"),
        "en/s/chapter-1.md": exercise.format(h="Exercises", p="Problem", d="Difficulty", a="Answer"),
    })
    site.build()
    ja, en = site.tree("exercises.html"), site.tree("exercises-en.html")
    assert ja.find("html").get("lang") == "ja" and en.find("html").get("lang") == "en"
    assert [a.get("href") for a in ja.find_all("a") if "#exercise-" in (a.get("href") or "")] == ["ja/s/chapter-1.html#exercise-1"]
    assert [a.get("href") for a in en.find_all("a") if "#exercise-" in (a.get("href") or "")] == ["en/s/chapter-1.html#exercise-1"]
    footer = site.tree("en/s/chapter-1.html").find("nav", class_="site-indexes")
    assert [a.get("href") for a in footer.find_all("a")] == ["../../exercises-en.html"]


@pytest.mark.parametrize("heading, meant", [
    ("問題2（難易度：meduim）", "medium"), ("Problem 2 (Difficulty: Meduim)", "medium"),
    ("問題2 [難易度: hrad]", "hard"), ("演習2: 平均（難易度：eazy）", "easy"), ("Exercise 2 (level: xyzzy)", None),
])
def test_an_unknown_difficulty_is_warned_at_its_heading_with_the_known_ones(heading, meant):
    _, env = render(exercise_doc("演習問題", heading))
    [warning] = [d for d in env["diagnostics"] if d.code == "exercise-difficulty-unknown"]
    assert (warning.line, warning.col, warning.level) == (3, 1, "warning")
    assert "easy, medium or hard" in warning.message
    if meant:
        assert f"did you mean {meant}?" in warning.message
    else:
        assert "did you mean" not in warning.message


def test_a_title_with_the_word_level_is_no_difficulty():
    _, env = render(exercise_doc("Exercises", "Problem 1: Sea level rise"))
    assert not [d for d in env.get("diagnostics", []) if d.code == "exercise-difficulty-unknown"]


def test_an_unknown_difficulty_on_an_exercise_directive_is_warned():
    _, env = render(":::exercise 平均\n:difficulty: meduim\n\n問い\n:::\n")
    [warning] = [d for d in env["diagnostics"] if d.code == "exercise-difficulty-unknown"]
    assert warning.line == 1 and "did you mean medium?" in warning.message


def test_the_no_answer_warning_names_the_exercise_by_number_and_title_without_its_difficulty():
    _, env = render("## 演習問題\n\n### 問題2：平均の計算（難易度：meduim）\n\n問い\n\n### 問題3（難易度：hard）\n\n問い\n")
    messages = [d.message for d in env["diagnostics"] if d.code == "exercise-no-answer"]
    assert messages[0].startswith("exercise 2 '平均の計算' has no answer")
    assert messages[1].startswith("exercise 3 has no answer")


def test_hint_answer_and_done_are_named_with_their_problem_after_their_own_words():
    """A screen reader's list of controls tells ten hints apart; the visible words come first (voice control)."""
    tree, _ = render(exercise_doc("演習問題", "問題1") + "\n### 問題2\n\nQ\n\n<details>\n<summary>ヒント</summary>\n\nH\n\n</details>\n")
    names = [[(el.tag, el.text()) for el in section.iter() if el.tag in ("summary", "button")]
             for section in tree.find_all("section", class_="exercise")]
    assert names == [[("summary", "ヒント（問題1）"), ("summary", "解答例（問題1）"), ("button", "解けた（問題1）")],
                     [("summary", "ヒント（問題2）"), ("button", "解けた（問題2）")]]
    hidden = tree.find("button", class_="exercise-done").find("span")
    assert hidden.classes == ["visually-hidden"]


def test_a_control_is_named_with_the_innermost_exercise_and_in_english_too():
    doc = "## Exercises\n\n### Problem 1\n\nQ\n\n:::exercise Inner {number=7}\nQ\n\n:::hint\nH\n:::\n:::\n"
    tree, _ = render(doc, lang="en")
    assert [el.text() for el in tree.iter("summary")] == ["Hint (exercise 7)"]
