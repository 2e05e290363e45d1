"""The workflows manabi writes (``manabi init``) and runs (its own): least privilege, pinned actions,
nothing a pull request wrote restored, a deployment never cancelled halfway, and a pre-commit hook
that sees a deleted image."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import REPO

from manabi_ssg.authoring.course import course_files

SHA_PIN = re.compile(r"^\s*(?:-\s*)?uses:\s*[\w.-]+/[\w.-]+(?:/[\w.-]+)*@[0-9a-f]{40}\s+#\s*v\d+\.\d+\.\d+\s*$")


def _course_workflow_text() -> str:
    files = course_files(Path("course"), "en", "course", "2026-01-01", "manabi-ssg==0.2.0")
    return files[Path("course/.github/workflows/site.yml")]


WORKFLOWS = {
    "manabi init": _course_workflow_text(),
    "this repository": (REPO / ".github/workflows/site.yml").read_text(encoding="utf-8"),
}


@pytest.fixture(params=sorted(WORKFLOWS))
def workflow(request) -> tuple[str, dict]:
    text = WORKFLOWS[request.param]
    return text, yaml.safe_load(text)


def _triggers(workflow: dict) -> dict:
    return workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true


def _runs_on_pull_requests(job: dict) -> bool:
    return "github.event_name != 'pull_request'" not in job.get("if", "")


def _steps(workflow: dict):
    for name, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield name, job, step


def test_every_workflow_runs_on_pull_requests_and_pushes(workflow):
    _, data = workflow
    assert {"push", "pull_request"} <= set(_triggers(data))


def test_the_workflow_grants_nothing_by_default(workflow):
    _, data = workflow
    assert data["permissions"] == {}


def test_every_job_but_deploy_may_only_read_the_repository(workflow):
    _, data = workflow
    jobs = {name: job for name, job in data["jobs"].items() if name != "deploy"}
    assert jobs and all(job["permissions"] == {"contents": "read"} for job in jobs.values()), \
        {name: job.get("permissions") for name, job in jobs.items()}


def test_deploy_alone_may_publish_only_from_the_default_branch_after_the_build(workflow):
    _, data = workflow
    deploy = data["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    needs = [deploy["needs"]] if isinstance(deploy["needs"], str) else deploy["needs"]
    assert "build" in needs
    assert deploy["if"] in ("github.event_name != 'pull_request' && github.ref_name == github.event.repository.default_branch",
                            "github.event_name != 'pull_request' && github.ref == 'refs/heads/main'")
    assert not _runs_on_pull_requests(deploy)


def test_every_action_is_pinned_to_a_commit_with_its_version_in_a_comment(workflow):
    text, data = workflow
    uses_lines = [line for line in text.splitlines() if re.match(r"^\s*(?:-\s*)?uses:", line)]
    assert len(uses_lines) == sum("uses" in step for _, _, step in _steps(data)) > 0
    assert [line for line in uses_lines if not SHA_PIN.match(line)] == []


def test_no_run_script_expands_an_expression(workflow):
    """``${{ github.event.* }}`` (a branch name, a title) pasted into a script is shell injection."""
    _, data = workflow
    assert [step["run"] for _, _, step in _steps(data) if "run" in step and "${{" in step["run"]] == []


def test_every_checkout_leaves_no_token_in_git_config(workflow):
    _, data = workflow
    checkouts = [step for _, _, step in _steps(data) if step.get("uses", "").startswith("actions/checkout@")]
    assert checkouts and all(step["with"]["persist-credentials"] is False for step in checkouts)


def test_jobs_that_run_on_pull_requests_restore_no_cache(workflow):
    _, data = workflow
    for name, job, step in _steps(data):
        if _runs_on_pull_requests(job):
            assert not step.get("uses", "").startswith("actions/cache"), (name, step)
            assert "cache" not in step.get("with", {}), (name, step)  # setup-python's pip cache


def test_the_build_cache_is_saved_only_from_the_default_branch(workflow):
    _, data = workflow
    saves = [step for _, _, step in _steps(data) if step.get("uses", "").startswith("actions/cache")
             and not step["uses"].startswith("actions/cache/restore@")]
    assert saves and all(step["uses"].startswith("actions/cache/save@") for step in saves)
    assert all(step["if"].startswith(("github.ref_name == github.event.repository.default_branch &&",
                                      "github.ref == 'refs/heads/main' &&")) for step in saves)


def test_pull_requests_are_checked_in_safe_mode():
    data = yaml.safe_load(WORKFLOWS["manabi init"])
    check = data["jobs"]["check"]
    assert check["if"] == "github.event_name == 'pull_request'"
    runs = [step["run"] for step in check["steps"] if "run" in step]
    assert runs[-1] == "manabi check --safe --strict --format github"
    own = yaml.safe_load(WORKFLOWS["this repository"])["jobs"]["check"]
    assert [step["run"] for step in own["steps"] if "run" in step][-1] == "manabi check --safe --format github"


def test_this_repository_runs_make_test_in_a_job_of_its_own_on_pull_requests_and_pushes():
    data = yaml.safe_load(WORKFLOWS["this repository"])
    test = data["jobs"]["test"]
    assert "if" not in test and test["permissions"] == {"contents": "read"}
    assert [step["run"] for step in test["steps"] if "run" in step][-1] == ".ci/run"
    assert "make test" in (REPO / ".ci/run").read_text(encoding="utf-8").splitlines()


def test_a_deployment_under_way_is_never_cancelled(workflow):
    _, data = workflow
    assert "concurrency" not in data  # a workflow-wide group would cancel the deploy job with the run
    assert data["jobs"]["deploy"]["concurrency"] == {"group": "pages", "cancel-in-progress": False}


def _pre_commit_selects(hook: dict, staged: list[str], existing: set[str]) -> bool:
    """Whether pre-commit runs ``hook`` for a commit: it drops files that no longer exist
    (pre_commit/commands/run.py, ``Classifier``), keeps those ``files`` matches, and runs
    the hook when any is left or when ``always_run`` is set."""
    left = [name for name in staged if name in existing and re.search(hook["files"], name)]
    return bool(left) or hook.get("always_run", False)


def _hooks() -> list[dict]:
    files = course_files(Path("course"), "en", "course", "2026-01-01", "manabi-ssg==0.2.0")
    local = yaml.safe_load(files[Path("course/.pre-commit-config.yaml")])["repos"][0]["hooks"]
    return local + yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("hook", _hooks(), ids=["manabi init", "this repository"])
def test_the_pre_commit_hook_runs_when_a_commit_only_deletes_an_image(hook):
    assert re.search(hook["files"], "content/ja/s/figure.png")
    assert _pre_commit_selects(hook, staged=["content/ja/s/figure.png"], existing=set())


@pytest.mark.parametrize("hook", _hooks(), ids=["manabi init", "this repository"])
def test_the_pre_commit_hook_reads_no_build_cache(hook):
    assert "--no-cache" in hook["entry"].split()


def test_a_new_course_passes_its_own_pull_request_check(tmp_path, monkeypatch):
    from manabi_ssg.cli import main

    monkeypatch.chdir(tmp_path)
    assert main(["init", "course", "--lang", "en"]) == 0
    monkeypatch.chdir(tmp_path / "course")
    toml = tmp_path / "course/manabi.toml"
    toml.write_text(toml.read_text().replace("search = true", "search = false"))  # Pagefind is tested on its own
    assert main(["check", "-q", "--safe", "--strict", "--format", "github"]) == 0


RELEASE = (REPO / ".github/workflows/release.yml").read_text(encoding="utf-8")


def test_the_release_workflow_grants_publishing_to_one_job_and_pins_every_action():
    data = yaml.safe_load(RELEASE)
    assert data["permissions"] == {} and list(_triggers(data)) == ["push"] and _triggers(data)["push"] == {"tags": ["v*"]}
    assert data["jobs"]["build"]["permissions"] == {"contents": "read"}
    publish = data["jobs"]["publish"]
    assert publish["permissions"] == {"id-token": "write"} and publish["needs"] == "build"
    assert publish["environment"]["name"] == "pypi"
    uses = [line for line in RELEASE.splitlines() if re.match(r"^\s*(-\s*)?uses:", line)]
    assert uses and all(SHA_PIN.match(line) for line in uses), uses
    assert "${{ github" not in "".join(step.get("run", "") for job in data["jobs"].values() for step in job["steps"])


def _tag_check(tmp_path, version: str, tag: str, changelog: str):
    import subprocess

    step = next(s for s in yaml.safe_load(RELEASE)["jobs"]["build"]["steps"] if s.get("name", "").startswith("The tag names"))
    (tmp_path / "src/manabi_ssg").mkdir(parents=True)
    (tmp_path / "src/manabi_ssg/__init__.py").write_text(f'__version__ = "{version}"  # a comment\n')
    (tmp_path / "CHANGELOG.md").write_text(changelog)
    env = {"TAG": tag, "PATH": "/usr/bin:/bin"}
    return subprocess.run(["bash", "-e", "-c", step["run"].replace("python ", f"{__import__('sys').executable} ")],
                          cwd=tmp_path, env=env, capture_output=True, text=True)


def test_a_release_tag_must_match_a_released_version_with_its_changelog_section(tmp_path):
    ok = _tag_check(tmp_path / "a", "0.2.0", "v0.2.0", "# Changelog\n\n## 0.2.0 (2026-12-20)\n")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "does not match" in _tag_check(tmp_path / "b", "0.2.0", "v0.2.1", "## 0.2.0 (x)\n").stdout
    assert "is a development version" in _tag_check(tmp_path / "c", "0.2.0.dev0", "v0.2.0.dev0", "## 0.2.0.dev0 x\n").stdout
    assert "no section for 0.2.0" in _tag_check(tmp_path / "d", "0.2.0", "v0.2.0", "## 0.1.0 (x)\n").stdout
