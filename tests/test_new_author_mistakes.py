"""Mistakes a new author makes writing a second series by hand: each is reported at its line and column, and the rest builds."""


def _found(result, code):
    return [(d.path, d.line, d.col) for d in result.diagnostics if d.code == code]


def test_a_problem_with_a_front_matter_value_is_reported_at_its_key(site):
    site.write({
        "ja/s/index.md": "---\ntitle: S\n---\n",
        "ja/s/a.md": "---\ntitle: A\n# a comment line\ntranslation: en/nowhere.md\nprerequisites:\n  - 第9章\n  - 量子もつれの基礎\n---\n本文\n",
        "ja/s/b.md": "---\ntitle: B\nseries_order: 1\n\ndraft: true\n---\n本文\n",
        "ja/s/c.md": "---\ntitle: C\n  # indented comment\ntranslation:   ja/s/a.md\n---\n本文\n",
    })
    result = site.build()
    assert _found(result, "translation-not-found") == [("ja/s/a.md", 4, 1)]
    assert _found(result, "translation-same-language") == [("ja/s/c.md", 4, 1)]
    assert _found(result, "draft-skipped") == [("ja/s/b.md", 5, 1)]
    assert _found(result, "prerequisite-unresolved") == [("ja/s/a.md", 6, 5), ("ja/s/a.md", 7, 5)]
