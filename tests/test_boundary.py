"""Nothing outside the site's folders is read or published, whatever a symbolic link says."""

import os
import subprocess
import sys
import threading
import uuid

from conftest import REPO, Site

GOOD = {"ja/s/good.md": "---\ntitle: 良い章\n---\n本文\n"}


def published(site: Site) -> bytes:
    """Every byte of the built site, to search for what must not be there."""
    return b"".join(p.read_bytes() for p in sorted(site.output.rglob("*")) if p.is_file())


def warnings_at(result, path: str) -> list:
    return [d for d in result.diagnostics if d.path == path and d.level == "warning" and (d.line, d.col) == (1, 1)]


def test_link_to_a_file_outside_is_not_followed(site: Site, tmp_path):
    secret = tmp_path / "outside" / "secret.md"
    secret.parent.mkdir()
    secret.write_text("# 秘密 OUTSIDE-FILE-MARKER\n", encoding="utf-8")
    site.write(GOOD)
    (site.content / "ja/s/leak.md").symlink_to(secret)
    (site.content / "ja/s/leak.txt").symlink_to(secret)
    result = site.build()
    for path in ("ja/s/leak.md", "ja/s/leak.txt"):
        [warning] = warnings_at(result, path)
        assert warning.code == "symlink-outside" and str(secret) in warning.message
    assert not (site.output / "ja/s/leak.html").exists() and not (site.output / "ja/s/leak.txt").exists()
    assert b"OUTSIDE-FILE-MARKER" not in published(site)
    assert (site.output / "ja/s/good.html").exists()


def test_link_to_a_folder_outside_is_not_followed(site: Site, tmp_path):
    outside = tmp_path / "outside"
    (outside / "sub").mkdir(parents=True)
    (outside / "page.md").write_text("# FOLDER-MARKER page\n", encoding="utf-8")
    (outside / "sub" / "data.txt").write_text("FOLDER-MARKER data\n", encoding="utf-8")
    site.write(GOOD)
    (site.content / "ja/etc").symlink_to(outside, target_is_directory=True)
    result = site.build()
    [warning] = warnings_at(result, "ja/etc")
    assert warning.code == "symlink-outside"
    assert not (site.output / "ja/etc").exists()
    assert b"FOLDER-MARKER" not in published(site)


def test_link_to_proc_self_environ_publishes_no_environment(site: Site):
    """The build runs in its own process, so /proc/self/environ holds the marker it was started with."""
    marker = f"MANABI-ENV-MARKER-{uuid.uuid4().hex}"
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "MANABI_TEST_SECRET": marker}
    # the premise: a process started with this environment shows the marker in its /proc/self/environ
    shown = subprocess.run([sys.executable, "-c", "import sys; sys.stdout.buffer.write(open('/proc/self/environ', 'rb').read())"],
                           env=env, capture_output=True, check=True).stdout
    assert marker.encode() in shown
    (site.root / "manabi.toml").parent.mkdir(parents=True, exist_ok=True)
    (site.root / "manabi.toml").write_text("search = false\n", encoding="utf-8")
    site.write(GOOD)
    (site.content / "ja/s/environ.md").symlink_to("/proc/self/environ")
    (site.content / "ja/s/environ.txt").symlink_to("/proc/self/environ")
    (site.content / "ja/proc").symlink_to("/proc/self", target_is_directory=True)
    run = subprocess.run([sys.executable, "-m", "manabi_ssg", "build"], cwd=site.root, env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    for path in ("ja/s/environ.md", "ja/s/environ.txt", "ja/proc"):
        assert f"content/{path}:1:1: warning: symbolic link to the system file" in run.stderr
    assert marker.encode() not in published(site)
    assert marker not in run.stdout + run.stderr
    assert (site.output / "ja/s/good.html").exists()


def test_links_inside_the_tree_still_work(site: Site):
    site.write({**GOOD, "ja/images/figure.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>"})
    (site.content / "ja/s/alias.md").symlink_to("good.md")
    (site.content / "ja/s/figures").symlink_to("../images", target_is_directory=True)
    result = site.build()
    assert not [d for d in result.diagnostics if d.code in ("symlink-outside", "special-file")]
    assert "本文" in site.html("ja/s/alias.html")
    assert (site.output / "ja/s/figures/figure.svg").read_bytes() == (site.content / "ja/images/figure.svg").read_bytes()


def test_allow_links_to_lets_a_site_link_out_by_path(site: Site):
    shared = site.root / "shared-images"
    shared.mkdir(parents=True)
    (shared / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'>SHARED</svg>", encoding="utf-8")
    site.write(GOOD)
    (site.content / "ja/s/images").symlink_to(shared, target_is_directory=True)
    (site.root / "manabi.toml").write_text('search = false\nallow_links_to = ["shared-images"]\n', encoding="utf-8")
    from manabi_ssg.site.config import load_config

    config, problems = load_config(site.root)
    assert problems == [] and config.allow_links_to == ("shared-images",)
    site.config = config
    result = site.build()
    assert not [d for d in result.diagnostics if d.code == "symlink-outside"]
    assert b"SHARED" in (site.output / "ja/s/images/logo.svg").read_bytes()


def test_fifo_in_content_neither_hangs_nor_is_published(site: Site):
    site.write(GOOD)
    os.mkfifo(site.content / "ja/s/pipe.md")
    os.mkfifo(site.content / "ja/s/pipe.txt")
    outcome = {}
    builder = threading.Thread(target=lambda: outcome.update(result=site.build()), daemon=True)
    builder.start()
    builder.join(timeout=60)
    assert not builder.is_alive(), "the build hangs on a FIFO"
    result = outcome["result"]
    for path in ("ja/s/pipe.md", "ja/s/pipe.txt"):
        [warning] = warnings_at(result, path)
        assert warning.code == "special-file"
    assert not (site.output / "ja/s/pipe.html").exists() and not (site.output / "ja/s/pipe.txt").exists()
    assert (site.output / "ja/s/good.html").exists()


def test_static_override_linking_out_is_not_published(site: Site, tmp_path):
    secret = tmp_path / "secret.css"
    secret.write_text("/* STATIC-MARKER */", encoding="utf-8")
    site.write(GOOD)
    (site.root / "static/assets").mkdir(parents=True)
    (site.root / "static/assets/manabi.css").symlink_to(secret)
    (site.root / "static/extra.css").symlink_to(secret)
    result = site.build()
    for name in ("static/assets/manabi.css", "static/extra.css"):
        [warning] = warnings_at(result, str(site.root.resolve() / name))
        assert warning.code == "symlink-outside"
    assert b"STATIC-MARKER" not in published(site)
    theme_css = (REPO / "static/assets/manabi.css").read_bytes()
    assert (site.output / "assets/manabi.css").read_bytes() == theme_css  # the theme's file instead
    assert not (site.output / "extra.css").exists()


def test_template_override_linking_out_is_not_used(site: Site, tmp_path):
    secret = tmp_path / "base.html"
    secret.write_text("<html>TEMPLATE-MARKER {{ page.title }}</html>", encoding="utf-8")
    site.write(GOOD)
    (site.root / "templates/partials").mkdir(parents=True)
    (site.root / "templates/base.html").symlink_to(secret)
    (site.root / "templates/partials/more").symlink_to(tmp_path, target_is_directory=True)
    result = site.build()
    for name in ("templates/base.html", "templates/partials/more"):
        [warning] = warnings_at(result, str(site.root.resolve() / name))
        assert warning.code == "symlink-outside"
    assert b"TEMPLATE-MARKER" not in published(site)
    assert site.tree("ja/s/good.html").find("h1").text() == "良い章"  # built with the theme's base.html


def test_template_override_inside_the_site_is_used(site: Site):
    site.write(GOOD)
    (site.root / "templates").mkdir(parents=True)
    (site.root / "templates/own-footer.html").write_text("<footer>OWN-FOOTER</footer>", encoding="utf-8")
    theme_base = (REPO / "templates/base.html").read_text(encoding="utf-8")
    (site.root / "templates/base.html").write_text(theme_base.replace("</body>", '{% include "own-footer-link.html" %}</body>'), encoding="utf-8")
    (site.root / "templates/own-footer-link.html").symlink_to("own-footer.html")
    result = site.build()
    assert not [d for d in result.diagnostics if d.code == "symlink-outside"]
    assert "OWN-FOOTER" in site.html("ja/s/good.html")
