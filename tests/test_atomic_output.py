"""Nothing lost: an interrupted build leaves the previous site whole; output is reproducible."""

import os
import signal
import subprocess
import sys
import time
from dataclasses import replace

import pytest

from conftest import REPO, Site

from manabi_ssg.site.config import Config
from manabi_ssg.pipeline.engine import Engine


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def chapters(marker: str, n: int = 150) -> dict[str, str]:
    body = "## 節\n\n" + "本文です。" * 200 + "\n\n```python\nx = 1\n```\n\n$E = mc^2$\n"
    return {f"ja/s{i % 10}/chapter-{i}.md": f"---\ntitle: {marker} {i}\n---\n{body}" for i in range(n)}


def run_build(root, **kwargs):
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    return subprocess.Popen([sys.executable, "-m", "manabi_ssg", "build", "-q", "--no-cache"], cwd=root, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kwargs)


def _pages_written(staging) -> int:
    return sum(1 for _ in staging.rglob("chapter-*.html")) if staging.exists() else 0


def test_killed_build_leaves_the_previous_site_complete(site: Site):
    """SIGKILL at several points of writing the new site: the old site stays whole every time."""
    (site.root / "manabi.toml").write_text("search = false\n")  # pages only: the search index has its own tests
    site.write(chapters("v0", 300))
    assert run_build(site.root).wait(timeout=120) == 0
    for attempt, written in enumerate((1, 100, 250), start=1):
        before = snapshot(site.output)
        site.write(chapters(f"v{attempt}", 300))
        process = run_build(site.root)
        staging = site.root / f"._site.building-{process.pid}"
        deadline = time.monotonic() + 120
        while _pages_written(staging) < written:  # wait for the event: this many new pages are on disk
            assert process.poll() is None and time.monotonic() < deadline, "the build ended before it was killed"
            time.sleep(0.001)
        process.send_signal(signal.SIGSTOP)  # frozen mid-write, so the kill lands before the swap
        assert staging.exists(), "the build swapped its site in before it could be killed"
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        assert process.returncode == -signal.SIGKILL
        assert snapshot(site.output) == before, f"killed after {written} pages: the old site changed"
    # the next build cleans up the dead builds' staging folders and publishes the new site
    assert run_build(site.root).wait(timeout=120) == 0
    assert "v3 1" in (site.output / "ja/s1/chapter-1.html").read_text()
    assert not [p for p in site.root.iterdir() if p.name.startswith("._site.")]


def test_interrupt_keeps_previous_site(site: Site):
    """Ctrl-C while the new site is being written: the old site stays, whole, and the half-written one goes."""
    (site.root / "manabi.toml").write_text("search = false\n")
    site.write(chapters("old", 150))
    assert run_build(site.root).wait(timeout=120) == 0
    old = snapshot(site.output)
    site.write(chapters("new", 150))
    process = run_build(site.root)
    staging = site.root / f"._site.building-{process.pid}"
    deadline = time.monotonic() + 120
    while not (staging / "ja").exists():  # wait for the event: pages are being written into the new site
        assert process.poll() is None and time.monotonic() < deadline, "the build never started writing"
        time.sleep(0.001)
    process.send_signal(signal.SIGSTOP)  # frozen mid-write, so the signal below lands before the swap
    try:
        assert staging.exists(), "the build swapped its site in before it could be interrupted"
        process.send_signal(signal.SIGINT)
    finally:
        process.send_signal(signal.SIGCONT)
    assert process.wait(timeout=60) == 130
    assert snapshot(site.output) == old
    assert not [p for p in site.root.iterdir() if p.name.startswith("._site.")]  # Ctrl-C tidies up


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # the swallowed Ctrl-C, on purpose
def test_interrupt_swallowed_by_a_finalizer_still_keeps_previous_site(site: Site, monkeypatch):
    """Ctrl-C that lands in a ``__del__`` (CPython prints it and goes on) still stops the swap."""
    import manabi_ssg.pipeline.engine as engine

    site.write(chapters("old", 3))
    site.build()
    old = snapshot(site.output)
    site.write(chapters("new", 3))

    class InterruptedWhileFinalized:
        def __del__(self):
            os.kill(os.getpid(), signal.SIGINT)

    original = engine._write_files

    def write_files_after_an_interrupt(*args, **kwargs):
        InterruptedWhileFinalized()  # dropped at once: its __del__ gets the KeyboardInterrupt, and CPython ignores it
        return original(*args, **kwargs)

    monkeypatch.setattr(engine, "_write_files", write_files_after_an_interrupt)
    with pytest.raises(KeyboardInterrupt):
        site.build()
    assert snapshot(site.output) == old
    assert not [p for p in site.root.iterdir() if p.name.startswith("._site.")]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # the build gave Ctrl-C back


def test_two_builds_are_byte_identical(tmp_path):
    root = tmp_path / "a"
    config = replace(Config(root=REPO), output_dir=str(root), cache_dir=str(tmp_path / "cache-a"))
    Engine(config, workers=2).build()
    other = tmp_path / "b"
    config_b = replace(Config(root=REPO), output_dir=str(other), cache_dir=str(tmp_path / "cache-b"))
    Engine(config_b, workers=1).build()
    first, second = snapshot(root), snapshot(other)
    assert first.keys() == second.keys()
    different = [name for name in first if first[name] != second[name]]
    assert different == []
    leaked = [name for name, data in first.items() if str(REPO).encode() in data or str(tmp_path).encode() in data]
    assert leaked == []


@pytest.mark.parametrize("rel", ["../escaped.html", "/tmp/escaped.html", "a/../../escaped.html", "..", "."])
def test_staged_output_refuses_a_path_outside_its_folder(tmp_path, rel):
    from manabi_ssg.pipeline.write import OutputError, StagedOutput

    staged = StagedOutput(tmp_path / "_site")
    with pytest.raises(OutputError, match="outside the output folder"):
        staged.write_bytes(rel, b"x")
    staged.discard()
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_staged_output_writes_a_path_with_dots_inside_its_folder(tmp_path):
    from manabi_ssg.pipeline.write import StagedOutput

    staged = StagedOutput(tmp_path / "_site")
    staged.write_bytes("en/./a/../b/page.html", b"x")
    staged.commit()
    assert (tmp_path / "_site" / "en" / "b" / "page.html").read_bytes() == b"x"
