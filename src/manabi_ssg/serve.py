"""``manabi serve``: build, serve over HTTP, rebuild on save, reload the browser.

The same :class:`~manabi_ssg.engine.Engine` as ``build`` does the work, updating
a private preview folder in place, so a save re-renders only what changed.
Browsers listen on a Server-Sent Events stream; each rebuild sends the URLs
it rewrote and the problems of every page, and the small script in
``RELOAD_JS`` reloads the tab or shows an overlay with file, line and message.
"""

from __future__ import annotations

import errno
import gc
import json
import mimetypes
import os
import queue
import sys
import threading
import time
import webbrowser
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from manabi_ssg.config import Config
from manabi_ssg.diagnostics import ERROR, WARNING, Diagnostic
from manabi_ssg.engine import BuildResult, Engine
from manabi_ssg.load import output_url
from manabi_ssg.report import located, print_diagnostics

EVENTS_PATH = "/__manabi__/events"
SCRIPT_PATH = "/__manabi__/reload.js"
RELOAD_JS = Path(__file__).with_name("reload.js")


class Broadcaster:
    """Fan-out of build events to every connected browser tab."""

    def __init__(self) -> None:
        self._clients: list[queue.Queue] = []
        self._lock = threading.Lock()
        self.last: dict = {"changed": [], "problems": {}}

    def subscribe(self) -> queue.Queue:
        q: queue.Queue = queue.Queue()
        with self._lock:
            self._clients.append(q)
        q.put({**self.last, "changed": []})  # a new tab learns the current problems at once
        return q

    def unsubscribe(self, q: queue.Queue) -> None:
        with self._lock:
            if q in self._clients:
                self._clients.remove(q)

    def publish(self, message: dict) -> None:
        self.last = message
        with self._lock:
            clients = list(self._clients)
        for q in clients:
            q.put(message)


def problems_by_url(diagnostics: list[Diagnostic]) -> dict[str, list[dict]]:
    result: dict[str, list[dict]] = {}
    for d in diagnostics:
        if d.level in (ERROR, WARNING):
            url = output_url(d.path) if d.path.endswith((".md", ".markdown")) else "*"
            result.setdefault(url, []).append({"path": d.path, "line": d.line, "col": d.col, "level": d.level, "message": d.message})
    return result


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
        real = os.path.join(real, "index.html")
    return Path(real)


def make_handler(root: Path, broadcaster: Broadcaster):
    class Handler(BaseHTTPRequestHandler):
        server_version = "manabi"
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args) -> None:  # quiet: the terminal is for diagnostics
            pass

        def do_HEAD(self) -> None:
            self._serve(head=True)

        def do_GET(self) -> None:
            self._serve(head=False)

        def _send(self, status: int, body: bytes, content_type: str, head: bool, extra: dict | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
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
            target = safe_path(root, self.path)
            if target is not None and target.is_dir():
                return self._send(301, b"", "text/plain", head, {"Location": path + "/"})
            if target is None or not target.is_file():
                missing = root / "404.html"
                body = missing.read_bytes() if missing.is_file() else b"not found"
                return self._send(404, body, "text/html; charset=utf-8", head)
            content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            if content_type.startswith("text/") or content_type in ("application/javascript", "image/svg+xml"):
                content_type += "; charset=utf-8"
            try:
                body = target.read_bytes()
            except OSError:
                return self._send(404, b"not found", "text/plain", head)
            self._send(200, body, content_type, head)

        def _events(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Connection", "keep-alive")
            self.end_headers()
            q = broadcaster.subscribe()
            try:
                self.wfile.write(b"retry: 500\n\n")
                self.wfile.flush()
                while True:
                    try:
                        message = q.get(timeout=15)
                        self.wfile.write(f"data: {json.dumps(message, ensure_ascii=False)}\n\n".encode("utf-8"))
                    except queue.Empty:
                        self.wfile.write(b": keep-alive\n\n")
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError, OSError):
                pass
            finally:
                broadcaster.unsubscribe(q)
                self.close_connection = True

    return Handler


class LiveServer:
    def __init__(self, config: Config, host: str = "127.0.0.1", port: int = 8000, open_browser: bool = False, report=print):
        self.config = config
        self.host, self.port, self.open_browser = host, port, open_browser
        self.output = config.cache_path / "serve"
        self.engine = Engine(config, self.output, live_reload=True, in_place=True, force=True)
        self.broadcaster = Broadcaster()
        self.report = report
        self.stop_event = threading.Event()
        self.httpd: ThreadingHTTPServer | None = None

    def watched(self) -> list[Path]:
        paths = [self.config.content_path]
        paths += [Path(p) for p in self.engine.settings.template_dirs]
        paths.append(self.config.root / self.config.static_dir)
        paths.append(self.config.root / "messages")
        config_file = self.config.root / "manabi.toml"
        if config_file.exists():
            paths.append(config_file)
        return [p for p in dict.fromkeys(paths) if p.exists()]

    def rebuild(self) -> BuildResult:
        result = self.engine.build()
        self.broadcaster.publish({"changed": result.rendered + result.removed, "problems": problems_by_url(result.diagnostics)})
        return result

    def start(self) -> None:
        """Build once and start serving (in a thread); raises OSError when the port is taken."""
        self.output.parent.mkdir(parents=True, exist_ok=True)
        result = self.rebuild()
        self._print(result)
        gc.freeze()  # the site just built lives on: keep the collector from walking it on every save
        self.httpd = ThreadingHTTPServer((self.host, self.port), make_handler(self.output, self.broadcaster))
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, name="http", daemon=True).start()

    def url(self) -> str:
        host = "127.0.0.1" if self.host in ("0.0.0.0", "") else self.host
        return f"http://{host if ':' not in host else '[' + host + ']'}:{self.port}/"

    def watch(self) -> None:
        import watchfiles

        for changes in watchfiles.watch(*self.watched(), stop_event=self.stop_event, debounce=30, step=10, raise_interrupt=False):
            if any(Path(p).suffix == ".py" for _, p in changes) and all(Path(p).suffix == ".py" for _, p in changes):
                continue  # manabi's own code: needs a restart, not a rebuild
            started = time.perf_counter()
            try:
                result = self.rebuild()
            except Exception as exc:  # never let one bad save end the preview
                self.report(f"manabi: rebuild failed: {type(exc).__name__}: {exc}", file=sys.stderr)
                continue
            self._print(result, time.perf_counter() - started)

    def _print(self, result: BuildResult, seconds: float | None = None) -> None:
        print_diagnostics(located(result.diagnostics, self.config.content_path), quiet=False, verbose=False)
        if seconds is None:
            self.report(f"manabi: built {result.pages} pages in {result.seconds:.2f}s")
        elif result.rendered or result.removed or result.held:
            held = f", kept last good version of {len(result.held)}" if result.held else ""
            self.report(f"manabi: rebuilt {len(result.rendered)} pages in {seconds * 1000:.0f} ms{held}")

    def stop(self) -> None:
        self.stop_event.set()
        if self.httpd is not None:
            self.httpd.shutdown()
            self.httpd.server_close()


def serve(config: Config, host: str, port: int, open_browser: bool) -> int:
    server = LiveServer(replace(config), host, port, open_browser)
    if host in ("0.0.0.0", "::", ""):
        print("manabi: warning: serving on all network interfaces: anyone on your network can read the preview", file=sys.stderr)
    try:
        server.start()
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            print(f"manabi: error: port {port} on {host} is already in use; pass --port with another number", file=sys.stderr)
        else:
            print(f"manabi: error: cannot listen on {host}:{port}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(f"manabi: serving {server.url()} (Ctrl-C to stop)")
    if open_browser:
        webbrowser.open(server.url())
    try:
        server.watch()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        print("manabi: stopped")
    return 0
