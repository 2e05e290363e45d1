"""manabi init: a course repository that builds as it stands, never overwriting."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from conftest import REPO

from manabi_ssg import __version__
from manabi_ssg.authoring.install_source import this_requirement
from manabi_ssg.build import build
from manabi_ssg.cli import main
from manabi_ssg.site.config import Config, load_config
from manabi_ssg.authoring.course import language_from_locale
from manabi_ssg.diagnostics import Diagnostic
from manabi_ssg.authoring.schema import frontmatter_schema

CHAPTER = "data-analysis-basics/chapter1-mean-and-spread"


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_init_writes_a_course_whose_sample_chapter_builds_every_component_without_a_warning(here, lang):
    assert main(["init", "course", "--lang", lang]) == 0
    course = here / "course"
    config, problems = load_config(course)
    assert problems == [] and config.default_language == lang and config.title == "course"
    result = build(Config(**{**config.__dict__, "search": False}))  # search has its own test (test_packaging)
    assert [d.format() for d in result.diagnostics if d.level != "info"] == []
    html = (course / "_site" / lang / f"{CHAPTER}.html").read_text(encoding="utf-8")
    for marker in ('<section class="exercise"', '<details class="hint"', '<details class="answer"',
                   '<section class="case-study"', 'class="case-study-glance"', '<ol class="references"',
                   'class="citation"', "<math", 'class="mermaid', 'class="highlight', 'class="learning-objectives',
                   'class="quiz" id="quiz-1" data-kind="single"', 'class="quiz" id="quiz-2" data-kind="number"'):
        assert marker in html, marker


def test_init_writes_the_repository_files(here):
    assert main(["init", "course", "--lang", "en"]) == 0
    names = set(_files(here / "course"))
    assert {".github/workflows/site.yml", ".gitignore", "README.md", "manabi.toml", ".pre-commit-config.yaml",
            ".vscode/settings.json", ".vscode/tasks.json", "schema/frontmatter.schema.json",
            f"content/en/{CHAPTER}.md", "content/en/data-analysis-basics/index.md", "content/en/index.md"} == names
    assert "_site/" in (here / "course/.gitignore").read_text().split("\n")
    assert ".manabi-cache/" in (here / "course/.gitignore").read_text().split("\n")


def test_workflow_installs_the_published_name_at_this_version_checks_builds_caches_and_deploys(here):
    main(["init", "course", "--lang", "en"])
    workflow = yaml.safe_load((here / "course/.github/workflows/site.yml").read_text(encoding="utf-8"))
    assert workflow["env"]["MANABI_VERSION"] == __version__
    assert workflow["env"]["MANABI_REQUIREMENT"] == this_requirement().line
    steps = workflow["jobs"]["build"]["steps"]
    runs = [step.get("run") for step in steps if "run" in step]
    assert runs[0].rstrip().endswith('python -m pip install "$MANABI_REQUIREMENT"')
    assert runs[1:] == ["manabi check --format github", "manabi build --strict"]
    python = next(step for step in steps if step.get("uses", "").startswith("actions/setup-python"))
    assert python["with"]["cache"] == "pip" and python["with"]["cache-dependency-path"] == ".github/workflows/site.yml"
    cache = next(step for step in steps if step.get("uses", "").startswith("actions/cache"))
    assert cache["with"]["path"] == ".manabi-cache"
    assert "env.MANABI_VERSION" in cache["with"]["key"]
    for covered in ("manabi.toml", "content/**", "templates/**", "static/**", "messages/**"):
        assert f"'{covered}'" in cache["with"]["key"]
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == Config().output_dir
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["steps"][0]["uses"].startswith("actions/deploy-pages")
    assert "pull_request" in deploy["if"]


def test_pre_commit_hooks_run_manabi_check_without_a_cache_on_every_commit(here):
    main(["init", "course", "--lang", "ja"])
    local = yaml.safe_load((here / "course/.pre-commit-config.yaml").read_text(encoding="utf-8"))
    (hook,) = local["repos"][0]["hooks"]
    published = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (shared,) = published
    for h in (hook, shared):
        assert h["id"] == "manabi-check" and h["entry"] == "manabi check --strict --no-cache" and h["pass_filenames"] is False
        assert h["always_run"] is True  # see test_workflows: pre-commit never passes a deleted file to a hook
        files = re.compile(h["files"])
        assert files.search("content/ja/s/chapter1.md") and files.search("content/ja/s/figure.png") and files.search("manabi.toml")
        assert not files.search("README.md") and not files.search("_site/index.html")
    assert hook["additional_dependencies"] == [this_requirement().line]


def test_editor_files_map_the_schema_and_read_manabi_diagnostics(here):
    main(["init", "course", "--lang", "en"])
    course = here / "course"
    assert json.loads((course / "schema/frontmatter.schema.json").read_text(encoding="utf-8")) == frontmatter_schema()
    settings = json.loads((course / ".vscode/settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == {"./schema/frontmatter.schema.json": ["content/**/*.md"]}
    tasks = json.loads((course / ".vscode/tasks.json").read_text(encoding="utf-8"))["tasks"]
    matcher = next(t for t in tasks if t["label"] == "manabi check")["problemMatcher"]["pattern"]
    line = Diagnostic("content/en/s/a.md", 12, 3, "warning", "citation-undefined", "citation [4] has no reference").format()
    match = re.match(matcher["regexp"], line)
    assert match and [match.group(matcher[k]) for k in ("file", "line", "column", "severity", "code")] == \
        ["content/en/s/a.md", "12", "3", "warning", "citation-undefined"]


def test_init_refuses_a_folder_that_is_not_empty_and_force_only_adds_missing_files(here, capsys):
    course = here / "course"
    (course / "content/en").mkdir(parents=True)
    (course / "README.md").write_text("my course\n", encoding="utf-8")
    (course / "manabi.toml").write_text('title = "Mine"\n', encoding="utf-8")
    before = _files(course)
    assert main(["init", "course", "--lang", "en"]) == 2
    assert "not empty" in capsys.readouterr().err
    assert _files(course) == before

    assert main(["init", "course", "--lang", "en", "--force"]) == 0
    out = capsys.readouterr().out
    assert "kept course/README.md as it is" in out and "kept course/manabi.toml as it is" in out
    after = _files(course)
    assert {name: after[name] for name in before} == before  # every existing file byte for byte
    assert f"content/en/{CHAPTER}.md" in after and ".github/workflows/site.yml" in after


def test_force_never_writes_through_a_symlink_out_of_the_folder_or_over_a_file_in_the_way(here):
    outside = here / "outside"
    outside.mkdir()
    course = here / "course"
    course.mkdir()
    (course / "content").symlink_to(outside, target_is_directory=True)
    (course / ".github").write_text("a file where a folder would go\n", encoding="utf-8")
    assert main(["init", "course", "--lang", "en", "--force"]) == 0
    assert list(outside.iterdir()) == []
    assert (course / ".github").read_text(encoding="utf-8") == "a file where a folder would go\n"
    assert (course / "manabi.toml").is_file()


def test_init_accepts_a_folder_that_holds_only_git(here):
    (here / "course/.git").mkdir(parents=True)
    assert main(["init", "course", "--lang", "ja"]) == 0
    assert (here / f"course/content/ja/{CHAPTER}.md").is_file()


def test_init_refuses_a_file(here, capsys):
    (here / "course").write_text("x", encoding="utf-8")
    assert main(["init", "course"]) == 2
    assert "not a folder" in capsys.readouterr().err


@pytest.mark.parametrize("environ, expected", [
    ({"LANG": "ja_JP.UTF-8"}, "ja"),
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LC_ALL": "C.UTF-8", "LANG": "ja_JP.UTF-8"}, "en"),  # LC_ALL wins, as in POSIX
    ({"LC_MESSAGES": "ja_JP.UTF-8", "LANG": "en_GB.UTF-8"}, "ja"),
    ({}, "en"),
])
def test_default_language_follows_the_locale(environ, expected):
    assert language_from_locale(environ) == expected


def test_without_lang_the_locale_chooses_and_the_output_says_how_to_change_it(here, monkeypatch, capsys):
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    assert main(["init", "course"]) == 0
    assert "--lang en" in capsys.readouterr().out
    assert (here / f"course/content/ja/{CHAPTER}.md").is_file()


def test_title_is_written_as_a_toml_string(here):
    assert main(["init", "course", "--lang", "en", "--title", 'Physics "101" \\ basics']) == 0
    config, problems = load_config(here / "course")
    assert problems == [] and config.title == 'Physics "101" \\ basics'


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_init_writes_a_commented_base_url_with_what_it_enables_and_check_points_at_it(here, capsys, monkeypatch, lang):
    assert main(["init", "course", "--lang", lang]) == 0
    text = (here / "course/manabi.toml").read_text(encoding="utf-8")
    commented = [n for n, line in enumerate(text.splitlines(), start=1) if line.startswith("# base_url = ")]
    assert len(commented) == 1
    explanation = text.split("# base_url = ")[0].rsplit("\n\n", 1)[1]
    assert all(word in explanation for word in ("sitemap.xml", "hreflang", "JSON-LD", "base-url-missing"))
    capsys.readouterr()
    monkeypatch.chdir(here / "course")
    assert main(["check"]) == 0
    notes = [line for line in capsys.readouterr().out.splitlines() if "[base-url-missing]" in line]
    assert notes and notes[0].startswith(f"manabi.toml:{commented[0]}:1: info:")
