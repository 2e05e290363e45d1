"""``manabi serve``: build, serve over HTTP, rebuild on save, reload the browser.

The same :class:`~manabi_ssg.pipeline.engine.Engine` as ``build`` does the work, updating
a private preview folder in place, so a save re-renders only what changed.
Browsers listen on a Server-Sent Events stream; each rebuild sends its
number, the URLs of the pages and other files it rewrote and the problems of
every page, and the small script in ``RELOAD_JS`` reloads the tab (or swaps a
stylesheet in place) or shows an overlay with file, line and message.
"""

from __future__ import annotations

import errno
import gc
import json
import mimetypes
import os
import queue
import shutil
import signal
import sys
import tempfile
import threading
import time
import uuid
import webbrowser
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import jinja2

from manabi_ssg.guards.boundary import read_regular
from manabi_ssg.incremental.cache_in_git import committed_cache
from manabi_ssg.site.config import CONFIG_NAME, Config, load_config
from manabi_ssg.diagnostics import ERROR, WARNING, Diagnostic, TemplateProblem, plural
from manabi_ssg.pipeline.engine import BuildResult, Engine
from manabi_ssg.preview.first_page import EarlyPages
from manabi_ssg.preview.hosts import allowed_host
from manabi_ssg.site.urls import HOME_URL, NOT_FOUND_URL, output_url
from manabi_ssg.preview.preview_http import PrefetchedHandler, PreviewServer
from manabi_ssg.console.report import located, print_diagnostics
from manabi_ssg.console.terminal import say

EVENTS_PATH = "/__manabi__/events"
SCRIPT_PATH = "/__manabi__/reload.js"
RELOAD_JS = Path(__file__).with_name("reload.js")
IDLE_SECONDS = 10  # a request's connection that neither sends nor takes a byte for this long is closed
REFUSED_HOST = (b"manabi serve answers only requests for localhost, 127.0.0.1, [::1] or its --host; "
                b"this one named another host, as a web page that points its own domain at this machine would.\n")


class Broadcaster:
    """Fan-out of build events to every connected browser tab, numbered so no tab misses one.

    Every build gets the next number.  A served page carries the number of
    the last build finished before it was read (see ``with_build_id``), and its
    tab connects with it; a build that finished in between (a save while the
    page loaded) is in the first message the tab gets, so the tab reloads.
    Numbers carry this server's run id: a tab from an earlier run reloads.
    """

    HISTORY = 500  # builds remembered; a tab older than that reloads

    def __init__(self) -> None:
        self._clients: list[queue.Queue] = []
        self._lock = threading.Lock()
        self.run = uuid.uuid4().hex[:8]
        self.number = 0
        self._history: dict[int, tuple[list[str], list[str]]] = {}  # build -> (pages, assets) it changed
        self.last: dict = {"build": self.build_id(), "changed": [], "assets": [], "problems": {}, "held": []}

    def build_id(self) -> str:
        """The last build's id, as pages and messages carry it: ``<run>.<number>``."""
        return f"{self.run}.{self.number}"

    def subscribe(self, since: str = "") -> queue.Queue:
        """A queue of messages for one tab; the first says what changed since build ``since``."""
        q: queue.Queue = queue.Queue()
        with self._lock:  # no build may finish between the catch-up and joining the fan-out
            q.put(self._catch_up(since))
            self._clients.append(q)
        return q

    def _catch_up(self, since: str) -> dict:
        message = {**self.last, "changed": [], "assets": []}
        run, _, number = since.partition(".")
        if not since:
            return message  # a page that does not know its build (not served by us): problems only
        if run != self.run or not number.isdigit() or not (min(self._history, default=1) - 1 <= int(number) <= self.number):
            return {**message, "changed": ["*"]}  # from another run of the server, or too old: reload
        pages: set[str] = set()
        assets: set[str] = set()
        for later in range(int(number) + 1, self.number + 1):
            pages.update(self._history[later][0])
            assets.update(self._history[later][1])
        return {**message, "changed": sorted(pages), "assets": sorted(assets)}

    def unsubscribe(self, q: queue.Queue) -> None:
        with self._lock:
            if q in self._clients:
                self._clients.remove(q)

    def close(self) -> None:
        """End every tab's stream (the server is stopping)."""
        with self._lock:
            for q in self._clients:
                q.put(None)

    def publish(self, changed: list[str], assets: list[str], problems: dict, held: list[str] | None = None) -> None:
        """``held``: pages whose save added errors, so their tabs show the version before (the overlay says so)."""
        with self._lock:
            self.number += 1
            self._history[self.number] = (changed, assets)
            self._history.pop(self.number - self.HISTORY, None)
            self.last = {"build": self.build_id(), "changed": changed, "assets": assets, "problems": problems,
                         "held": held or []}
            for q in self._clients:
                q.put(self.last)


def problems_by_url(diagnostics: list[Diagnostic], content: Path | None = None) -> dict[str, list[dict]]:
    """Each page's problems, by its URL ("*": the site's); with ``content``, the paths the terminal prints."""
    shown = located(diagnostics, content) if content is not None else diagnostics
    result: dict[str, list[dict]] = {}
    for d, as_shown in zip(diagnostics, shown):
        if d.level in (ERROR, WARNING):
            url = output_url(d.path) if d.path.endswith((".md", ".markdown")) else "*"
            result.setdefault(url, []).append(_problem(as_shown))
    return result


def _problem(d: Diagnostic) -> dict:
    return {"path": d.path, "line": d.line, "col": d.col, "level": d.level, "message": d.message}


def safe_path(root: Path, raw: str) -> Path | None:
    """The file under ``root`` that a request path names, or None for anything outside it."""
    path = unquote(urlsplit(raw).path)
    if "\x00" in path or "\\" in path:
        return None
    parts = [p for p in path.split("/") if p not in ("", ".")]
    if any(p == ".." for p in parts):
        return None
    candidate = root.joinpath(*parts) if parts else root
    real_root = os.path.realpath(root)
    real = os.path.realpath(candidate)
    if real != real_root and not real.startswith(real_root + os.sep):
        return None  # a symbolic link that leads out of the site
    if os.path.isdir(real):
        if parts and not path.endswith("/"):
            return candidate  # the handler redirects to the slash form
        real = os.path.join(real, HOME_URL)
    return Path(real)


def _site_relative(path: str) -> str:
    """A request's path as an output name: ``/`` and ``/ja/`` name their ``index.html``."""
    name = "/".join(part for part in unquote(path).split("/") if part not in ("", "."))
    return f"{name}/{HOME_URL}" if path.endswith("/") and name else name or HOME_URL


def with_build_id(html: bytes, build_id: str) -> bytes:
    """The page with its build's id on the reload script's URL, where the script finds it."""
    return html.replace(f'src="{SCRIPT_PATH}"'.encode(), f'src="{SCRIPT_PATH}?build={build_id}"'.encode(), 1)


def make_handler(site: Callable[[], Path], broadcaster: Broadcaster, host: str = "127.0.0.1",
                 early: Callable[[str], bytes | None] = lambda url: None):
    """``site()`` is the folder to serve: the preview's output, which moves when the config does; ``host`` is --host;
    ``early(url)``: the bytes of a file the first build has not written yet, or None (first_page.py)."""

    class Handler(PrefetchedHandler):
        server_version = "manabi"
        protocol_version = "HTTP/1.1"
        timeout = IDLE_SECONDS  # on every read and write of the connection

        def log_message(self, format: str, *args) -> None:  # quiet: the terminal is for diagnostics
            pass

        def parse_request(self) -> bool:
            """The request line and headers; a request for a host the preview does not answer ends here, on every path."""
            if not super().parse_request():
                return False
            if allowed_host(self.headers.get("Host"), host, self.connection.getsockname()[0]):
                return True
            self.close_connection = True
            self._send(403, REFUSED_HOST, "text/plain; charset=utf-8", self.command == "HEAD")
            return False

        def do_HEAD(self) -> None:
            self._serve(head=True)

        def do_GET(self) -> None:
            self._serve(head=False)

        def _send(self, status: int, body: bytes, content_type: str, head: bool, extra: dict | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("Connection", "close")  # no connection waits for a next request in a thread
            self.close_connection = True
            for key, value in (extra or {}).items():
                self.send_header(key, value)
            self.end_headers()
            if not head:
                self.wfile.write(body)

        def _serve(self, head: bool) -> None:
            path = urlsplit(self.path).path
            if path == EVENTS_PATH:
                return self._events()
            if path == SCRIPT_PATH:
                return self._send(200, RELOAD_JS.read_bytes(), "text/javascript; charset=utf-8", head)
            root = site()
            build_id = broadcaster.build_id()  # before reading: the bytes are at least this build's
            target = safe_path(root, self.path)
            if target is not None and target.is_dir():
                return self._send(301, b"", "text/plain", head, {"Location": path + "/"})
            body = _read(target) if target is not None else None
            if body is None and target is not None:
                body = early(_site_relative(path))
            if body is None or target is None:
                missing = _read(root / NOT_FOUND_URL) or early(NOT_FOUND_URL)
                return self._send(404, with_build_id(missing, build_id) if missing else b"not found", "text/html; charset=utf-8", head)
            content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            if content_type == "text/html":
                body = with_build_id(body, build_id)
            if content_type.startswith("text/") or content_type in ("application/javascript", "image/svg+xml"):
                content_type += "; charset=utf-8"
            self._send(200, body, content_type, head)

        def _events(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Connection", "keep-alive")
            self.end_headers()
            # a reconnecting EventSource says the last build it heard of; a new one, its page's
            since = self.headers.get("Last-Event-ID") or parse_qs(urlsplit(self.path).query).get("since", [""])[0]
            q = broadcaster.subscribe(since)
            try:
                self.wfile.write(b"retry: 500\n\n")
                self.wfile.flush()
                while True:
                    try:
                        message = q.get(timeout=15)
                        if message is None:
                            break
                        data = json.dumps(message, ensure_ascii=False)
                        self.wfile.write(f"id: {message['build']}\ndata: {data}\n\n".encode("utf-8"))
                    except queue.Empty:
                        self.wfile.write(b": keep-alive\n\n")
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError, OSError):
                pass
            finally:
                broadcaster.unsubscribe(q)
                self.close_connection = True

    return Handler


def _show(diagnostics: list[Diagnostic], content: Path) -> None:
    print_diagnostics(located(diagnostics, content), quiet=False, verbose=False)


def _stamp(path: Path) -> tuple[int, ...] | None:
    """What a file is now, by its name: a save by rename gives a new inode, a save in place a new time."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_dev, stat.st_ino, stat.st_mtime_ns, stat.st_size, stat.st_ctime_ns


def _identities(paths: list[Path]) -> list[tuple[int, int] | None]:
    """Which folder each watched name is now: one replaced whole (renamed over) is another inode."""
    result: list[tuple[int, int] | None] = []
    for path in paths:
        try:
            stat = path.stat()
            result.append((stat.st_dev, stat.st_ino))
        except OSError:
            result.append(None)
    return result


def _read(path: Path) -> bytes | None:
    """A regular file's bytes; None for anything else (missing, a folder, a FIFO)."""
    try:
        return read_regular(path)
    except OSError:
        return None


def template_problems(error: jinja2.TemplateError | TemplateProblem) -> list[Diagnostic]:
    """A broken template, as the diagnostic every tab's overlay shows."""
    path = getattr(error, "filename", None) or getattr(error, "name", None) or getattr(error, "path", None) or "templates"
    line = getattr(error, "lineno", 0) or getattr(error, "line", 0) or 0
    message = getattr(error, "message", None) or str(error)
    return [Diagnostic(path, line, 1 if line else 0, ERROR, "template-error", f"template error: {message}")]


class LiveServer:
    """``serve``'s parts: an HTTP server, a watcher that rebuilds on save, and the engine.

    The port is taken first, so a busy one is reported before any build.  The
    HTTP loop starts before the first build: a page that build has not written
    yet is rendered on request from an outline of the site (first_page.py), and
    its tab reloads when the build ends if the page it wrote differs.  With that
    thread running, the build's workers come from a forkserver (workers.py).
    """

    def __init__(self, config: Config, host: str = "127.0.0.1", port: int = 8000, open_browser: bool = False, report=say,
                 reload_config: Callable[[], tuple[Config, list[Diagnostic]]] | None = None):
        self.host, self.port, self.open_browser = host, port, open_browser
        self.broadcaster = Broadcaster()
        self.report = report
        self.reload_config = reload_config or (lambda: load_config(self.config.root, self.config.config_file))
        self.stop_event = threading.Event()
        self.watching = threading.Event()  # set once the watcher is looking at every folder
        self.httpd: PreviewServer | None = None
        self._serving: threading.Thread | None = None  # the HTTP loop, once started
        # the watch begins (again: new folders or config) after a build: a save made in between is unseen,
        # so the first quiet tick looks once.  True from the start: the first build serves pages while it
        # runs, and an author who saves one then must see the save
        self._restarted = True
        self._shown: list[Diagnostic] | None = None  # the diagnostics printed last
        self._scratch: Path | None = None  # --safe, or a cache in git: the preview's own folder, removed at stop
        self._early: EarlyPages | None = None  # during the first build: answers for the pages it has not written
        self._use(config)
        self._config_stamp = _stamp(self.config_file())

    def _use(self, config: Config) -> None:
        """A new config (at start, or after manabi.toml changed): a new engine, so a full rebuild."""
        self.config = config
        last = getattr(self, "engine", None)
        # a preview folder git tracks files in holds what a commit put there: one of its own instead
        untrusted = config.safe or committed_cache(config.cache_path) is not None
        self.output = self._safe_output() if untrusted else config.cache_path / "serve"
        self.engine = Engine(config, self.output, live_reload=True, in_place=True, force=True)
        if last is not None and last.output == self.engine.output:
            self.engine.served_errors = last.served_errors  # what the tabs show stays what it was

    def _safe_output(self) -> Path:
        """Under ``--safe``, or when git tracks files of the cache (cache_in_git.py), a fresh folder of
        manabi's own, removed at stop: a pull request can commit files (links included) into
        ``.manabi-cache/serve``, which the preview otherwise reuses with ``force``; this way nothing
        there is read, served or written, whatever the writer does with links."""
        if self._scratch is None:
            self._scratch = Path(tempfile.mkdtemp(prefix="manabi-serve-"))
        return self._scratch / "site"

    def watched(self) -> list[Path]:
        paths = [self.config.content_path]
        paths += [Path(p) for p in self.engine.settings.template_dirs]
        paths.append(self.config.root / self.config.templates_dir)
        paths.append(self.config.root / self.config.static_dir)
        paths.append(self.config.root / "messages")
        return [p for p in dict.fromkeys(paths) if p.exists()]

    def config_file(self) -> Path:
        return self.config.config_file or self.config.root / CONFIG_NAME

    def rebuild(self) -> BuildResult | None:
        """Build and tell every tab; a broken template is shown in every tab, not raised."""
        try:
            result = self.engine.build()
        except (jinja2.TemplateError, TemplateProblem) as error:
            problems = located(template_problems(error), self.config.content_path)  # as the terminal prints them
            _show(problems, self.config.content_path)
            self.broadcaster.publish([], [], {"*": [_problem(d) for d in problems]})
            return None
        rendered = result.rendered
        if self._early is not None:  # the first build: a page answered early with these very bytes needs no reload
            same = self._early.same_as_served(rendered, lambda url: _read(self.output / url))
            rendered = [url for url in rendered if url not in same]
        self.broadcaster.publish(rendered + result.removed, result.assets,
                                 problems_by_url(result.diagnostics, self.config.content_path), result.held)
        return result

    def _early_answer(self, url: str) -> bytes | None:
        """A file the first build has not written yet, made on request; None once it is done (or on any failure:
        a broken template or page is then reported by the build, as always)."""
        early = self._early
        if early is None:
            return None
        try:
            return early.answer(url)
        except Exception:  # noqa: BLE001 - the build reports the same problem with its place
            return None

    def bind(self) -> PreviewServer:
        """Take the port; raises OSError when it is busy.  Serving starts with :meth:`start`."""
        self.httpd = PreviewServer((self.host, self.port),
                                   make_handler(lambda: self.output, self.broadcaster, self.host, self._early_answer))
        self.port = self.httpd.server_address[1]
        return self.httpd

    def start(self, listening: Callable[[], None] = lambda: None) -> None:
        """Take the port, start serving (in a thread), then build once; raises OSError when the port is taken.

        ``listening`` is called once requests are answered, before the build."""
        httpd = self.httpd if self.httpd is not None else self.bind()
        self.output.parent.mkdir(parents=True, exist_ok=True)
        self._early = EarlyPages(self.config, self.engine.settings)
        # polled 10 times a second for a stop: shutdown() waits for the next poll (at the default 0.5 s, Ctrl-C took 510 ms)
        self._serving = threading.Thread(target=httpd.serve_forever, args=(0.1,), name="http", daemon=True)
        self._serving.start()
        listening()
        try:
            result = self.rebuild()
        finally:
            self._early = None
        if result is not None:
            self._print(result)
        gc.freeze()  # the site just built lives on: keep the collector from walking it on every save

    def url(self) -> str:
        host = "127.0.0.1" if self.host in ("0.0.0.0", "") else self.host
        return f"http://{host if ':' not in host else '[' + host + ']'}:{self.port}/"

    def watch(self) -> None:
        """Rebuild on every save until stopped; a new config starts the watch over, on its folders."""
        while not self.stop_event.is_set():
            self._watch_until_config_changes()

    def _watch_until_config_changes(self) -> None:
        """Rebuild on each save; return when the watch must begin again (new folders, or a new config).

        Folders are watched; a watch follows an inode, not a name, so what is
        read by name is looked at by name at every tick (100 ms): the config
        file (editors save by renaming a new file over the old one, and after
        a broken save the old inode's watch never fired again), and each
        watched folder's identity (a folder replaced whole).
        """
        import watchfiles

        paths = self.watched()
        identities = _identities(paths)
        # rust_timeout: an empty report after that long says every folder is watched, and is the
        # moment to look whether a folder to watch (static/, templates/) or the config came or went
        for changes in watchfiles.watch(*paths, stop_event=self.stop_event, debounce=30, step=10,
                                        rust_timeout=100, yield_on_timeout=True, raise_interrupt=True):
            now = self.watched()
            config_changed = self._config_stamp != _stamp(self.config_file())
            moved = now != paths or _identities(now) != identities
            if not changes and not moved and not config_changed:
                if self._restarted:  # saves made while the watch began again went unseen: look now
                    self._restarted = False
                    self._rebuild_and_print()
                self.watching.set()
                continue
            changed: set[tuple[watchfiles.Change | None, str]] = set(changes) | {(None, str(p)) for p in set(paths) ^ set(now)}
            if not config_changed and not moved and all(Path(p).suffix == ".py" for _, p in changed):
                continue  # manabi's own code: needs a restart, not a rebuild
            if config_changed or moved:
                self.watching.clear()  # until the next watch, on the folders as they are now, is up
            if config_changed and not self._reload_config():
                continue  # a broken config: shown, not used; the next save of it is seen by its stamp
            if not config_changed and moved:
                self._use(self.config)  # a templates/ folder came, went or was replaced: the engine's theme changed
            self._rebuild_and_print()
            if config_changed or moved:
                self._restarted = True
                return  # watch the folders as they are now

    def _rebuild_and_print(self) -> None:
        started = time.perf_counter()
        try:
            result = self.rebuild()
        except Exception as exc:  # never let one bad save end the preview
            self.report(f"manabi: rebuild failed: {type(exc).__name__}: {exc}", file=sys.stderr)
            return
        if result is not None:
            self._print(result, time.perf_counter() - started)

    def _reload_config(self) -> bool:
        """Read manabi.toml again; a config with errors is shown and not used."""
        self._config_stamp = _stamp(self.config_file())
        config, problems = self.reload_config()
        _show(problems, self.config.content_path)
        errors = [d for d in problems if d.level == ERROR]
        if errors:
            self.broadcaster.publish([], [], {"*": [_problem(d) for d in errors]})
            return False
        self.report("manabi: config changed: rebuilding everything")
        self._use(config)
        return True

    def _print(self, result: BuildResult, seconds: float | None = None) -> None:
        """The build's diagnostics and a summary with their counts; a rebuild that changed nothing and
        found the same problems (the one after a watch begins again) prints nothing: they are on screen."""
        if seconds is not None and not (result.rendered or result.removed or result.held or result.assets) \
                and result.diagnostics == self._shown:
            return
        self._shown = result.diagnostics
        _show(result.diagnostics, self.config.content_path)
        counts = f"{plural(result.errors, 'error')}, {plural(result.warnings, 'warning')}"
        if seconds is None:
            self.report(f"manabi: built {plural(result.pages, 'page')}: {counts} in {result.seconds:.2f}s")
            return
        files = f" and {plural(len(result.assets), 'other file')}" if result.assets else ""
        self.report(f"manabi: rebuilt {plural(len(result.rendered), 'page')}{files} in {seconds * 1000:.0f} ms: {counts}"
                    f"{self._kept(result)}")

    def _kept(self, result: BuildResult) -> str:
        """The pages whose save added errors, by source path as the diagnostics name them: their tabs keep the version before."""
        if not result.held:
            return ""
        sources = {output_url(d.path): d.path for d in result.diagnostics if d.level == ERROR}
        paths = [d.path for d in located([Diagnostic(sources.get(url, url), 0, 0, ERROR, "", "") for url in result.held],
                                         self.config.content_path)]
        return f"; showing the previous version of {', '.join(paths)} until its new errors are fixed"

    def stop(self) -> None:
        self.stop_event.set()
        self.broadcaster.close()
        if self.httpd is not None:
            if self._serving is not None:  # shutdown() waits for serve_forever, forever if it never ran (Ctrl-C in the first build)
                self.httpd.shutdown()
            self.httpd.server_close()
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)


def serve(config: Config, host: str, port: int, open_browser: bool,
          reload_config: Callable[[], tuple[Config, list[Diagnostic]]] | None = None) -> int:
    try:
        import watchfiles  # noqa: F401  (a dependency of manabi-ssg; checked before the first build)
    except ImportError:
        say("manabi: error: the live preview needs the watchfiles package, which is missing from this "
              "Python environment; install it with: pip install watchfiles", file=sys.stderr)
        return 2
    server = LiveServer(replace(config), host, port, open_browser, reload_config=reload_config)
    if host in ("0.0.0.0", "::", ""):
        say("manabi: warning: serving on all network interfaces: anyone on your network can read the preview", file=sys.stderr)
    try:
        server.bind()  # before the first build, which can take a while
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            say(f"manabi: error: port {port} on {host} is already in use; pass --port with another number", file=sys.stderr)
        else:
            say(f"manabi: error: cannot listen on {host}:{port}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    stopping = StopSignals(server.stop_event)

    def listening() -> None:
        say(f"manabi: {server.url()} answers now; the first build runs behind it")
        if open_browser:
            webbrowser.open(server.url())

    try:
        server.start(listening)
        say(f"manabi: serving {server.url()} (Ctrl-C to stop)")
        server.watch()
    except KeyboardInterrupt:
        stopping.received = stopping.received or signal.SIGINT
    finally:
        server.stop()
        say("manabi: stopped")
        stopping.restore()
    return stopping.exit()


class StopSignals:
    """Ctrl-C (SIGINT), SIGTERM and SIGHUP (the terminal closed) stop the preview the same way: its
    threads, its port and its temporary folders go, as after any stop.  Without a handler SIGTERM
    and SIGHUP ended the process where it stood, leaving a ``--safe`` preview's folder behind.

    The handler sets ``stop`` (the watch ends at its next step) and raises KeyboardInterrupt, which
    unwinds the watch or a build wherever it is; raised in a finalizer, CPython swallows it, and
    ``stop`` still ends the preview after that build.  A second signal while stopping is ignored,
    so the clean-up finishes.  The exit then says which
    signal it was: 130 for Ctrl-C, as the README's exit codes say; SIGTERM or SIGHUP is raised
    again with its default action, so whoever sent it sees the process ended by it (143 or 129 in a shell).
    """

    SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)

    def __init__(self, stop: threading.Event) -> None:
        self.received: int | None = None
        self.stop = stop
        self._previous = {signum: signal.signal(signum, self._handle) for signum in self.SIGNALS}

    def _handle(self, signum: int, frame) -> None:
        if self.received is not None:
            return  # already stopping
        self.received = signum
        self.stop.set()
        raise KeyboardInterrupt

    def restore(self) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)

    def exit(self) -> int:
        if self.received in (signal.SIGTERM, signal.SIGHUP):
            sys.stdout.flush()
            sys.stderr.flush()
            signal.signal(self.received, signal.SIG_DFL)
            os.kill(os.getpid(), self.received)
        return 130
