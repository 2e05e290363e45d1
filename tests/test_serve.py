"""manabi serve: live rebuilds over HTTP, safety of the file server, and a real browser reload."""

import http.client
import os
import socket
import threading
import time

import pytest
from conftest import Site, wait_for

from manabi_ssg.preview.serve import Broadcaster, LiveServer, safe_path

CHAPTER = "---\ntitle: 第1章\n---\n## 見出し\n\n最初の本文\n"


@pytest.fixture
def live(site: Site):
    site.write({"ja/s/chapter-1.md": CHAPTER, "ja/s/chapter-2.md": "# Two\n"})
    messages = []
    server = LiveServer(site.config, port=0, report=lambda *a, **k: messages.append(a[0]))
    server.lines = messages  # what it reported, for the tests
    server.start()
    watcher = threading.Thread(target=server.watch, daemon=True)
    watcher.start()
    assert server.watching.wait(10)  # every folder is watched
    yield server
    server.stop()
    watcher.join(timeout=5)


def test_a_save_made_after_the_first_build_read_it_and_before_the_watch_began_is_built(site):
    site.write({"ja/s/chapter-1.md": CHAPTER})
    server = LiveServer(site.config, port=0, report=lambda *a, **k: None)
    server.start()  # the first build: the page is served from here on
    (site.content / "ja/s/chapter-1.md").write_text(CHAPTER.replace("最初の本文", "初回の構築中の保存"), encoding="utf-8")
    watcher = threading.Thread(target=server.watch, daemon=True)
    watcher.start()
    try:
        assert server.watching.wait(10)
        assert "初回の構築中の保存" in page_text(server, "/ja/s/chapter-1.html")
    finally:
        server.stop()
        watcher.join(timeout=5)


def get(server: LiveServer, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    connection.request("GET", path)
    response = connection.getresponse()
    return response.status, response.read()


def missed(server: LiveServer, since: str) -> dict:
    """The first message a tab showing build ``since`` would get."""
    q = server.broadcaster.subscribe(since)
    server.broadcaster.unsubscribe(q)
    return q.get_nowait()


def page_text(server: LiveServer, path: str) -> str:
    return get(server, path)[1].decode()


def test_serves_pages_with_reload_script_only_in_serve_mode(live, site):
    status, body = get(live, "/ja/s/chapter-1.html")
    assert status == 200 and f'src="/__manabi__/reload.js?build={live.broadcaster.build_id()}"' in body.decode()
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
    wait_for(lambda: live.broadcaster.last["problems"] == {})
    assert "直した本文" in get(live, "/ja/s/chapter-1.html")[1].decode()


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


def test_busy_port_is_reported_before_the_first_build(site: Site, capsys):
    from manabi_ssg.preview.serve import serve

    site.write({"a.md": "# a\n"})
    blocker = socket.socket()
    blocker.bind(("127.0.0.1", 0))
    blocker.listen()
    port = blocker.getsockname()[1]
    try:
        assert serve(site.config, "127.0.0.1", port, False) == 2
    finally:
        blocker.close()
    captured = capsys.readouterr()
    assert f"port {port} on 127.0.0.1 is already in use; pass --port" in captured.err
    assert "built" not in captured.out + captured.err
    assert not (site.config.cache_path / "serve").exists()  # nothing was built


def test_a_new_tab_learns_the_builds_it_missed():
    broadcaster = Broadcaster()
    broadcaster.publish(["a.html"], [], {})
    page_build = broadcaster.build_id()  # the page was read after build 1
    broadcaster.publish(["b.html"], ["assets/x.css"], {})
    broadcaster.publish(["c.html"], [], {"c.html": []})
    first = broadcaster.subscribe(page_build).get_nowait()
    assert first["changed"] == ["b.html", "c.html"] and first["assets"] == ["assets/x.css"]
    assert first["build"] == broadcaster.build_id() and first["problems"] == {"c.html": []}
    assert broadcaster.subscribe(broadcaster.build_id()).get_nowait()["changed"] == []  # up to date
    assert broadcaster.subscribe("").get_nowait()["changed"] == []  # knows no build: problems only
    assert broadcaster.subscribe("0123abcd.1").get_nowait()["changed"] == ["*"]  # an earlier run of the server
    assert broadcaster.subscribe(f"{broadcaster.run}.99").get_nowait()["changed"] == ["*"]  # a build not yet made


def test_asset_edits_are_announced_and_deleted_assets_stop_being_served(live, site):
    theme = site.root / "static"
    (theme / "assets").mkdir(parents=True)
    (theme / "assets/site.css").write_text("body { color: red }\n", encoding="utf-8")
    (site.content / "ja/s/figure.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'>one</svg>", encoding="utf-8")
    wait_for(lambda: get(live, "/ja/s/figure.svg")[0] == 200 and get(live, "/assets/site.css")[0] == 200)
    heard = Builds(live)  # from this edit on: a save can come as two events, and so as two builds
    try:
        (theme / "assets/site.css").write_text("body { color: blue }\n", encoding="utf-8")
        announced = heard.until(lambda build: build["assets"] == ["assets/site.css"])
    finally:
        live.broadcaster.unsubscribe(heard.queue)
    assert announced["changed"] == []  # an asset's edit reloads its stylesheet, no page
    wait_for(lambda: "blue" in page_text(live, "/assets/site.css"))  # the first of two builds may have read it half-written
    (site.content / "ja/s/figure.svg").unlink()
    (theme / "assets/site.css").unlink()
    wait_for(lambda: get(live, "/ja/s/figure.svg")[0] == 404 and get(live, "/assets/site.css")[0] == 404)
    assert get(live, "/assets/manabi.css")[0] == 200  # the theme's own files stay


def test_template_syntax_error_is_shown_at_the_cli_path_and_fixing_it_rebuilds(live, site):
    templates = site.root / "templates"
    templates.mkdir()
    broken = templates / "chapter.html"
    broken.write_text('{% extends "base.html" %}\n{% block main %}\n{% if %}\n{% endblock %}\n', encoding="utf-8")
    [problem] = wait_for(lambda: live.broadcaster.last["problems"].get("*"))
    assert problem["path"] == os.path.relpath(broken.resolve()) and problem["line"] == 3 and problem["level"] == "error"  # as the CLI prints it
    assert "最初の本文" in page_text(live, "/ja/s/chapter-1.html")  # the last good page stays
    broken.unlink()
    wait_for(lambda: live.broadcaster.last["problems"] == {})
    assert "最初の本文" in page_text(live, "/ja/s/chapter-1.html")


def test_config_edits_are_read_again(live, site):
    config = site.root / "manabi.toml"
    config.write_text('search = false\ntitle = "First title"\n', encoding="utf-8")  # a config that was not there
    wait_for(lambda: "First title" in page_text(live, "/ja/s/chapter-1.html"))
    assert live.watching.wait(10)
    shown = live.broadcaster.build_id()
    config.write_text('search = false\ntitle = "Second title"\n', encoding="utf-8")
    wait_for(lambda: "ja/s/chapter-1.html" in missed(live, shown)["changed"])  # its tab reloads
    assert "Second title" in page_text(live, "/ja/s/chapter-1.html")
    assert live.watching.wait(10)
    config.write_text('search = false\ntitle = "unterminated\n', encoding="utf-8")
    [problem] = wait_for(lambda: live.broadcaster.last["problems"].get("*"))
    assert problem["level"] == "error" and problem["path"].endswith("manabi.toml")
    assert "Second title" in page_text(live, "/ja/s/chapter-1.html")  # a broken config is not used


def test_serve_returns_nothing_from_outside_the_site(live, site, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SERVE-MARKER", encoding="utf-8")
    (site.content / "ja/s/leak.txt").symlink_to(secret)
    (site.content / "ja/s/leak.md").symlink_to(secret)
    wait_for(lambda: any(d["path"] == os.path.relpath(site.content / "ja/s/leak.txt") for d in live.broadcaster.last["problems"].get("*", [])))
    for path in ("/ja/s/leak.txt", "/ja/s/leak.html"):
        status, body = get(live, path)
        assert status == 404 and b"SERVE-MARKER" not in body
    # planted straight into the preview folder: a link out, and a FIFO that must not hang the server
    (live.output / "planted.txt").symlink_to(secret)
    os.mkfifo(live.output / "pipe.html")
    for path in ("/planted.txt", "/pipe.html"):
        status, body = get(live, path)
        assert status == 404 and b"SERVE-MARKER" not in body


FORKS: list[int] = []
RECORDING = threading.Event()
os.register_at_fork(before=lambda: FORKS.append(threading.active_count()) if RECORDING.is_set() else None)


def test_serve_never_forks_workers_while_its_threads_run(site: Site, monkeypatch):
    from conftest import REPO

    from manabi_ssg.pipeline import engine

    pools = []
    real_fork_map = engine.fork_map
    monkeypatch.setattr(engine, "fork_map", lambda *args, **kwargs: pools.append(threading.active_count()) or real_fork_map(*args, **kwargs))
    site.write({f"ja/s/chapter-{i}.md": f"# 第{i}章\n\n本文{i}\n" for i in range(30)})
    templates = site.root / "templates"
    templates.mkdir()
    server = LiveServer(site.config, port=0, report=lambda *a, **k: None)
    server.engine.workers = 2  # a pool even on a one-core machine
    RECORDING.set()
    try:
        server.start()  # the first build runs beside the HTTP loop: its workers too come from the forkserver
        watcher = threading.Thread(target=server.watch, daemon=True)
        watcher.start()
        assert server.watching.wait(10)
        theme = (REPO / "templates/base.html").read_text(encoding="utf-8")
        (templates / "base.html").write_text(theme.replace("</body>", "<p>POOL-MARKER</p></body>"), encoding="utf-8")
        # every page renders again, in a pool, while the HTTP, watcher and search threads run
        wait_for(lambda: all("POOL-MARKER" in page_text(server, f"/ja/s/chapter-{i}.html") for i in range(30)), timeout=60)
    finally:
        RECORDING.clear()
        server.stop()
    assert len(pools) >= 2 and max(pools) > 1  # a pool ran while the HTTP, watcher (and search) threads ran
    assert set(FORKS) <= {1}, FORKS  # yet every fork happened while the main thread was alone


# The theme's one stylesheet loaded and applies: a save once deleted it and left every preview page unstyled.
STYLED = """() => {
  const link = document.querySelector('link[rel=stylesheet][href$="assets/theme.css"]');
  return Boolean(link && link.sheet && link.sheet.cssRules.length > 0)
    && getComputedStyle(document.body).lineHeight !== 'normal';  // the theme's line height, not the browser's
}"""


@pytest.mark.browser
def test_browser_reloads_after_a_save(live, site, page):
    page.goto(f"http://127.0.0.1:{live.port}/ja/s/chapter-1.html")
    page.wait_for_function("() => document.body.innerText.includes('最初の本文')")
    (site.content / "ja/s/chapter-1.md").write_text(CHAPTER.replace("最初の本文", "ブラウザで見える本文"), encoding="utf-8")
    page.wait_for_function("() => document.body.innerText.includes('ブラウザで見える本文')", timeout=10000)
    assert page.evaluate(STYLED), "the page shown after the save has no stylesheet"
    # a broken save shows the overlay with file and line; fixing it clears the overlay
    (site.content / "ja/s/chapter-1.md").write_text("---\ntitle: [broken\n---\n", encoding="utf-8")
    page.wait_for_selector("#manabi-overlay", timeout=10000)
    assert "ja/s/chapter-1.md:2" in page.inner_text("#manabi-overlay")
    (site.content / "ja/s/chapter-1.md").write_text(CHAPTER, encoding="utf-8")
    page.wait_for_selector("#manabi-overlay", state="detached", timeout=10000)


@pytest.mark.browser
def test_browser_problem_overlay_wraps_long_paths_on_a_phone(live, site, new_page):
    """A path without spaces in the overlay wraps, so a phone shows the whole message without scrolling it sideways."""
    folder = "a_rather_long_series_folder_name_for_a_course_on_statistics"  # underscores: no line break
    (site.content / f"ja/{folder}").mkdir(parents=True)
    (site.content / f"ja/{folder}/chapter_1_mean_and_standard_deviation.md").write_text(CHAPTER, encoding="utf-8")
    url = f"/ja/{folder}/chapter_1_mean_and_standard_deviation.html"
    wait_for(lambda: "最初の本文" in page_text(live, url), timeout=30)  # the new chapter is built
    (site.content / f"ja/{folder}/chapter_1_mean_and_standard_deviation.md").write_text("---\ntitle: [broken\n---\n", encoding="utf-8")
    wait_for(lambda: missed(live, "0")["problems"], timeout=30)  # the broken save is built and reported
    page = new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page.goto(f"http://127.0.0.1:{live.port}{url}")
    overlay = page.wait_for_selector("#manabi-overlay", timeout=10000)
    assert f"{folder}/chapter_1_mean_and_standard_deviation.md:2" in overlay.inner_text()
    assert overlay.evaluate("(box) => box.scrollWidth <= box.clientWidth")  # nothing hidden to the right
    assert page.evaluate("document.documentElement.scrollWidth") == 390  # nor on the page, styled after saves


@pytest.mark.browser
def test_browser_two_saves_before_the_tab_connects_are_not_lost(live, site, page):
    """The saves land between the page's load and its event stream connecting: the tab still ends on the last."""
    chapter = site.content / "ja/s/chapter-1.md"
    held = []

    def hold_first_connection(route):
        if not held:  # the first tab's stream waits until both saves are built
            held.append((route.request.url, live.broadcaster.build_id()))
            for text in ("一回目の保存", "二回目の保存"):
                number = live.broadcaster.number
                chapter.write_text(CHAPTER.replace("最初の本文", text), encoding="utf-8")
                wait_for(lambda: live.broadcaster.number > number and text in page_text(live, "/ja/s/chapter-1.html"))
        route.continue_()

    page.route("**/__manabi__/events*", hold_first_connection)
    page.goto(f"http://127.0.0.1:{live.port}/ja/s/chapter-1.html")
    page.wait_for_function("() => document.body.innerText.includes('二回目の保存')", timeout=15000)
    [(url, build_before_the_saves)] = held
    assert url.endswith(f"since={build_before_the_saves}")  # the tab that connected held the page from before the saves


@pytest.mark.browser
def test_browser_swaps_an_edited_stylesheet_in_place_and_reloads_for_an_image(live, site, page):
    static = site.root / "static"
    (static / "assets").mkdir(parents=True)
    (static / "assets/extra.css").write_text("body { outline: 1px solid rgb(1, 2, 3) }\n", encoding="utf-8")
    templates = site.root / "templates/partials"
    templates.mkdir(parents=True)
    from conftest import REPO

    head = (REPO / "templates/partials/head.html").read_text(encoding="utf-8")
    (templates / "head.html").write_text(head + "<link rel=\"stylesheet\" href=\"{{ rel('assets/extra.css') }}\">\n", encoding="utf-8")
    (site.content / "ja/s/figure.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'/>", encoding="utf-8")
    chapter = site.content / "ja/s/chapter-1.md"
    chapter.write_text(CHAPTER + "\n![図](figure.svg)\n", encoding="utf-8")
    wait_for(lambda: "extra.css" in page_text(live, "/ja/s/chapter-1.html") and "figure.svg" in page_text(live, "/ja/s/chapter-1.html"))
    assert live.watching.wait(10)  # new folders are watched, and what was saved meanwhile is built
    page.goto(f"http://127.0.0.1:{live.port}/ja/s/chapter-1.html")
    outline = "() => getComputedStyle(document.body).outlineColor"
    assert page.evaluate(outline) == "rgb(1, 2, 3)"
    page.evaluate("() => { window.notReloaded = true; }")
    (static / "assets/extra.css").write_text("body { outline: 1px solid rgb(4, 5, 6) }\n", encoding="utf-8")
    page.wait_for_function(f"() => ({outline})() === 'rgb(4, 5, 6)'", timeout=10000)
    assert page.evaluate("() => window.notReloaded") is True  # swapped in place, not reloaded
    (site.content / "ja/s/figure.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg' width='20' height='10'/>", encoding="utf-8")
    page.wait_for_function("() => window.notReloaded === undefined", timeout=10000)  # an image it shows: reloaded


@pytest.mark.browser
def test_browser_shows_a_template_syntax_error(live, site, page):
    page.goto(f"http://127.0.0.1:{live.port}/ja/s/chapter-1.html")
    page.wait_for_function("() => document.body.innerText.includes('最初の本文')")
    templates = site.root / "templates"
    templates.mkdir()
    (templates / "chapter.html").write_text('{% extends "base.html" %}\n{% block main %}{% for %}{% endblock %}\n', encoding="utf-8")
    page.wait_for_selector("#manabi-overlay", timeout=10000)
    assert "chapter.html:2:1: error: template error:" in page.inner_text("#manabi-overlay")


def request_as(server: LiveServer, path: str, host: str | None, address: str = "127.0.0.1") -> tuple[int, bytes]:
    """GET ``path`` with the Host header a browser on another page would send (None: no Host header)."""
    connection = http.client.HTTPConnection(address, server.port, timeout=5)
    connection.putrequest("GET", path, skip_host=True)
    if host is not None:
        connection.putheader("Host", host)
    connection.endheaders()
    response = connection.getresponse()
    return response.status, response.read()


FOREIGN_HOSTS = ["attacker.example", "attacker.example:{port}", "127.0.0.1.attacker.example:{port}", "localhost.attacker.example",
                 "LOCALHOST:{port}@attacker.example", "[::1].attacker.example", "0x7f000001.attacker.example", "", None]


@pytest.mark.parametrize("host", FOREIGN_HOSTS)
@pytest.mark.parametrize("path", ["/ja/s/chapter-1.html", "/", "/__manabi__/events?since=", "/__manabi__/reload.js", "/nowhere.html"])
def test_a_request_naming_a_foreign_host_is_refused_on_every_path(live, host, path):
    status, body = request_as(live, path, host.format(port=live.port) if host is not None else None)
    assert status == 403 and "最初の本文".encode() not in body and b"retry:" not in body


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "127.0.0.1", "localhost", "LocalHost:{port}", "localhost.:{port}", "[::1]:{port}", "[::1]"])
def test_loopback_names_are_served(live, host):
    status, body = request_as(live, "/ja/s/chapter-1.html", host.format(port=live.port))
    assert status == 200 and "最初の本文" in body.decode("utf-8", "ignore")


def test_the_configured_host_and_the_address_reached_are_served_and_names_are_not(site: Site):
    from manabi_ssg.preview.hosts import allowed_host

    site.write({"ja/s/chapter-1.md": CHAPTER})
    server = LiveServer(site.config, host="127.0.0.2", port=0, report=lambda *a, **k: None)  # any 127/8 address is this machine
    server.start()
    try:
        assert request_as(server, "/ja/s/chapter-1.html", f"127.0.0.2:{server.port}", address="127.0.0.2")[0] == 200
        assert request_as(server, "/ja/s/chapter-1.html", "attacker.example", address="127.0.0.2")[0] == 403
    finally:
        server.stop()
    assert allowed_host("mybox.local:8000", "mybox.local")  # --host mybox.local
    assert allowed_host("192.168.1.5:8000", "0.0.0.0", "192.168.1.5")  # a phone that typed the address, under --host 0.0.0.0
    assert not allowed_host("attacker.example:8000", "0.0.0.0", "192.168.1.5")
    assert not allowed_host("192.168.1.6:8000", "0.0.0.0", "192.168.1.5")
    assert not allowed_host("localhost:8000:1", "127.0.0.1") and not allowed_host("localhost:http", "127.0.0.1")


def test_half_sent_requests_hold_no_thread_and_no_normal_request(live):
    """300 requests cut off mid-header, half of them then closed: a normal request is still answered (socket timeout 5 s)."""
    threads_before = threading.active_count()
    held = []
    try:
        for n in range(300):
            connection = socket.create_connection(("127.0.0.1", live.port), timeout=5)
            connection.sendall(b"GET /ja/s/chapter-1.html HTTP/1.1\r\nHost: 127.0.0.1")
            held.append(connection)
        for connection in held[::2]:
            connection.close()
        status, body = get(live, "/ja/s/chapter-1.html")
        assert status == 200 and "最初の本文" in body.decode()
        assert threading.active_count() < threads_before + 10  # none waits in a thread for a head that never comes
        results = []
        burst = [threading.Thread(target=lambda: results.append(get(live, "/ja/s/chapter-2.html")[0])) for _ in range(100)]
        for thread in burst:
            thread.start()
        for thread in burst:
            thread.join()
        assert results == [200] * 100
    finally:
        for connection in held:
            connection.close()


REFERENCED = """---
title: 参考文献のある章
---
本文[1]。

## 参考文献

1. Aoki, T. (2019). "Unit cells." *Journal of Crystals*, 12(3), 101-120. DOI: 10.5555/jic.2019.0012
"""


class Builds:
    """The builds a server announces from now on, heard as a tab hears them: a test waits on them, not on a clock."""

    def __init__(self, server: LiveServer):
        self.broadcaster = server.broadcaster
        self.queue = self.broadcaster.subscribe(self.broadcaster.build_id())
        self.queue.get_nowait()  # the catch-up: nothing missed yet

    def until(self, predicate, timeout: float = 30.0) -> dict:
        """The first announced build that ``predicate`` accepts; queue.Empty when none comes in ``timeout``."""
        deadline = time.monotonic() + timeout
        while True:
            message = self.queue.get(timeout=max(0.01, deadline - time.monotonic()))
            if message is not None and predicate(message):
                return message


@pytest.fixture
def builds(live):
    heard = Builds(live)
    yield heard
    live.broadcaster.unsubscribe(heard.queue)


def test_generated_files_of_a_deleted_folder_are_not_served(live, site, builds, tmp_path):
    import shutil

    folder = tmp_path / "refs"  # written aside and moved in whole: one save, one build
    folder.mkdir()
    (folder / "chapter-1.md").write_text(REFERENCED, encoding="utf-8")
    (folder / "chapter-2.md").write_text(REFERENCED.replace("Aoki", "Baba"), encoding="utf-8")
    folder.rename(site.content / "ja/refs")
    builds.until(lambda build: "ja/refs/chapter-1.html" in build["changed"])
    assert b"Aoki" in get(live, "/ja/refs/chapter-1.bib")[1] and b"Baba" in get(live, "/ja/refs/chapter-2.bib")[1]
    shutil.rmtree(site.content / "ja/refs")
    gone = builds.until(lambda build: "ja/refs/chapter-1.html" in build["changed"])  # the build that saw the folder go
    for path in ("/ja/refs/chapter-1.bib", "/ja/refs/chapter-2.bib", "/ja/refs/chapter-1.html"):
        assert get(live, path)[0] == 404, path
    assert {"ja/refs/chapter-1.bib", "ja/refs/chapter-2.bib"} <= set(gone["assets"])  # a tab showing one is told


def save_by_rename(path, text: str) -> None:
    """Save as vim, VS Code and most editors do: a new file, renamed over the old one (a new inode)."""
    fresh = path.with_name(f".{path.name}.saving")
    fresh.write_text(text, encoding="utf-8")
    os.replace(fresh, path)


def test_config_saved_by_rename_is_read_again_after_a_broken_save(live, site, builds):
    config = site.root / "manabi.toml"
    save_by_rename(config, 'search = false\ntitle = "First title"\n')
    builds.until(lambda build: "ja/s/chapter-1.html" in build["changed"])
    assert "First title" in page_text(live, "/ja/s/chapter-1.html")
    assert live.watching.wait(10)
    save_by_rename(config, 'search = false\ntitle = "unterminated\n')
    [problem] = builds.until(lambda build: "*" in build["problems"])["problems"]["*"]
    assert problem["path"].endswith("manabi.toml")
    for title in ("Fixed title", "Fixed again"):
        save_by_rename(config, f'search = false\ntitle = "{title}"\n')
        fixed = builds.until(lambda build: "ja/s/chapter-1.html" in build["changed"])
        assert fixed["problems"] == {} and title in page_text(live, "/ja/s/chapter-1.html")
        assert live.watching.wait(10)


def test_a_template_folder_replaced_whole_is_watched_again(live, site, builds):
    """``git checkout`` or a sync tool can replace a folder, not its files: the watch follows the name."""
    from conftest import REPO

    theme = (REPO / "templates/base.html").read_text(encoding="utf-8")
    templates = site.root / "templates"
    templates.mkdir()
    for marker in ("FIRST-MARKER", "SECOND-MARKER", "THIRD-MARKER"):
        if marker == "SECOND-MARKER":  # a new folder renamed over the name
            replacement = site.root / "templates.new"
            replacement.mkdir()
            (replacement / "base.html").write_text(theme.replace("</body>", f"<p>{marker}</p></body>"), encoding="utf-8")
            templates.rename(site.root / "templates.old")
            replacement.rename(templates)
        else:  # a file saved in the folder that has the name now
            (templates / "base.html").write_text(theme.replace("</body>", f"<p>{marker}</p></body>"), encoding="utf-8")
        builds.until(lambda build: "ja/s/chapter-1.html" in build["changed"])
        assert marker in page_text(live, "/ja/s/chapter-1.html")
        assert live.watching.wait(10)


class ServeProcess:
    """``manabi serve`` as a user runs it: its own process, signals and all, on a free port."""

    def __init__(self, site: Site, tmp_path, *args: str):
        import subprocess
        import sys

        self.scratch = tmp_path / "tmp"  # where --safe makes its preview folder
        self.scratch.mkdir()
        src = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "src")
        env = {**os.environ, "PYTHONPATH": src, "PYTHONUNBUFFERED": "1", "TMPDIR": str(self.scratch)}
        self.process = subprocess.Popen([sys.executable, "-m", "manabi_ssg", "serve", "--port", "0", *args], cwd=site.root,
                                        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines: list[str] = []
        self.printed = threading.Condition()
        # a thread reads stdout: select() on the pipe misses a line already in the reader's buffer
        # (two lines printed together), and waited its whole timeout for it (one CI run failed so)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.port = int(self.line_with("serving http://127.0.0.1:").split(":")[-1].split("/")[0])

    def _read(self) -> None:
        for line in self.process.stdout:
            with self.printed:
                self.lines.append(line)
                self.printed.notify_all()
        with self.printed:
            self.lines.append("")  # the process closed its stdout
            self.printed.notify_all()

    def line_with(self, text: str, timeout: float = 60.0) -> str:
        """The first line of stdout holding ``text``, waited for as it is printed."""
        with self.printed:
            found = self.printed.wait_for(lambda: [line for line in self.lines if text in line] or self.lines[-1:] == [""],
                                          timeout)
        if not found or found is True:
            raise AssertionError(f"no line with {text!r} in {self.lines}; stderr: {self._stderr()}")
        return found[0]

    def _stderr(self) -> str:
        return self.process.stderr.read() if self.process.poll() is not None else "(still running)"

    def output(self) -> str:
        """All of stdout, once the process has ended."""
        self.reader.join(15)
        return "".join(self.lines)

    def answers(self) -> bool:
        try:
            return get_port(self.port, "/")[0] in (200, 404)
        except OSError:
            return False

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.reader.join(15)
        self.process.stdout.close()
        self.process.stderr.close()


def get_port(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection.request("GET", path)
    response = connection.getresponse()
    return response.status, response.read()


@pytest.mark.parametrize("signum, code", [(2, 130), (15, -15), (1, -1)], ids=["SIGINT-exits-130", "SIGTERM-ends-by-it", "SIGHUP-ends-by-it"])
def test_a_signal_stops_serve_promptly_and_removes_its_preview_folder(site: Site, tmp_path, signum, code):
    site.write({"ja/s/chapter-1.md": CHAPTER})
    serving = ServeProcess(site, tmp_path, "--safe")
    try:
        assert serving.answers()
        assert [p.name for p in serving.scratch.iterdir()][0].startswith("manabi-serve-")  # the --safe preview folder
        serving.process.send_signal(signum)
        assert serving.process.wait(timeout=15) == code
        assert not serving.answers()
        assert list(serving.scratch.iterdir()) == []  # removed, as on any stop
        assert "manabi: stopped" in serving.output()
    finally:
        serving.stop()


def dated(body: str, errors: int) -> str:
    """A chapter whose front matter has ``errors`` impossible dates: one frontmatter-date error each."""
    dates = ["updated_at: 2026-02-30\n", "created_at: 2026-02-31\n"][:errors]
    return f"---\ntitle: 第3章\n{''.join(dates)}---\n## 見出し\n\n{body}\n"


def errors_of(build: dict, url: str) -> int:
    return sum(problem["level"] == "error" for problem in build["problems"].get(url, []))


def test_a_page_is_served_as_built_unless_a_save_adds_errors_to_it(live, site, builds):
    url, path = "ja/s/chapter-3.html", site.content / "ja/s/chapter-3.md"
    path.write_text(dated("最初の本文", 1), encoding="utf-8")  # errors from its first version: there is no better one
    builds.until(lambda build: url in build["changed"])
    assert "最初の本文" in page_text(live, "/" + url)
    path.write_text(dated("二番目の本文", 1), encoding="utf-8")  # an edit that keeps its one error
    builds.until(lambda build: url in build["changed"])
    assert "二番目の本文" in page_text(live, "/" + url)
    path.write_text(dated("書きかけの本文", 2), encoding="utf-8")  # a half-typed save: one more error
    builds.until(lambda build: errors_of(build, url) == 2)
    held = wait_for(lambda: [line for line in live.lines if "showing the previous version" in line])
    assert held[-1].endswith("showing the previous version of " + os.path.relpath(path) + " until its new errors are fixed")
    assert "二番目の本文" in page_text(live, "/" + url) and "書きかけの本文" not in page_text(live, "/" + url)
    path.write_text(dated("直した本文", 1), encoding="utf-8")  # back to as many errors as the page shown
    builds.until(lambda build: url in build["changed"])
    assert "直した本文" in page_text(live, "/" + url)


def test_a_page_with_errors_follows_a_config_change(live, site, builds):
    url = "ja/s/chapter-3.html"
    (site.content / "ja/s/chapter-3.md").write_text(dated("本文", 1), encoding="utf-8")
    builds.until(lambda build: url in build["changed"])
    assert live.watching.wait(10)
    (site.root / "manabi.toml").write_text('search = false\ntitle = "New title"\n', encoding="utf-8")
    builds.until(lambda build: url in build["changed"])
    assert "New title" in page_text(live, "/" + url)


def test_a_config_fix_prints_each_diagnostic_once_and_the_summaries_count_them(live, site, builds, capsys):
    path = site.content / "ja/s/chapter-3.md"
    path.write_text(dated("本文", 1), encoding="utf-8")
    builds.until(lambda build: "ja/s/chapter-3.html" in build["changed"])
    wait_for(lambda: any(line.startswith("manabi: rebuilt") and line.endswith(": 1 error, 0 warnings") for line in live.lines))
    assert live.watching.wait(10)
    capsys.readouterr()
    (site.root / "manabi.toml").write_text('search = false\ntitle = "New title"\n', encoding="utf-8")
    builds.until(lambda build: "ja/s/chapter-3.html" in build["changed"])  # the config's full rebuild
    assert live.watching.wait(10)  # and the one when the watch on the folders began again
    captured = capsys.readouterr()
    assert (captured.out + captured.err).count("[frontmatter-date]") == 1
    assert live.lines[-1].startswith("manabi: rebuilt") and live.lines[-1].endswith(": 1 error, 0 warnings")


@pytest.mark.browser
def test_browser_overlay_closes_from_the_keyboard_until_the_problems_change(live, site, builds, new_page):
    from axe_playwright_python.sync_playwright import Axe

    url, path = "ja/s/chapter-3.html", site.content / "ja/s/chapter-3.md"
    path.write_text(dated("最初の本文", 1), encoding="utf-8")
    builds.until(lambda build: url in build["changed"])
    page = new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page.goto(f"http://127.0.0.1:{live.port}/{url}")
    overlay = page.wait_for_selector("#manabi-overlay", timeout=10000)
    assert f"{os.path.relpath(path)}:3:" in overlay.inner_text()  # the path as the terminal prints it
    violations = Axe().run(page).response["violations"]
    assert not violations, [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]
    page.keyboard.press("Shift+Tab")  # from the page's start, backwards: the overlay is the last thing in it
    assert page.evaluate("document.activeElement.className") == "manabi-close"
    assert page.evaluate("document.activeElement.getAttribute('aria-label')").startswith("Hide these problems")
    page.keyboard.press("Enter")
    page.wait_for_selector("#manabi-overlay", state="detached", timeout=10000)
    # a save with the same problems reloads the tab, and the overlay stays closed
    path.write_text(dated("二番目の本文", 1), encoding="utf-8")
    build = builds.until(lambda build: url in build["changed"])["build"]
    page.wait_for_function(f"() => document.body.innerText.includes('二番目の本文') && document.documentElement.dataset.manabiBuild === '{build}'",
                           timeout=10000)
    assert page.query_selector("#manabi-overlay") is None
    # a save that adds an error changes them: the overlay is back, and says the tab shows the version before
    path.write_text(dated("書きかけの本文", 2), encoding="utf-8")
    note = page.wait_for_selector("#manabi-overlay .manabi-held", timeout=10000)
    assert "previous version" in note.inner_text() and "二番目の本文" in page.inner_text("body")


def test_a_stop_before_serving_began_returns(site: Site):
    """Ctrl-C in the first build stops a server whose port is taken but whose HTTP loop never ran."""
    site.write({"ja/s/chapter-1.md": CHAPTER})
    server = LiveServer(site.config, port=0, report=lambda *a, **k: None)
    server.bind()
    stopping = threading.Thread(target=server.stop, daemon=True)
    stopping.start()
    stopping.join(timeout=10)
    assert not stopping.is_alive()
    with pytest.raises(OSError):
        get(server, "/")  # the port is let go


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # the swallowed interrupt, as CPython reports it
def test_a_ctrl_c_a_finalizer_swallows_still_stops_serve():
    """CPython prints and drops a KeyboardInterrupt raised in ``__del__``: the stop must not rest on it alone."""
    import gc
    import signal

    from manabi_ssg.preview.serve import StopSignals

    class Finalized:
        def __del__(self):
            signal.raise_signal(signal.SIGINT)  # the handler runs here, inside the finalizer

    stop = threading.Event()
    stopping = StopSignals(stop)
    try:
        Finalized()
        gc.collect()
    finally:
        stopping.restore()
    assert stop.is_set() and stopping.received == signal.SIGINT


FIRST_BUILD_SITE = {
    "ja/index.md": "---\ntitle: 日本語\n---\n",
    "ja/s/index.md": "---\ntitle: シリーズ\n---\n",
    "ja/s/chapter-1.md": CHAPTER,
    "ja/s/chapter-2.md": "---\ntitle: 第2章\n---\n本文\n",
    "ja/t/chapter-1.md": "---\ntitle: 別のシリーズ\n---\n本文\n",
}


@pytest.fixture
def first_build(site: Site):
    """``first_build(files)``: a server on those files whose first build waits, before it writes anything,
    until the test sets ``server.go``; ``server.building`` is the thread that runs it."""
    servers = []

    def start(files: dict[str, str]) -> LiveServer:
        site.write(files)
        server = LiveServer(site.config, port=0, report=lambda *a, **k: None)
        server.go = threading.Event()
        publish = server.engine._publish
        server.engine._publish = lambda state: (server.go.wait(60), publish(state))[1]
        server.bind()
        server.building = threading.Thread(target=server.start, daemon=True)
        server.building.start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.go.set()
        server.building.join(60)
        server.stop()


def early_build_id(body: bytes) -> str:
    import re

    return re.search(rb'reload\.js\?build=([0-9a-f]+\.\d+)"', body).group(1).decode()


def test_a_page_asked_for_during_the_first_build_is_answered_then_with_the_bytes_the_build_writes(first_build):
    from manabi_ssg.preview.serve import with_build_id

    first_build = first_build(FIRST_BUILD_SITE)
    status, early = get(first_build, "/ja/s/chapter-1.html")
    assert status == 200 and not (first_build.output / "ja/s/chapter-1.html").exists()  # the build has written nothing yet
    since = early_build_id(early)
    assert since == f"{first_build.broadcaster.run}.0"  # no build finished before it
    first_build.go.set()
    first_build.building.join(60)
    assert with_build_id((first_build.output / "ja/s/chapter-1.html").read_bytes(), since) == early
    assert "ja/s/chapter-1.html" not in missed(first_build, since)["changed"]  # the same bytes: the tab stays


def test_a_page_answered_during_the_first_build_that_the_build_writes_otherwise_is_reloaded(first_build):
    # a title only a Setext heading gives is known once the chapter is parsed: the early sidebar shows its file name
    first_build = first_build({**FIRST_BUILD_SITE, "ja/s/chapter-2.md": "Two\n===\n\n本文\n"})
    status, early = get(first_build, "/ja/s/chapter-1.html")
    assert status == 200 and b"chapter 2" in early
    since = early_build_id(early)
    first_build.go.set()
    first_build.building.join(60)
    assert b">Two<" in (first_build.output / "ja/s/chapter-1.html").read_bytes()
    assert "ja/s/chapter-1.html" in missed(first_build, since)["changed"]  # the tab reloads


def test_an_early_chapter_reads_only_the_front_matter_it_shows(site, monkeypatch):
    """A chapter shows its folder's chapters, the landing pages above it and its translations: on a
    course of 1,200 chapters, reading every front matter took 2 s beside the build's workers."""
    from manabi_ssg.pipeline import engine
    from manabi_ssg.preview import first_page

    site.write({**FIRST_BUILD_SITE, "en/index.md": "# English\n", "en/s/chapter-1.md": "# One\n",
                **{f"ja/u{i}/chapter-{j}.md": f"# {i}-{j}\n" for i in range(5) for j in range(5)}})
    read = []
    load_source = first_page.load.load_source
    monkeypatch.setattr(first_page.load, "load_source", lambda root, path, config: read.append(path) or load_source(root, path, config))
    early = first_page.EarlyPages(site.config, engine.render_settings(site.config, live_reload=True))
    assert early.answer("ja/s/chapter-1.html") is not None
    assert sorted(set(read)) == ["en/index.md", "en/s/chapter-1.md", "ja/index.md", "ja/s/chapter-1.md", "ja/s/chapter-2.md",
                                 "ja/s/index.md"]


def test_an_early_outline_titles_a_chapter_by_its_first_heading_outside_code():
    from manabi_ssg.preview.first_page import _first_heading

    assert _first_heading("intro\n```\n# not this\n```\n# Title #\n# later\n") == "Title"
    assert _first_heading("~~~~\n# no\n~~~\n# still code\n~~~~~\n# Out") == "Out"
    assert _first_heading("    # indented: code\n#no-space\n## two\n # One\n") == "One"
    assert _first_heading("````\n# never closed\n```\n") is None
