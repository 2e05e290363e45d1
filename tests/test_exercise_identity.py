"""An exercise's progress keys: they follow the exercise, not its place (markdown/exercise_identity.py)."""

from rendering import render_tree

from manabi_ssg.markdown.teaching.exercise_identity import exercise_keys, page_keys


def problem(number: int, question: str, heading_extra: str = "") -> str:
    return (f"### 問題{number}（難易度：easy）{heading_extra}\n\n{question}\n\n"
            "<details>\n<summary>解答例</summary>\n\n答え。\n\n</details>\n\n")


QUESTIONS = ["単位胞とは何か、一文で説明してください。", "k点を増やすと計算時間はどう変わりますか。", "収束を判定する基準を二つ挙げてください。"]


def keys_by_question(questions: list[str], heading_extras: list[str] | None = None) -> dict[str, tuple[str, list[str]]]:
    """question -> (the section's id, its done button's keys), from a rendered chapter."""
    extras = heading_extras or [""] * len(questions)
    text = "## 演習問題\n\n" + "".join(problem(n, q, e) for n, (q, e) in enumerate(zip(questions, extras), start=1))
    tree, _ = render_tree(text, "ja", path="ex.md")
    found = {}
    for section in tree.find_all("section", class_="exercise"):
        button = section.find("button", class_="exercise-done")
        keys = [button.get("data-exercise"), *(button.get("data-keys") or "").split()]
        question = next(q for q in questions if q in section.text())
        found[question] = (section.get("id"), keys)
    return found


def test_a_problem_inserted_first_leaves_the_others_keys_as_they_were():
    before = keys_by_question(QUESTIONS)
    after = keys_by_question(["新しい最初の問題です。"] + QUESTIONS)
    for question in QUESTIONS:
        assert after[question][1] == before[question][1]
        assert after[question][0] != before[question][0]  # the number moved: the anchor did, the keys did not


def test_editing_a_long_questions_end_keeps_its_first_key_and_its_start_keeps_its_last():
    long = "以下の条件で計算した単位胞のエネルギーが収束するまでに必要なk点の数を見積もり、その理由を説明してください。"
    original = keys_by_question([long])[long][1]
    end_edited = long.replace("その理由を説明", "その理由を例を挙げて説明")
    start_edited = long.replace("以下の条件で", "次の条件のもとで")
    assert len(original) == 2
    assert original[0] in keys_by_question([end_edited])[end_edited][1]
    assert original[1] in keys_by_question([start_edited])[start_edited][1]


def test_rewrapping_and_punctuation_keep_the_keys():
    assert exercise_keys("", "", "単位胞とは何か、一文で説明してください。", "1") == exercise_keys("", "", "単位胞とは何か,\n一文で 説明してください", "1")


def test_an_authors_id_is_the_only_key_and_survives_any_edit():
    written = keys_by_question(["最初の問い。"], [" {#unit-cell}"])["最初の問い。"][1]
    rewritten = keys_by_question(["まったく別の問い。"], [" {#unit-cell}"])["まったく別の問い。"][1]
    assert written == rewritten and len(written) == 1 and written[0].startswith("i")


def test_a_directive_exercise_takes_its_id_option():
    text = ":::exercise 勾配\n:id: gradient\n\n問いの本文。\n\n:::answer\n答え。\n:::\n:::\n"
    tree, _ = render_tree(text, "ja", path="ex.md")
    assert tree.find("button", class_="exercise-done").get("data-exercise") == exercise_keys("gradient", "", "", "1")[0]


def test_a_title_key_leaves_out_the_number():
    assert exercise_keys("", "Gradient descent", "", "3") == exercise_keys("", "Gradient descent", "", "7")
    assert exercise_keys("", "3", "", "3") == []


def test_a_key_two_exercises_share_is_dropped_and_one_left_with_none_falls_back_to_its_number():
    same = ("", "", "同じ問い。", "1"), ("", "", "同じ問い。", "2")
    first, second = page_keys(list(same))
    assert first != second
    assert first[0].startswith("n") and second[0].startswith("n")
    shared_start = "共通の前置きの文章がここに続きます。"
    one, two = page_keys([("", "", shared_start + "一つ目。", "1"), ("", "", shared_start + "二つ目。", "2")])
    assert [k[0] for k in one] == ["z"] and [k[0] for k in two] == ["z"] and one != two


def test_a_short_question_edited_past_its_first_words_keeps_its_first_key():
    keys = exercise_keys("", "", "単位胞とは何か、一文で説明してください。", "1")
    edited = exercise_keys("", "", "単位胞とは何か、一文で、例を挙げて説明してください。", "1")
    assert [k[0] for k in keys] == ["q", "z"] and keys[0] == edited[0]
