from manabi_ssg.pipeline import frontmatter
from manabi_ssg.diagnostics import ERROR, WARNING


def test_fields_of_the_seed_kind_parse_and_keep_unknown_keys():
    text = '---\ntitle: "第1章"\nseries_order: 1\ntopics: ["a", "b"]\nversion: 1.0\ncustom_key: kept\n---\n# Body\n'
    fm = frontmatter.parse(text, "c.md")
    assert fm.diagnostics == []
    assert fm.data["title"] == "第1章"
    assert fm.data["series_order"] == 1
    assert fm.data["topics"] == ["a", "b"]
    assert fm.data["custom_key"] == "kept"
    assert fm.body == "# Body\n"
    assert fm.body_line == 8


def test_yaml_error_points_at_the_file_line():
    text = "---\ntitle: ok\ntopics: [a, b\nlevel: x\n---\nbody\n"
    fm = frontmatter.parse(text, "bad.md")
    [d] = fm.diagnostics
    assert d.level == ERROR and d.code == "frontmatter-yaml"
    assert d.path == "bad.md"
    assert 3 <= d.line <= 5  # the unclosed list starts on line 3
    assert fm.body == "body\n"  # the page still builds


def test_wrong_type_is_reported_on_its_line_and_dropped():
    text = "---\ntitle: T\nseries_order: first\nlearning_objectives: {a: 1}\n---\n"
    fm = frontmatter.parse(text, "t.md")
    codes = {(d.code, d.line) for d in fm.diagnostics}
    assert ("frontmatter-type", 3) in codes
    assert ("frontmatter-type", 4) in codes
    assert "series_order" not in fm.data and fm.data["title"] == "T"


def test_not_a_mapping_unterminated_and_duplicate_keys():
    assert frontmatter.parse("---\n- a\n- b\n---\n", "l.md").diagnostics[0].code == "frontmatter-not-mapping"
    unterminated = frontmatter.parse("---\ntitle: x\n\n# Heading\n", "u.md")
    assert unterminated.diagnostics[0].code == "frontmatter-unterminated"
    assert "# Heading" in unterminated.body  # nothing the author wrote is lost
    dup = frontmatter.parse("---\ntitle: a\ntitle: b\n---\n", "d.md")
    assert dup.diagnostics[0].level == WARNING and dup.diagnostics[0].line == 3
    assert dup.data["title"] == "b"


def test_no_front_matter_is_all_body():
    fm = frontmatter.parse("# Title\n\ntext\n", "n.md")
    assert fm.data == {} and fm.body.startswith("# Title") and fm.body_line == 1


def test_control_characters_are_reported_at_their_place():
    fm = frontmatter.parse("---\ntitle: ok\nsub: a\x1bb\n---\n", "c.md")
    [d] = fm.diagnostics
    assert (d.line, d.col, d.code) == (3, 7, "frontmatter-yaml") and "U+001B" in d.message


def test_fast_and_pure_python_loaders_read_the_same():
    documents = [
        'title: "第1章"\ncreated_at: 2025-10-01\ntags: [a, b]\nnested: {x: 1, y: [true, null, 1.5]}\n',
        "a: 1\nb: 2\na: 3\n",  # a duplicate key, reported at the same place by both
        "text: |\n  複数行\n  の文\nanchor: &x 1\nref: *x\n",
    ]
    for document in documents:
        loaders = [frontmatter._UniqueKeyLoader, frontmatter._FastUniqueKeyLoader or frontmatter._UniqueKeyLoader]
        results = {loader.__name__: frontmatter._read(loader, document) for loader in loaders}
        assert len(set(map(repr, results.values()))) == 1, results


def _diagnostics(yaml_text: str, **kwargs) -> list[str]:
    return [d.format() for d in frontmatter.parse("---\n" + yaml_text + "---\nbody\n", "c.md", **kwargs).diagnostics]


def test_impossible_dates_are_errors_at_their_value_and_dropped():
    fm = frontmatter.parse("---\ntitle: T\ncreated_at: 2025-02-30\nupdated_at: 2025-13-45\n---\nbody\n", "c.md")
    assert [(d.line, d.col, d.level, d.code) for d in fm.diagnostics] == [(3, 13, ERROR, "frontmatter-date"), (4, 13, ERROR, "frontmatter-date")]
    assert "2025-02-30" in fm.diagnostics[0].message and "not a real date" in fm.diagnostics[0].message
    assert fm.data == {"title": "T"}  # the page keeps its title and builds


def test_a_real_date_is_still_a_date():
    import datetime

    assert frontmatter.parse("---\ncreated_at: 2024-02-29\n---\n", "c.md").data["created_at"] == datetime.date(2024, 2, 29)


def test_any_value_yaml_cannot_build_is_a_located_error():
    for text, col in (("a: !!int x\n", 4), ("a: !!float x\n", 4), ("a: !!bool x\n", 4), ("a: !!timestamp x\n", 4), ("a: [1, !!int y]\n", 8)):
        fm = frontmatter.parse("---\ntitle: T\n" + text + "---\n", "c.md")
        assert [(d.line, d.col, d.code) for d in fm.diagnostics] == [(3, col, "frontmatter-value")], text
        assert fm.data == {"title": "T"}


def test_deeply_nested_front_matter_is_an_error_not_a_crash():
    [d] = _diagnostics("a: " + "[" * 3000 + "]" * 3000 + "\n")
    assert "nested too deeply" in d


def test_a_time_read_as_a_base_60_number_gets_a_hint():
    [d] = _diagnostics("estimated_time: 12:30\n")
    assert d.startswith("c.md:2:17: warning:") and "750" in d and '"12:30"' in d and d.endswith("[frontmatter-sexagesimal]")
    assert _diagnostics('estimated_time: "12:30"\n') == []


def test_key_typos_warn_at_their_line_with_the_known_key():
    found = _diagnostics("titel: a\nseries_oder: 1\nlearning_objective: [x]\ntopic: [y]\nTitle: b\nmy_widget: 3\n")
    assert found == [
        f"c.md:{line}:1: warning: unknown key {key!r}: did you mean `{known}`? (a key the site uses on purpose goes in the config's extra_keys) [frontmatter-unknown-key]"
        for line, key, known in ((2, "titel", "title"), (3, "series_oder", "series_order"), (4, "learning_objective", "learning_objectives"),
                                 (5, "topic", "topics"), (6, "Title", "title"))
    ]  # my_widget is far from every known key: a site's own key, kept quietly


def test_extra_keys_declared_by_the_site_do_not_warn():
    assert _diagnostics("topic: [y]\n", extra_keys=("topic",)) == []


def test_a_bad_list_item_is_reported_at_its_own_line():
    [d] = _diagnostics("title: T\nlearning_objectives:\n  - first\n  - {a: 1}\n")
    assert d.startswith("c.md:5:5: error: 'learning_objectives' should be a list of strings; item 2 is a mapping")


def test_an_unclosed_quote_is_reported_where_it_opens_in_plain_words():
    [d] = _diagnostics('title: "第1章\nsubtitle: "x"\n')
    assert d.startswith('c.md:2:8: error: front matter is not valid YAML: this value opens a " quote that is never closed')
    [d] = _diagnostics("title: 'it's mine'\n")
    assert d.startswith("c.md:2:8: error:") and "''" in d


def test_yaml_errors_give_the_real_column_and_plain_words():
    assert _diagnostics("title: a: b\n")[0].startswith("c.md:2:9: error: front matter is not valid YAML: a ': ' inside a value")
    assert _diagnostics("title: x\n\tlevel: y\n")[0].startswith("c.md:3:1: error: front matter is not valid YAML: a tab character")
    assert _diagnostics("topics: [a, b\nlevel: x\n")[0].startswith("c.md:2:9: error: front matter is not valid YAML: a list in [brackets] is not closed")
    assert _diagnostics("title: x\n- y\n")[0].startswith("c.md:3:1: error: front matter is not valid YAML: this line does not fit the lines above it")


def test_a_key_with_a_word_added_is_a_site_key_not_a_typo():
    assert _diagnostics("series_id: x\nlearning_time: 5\ntotal_code_examples: 3\n") == []
    assert "did you mean `author`" in _diagnostics("authors: [a]\n")[0]


def test_the_key_guess_compares_only_names_of_a_near_length(monkeypatch):
    """The did-you-mean gives the answer comparing every name gives, and compares a key only with names at
    most its allowed slips longer or shorter (it cost 4 ms of every converted chapter's 60 keys)."""
    known = list(frontmatter.SCHEMA)
    keys = ["titel", "series_oder", "learning_objective", "topic", "Title", "my_widget", "series_id", "code_examples",
            "x", "levle", "authors", "chapter-title", "a" * 300, "estimated_tim", "draftt", ""]
    everything = {}
    for key in keys:
        lowered = key.lower().replace("-", "_")
        allowed = 1 if len(lowered) <= 6 else 2
        best = min(known, key=lambda name: frontmatter._slips(lowered, name))
        everything[key] = best if frontmatter._slips(lowered, best) <= allowed else None
    compared = []
    slips = frontmatter._slips
    monkeypatch.setattr(frontmatter, "_slips", lambda a, b: compared.append((a, b)) or slips(a, b))
    assert {key: frontmatter._closest(key, known) for key in keys} == everything
    assert all(abs(len(a) - len(b)) <= (1 if len(a) <= 6 else 2) for a, b in compared)
    assert not any(a == "a" * 300 for a, _ in compared)


def test_a_date_with_no_such_month_asks_for_a_month_and_one_with_no_such_day_for_a_day():
    for written in ("2026-13-01", '"2026-13-01"', "2026-00-10", '"2026-00-10"'):
        fm = frontmatter.parse(f"---\ntitle: T\ncreated_at: {written}\n---\nbody\n", "c.md")
        (message,) = [d.message for d in fm.diagnostics]
        assert "; write it as YYYY-MM-DD with a month from 01 to 12" in message, message
    for written in ("2026-02-30", '"2026-02-30"'):
        fm = frontmatter.parse(f"---\ntitle: T\ncreated_at: {written}\n---\nbody\n", "c.md")
        (message,) = [d.message for d in fm.diagnostics]
        assert "; write it as YYYY-MM-DD with a day the month has" in message, message
