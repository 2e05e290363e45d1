import sys
import textwrap
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from htmltree import parse_html  # noqa: E402
import profiles  # noqa: E402,F401  (loads the Hypothesis profile: dev, ci or fuzz)

from manabi_ssg.build import build  # noqa: E402
from manabi_ssg.site.config import Config  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


def _cache_state(folder: Path) -> list[tuple[str, int, int]]:
    return sorted((p.relative_to(folder).as_posix(), p.stat().st_size, p.stat().st_mtime_ns)
                  for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []


@pytest.fixture(scope="session", autouse=True)
def repository_cache_untouched():
    """No test may write the repository's own build cache: an author's next build would read it."""
    folder = REPO / ".manabi-cache"
    before = _cache_state(folder)
    yield
    assert _cache_state(folder) == before, "a test wrote the repository's .manabi-cache/; give it a cache_dir of its own"

# a chapter for the search tests: title, place in its series, body
SEARCH_CHAPTER = """\
---
title: "{title}"
series_order: {n}
---

{body}
"""


def write_tree(root: Path, files: dict[str, str | bytes]) -> None:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")


class Site:
    """A throw-away site: write files, build, read pages back as trees."""

    def __init__(self, root: Path):
        self.root = root
        self.content = root / "content"
        self.output = root / "_site"
        self.content.mkdir(parents=True, exist_ok=True)
        # search (Pagefind) is tested on its own; elsewhere it would only slow each build
        self.config = Config(root=root, search=False)

    def write(self, files: dict[str, str | bytes]) -> "Site":
        write_tree(self.content, files)
        return self

    def build(self, **kwargs):
        return build(self.config, **kwargs)

    def html(self, rel: str) -> str:
        return (self.output / rel).read_text(encoding="utf-8")

    def tree(self, rel: str):
        return parse_html(self.html(rel))


@pytest.fixture
def site(tmp_path) -> Site:
    return Site(tmp_path / "site")


CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _chromium_path() -> str | None:
    import os
    import shutil

    for candidate in (os.environ.get("MANABI_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; in CI a missing browser fails, elsewhere it skips."""
    import os

    in_ci = os.environ.get("CI", "").lower() == "true"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - depends on the machine
        if in_ci:
            pytest.fail(f"playwright is not installed: {exc}")
        pytest.skip("playwright is not installed")
    path = _chromium_path()
    if path is None:
        if in_ci:
            pytest.fail("no Chromium found (apt-get install chromium)")
        pytest.skip("no Chromium found (apt-get install chromium)")
    manager = sync_playwright().start()
    try:
        instance = manager.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
    except Exception as exc:
        manager.stop()
        if in_ci:
            pytest.fail(f"Chromium did not start: {exc}")
        pytest.skip(f"Chromium did not start: {exc}")
    yield instance
    instance.close()
    manager.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    tab = context.new_page()
    yield tab
    context.close()


class StaticServer:
    """Serve a built folder on 127.0.0.1 (a free port) for browser tests."""

    def __init__(self, root: Path, prefix: str = ""):
        import functools
        import threading
        from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

        class Quiet(SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def end_headers(self):
                # Tests rebuild a page and reload it within a second: Last-Modified has
                # one-second resolution, so a cached copy would be "not modified".
                self.send_header("Cache-Control", "no-store")
                super().end_headers()

            def translate_path(self, path):
                if prefix and path.startswith(prefix):
                    path = path[len(prefix) :] or "/"
                return super().translate_path(path)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}{prefix}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> "StaticServer":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


@pytest.fixture
def new_page(browser):
    """new_page(**context_options): a page in a fresh browser context, closed after the test."""
    made = []

    def make(**kwargs):
        context = browser.new_context(**kwargs)
        made.append(context)
        return context.new_page()

    yield make
    for context in made:
        context.close()


def wait_for(predicate, timeout=20.0):
    """``predicate()``'s value once it holds: a wait on a server state it announces no other way.

    Polls every 20 ms; the timeout only bounds a test that would otherwise hang.
    """
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError("condition not met in time")


def axe_violations(page, **run) -> list[str]:
    """axe-core's violations on ``page``, one line each (rule, impact, how many, help, the first targets): [] is clean."""
    from axe_playwright_python.sync_playwright import Axe

    lines = []
    for item in Axe().run(page, **run).response["violations"]:
        targets = ", ".join(str(node["target"]) for node in item["nodes"][:5])
        lines.append(f"{item['id']} ({item['impact']}, {len(item['nodes'])}x): {item['help']} -- {targets}")
    return lines
