"""The packaging test: the sdist and wheel as a course author gets them.

``python -m build`` makes the sdist and then the wheel from the sdist (so both
are exercised), the wheel goes into a fresh venv in an empty folder with no
project files around it, and ``manabi init`` / ``build`` / ``serve`` run from
there as an author would run them.  A second venv gets the wheel without
pagefind and watchfiles, to check that their absence is named, not an
internal error.  pip reaches the package index (and the local wheel caches)
as configured on the machine; nothing is skipped.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import threading
import urllib.request
import zipfile
from pathlib import Path

import pytest
from conftest import REPO, StaticServer

from manabi_ssg import __version__
from manabi_ssg.authoring.install_source import is_release

pytestmark = pytest.mark.packaging

SAMPLE = "ja/data-analysis-basics/chapter1-mean-and-spread"
WITHOUT = ("pagefind", "watchfiles")  # the two dependencies whose absence must be named


def run(command: list[str], cwd: Path, env: dict, timeout: float = 600, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    if check and done.returncode != 0:
        raise AssertionError(f"{command} exited {done.returncode}\n{done.stdout}\n{done.stderr}")
    return done


def clean_env(venv: Path | None = None) -> dict:
    """The machine's environment without this checkout: no PYTHONPATH, no active venv."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME", "MANABI_DEBUG")}
    env["PATH"] = os.pathsep.join(([str(venv / "bin")] if venv else []) + ["/usr/local/bin", "/usr/bin", "/bin"])
    env["LANG"] = "C.UTF-8"
    return env


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    run([sys.executable, "-m", "build", "--outdir", str(out), str(REPO)], cwd=out, env=clean_env())
    return out


def _wheel(dist: Path) -> Path:
    (wheel,) = dist.glob("manabi_ssg-*.whl")
    return wheel


def _venv(where: Path) -> Path:
    # without pip of its own: this pip installs into it (`pip --python`), which saves bootstrapping one per venv
    run([sys.executable, "-m", "venv", "--without-pip", str(where)], cwd=where.parent, env=clean_env())
    return where


def pip(venv: Path, *args: str) -> subprocess.CompletedProcess:
    return run([sys.executable, "-m", "pip", "--python", str(venv / "bin/python"), *args], cwd=venv.parent, env=clean_env(venv))


@pytest.fixture(scope="module")
def installed(dist, tmp_path_factory) -> Path:
    """A fresh venv holding the wheel and its dependencies, as `pip install manabi-ssg` gives."""
    venv = _venv(tmp_path_factory.mktemp("fresh") / "venv")
    pip(venv, "install", "-q", str(_wheel(dist)))
    return venv


@pytest.fixture(scope="module")
def course(installed, tmp_path_factory) -> Path:
    """`manabi init course && cd course && manabi build`, from an empty folder."""
    folder = tmp_path_factory.mktemp("author")
    env = clean_env(installed)
    done = run(["manabi", "init", "course", "--lang", "ja"], cwd=folder, env=env)
    (folder / "init-stderr.txt").write_text(done.stderr, encoding="utf-8")
    run(["manabi", "build"], cwd=folder / "course", env=env)
    return folder / "course"


def test_init_from_a_development_wheel_writes_no_pin_that_cannot_resolve_and_says_so(course):
    import yaml

    workflow = yaml.safe_load((course / ".github/workflows/site.yml").read_text(encoding="utf-8"))
    if is_release(__version__):  # a release's wheel pins itself: that version is on PyPI
        assert workflow["env"]["MANABI_REQUIREMENT"] == f"manabi-ssg=={__version__}"
        return
    # a wheel built here and installed from a file: nothing says where CI could fetch this code
    assert workflow["env"]["MANABI_REQUIREMENT"] == ""
    said = (course.parent / "init-stderr.txt").read_text(encoding="utf-8")
    assert f"manabi: warning: manabi {__version__} is a development build, not on PyPI" in said


def test_wheel_and_sdist_carry_the_theme_and_the_course_template(dist):
    names = set(zipfile.ZipFile(_wheel(dist)).namelist())
    for name in ("manabi_ssg/theme/templates/base.html", "manabi_ssg/theme/static/assets/search.js",
                 "manabi_ssg/messages/ja.toml", "manabi_ssg/markdown/media/queries/python.scm", "manabi_ssg/preview/reload.js",
                 "manabi_ssg/vendor/mermaid.min.js.gz", "manabi_ssg/vendor/mermaid.toml", "manabi_ssg/iso639-1.tsv",
                 "manabi_ssg/authoring/course_template/common/dot-github/workflows/site.yml",
                 "manabi_ssg/authoring/course_template/common/dot-pre-commit-config.yaml",
                 f"manabi_ssg/authoring/course_template/ja/content/{SAMPLE}.md",
                 "manabi_ssg/authoring/course_template/en/content/en/data-analysis-basics/chapter1-mean-and-spread.md"):
        assert name in names, name
    metadata = zipfile.ZipFile(_wheel(dist)).read(f"manabi_ssg-{__version__}.dist-info/METADATA").decode()
    assert "Name: manabi-ssg" in metadata
    for requirement in ("pagefind[extended]", "watchfiles"):
        assert any(line.startswith(f"Requires-Dist: {requirement}") for line in metadata.splitlines()), requirement
    (sdist,) = dist.glob("manabi_ssg-*.tar.gz")
    members = {name.split("/", 1)[1] for name in tarfile.open(sdist).getnames() if "/" in name}
    assert {"pyproject.toml", "templates/base.html", f"src/manabi_ssg/authoring/course_template/ja/content/{SAMPLE}.md"} <= members


def test_the_installed_command_runs_from_the_venv_not_from_this_checkout(installed, course):
    done = run([str(installed / "bin/python"), "-c", "import manabi_ssg; print(manabi_ssg.__file__)"], cwd=course, env=clean_env(installed))
    location = Path(done.stdout.strip())
    assert installed in location.parents and REPO not in location.parents
    assert run(["manabi", "--version"], cwd=course, env=clean_env(installed)).stdout.strip() == f"manabi {__version__}"


def test_a_new_course_builds_with_a_search_index_and_a_wired_search_box(course):
    site = course / "_site"
    bundles = json.loads((site / "pagefind/bundles.json").read_text(encoding="utf-8"))
    assert bundles["ja"], bundles
    bundle = site / "pagefind" / bundles["ja"][0]
    assert (bundle / "pagefind.js").is_file()
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    # the installed icu4py split the Japanese into words, so Pagefind was told to split at spaces only
    assert list(entry["languages"]) == ["und"] and entry["languages"]["und"]["page_count"] >= 1
    html = (site / f"{SAMPLE}.html").read_text(encoding="utf-8")
    assert 'data-pagefind="../../pagefind/bundles.json"' in html
    assert '<script src="../../assets/search.js" defer></script>' in html
    assert (site / "assets/search.js").is_file() and (site / "search.html").is_file()


def test_the_new_course_workflow_commands_pass(course, installed):
    """The `run:` steps after the install step of the course's own workflow, as CI runs them."""
    import yaml

    workflow = yaml.safe_load((course / ".github/workflows/site.yml").read_text(encoding="utf-8"))
    commands = [step["run"] for step in workflow["jobs"]["build"]["steps"] if "run" in step and "pip install" not in step["run"]]
    assert commands == ["manabi check --format github", "manabi build --strict"]
    for command in commands:
        done = run(command.split(), cwd=course, env=clean_env(installed))
        assert "::error" not in done.stdout and "::warning" not in done.stdout, done.stdout


@pytest.mark.browser
def test_the_search_box_of_a_new_course_finds_the_sample_chapter(course, page):
    server = StaticServer(course / "_site", prefix="/course")
    try:
        # the sample's diagram would load Mermaid from its CDN: no requests leave this machine
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1") else route.abort())
        page.goto(server.url + "ja/data-analysis-basics/index.html")
        page.locator(".site-header .search-input").fill("標準偏差")
        page.wait_for_function("() => document.querySelectorAll('.site-header .search-result').length > 0", timeout=20000)
        first = page.locator(".site-header .search-result a").first
        # a result opens the section that matched, with the words to mark
        assert first.get_attribute("href").split("?")[0] == f"/course/{SAMPLE}.html"
        assert first.text_content() == "第1章：平均とばらつき"
    finally:
        server.close()


def test_serve_works_right_after_a_plain_install(installed, course):
    process = subprocess.Popen(["manabi", "serve", "--port", "0"], cwd=course, env=clean_env(installed),
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, stdin=subprocess.DEVNULL)
    lines: list[str] = []
    serving = threading.Event()

    def read() -> None:
        for line in process.stdout:
            lines.append(line)
            if "serving http" in line:
                serving.set()

    threading.Thread(target=read, daemon=True).start()
    try:
        assert serving.wait(120), "".join(lines)
        url = next(line for line in lines if "serving http" in line).split()[2]
        with urllib.request.urlopen(url + f"{SAMPLE}.html", timeout=30) as response:
            html = response.read().decode("utf-8")
        assert response.status == 200
        assert "第1章：平均とばらつき" in html and 'class="search-box"' in html
    finally:
        process.terminate()
        process.wait(30)
    assert not any("internal error" in line or "Traceback" in line for line in lines), "".join(lines)


@pytest.fixture(scope="module")
def bare(dist, tmp_path_factory) -> Path:
    """The wheel with every dependency but pagefind and watchfiles: an install that lost them."""
    venv = _venv(tmp_path_factory.mktemp("bare") / "venv")
    wheel = _wheel(dist)
    metadata = zipfile.ZipFile(wheel).read(f"manabi_ssg-{__version__}.dist-info/METADATA").decode()
    requirements = [line.split(": ", 1)[1] for line in metadata.splitlines()
                    if line.startswith("Requires-Dist: ") and "extra ==" not in line and not line.split(": ", 1)[1].startswith(WITHOUT)]
    pip(venv, "install", "-q", "--no-deps", str(wheel))
    pip(venv, "install", "-q", *requirements)
    listed = pip(venv, "list", "--format", "json").stdout
    assert not {p["name"].lower() for p in json.loads(listed)} & {"pagefind", "pagefind-bin-extended", "watchfiles"}
    return venv


def test_without_watchfiles_serve_names_the_package_to_install(bare, tmp_path):
    env = clean_env(bare)
    run(["manabi", "init", "course", "--lang", "en"], cwd=tmp_path, env=env)
    done = run(["manabi", "serve", "--port", "0"], cwd=tmp_path / "course", env=env, check=False, timeout=120)
    assert done.returncode == 2
    assert "pip install watchfiles" in done.stderr and "internal error" not in done.stderr


def test_without_pagefind_build_warns_and_names_the_package_and_search_false_is_silent(bare, tmp_path):
    env = clean_env(bare)
    run(["manabi", "init", "course", "--lang", "en"], cwd=tmp_path, env=env)
    course = tmp_path / "course"
    done = run(["manabi", "build"], cwd=course, env=env)
    assert "[search-unavailable]" in done.stderr and "pip install 'pagefind[extended]'" in done.stderr
    assert not (course / "_site/pagefind").exists()
    assert 'class="search-box"' not in (course / "_site/index.html").read_text(encoding="utf-8")

    config = course / "manabi.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("search = true", "search = false"), encoding="utf-8")
    done = run(["manabi", "build", "--strict"], cwd=course, env=env)
    assert "search" not in done.stderr
