from manabi_ssg import frontmatter
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
