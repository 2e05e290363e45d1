"""A build killed between the swap's two renames: the next build puts the previous site back.

The swap is two renames (output -> .NAME.old-PID, staging -> output).  A
process stopped between them (``MANABI_TEST_STOP_AT=between-renames`` stops it
there with SIGSTOP; the test waits for that, then kills it) leaves no output
folder.  The next build, even one that fails, must first put the previous
site back, so that "the previous one was left as it was" is true.
"""

import os
import signal
import subprocess
import sys

from conftest import REPO


# a system without an atomic exchange of two folders (macOS, Windows, some file systems): mocked, since Linux has one
WITHOUT_EXCHANGE = "import sys, manabi_ssg.pipeline.write as w; w.exchange = lambda a, b: False; from manabi_ssg.cli import main; sys.exit(main())"


def manabi(site, *args, env=None, exchange=True):
    environment = {**os.environ, "PYTHONPATH": str(REPO / "src"), **(env or {})}
    start = ["-m", "manabi_ssg"] if exchange else ["-c", WITHOUT_EXCHANGE]
    return subprocess.Popen([sys.executable, *start, "build", "-q", "--no-cache", *args], cwd=site.root, env=environment,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def files(folder) -> dict[str, bytes]:
    return {os.path.relpath(os.path.join(d, f), folder): open(os.path.join(d, f), "rb").read()
            for d, _, names in os.walk(folder) for f in names}


def test_a_build_killed_between_the_renames_is_recovered_by_the_next_one_even_a_failing_one(site):
    site.write({"ja/s/chapter-1.md": "---\ntitle: 第1版\n---\n本文\n"})
    first = manabi(site)
    assert first.wait() == 0, first.stderr.read()
    previous = files(site.output)

    site.write({"ja/s/chapter-1.md": "---\ntitle: 第2版\n---\n本文\n", "ja/s/chapter-2.md": "# 新しい章\n"})
    killed = manabi(site, env={"MANABI_TEST_STOP_AT": "between-renames"}, exchange=False)
    _, status = os.waitpid(killed.pid, os.WUNTRACED)  # returns when the build stops itself between the renames
    assert os.WIFSTOPPED(status)
    assert not site.output.exists()  # the moment the swap is not atomic
    killed.send_signal(signal.SIGKILL)
    killed.communicate()

    (site.root / "templates").mkdir()
    (site.root / "templates" / "chapter.html").write_text("{% if %}\n", encoding="utf-8")
    failing = manabi(site, exchange=False)
    _, err = failing.communicate()
    assert failing.returncode == 1, err
    assert "the previous one was left as it was" in err
    assert files(site.output) == previous
    assert [name for name in os.listdir(site.root) if name.startswith("._site.")] == []

    (site.root / "templates" / "chapter.html").unlink()
    fixed = manabi(site, exchange=False)
    _, err = fixed.communicate()
    assert fixed.returncode == 0, err
    assert "第2版" in site.html("ja/s/chapter-1.html") and (site.output / "ja/s/chapter-2.html").exists()


def test_on_linux_the_swap_is_one_exchange_and_the_output_is_never_missing(site):
    if not sys.platform.startswith("linux"):
        import pytest

        pytest.skip("the atomic exchange is Linux's renameat2")
    site.write({"ja/s/chapter-1.md": "---\ntitle: 第1版\n---\n本文\n"})
    assert manabi(site).wait() == 0
    site.write({"ja/s/chapter-1.md": "---\ntitle: 第2版\n---\n本文\n"})
    killed = manabi(site, env={"MANABI_TEST_STOP_AT": "after-exchange"})
    _, status = os.waitpid(killed.pid, os.WUNTRACED)  # stopped right after the swap, before the old site is removed
    assert os.WIFSTOPPED(status)
    assert "第2版" in site.html("ja/s/chapter-1.html")  # the new site, whole, in one step
    killed.send_signal(signal.SIGKILL)
    killed.communicate()
    again = manabi(site)
    _, err = again.communicate()
    assert again.returncode == 0, err
    assert [name for name in os.listdir(site.root) if name.startswith("._site.")] == []  # the old site, left behind, is gone
