"""Plural forms in message catalogues: every shown count takes its language's form; sites override them."""

import pytest

from manabi_ssg.messages import catalogue
from manabi_ssg.words.plurals import category, forms, plural


@pytest.mark.parametrize("lang, n, form", [
    ("en", 1, "one"), ("en", 0, "other"), ("en", 2, "other"), ("en-GB", 1, "one"),
    ("ja", 1, "other"), ("zh", 1, "other"),
    ("fr", 0, "one"), ("fr", 1, "one"), ("fr", 2, "other"), ("pt-BR", 0, "one"),
    ("ru", 1, "one"), ("ru", 21, "one"), ("ru", 11, "many"), ("ru", 3, "few"), ("ru", 13, "many"), ("ru", 25, "many"),
    ("pl", 1, "one"), ("pl", 22, "few"), ("pl", 21, "many"), ("pl", 12, "many"),
    ("cs", 3, "few"), ("cs", 5, "other"), ("ar", 0, "zero"), ("ar", 2, "two"), ("ar", 105, "few"), ("ar", 111, "many"),
    ("de", 1, "one"), ("fil", 1, "one"),
])
def test_category_follows_cldr_for_whole_numbers(lang, n, form):
    assert category(lang, n) == form


def test_a_missing_form_falls_back_to_other_then_to_a_plain_string():
    messages = {"a.one": "{n} thing", "a.other": "{n} things", "b.other": "{n}個", "c": "{n} Kapitel"}
    assert plural(messages, "a", 1, "en") == "{n} thing"
    assert plural(messages, "a", 3, "ru") == "{n} things"  # no "few": other
    assert plural(messages, "b", 1, "en") == "{n}個"
    assert plural(messages, "c", 1, "de") == "{n} Kapitel"
    assert forms(messages, "c") == {"other": "{n} Kapitel"}


def test_shipped_english_counts_are_singular_for_one():
    en = catalogue("en")
    assert plural(en, "chapter_count", 1, "en").format(n=1) == "1 chapter"
    assert plural(en, "chapter_count", 2, "en").format(n=2) == "2 chapters"
    assert plural(en, "exercises_matching", 1, "en").format(n=1) == "1 exercise"
    assert plural(en, "search_results", 1, "en").format(n=1) == "1 chapter found"


def test_a_catalogue_giving_any_form_replaces_all_forms_before_it(tmp_path):
    messages = tmp_path / "messages"
    messages.mkdir()
    (messages / "fr.toml").write_text('chapter_count.other = "{n} chapitres"\n', encoding="utf-8")
    (messages / "de.toml").write_text('chapter_count = "{n} Kapitel"\n', encoding="utf-8")
    french = catalogue("fr", str(messages))
    assert plural(french, "chapter_count", 1, "fr") == "{n} chapitres"  # never English's "{n} chapter"
    assert forms(catalogue("de", str(messages)), "chapter_count") == {"other": "{n} Kapitel"}
    assert forms(catalogue("ja"), "chapter_count") == {"other": "{n}章"}


def card_counts(site, url):
    return [span.text() for span in site.tree(url).find_all("span", class_="card-count")]


def test_an_english_series_card_says_1_chapter(site):
    site.write({"en/one/chapter-1.md": "# Only\n", "en/two/chapter-1.md": "# A\n", "en/two/chapter-2.md": "# B\n"}).build()
    assert sorted(card_counts(site, "en/index.html")) == ["1 chapter", "2 chapters"]


def test_a_site_catalogue_overrides_the_plural_forms(site):
    (site.root / "messages").mkdir(parents=True)
    (site.root / "messages" / "en.toml").write_text('chapter_count.one = "just {n} chapter"\n', encoding="utf-8")
    site.write({"en/one/chapter-1.md": "# Only\n", "en/two/chapter-1.md": "# A\n", "en/two/chapter-2.md": "# B\n"}).build()
    assert sorted(card_counts(site, "en/index.html")) == ["2 chapters", "just 1 chapter"]


def test_the_exercises_page_counts_in_the_plural_form(site):
    chapter = "---\ntitle: Chapter\n---\n## Exercises\n\n### Problem 1 (Difficulty: Easy)\n\nText.\n\n<details><summary>Answer</summary>\n\nYes.\n\n</details>\n"
    site.write({"en/s/chapter-1.md": chapter}).build()
    tree = site.tree("exercises.html") if (site.output / "exercises.html").exists() else site.tree("exercises-en.html")
    status = {span.get("class"): span.text() for span in tree.find("p", class_="filter-status").find_all("span")}
    assert status["filter-status-easy"] == "1 exercise" and status["filter-status-hard"] == "0 exercises"


def test_scripts_get_every_plural_form_as_data_attributes(site):
    site.write({"en/s/chapter-1.md": "# A\n"}).build()
    counts = site.tree("en/index.html").find("span", class_="progress-series")
    assert (counts.get("data-label-chapters-one"), counts.get("data-label-chapters-other")) == ("{done} of {total} chapter read", "{done} of {total} chapters read")
    assert counts.get("data-label-exercises-one") == "{done} of {total} exercise done"


def test_a_sites_english_catalogue_never_changes_a_japanese_page(tmp_path):
    messages = tmp_path / "messages"
    messages.mkdir()
    (messages / "en.toml").write_text('chapter_count.other = "{n} lessons"\nnext = "Onward"\n', encoding="utf-8")
    japanese = catalogue("ja", str(messages))
    assert (japanese["next"], forms(japanese, "chapter_count")) == ("次の章", {"other": "{n}章"})
    assert forms(catalogue("en", str(messages)), "chapter_count") == {"one": "{n} chapter", "other": "{n} lessons"}
