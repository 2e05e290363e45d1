"""manabi check: every seeded mistake is reported at its file and line."""

import json
import shutil
from pathlib import Path

import pytest
from conftest import REPO

from manabi_ssg.cli import main

MISTAKES = Path(__file__).parent / "fixtures" / "mistakes"
EXPECTED = {
    ("ja/series/chapter-1.md", 3, "error", "frontmatter-yaml"),
    ("ja/series/chapter-2.md", 3, "error", "frontmatter-type"),
    ("ja/series/chapter-2.md", 8, "warning", "broken-link"),
    ("ja/series/chapter-2.md", 8, "warning", "broken-anchor"),
    ("ja/series/chapter-2.md", 10, "warning", "missing-file"),
    ("ja/series/chapter-2.md", 12, "warning", "duplicate-id"),
    ("ja/series/chapter-2.md", 4, "info", "prerequisite-unresolved"),
    ("ja/series/chapter-3.md", 7, "warning", "citation-undefined"),
    ("ja/series/chapter-3.md", 9, "warning", "math-failed"),
    ("ja/series/chapter-3.md", 13, "warning", "exercise-no-answer"),
    ("ja/series/chapter-3.md", 24, "error", "details-unclosed"),
}


def run(capsys, *args) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().out


@pytest.fixture
def mistakes(tmp_path, monkeypatch):
    root = tmp_path / "site"
    shutil.copytree(MISTAKES, root / "content")
    monkeypatch.chdir(root)
    return root


def test_every_mistake_is_reported_at_its_line(mistakes, capsys):
    code, out = run(capsys, "check", "--format", "json")
    assert code == 1
    report = json.loads(out)
    found = {(Path(d["path"]).relative_to("content").as_posix(), d["line"], d["level"], d["code"]) for d in report["diagnostics"]
             if d["code"] != "base-url-missing"}
    assert EXPECTED <= found
    unexpected = {f for f in found if f[2] in ("error", "warning")} - EXPECTED
    assert not unexpected  # the good links (chapter-2.html, ../other/, #本文) are not reported


def test_github_annotations(mistakes, capsys):
    code, out = run(capsys, "check", "--format", "github")
    assert code == 1
    assert "::error file=content/ja/series/chapter-1.md,line=3,col=9,title=frontmatter-yaml::front matter is not valid YAML" in out
    assert "::warning file=content/ja/series/chapter-3.md,line=9," in out
    notices = [line for line in out.splitlines() if line.startswith("::notice")]
    assert [n.split("title=")[1].split("::")[0] for n in notices] == ["base-url-missing"]  # other infos only with -v


def test_text_output_and_strict(mistakes, capsys):
    code, out = run(capsys, "check")
    assert code == 1 and "content/ja/series/chapter-3.md:24:1: error:" in out
    assert "\033[" not in out  # no colour when not a terminal


def test_silenced_codes_and_strict_on_warnings(tmp_path, monkeypatch, capsys):
    root = tmp_path / "site"
    (root / "content").mkdir(parents=True)
    (root / "content" / "a.md").write_text("# A\n\n[x](nowhere.md)\n")
    monkeypatch.chdir(root)
    assert run(capsys, "check")[0] == 0
    assert run(capsys, "check", "--strict")[0] == 1
    assert main(["build", "--strict"]) == 1
    (root / "manabi.toml").write_text('silence = ["broken-link"]\n')
    assert run(capsys, "check", "--strict")[0] == 0


def test_repository_content_passes_strict(monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(REPO)
    code, out = run(capsys, "check", "--strict", "--no-cache")
    assert code == 0, out


def test_schema_command_matches_the_published_copy(capsys):
    code, out = run(capsys, "schema")
    assert code == 0
    assert json.loads(out) == json.loads((REPO / "schema" / "frontmatter.schema.json").read_text())
    assert json.loads(out)["properties"]["series_order"] == {"type": "integer", "description": "Position of the chapter in its series."}


def test_bad_usage_exits_2(capsys):
    assert main(["check", "--format", "xml"]) == 2


def test_workflow_checks_builds_and_deploys():
    import yaml

    workflow = yaml.safe_load((REPO / ".github/workflows/site.yml").read_text())
    steps = workflow["jobs"]["build"]["steps"]
    commands = " ".join(step.get("run", "") for step in steps)
    uses = [step.get("uses", "") for step in steps]
    assert "manabi check --format github" in commands and "manabi build" in commands
    assert any(u.startswith("actions/cache") for u in uses)
    assert any(u.startswith("actions/setup-python") for u in uses) and steps[1]["with"]["cache"] == "pip"
    assert workflow["jobs"]["deploy"]["steps"][0]["uses"].startswith("actions/deploy-pages")
    assert "push" in workflow[True]  # YAML 1.1 reads the key `on` as True


def test_check_says_once_that_base_url_is_missing_at_manabi_toml(tmp_path, monkeypatch, capsys):
    root = tmp_path / "site"
    (root / "content" / "ja").mkdir(parents=True)
    for name in ("a", "b"):
        (root / "content" / "ja" / f"{name}.md").write_text(f"# {name}\n")
    (root / "manabi.toml").write_text('title = "x"\n\n# the published address\n# base_url = "https://USER.github.io/REPO/"\n')
    monkeypatch.chdir(root)
    code, out = run(capsys, "check")
    notes = [line for line in out.splitlines() if "[base-url-missing]" in line]
    assert code == 0 and len(notes) == 1
    assert notes[0].startswith("manabi.toml:4:1: info: base_url is not set")
    assert "hreflang" in notes[0] and "sitemap.xml" in notes[0] and "JSON-LD" in notes[0]


def test_base_url_note_is_silenced_by_its_code_and_absent_with_a_base_url(tmp_path, monkeypatch, capsys):
    root = tmp_path / "site"
    (root / "content").mkdir(parents=True)
    (root / "content" / "a.md").write_text("# A\n")
    monkeypatch.chdir(root)
    assert "manabi.toml:1:1: info: base_url is not set" in run(capsys, "check")[1]  # no config file: shown at 1:1
    (root / "manabi.toml").write_text('silence = ["base-url-missing"]\n')
    assert "base-url-missing" not in run(capsys, "check")[1]
    (root / "manabi.toml").write_text('base_url = "https://example.org/"\n')
    assert "base-url-missing" not in run(capsys, "check")[1]


def test_quiet_strict_prints_the_warnings_that_make_it_fail(tmp_path, monkeypatch, capsys):
    root = tmp_path / "site"
    (root / "content").mkdir(parents=True)
    (root / "content" / "a.md").write_text("# A\n\n[x](nowhere.md)\n")
    monkeypatch.chdir(root)
    assert main(["build", "-q", "--strict"]) == 1
    assert "content/a.md:3:1: warning: link 'nowhere.md' leads to no page of the site [broken-link]" in capsys.readouterr().err
    assert main(["check", "-q", "--strict"]) == 1
    assert "[broken-link]" in capsys.readouterr().out
    assert main(["build", "-q"]) == 0
    assert "[broken-link]" not in capsys.readouterr().err


def test_a_problem_of_a_whole_file_is_shown_at_line_1_col_1_in_every_format(tmp_path, monkeypatch, capsys):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "404.md").write_text("# mine\n", encoding="utf-8")  # manabi makes 404.html itself
    monkeypatch.chdir(tmp_path)
    code, out = run(capsys, "check")
    assert code == 1
    assert "content/404.md:1:1: error: " in out and "[output-collision]" in out
    _, github = run(capsys, "check", "--format", "github")
    assert "::error file=content/404.md,line=1,col=1,title=output-collision::" in github
    _, listed = run(capsys, "check", "--format", "json")
    (found,) = [d for d in json.loads(listed)["diagnostics"] if d["code"] == "output-collision"]
    assert (found["path"], found["line"], found["col"]) == ("content/404.md", 1, 1)
