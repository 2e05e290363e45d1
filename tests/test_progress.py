"""Progress markup: the controls progress.js drives, what series and home pages count, the script's weight and loading."""

import gzip
import json

import pytest
from progress_site import CHAPTER, SERIES, built_series

from conftest import REPO
from manabi_ssg.markdown.teaching.exercise_identity import exercise_keys

# chapter-2's exercises as cards describe them: anchor=its keys (each half of a short question)
KISO_EXERCISES = [f"exercise-{n}=" + ",".join(exercise_keys("", "", question, str(n))) for n, question in enumerate(
    ["単位胞とは何か、一文で説明してください。", "k点を増やすと計算時間はどう変わりますか。", "収束を判定する基準を二つ挙げてください。"], start=1)]


@pytest.fixture(scope="module")
def series_site(tmp_path_factory):
    return built_series(tmp_path_factory.mktemp("progress") / "site")


def test_every_exercise_has_a_done_toggle_naming_it(series_site):
    tree = series_site.tree(CHAPTER)
    exercises = tree.find_all("section", class_="exercise")
    assert [s.get("id") for s in exercises] == ["exercise-1", "exercise-2", "exercise-3"]
    for section in exercises:
        buttons = section.find_all("button", class_="exercise-done")
        assert len(buttons) == 1
        keys = [buttons[0].get("data-exercise"), *(buttons[0].get("data-keys") or "").split()]
        question = section.find("p").text()
        assert (buttons[0].get("aria-pressed"), keys, buttons[0].get("type")) == ("false", exercise_keys("", "", question, "?"), "button")
        assert "hidden" not in buttons[0].parent.attrs  # laid out from the first paint: nothing moves when progress.js runs


def test_chapter_ends_with_a_read_control_and_clear(series_site):
    end = series_site.tree(CHAPTER).find("div", class_="chapter-progress")
    assert end.get("data-progress-page") == CHAPTER and "hidden" not in end.attrs
    assert end.find("button", class_="chapter-read").get("aria-pressed") == "false"
    assert end.find("button", class_="progress-clear") is not None


def test_series_page_counts_each_chapters_exercises(series_site):
    spans = series_site.tree(SERIES).find_all("span", class_="progress-chapter")
    assert [(s.get("data-progress-page"), s.get("data-done"), s.get("data-total"), s.get("data-exercises")) for s in spans] == [
        ("ja/kiso/chapter-1.html", "0", "0", ""),
        ("ja/kiso/chapter-2.html", "0", "3", " ".join(KISO_EXERCISES)),
        ("ja/kiso/chapter-3.html", "0", "0", ""),
    ]
    assert series_site.tree(SERIES).find("button", class_="progress-clear") is not None


@pytest.mark.parametrize("rel", ["index.html", "ja/index.html"])
def test_home_and_language_pages_count_each_series(series_site, rel):
    span = series_site.tree(rel).find("span", class_="progress-series")
    assert json.loads(span.get("data-exercises")) == {"ja/kiso/chapter-1.html": [], "ja/kiso/chapter-2.html": KISO_EXERCISES, "ja/kiso/chapter-3.html": []}
    assert (span.get("data-done"), span.get("data-total"), span.get("data-exercises-total")) == ("0", "3", "3")


def test_changed_exercise_ids_reach_the_series_page_on_rebuild(series_site, tmp_path):
    site = built_series(tmp_path / "site")
    chapter = site.content / "ja/kiso/chapter-2.md"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text.replace("## 参考文献", "### 問題4（難易度：easy）\n\n追加の問題。\n\n<details>\n<summary>解答例</summary>\n\n答え。\n\n</details>\n\n## 参考文献"), encoding="utf-8")
    site.build()
    span = [s for s in site.tree(SERIES).find_all("span", class_="progress-chapter") if s.get("data-progress-page") == CHAPTER][0]
    added = "exercise-4=" + ",".join(exercise_keys("", "", "追加の問題。", "4"))
    assert (span.get("data-total"), span.get("data-exercises")) == ("4", " ".join([*KISO_EXERCISES, added]))


@pytest.mark.parametrize("rel", [CHAPTER, SERIES, "index.html"])
def test_progress_script_loads_deferred_from_the_head(series_site, rel):
    head = series_site.tree(rel).find("head")
    scripts = [s for s in head.find_all("script") if (s.get("src") or "").endswith("assets/progress.js")]
    assert len(scripts) == 1 and "defer" in scripts[0].attrs


def test_progress_script_is_under_4_5_kb_compressed():
    """3.0 KB with exercise keys and quizzes; recording the help each exercise took (hints one at a time) adds 0.6 KB;
    the series map's boxes and chapters' old addresses (aliases) the rest."""
    source = (REPO / "static/assets/progress.js").read_bytes()
    assert len(gzip.compress(source, 9)) < 4.5 * 1024


@pytest.mark.parametrize("rel, loaded", [(SERIES, True), ("index.html", True), (CHAPTER, False)])
def test_the_transfer_script_loads_deferred_on_home_and_series_pages_only(series_site, rel, loaded):
    head = series_site.tree(rel).find("head")
    scripts = [s for s in head.find_all("script") if (s.get("src") or "").endswith("assets/progress-transfer.js")]
    assert [("defer" in s.attrs) for s in scripts] == ([True] if loaded else [])
    tools = series_site.tree(rel).find("div", class_="progress-transfer")
    assert (tools is not None) == loaded
    if loaded:
        assert "hidden" in tools.find("p", class_="progress-continue").attrs  # nothing to continue until a chapter is opened
        assert tools.find("input", class_="progress-import").parent.tag == "label"


def test_the_transfer_script_is_under_2_kb_compressed():
    source = (REPO / "static/assets/progress-transfer.js").read_bytes()
    assert len(gzip.compress(source, 9)) < 2 * 1024
