"""manabi serve: live rebuilds over HTTP, safety of the file server, and a real browser reload."""

import http.client
import json
import socket
import threading
import time

import pytest
from conftest import Site

from manabi_ssg.serve import LiveServer, safe_path

CHAPTER = "---\ntitle: 第1章\n---\n## 見出し\n\n最初の本文\n"


@pytest.fixture
def live(site: Site):
    site.write({"ja/s/chapter-1.md": CHAPTER, "ja/s/chapter-2.md": "# Two\n"})
    messages = []
    server = LiveServer(site.config, port=0, report=lambda *a, **k: messages.append(a))
    server.start()
    watcher = threading.Thread(target=server.watch, daemon=True)
    watcher.start()
    time.sleep(0.3)  # let the watcher register its folders
    yield server
    server.stop()
    watcher.join(timeout=5)


def get(server: LiveServer, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    connection.request("GET", path)
    response = connection.getresponse()
    return response.status, response.read()


def wait_for(predicate, timeout=10.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("condition not met in time")


def test_serves_pages_with_reload_script_only_in_serve_mode(live, site):
    status, body = get(live, "/ja/s/chapter-1.html")
    assert status == 200 and "/__manabi__/reload.js" in body.decode()
    site.build()
    assert "__manabi__" not in site.html("ja/s/chapter-1.html")
    assert get(live, "/__manabi__/reload.js")[0] == 200


@pytest.mark.parametrize("path", ["/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/ja/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc/passwd", "/%00"])
def test_no_path_leaves_the_output_folder(live, path):
    status, body = get(live, path)
    assert status == 404 and b"root:" not in body


def test_symlink_escape_is_refused(tmp_path):
    root = tmp_path / "out"
    root.mkdir()
    (tmp_path / "secret.txt").write_text("secret")
    (root / "link.txt").symlink_to(tmp_path / "secret.txt")
    assert safe_path(root, "/link.txt") is None
    (root / "ok.html").write_text("ok")
    assert safe_path(root, "/ok.html") == root / "ok.html"


def test_save_rebuilds_and_broken_save_keeps_last_good_page(live, site):
    path = site.content / "ja/s/chapter-1.md"
    path.write_text(CHAPTER.replace("最初の本文", "二番目の本文"), encoding="utf-8")
    wait_for(lambda: "二番目の本文" in get(live, "/ja/s/chapter-1.html")[1].decode())
    path.write_text("---\ntitle: [broken\n---\n壊れた本文\n", encoding="utf-8")
    wait_for(lambda: "ja/s/chapter-1.html" in live.broadcaster.last["problems"])
    problem = live.broadcaster.last["problems"]["ja/s/chapter-1.html"][0]
    assert problem["line"] == 2 and problem["level"] == "error"
    body = get(live, "/ja/s/chapter-1.html")[1].decode()
    assert "二番目の本文" in body and "壊れた本文" not in body  # the last good version stays
    path.write_text(CHAPTER.replace("最初の本文", "直した本文"), encoding="utf-8")
    wait_for(lambda: "直した本文" in get(live, "/ja/s/chapter-1.html")[1].decode())
    assert live.broadcaster.last["problems"] == {}


def test_many_concurrent_requests(live):
    results = []

    def fetch():
        results.append(get(live, "/ja/s/chapter-1.html")[0])

    threads = [threading.Thread(target=fetch) for _ in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [200] * 40


def test_busy_port_gives_a_clear_message(site: Site, capsys):
    from manabi_ssg.serve import serve

    site.write({"a.md": "# a\n"})
    blocker = socket.socket()
    blocker.bind(("127.0.0.1", 0))
    blocker.listen()
    try:
        assert serve(site.config, "127.0.0.1", blocker.getsockname()[1], False) == 2
    finally:
        blocker.close()
    assert "already in use" in capsys.readouterr().err


@pytest.mark.browser
def test_browser_reloads_after_a_save(live, site, page):
    page.goto(f"http://127.0.0.1:{live.port}/ja/s/chapter-1.html")
    page.wait_for_function("() => document.body.innerText.includes('最初の本文')")
    time.sleep(0.3)  # the event stream is connected
    (site.content / "ja/s/chapter-1.md").write_text(CHAPTER.replace("最初の本文", "ブラウザで見える本文"), encoding="utf-8")
    page.wait_for_function("() => document.body.innerText.includes('ブラウザで見える本文')", timeout=10000)
    # a broken save shows the overlay with file and line; fixing it clears the overlay
    (site.content / "ja/s/chapter-1.md").write_text("---\ntitle: [broken\n---\n", encoding="utf-8")
    page.wait_for_selector("#manabi-overlay", timeout=10000)
    assert "ja/s/chapter-1.md:2" in page.inner_text("#manabi-overlay")
    (site.content / "ja/s/chapter-1.md").write_text(CHAPTER, encoding="utf-8")
    page.wait_for_selector("#manabi-overlay", state="detached", timeout=10000)
