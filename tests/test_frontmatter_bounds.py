"""Front matter an attacker wrote: alias bombs, endless and deep values, numbers no page can show.

Each gives an error or a warning at its key's line; nothing expands, loops or
reaches the rest of the build as a crash (exit 70).
"""

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from manabi_ssg import cli

from manabi_ssg.pipeline import frontmatter

from manabi_ssg.guards import yamlshape


def alias_bomb(levels: int, key: str = "target_audience") -> str:
    """``levels`` anchors of nine aliases each, the last named by ``key``: 9**levels values in a few hundred bytes."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels + 1)]
    return "\n".join(lines) + f"\n{key}: *a{levels}\n"


def parse(yaml_text: str):
    return frontmatter.parse("---\n" + yaml_text + "---\nbody\n", "c.md")


@pytest.mark.parametrize("key", ["target_audience", "not_a_known_key"])
def test_an_alias_bomb_is_an_error_at_its_line_and_never_expanded(key):
    result = parse(alias_bomb(6, key))  # 531,441 values once expanded
    too_large = [d for d in result.diagnostics if d.code == "frontmatter-too-large"]
    assert (too_large[-1].line, too_large[-1].col, too_large[-1].level) == (9, 1, "error") and key in too_large[-1].message
    assert key not in result.data and result.data["a0"] == ["x"] * 9  # the keys within bounds are kept


def test_measuring_a_bomb_walks_each_distinct_value_once():
    import yaml

    small, large = (yaml.compose(alias_bomb(levels)) for levels in (4, 8))
    walked = [len(yamlshape.measure(node)[0]) for node in (small, large)]
    assert walked[1] - walked[0] == 4 * 2  # each level more is one key and one list, not nine times the values


def test_a_build_with_a_bomb_reports_it_and_builds_the_page(site):
    site.write({"ja/s/bomb.md": "---\n" + alias_bomb(6) + "---\nText.\n"})  # six levels: without the bound, seconds, not hours
    result = site.build()
    assert ("ja/s/bomb.md", 9, "frontmatter-too-large") in {(d.path, d.line, d.code) for d in result.diagnostics}
    assert (site.output / "ja/s/bomb.html").exists()


@pytest.mark.parametrize("value, words", [
    ("&a [1, *a]", "alias"),
    ("&a {b: *a}", "alias"),
    ("[" * 500 + "]" * 500, "500 levels"),
])
def test_an_endless_or_deep_value_is_an_error_at_its_key(value, words):
    result = parse(f"title: ok\nkeywords: {value}\n")
    [problem] = result.diagnostics
    assert (problem.line, problem.code) == (3, "frontmatter-too-large") and words in problem.message
    assert result.data == {"title": "ok"}


@pytest.mark.parametrize("value", [".inf", "-.inf", ".nan", "!!float 1e400"])
def test_a_number_that_is_not_finite_is_an_error_at_its_place(value):
    result = parse(f"estimated_time: {value}\n")
    [problem] = result.diagnostics
    assert (problem.line, problem.col, problem.level, problem.code) == (2, 17, "error", "frontmatter-value")
    assert result.data == {}


# values that each must give a diagnostic on whatever key holds them; {n} keeps each anchor's name its own
HOSTILE = [
    '"\\ud800"', '"a\\x01b"', '"\\uffff"', ".inf", "-.inf", ".nan", "9" * 5000,
    "[" * 40 + "1" + "]" * 40, "&a{n} [*a{n}]", "&a{n} {x: *a{n}}", "!!int x", "!!timestamp 2025-02-30", "!!python/object:os.system {}",
]
# every known key, a typo of one and a key of the site's own; the value alone, in a list, or in a mapping
hostile_values = st.sampled_from(HOSTILE).flatmap(lambda v: st.sampled_from([v, f"[ok, {v}]", f"{{inner: {v}}}"]))
hostile_entries = st.lists(st.tuples(st.sampled_from(sorted(frontmatter.SCHEMA) + ["titel", "course_code"]), hostile_values),
                           min_size=1, max_size=4, unique_by=lambda pair: pair[0])


# no shrinking: each example is a whole build, and a failing one is already small
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
          phases=[Phase.explicit, Phase.generate])
@given(entries=hostile_entries)
def test_hostile_values_on_any_key_give_located_diagnostics_never_exit_70(tmp_path_factory, capsys, entries):
    root = tmp_path_factory.mktemp("hostile")
    page = root / "content" / "ja" / "s" / "h.md"
    page.parent.mkdir(parents=True)
    page.write_text("---\n" + "".join(f"{key}: {value.replace('{n}', str(n))}\n" for n, (key, value) in enumerate(entries)) + "---\nText.\n", encoding="utf-8")
    capsys.readouterr()
    code = cli.main(["build", "--no-cache", "--content", str(root / "content"), "--output", str(root / "_site")])
    err = capsys.readouterr().err  # diagnostics and progress; no -q, which would hide the warnings
    assert code in (0, 1), err
    for line, (key, value) in enumerate(entries, start=2):
        assert f"content/ja/s/h.md:{line}:" in err or f"ja/s/h.md:{line}:" in err, (key, value, err)


@pytest.mark.parametrize("yaml_text", [alias_bomb(6), "a: &a [1, *a]\n", "a: " + "[" * 100 + "]" * 100 + "\n"])
def test_adding_a_translation_key_refuses_a_front_matter_too_large_to_read(yaml_text):
    from manabi_ssg.authoring.frontmatter_edit import EditRefused, add_key

    with pytest.raises(EditRefused, match="cannot be read safely"):
        add_key("---\n" + yaml_text + "---\nbody\n", "translation", "en/s/chapter-1.md")


def test_a_key_yaml_cannot_build_is_left_out_once_never_shown_as_an_object_address():
    result = parse("!!int x: 1\n.inf: 2\nnested: {2025-02-30: 3}\nkept: 4\n")
    assert result.data == {"kept": 4}
    assert [(d.line, d.code) for d in result.diagnostics] == [(2, "frontmatter-value"), (3, "frontmatter-value"), (4, "frontmatter-date")]
