"""Which folder is the site: one rule for --config and --content (config.find_site)."""

from pathlib import Path

import pytest

from conftest import write_tree

from manabi_ssg.cli import main

CHAPTER = "---\ntitle: 章\n---\n本文\n"


def title_of(output: Path) -> str:
    html = (output / "ja/s/chapter-1.html").read_text(encoding="utf-8")
    return html.split("<title>", 1)[1].split("</title>", 1)[0]


@pytest.fixture
def course(tmp_path, monkeypatch):
    """``course/`` holds content, a config and a template override; the command runs from ``elsewhere/``."""
    write_tree(tmp_path, {
        "course/content/ja/s/chapter-1.md": CHAPTER,
        "course/manabi.toml": 'title = "Beside"\nsearch = false\n',
        "course/templates/partials/site_footer.html": '<footer class="site-footer">course footer</footer>\n',
        "elsewhere/manabi.toml": 'title = "Working folder"\nsearch = false\n',
    })
    monkeypatch.chdir(tmp_path / "elsewhere")
    return tmp_path


def test_config_option_reads_that_file_whatever_its_name(course, capsys):
    write_tree(course, {"course/other.toml": 'title = "Other"\nsearch = false\n'})
    assert main(["build", "-q", "--config", "../course/other.toml"]) == 0
    output = course / "course/_site"  # the site folder is the config file's folder
    assert title_of(output).endswith("Other")
    assert "course footer" in (output / "ja/s/chapter-1.html").read_text(encoding="utf-8")
    assert not (course / "elsewhere/_site").exists()


def test_missing_config_file_is_a_usage_error(course, capsys):
    assert main(["build", "--config", "../course/missing.toml"]) == 2
    assert "config file ../course/missing.toml does not exist" in capsys.readouterr().err
    assert not (course / "course/_site").exists() and not (course / "elsewhere/_site").exists()


def test_config_option_naming_a_folder_is_a_usage_error(course, capsys):
    assert main(["check", "--config", "../course"]) == 2
    assert "config file ../course does not exist" in capsys.readouterr().err


def test_content_option_picks_up_the_site_folder_beside_it(course):
    assert main(["build", "-q", "--content", "../course/content"]) == 0
    output = course / "course/_site"
    assert title_of(output).endswith("Beside")
    assert "course footer" in (output / "ja/s/chapter-1.html").read_text(encoding="utf-8")
    assert not (course / "elsewhere/_site").exists()


def test_content_beside_only_templates_is_a_site_folder_too(course):
    (course / "course/manabi.toml").unlink()
    assert main(["build", "-q", "--content", "../course/content"]) == 0
    output = course / "course/_site"
    assert "course footer" in (output / "ja/s/chapter-1.html").read_text(encoding="utf-8")
    assert title_of(output).endswith("manabi")  # no config there: the defaults, not the working folder's


def test_content_beside_nothing_uses_the_working_folder(course):
    write_tree(course, {"bare/content/ja/s/chapter-1.md": CHAPTER})
    assert main(["build", "-q", "--content", "../bare/content"]) == 0
    output = course / "elsewhere/_site"
    assert title_of(output).endswith("Working folder")
    assert "course footer" not in (output / "ja/s/chapter-1.html").read_text(encoding="utf-8")
    assert not (course / "bare/_site").exists()


def test_no_options_use_the_working_folder(course, monkeypatch):
    monkeypatch.chdir(course / "course")
    assert main(["build", "-q"]) == 0
    assert title_of(course / "course/_site").endswith("Beside")


def test_config_and_content_together(course):
    write_tree(course, {"bare/content/ja/s/chapter-1.md": CHAPTER})
    assert main(["build", "-q", "--config", "../course/manabi.toml", "--content", "../bare/content"]) == 0
    output = course / "course/_site"
    assert title_of(output).endswith("Beside")
    assert not (course / "bare/_site").exists()
