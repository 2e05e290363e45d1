"""The requirement `manabi init` writes: a release by its version, a development build by its git commit."""

import subprocess

import yaml

from manabi_ssg.authoring.course import init_course
from manabi_ssg.authoring.install_source import Checkout, _checkout, fetchable, requirement

SHA = "0123456789abcdef0123456789abcdef01234567"


def git(folder, *args):
    return subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True, text=True).stdout.strip()


def a_checkout(root, remote=None):
    package = root / "src" / "manabi_ssg"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    git(root, "init", "-q")
    git(root, "-c", "user.name=t", "-c", "user.email=t@example.org", "add", ".")
    git(root, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "x")
    if remote:
        git(root, "remote", "add", "origin", remote)
    return package


def test_a_release_is_pinned_by_its_version():
    assert requirement("0.2.0", None, None).line == "manabi-ssg==0.2.0"
    assert requirement("1.0.0rc1", None, None).note == ""


def test_a_development_build_installed_from_git_is_named_by_the_commit_pip_recorded():
    direct_url = {"url": "https://github.com/o/manabi.git", "vcs_info": {"vcs": "git", "commit_id": SHA}}
    found = requirement("0.2.0.dev0", direct_url, None)
    assert found.line == f"manabi-ssg @ git+https://github.com/o/manabi.git@{SHA}"
    assert "development build" in found.note and SHA[:12] in found.note


def test_a_development_checkout_is_named_by_its_remote_and_head_and_the_unpushed_commit_is_said(tmp_path):
    package = a_checkout(tmp_path, remote="git@github.com:o/manabi.git")
    checkout = _checkout(package.resolve())
    head = git(tmp_path, "rev-parse", "HEAD")
    assert checkout == Checkout(commit=head, remote="git@github.com:o/manabi.git", pushed=False, dirty=False)
    found = requirement("0.2.0.dev0", {"url": tmp_path.as_uri(), "dir_info": {"editable": True}}, checkout)
    assert found.line == f"manabi-ssg @ git+https://github.com/o/manabi.git@{head}"
    assert "push it" in found.note


def test_an_install_inside_some_other_repository_is_not_taken_for_a_checkout(tmp_path):
    a_checkout(tmp_path, remote="https://github.com/o/course.git")
    wheel_install = tmp_path / "venv" / "lib" / "site-packages" / "manabi_ssg"
    wheel_install.mkdir(parents=True)
    assert _checkout(wheel_install.resolve()) is None


def test_credentials_and_local_remotes_never_reach_a_course():
    assert fetchable("https://user:token@github.com/o/r.git") == "https://github.com/o/r.git"
    assert fetchable("ssh://git@github.com/o/r.git") == "https://github.com/o/r.git"
    assert fetchable("/home/me/manabi") == "" and fetchable("file:///home/me/manabi") == ""
    assert fetchable('https://github.com/o/r".git') == ""


def test_a_development_build_with_no_known_source_writes_no_pin_and_says_what_to_fill_in():
    found = requirement("0.2.0.dev0", {"url": "file:///tmp/manabi_ssg-0.2.0.dev0-py3-none-any.whl", "archive_info": {}}, None)
    assert found.line == ""
    assert "MANABI_REQUIREMENT" in found.note and ".pre-commit-config.yaml" in found.note


def test_init_writes_the_requirement_into_the_workflow_the_hook_and_the_readme(tmp_path):
    line = f"manabi-ssg @ git+https://github.com/o/manabi.git@{SHA}"
    init_course(tmp_path / "course", "en", requirement=line)
    workflow = yaml.safe_load((tmp_path / "course/.github/workflows/site.yml").read_text(encoding="utf-8"))
    assert workflow["env"]["MANABI_REQUIREMENT"] == line
    hook = yaml.safe_load((tmp_path / "course/.pre-commit-config.yaml").read_text(encoding="utf-8"))["repos"][0]["hooks"][0]
    assert hook["additional_dependencies"] == [line]
    assert f'pipx install "{line}"' in (tmp_path / "course/README.md").read_text(encoding="utf-8")


def test_the_course_workflow_stops_with_an_annotation_when_no_requirement_was_written(tmp_path):
    init_course(tmp_path / "course", "ja", requirement="")
    workflow = yaml.safe_load((tmp_path / "course/.github/workflows/site.yml").read_text(encoding="utf-8"))
    step = next(s for s in workflow["jobs"]["build"]["steps"] if s.get("name") == "Install manabi")
    env = {"MANABI_REQUIREMENT": workflow["env"]["MANABI_REQUIREMENT"], "MANABI_VERSION": "0.2.0.dev0", "PATH": "/usr/bin:/bin"}
    done = subprocess.run(["bash", "-e", "-c", step["run"]], env=env, capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stdout.startswith("::error file=.github/workflows/site.yml::MANABI_REQUIREMENT is empty")
