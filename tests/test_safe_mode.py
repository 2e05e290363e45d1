"""--safe: a fork's pull request is built with no code of the fork running, and each thing left out is reported."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import write_tree

from manabi_ssg.cli import main, make_parser, settings_from
from manabi_ssg.site.config import load_config
from manabi_ssg.pipeline.engine import Engine

CHAPTER = "---\ntitle: 章\n---\n本文\n"


@pytest.fixture
def course(tmp_path, monkeypatch) -> Path:
    """A site folder whose templates/chapter.html makes a folder ``marker`` beside it when rendered."""
    root = tmp_path / "course"
    marker = tmp_path / "marker"
    write_tree(root, {
        "content/ja/s/a.md": CHAPTER,
        "manabi.toml": 'search = false\n',
        "templates/chapter.html": "{{ lipsum.__globals__['os'].makedirs('%s') }}SITE TEMPLATE\n" % marker.as_posix(),
    })
    monkeypatch.chdir(root)
    return root


def test_without_safe_a_site_template_runs_its_python(course):
    assert main(["build", "-q"]) == 0
    assert (course.parent / "marker").is_dir()
    assert "SITE TEMPLATE" in (course / "_site/ja/s/a.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", [["build", "-q", "--safe"], ["check", "-q", "--safe"]])
def test_safe_never_renders_a_site_template(course, command):
    assert main(command) == 0
    assert not (course.parent / "marker").exists()


def test_safe_build_renders_the_chapter_with_the_themes_template(course):
    assert main(["build", "-q", "--safe"]) == 0
    html = (course / "_site/ja/s/a.html").read_text(encoding="utf-8")
    assert "SITE TEMPLATE" not in html and "本文へ移動" in html  # the theme's skip link, in the theme's Japanese


def test_safe_reports_each_site_template_at_its_path(course, capsys):
    write_tree(course, {"templates/partials/x.html": "x"})
    assert main(["build", "--safe"]) == 0
    err = capsys.readouterr().err
    for name in ("templates/chapter.html", "templates/partials/x.html"):
        assert (f"{name}:1:1: warning: site template not used under --safe (a template can run code): "
                "the theme's templates are used [safe-mode-ignored]") in err.splitlines()


def test_safe_leaves_out_the_sites_messages_and_reports_them(course, capsys):
    write_tree(course, {"messages/ja.toml": 'skip_to_content = "SITE TEXT"\n'})
    (course / "templates/chapter.html").unlink()
    assert main(["build", "--safe"]) == 0
    assert "SITE TEXT" not in (course / "_site/ja/s/a.html").read_text(encoding="utf-8")
    assert ("messages/ja.toml:1:1: warning: site messages not used under --safe: the theme's text is used "
            "[safe-mode-ignored]") in capsys.readouterr().err.splitlines()
    assert main(["build", "-q"]) == 0
    assert "SITE TEXT" in (course / "_site/ja/s/a.html").read_text(encoding="utf-8")


def _image_beside_the_site(course: Path) -> None:
    write_tree(course.parent, {"images-beside/img.png": b"\x89PNG"})
    (course / "content/ja/s/img.png").symlink_to(course.parent / "images-beside/img.png")
    (course / "manabi.toml").write_text('search = false\nallow_links_to = ["../images-beside"]\n')


def test_allow_links_to_publishes_a_linked_file_without_safe(course):
    _image_beside_the_site(course)
    assert main(["build", "-q"]) == 0
    assert (course / "_site/ja/s/img.png").read_bytes() == b"\x89PNG"


def test_safe_ignores_allow_links_to_and_says_where(course, capsys):
    _image_beside_the_site(course)
    assert main(["build", "--safe"]) == 0
    assert not (course / "_site/ja/s/img.png").exists()
    lines = capsys.readouterr().err.splitlines()
    assert ("manabi.toml:2:1: warning: allow_links_to is not used under --safe: a symbolic link out of its folder "
            "is not followed [safe-mode-ignored]") in lines
    assert any(line.startswith("content/ja/s/img.png:1:1: warning: symbolic link to ") and "[symlink-outside]" in line
               for line in lines)


def test_safe_ignores_output_and_cache_folders_from_the_config(course, tmp_path, capsys):
    (course / "manabi.toml").write_text(f'search = false\noutput_dir = "{tmp_path / "elsewhere"}"\ncache_dir = "../cache"\n')
    assert main(["build", "--safe"]) == 0
    assert (course / "_site/ja/s/a.html").is_file() and not (tmp_path / "elsewhere").exists()
    assert not (tmp_path / "cache").exists() and not (course / ".manabi-cache").exists()
    lines = capsys.readouterr().err.splitlines()
    assert (f"manabi.toml:2:1: warning: output_dir = '{tmp_path / 'elsewhere'}' is not used under --safe; '_site' is used "
            "[safe-mode-ignored]") in lines
    assert "manabi.toml:3:1: warning: cache_dir = '../cache' is not used under --safe; '.manabi-cache' is used [safe-mode-ignored]" in lines


def test_safe_keeps_a_content_folder_inside_the_site_and_refuses_one_outside(course, tmp_path, capsys):
    write_tree(tmp_path, {"outside/ja/secret.md": "秘密\n", "course/chapters/ja/b.md": CHAPTER})
    (course / "manabi.toml").write_text('search = false\ncontent_dir = "chapters"\n')
    assert main(["build", "-q", "--safe"]) == 0
    assert (course / "_site/ja/b.html").is_file()
    (course / "manabi.toml").write_text('search = false\ncontent_dir = "../outside"\n')
    capsys.readouterr()
    assert main(["build", "--safe"]) == 0
    assert not (course / "_site/ja/secret.html").exists() and (course / "_site/ja/s/a.html").is_file()
    assert ("manabi.toml:2:1: warning: content_dir = '../outside' leads outside the site folder: not used under --safe; "
            "'content' is used [safe-mode-ignored]") in capsys.readouterr().err.splitlines()


def test_safe_refuses_a_content_folder_that_is_a_link_out_of_the_site(course, tmp_path, capsys):
    write_tree(tmp_path, {"outside/ja/secret.md": "秘密\n"})
    os.rename(course / "content", course / "old")
    (course / "content").symlink_to(tmp_path / "outside")
    assert main(["build", "--safe"]) == 2
    assert "under --safe the content folder must lie inside the site folder" in capsys.readouterr().err
    assert not (course / "_site").exists()


def test_safe_ignores_a_static_folder_that_leads_out_of_the_site(course, tmp_path, capsys):
    write_tree(tmp_path, {"outside/secret.txt": "secret"})
    (course / "static").symlink_to(tmp_path / "outside")
    assert main(["build", "--safe"]) == 0
    assert not (course / "_site/secret.txt").exists()
    assert ("static:1:1: warning: static folder leads to {}, outside the site folder: not used under --safe; "
            "the theme's static files are [safe-mode-ignored]").format(tmp_path / "outside") in capsys.readouterr().err.splitlines()


def test_safe_neither_reads_nor_writes_the_build_cache(course):
    parser = make_parser()
    config, _ = settings_from(parser.parse_args(["build", "--safe"]))
    assert Engine(config).cache.enabled is False
    assert main(["build", "-q", "--safe"]) == 0
    assert not (course / ".manabi-cache").exists()


def test_serve_safe_uses_the_same_safe_settings(course):
    config, problems = settings_from(make_parser().parse_args(["serve", "--safe"]))
    assert config.safe and [d.path for d in problems] == ["templates/chapter.html"]


def test_manabi_toml_cannot_turn_safe_mode_on_or_off(course):
    (course / "manabi.toml").write_text("safe = false\n")
    config, [problem] = load_config(course)
    assert config.safe is False and problem.code == "config-unknown-key"


def test_silence_drops_the_safe_mode_warnings(course, capsys):
    (course / "manabi.toml").write_text('search = false\nsilence = ["safe-mode-ignored"]\n')
    assert main(["build", "--safe", "--strict"]) == 0
    assert "safe-mode-ignored" not in capsys.readouterr().err


def test_check_no_cache_neither_reads_nor_writes_the_build_cache(course):
    (course / "templates/chapter.html").unlink()
    assert main(["check", "-q", "--no-cache"]) == 0
    assert not (course / ".manabi-cache").exists()
    assert main(["check", "-q"]) == 0
    assert (course / ".manabi-cache").is_dir()


def test_manabis_own_checkout_builds_with_its_theme_and_nothing_is_left_out():
    from conftest import REPO

    from manabi_ssg.safe import make_safe

    config, problems = load_config(REPO)
    safe, left_out = make_safe(config)
    assert safe.safe and left_out == []


def test_safe_does_not_read_a_manabi_toml_that_links_out_of_the_site(course, tmp_path, capsys):
    write_tree(tmp_path, {"outside/settings.toml": 'title = "SECRET TITLE"\nsearch = false\n'})
    (course / "manabi.toml").unlink()
    (course / "manabi.toml").symlink_to(tmp_path / "outside/settings.toml")
    config, problems = settings_from(make_parser().parse_args(["check", "--safe"]))
    assert config.title != "SECRET TITLE" and config.config_file is None
    assert problems[0].format() == (f"manabi.toml:1:1: warning: links to {tmp_path / 'outside/settings.toml'}, outside the site "
                                    "folder: not read under --safe; the default settings are used [safe-mode-ignored]")


def test_serve_safe_previews_in_a_folder_of_its_own_outside_the_site_and_removes_it_at_stop(course):
    import http.client

    from manabi_ssg.preview.serve import LiveServer

    (course / "templates/chapter.html").unlink()
    config, _ = settings_from(make_parser().parse_args(["serve", "--safe"]))
    server = LiveServer(config, port=0, report=lambda *a, **k: None)
    server.start()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
        connection.request("GET", "/ja/s/a.html")
        assert connection.getresponse().status == 200
        preview = server.output
        assert (preview / "ja/s/a.html").is_file() and course not in preview.resolve().parents
    finally:
        server.stop()
    assert not preview.exists() and not (course / ".manabi-cache").exists()


def test_safe_build_has_no_text_from_any_key_of_the_sites_messages(course):
    import tomllib

    from manabi_ssg.messages import BUILTIN

    (course / "templates/chapter.html").unlink()
    write_tree(course, {"content/en/s/b.md": "---\ntitle: B\n---\nBody\n"})
    for lang in ("ja", "en"):
        keys = tomllib.loads((BUILTIN / f"{lang}.toml").read_text(encoding="utf-8"))
        lines = [f'"{key}" = "SITEMSG"' for key in keys]
        write_tree(course, {f"messages/{lang}.toml": "\n".join(lines) + "\n"})

    def site_text() -> str:
        return "".join(p.read_text(encoding="utf-8", errors="replace") for p in (course / "_site").rglob("*") if p.is_file())

    assert main(["build", "-q"]) == 0
    assert "SITEMSG" in site_text()
    assert main(["build", "-q", "--safe"]) == 0
    assert "SITEMSG" not in site_text()


def test_safe_build_renders_no_site_template_of_any_name(course):
    from manabi_ssg.site.theme import builtin_dir

    theme = builtin_dir("templates")
    for path in theme.rglob("*.html"):
        write_tree(course, {f"templates/{path.relative_to(theme).as_posix()}": "SITETPL\n"})

    def site_text() -> str:
        return "".join(p.read_text(encoding="utf-8", errors="replace") for p in (course / "_site").rglob("*.html"))

    assert main(["build", "-q"]) == 0
    assert "SITETPL" in site_text()
    assert main(["build", "-q", "--safe"]) == 0
    assert "SITETPL" not in site_text()


def test_safe_never_renders_a_site_template_that_extends_the_theme(course):
    """A block override is site code like a whole template: under --safe the theme's chapter.html is used as it is."""
    marker = course.parent / "marker"
    make_marker = "{{ lipsum.__globals__['os'].makedirs('" + marker.as_posix() + "') }}"
    write_tree(course, {"templates/chapter.html": '{% extends "theme/chapter.html" %}\n'
                        "{% block chapter_body %}" + make_marker + "SITE BLOCK{% endblock %}\n"})
    assert main(["build", "-q", "--safe"]) == 0
    html = (course / "_site/ja/s/a.html").read_text(encoding="utf-8")
    assert not marker.exists() and "SITE BLOCK" not in html and "<p>本文</p>" in html
    assert main(["build", "-q", "--force"]) == 0  # without --safe the same override is used, so the test above means something
    assert marker.is_dir() and "SITE BLOCK" in (course / "_site/ja/s/a.html").read_text(encoding="utf-8")
