"""Config diagnostics: where they are (relative path, line), silence rules, the list of codes."""

import re
from dataclasses import replace

from conftest import REPO, write_tree

from manabi_ssg.cli import main
from manabi_ssg.site.config import load_config
from manabi_ssg.diagnostics import CODES


def test_config_problems_are_shown_relative_at_their_line(tmp_path, monkeypatch):
    (tmp_path / "manabi.toml").write_text('title = "x"\nserach = true\nhard_line_breaks = "yes"\n')
    monkeypatch.chdir(tmp_path)
    _, problems = load_config(tmp_path)
    assert [d.format() for d in problems] == [
        "manabi.toml:2:1: warning: unknown setting 'serach': did you mean 'search'? [config-unknown-key]",
        "manabi.toml:3:1: error: setting 'hard_line_breaks' has the wrong type (str) [config-type]",
    ]


def test_silence_names_an_unknown_code_at_its_place(tmp_path, monkeypatch):
    (tmp_path / "manabi.toml").write_text('silence = ["reference-uncited", "refrence-uncited"]\n')
    monkeypatch.chdir(tmp_path)
    _, [d] = load_config(tmp_path)
    assert d.format() == "manabi.toml:1:34: warning: silence: 'refrence-uncited' is no diagnostic code; did you mean 'reference-uncited'? [config-unknown-code]"


def test_silence_drops_warnings_but_never_errors(site):
    site.write({"ja/a.md": "---\ntitle: [\n---\n本文 [1]\n", "ja/b.md": "本文 [1]\n"})
    site.config = replace(site.config, silence=("frontmatter-yaml", "citation-no-references"))
    codes = sorted(d.code for d in site.build().diagnostics)
    assert codes == ["frontmatter-yaml"]  # the error stays; both warnings are gone


def test_every_code_the_source_uses_is_known_to_silence():
    used = set()
    for path in (REPO / "src" / "manabi_ssg").rglob("*.py"):
        used |= set(re.findall(r'(?:WARNING|ERROR|INFO|"warning"|"error"|"info"), "([a-z0-9-]+)"', path.read_text()))
    assert used and used <= CODES, sorted(used - CODES)


def test_summary_lines_say_one_error_and_one_page(tmp_path, capsys, monkeypatch):
    from manabi_ssg.diagnostics import plural

    assert (plural(1, "error"), plural(0, "error"), plural(1, "page"), plural(2, "page")) == ("1 error", "0 errors", "1 page", "2 pages")
    write_tree(tmp_path / "content", {"a.md": "---\ntitle: [\n---\n"})
    monkeypatch.chdir(tmp_path)
    main(["check"])
    assert ": 1 error, 0 warnings" in capsys.readouterr().out


def test_a_site_title_over_its_limit_is_cut_with_an_error_at_its_line(tmp_path, monkeypatch):
    from manabi_ssg.guards.limits import TEXT_LENGTHS

    (tmp_path / "manabi.toml").write_text(f'search = false\ntitle = "{"長" * 100_000}"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    config, [d] = load_config(tmp_path)
    assert (d.path, d.line, d.level, d.code) == ("manabi.toml", 2, "error", "config-too-long")
    assert len(config.title) == TEXT_LENGTHS["title"]
