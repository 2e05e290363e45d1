"""The preview's HTTP server: a thread for each request that has arrived, none for a connection that waits.

``http.server``'s threading server gives every connection a thread as soon
as it is accepted, with no time limit and a listen queue of 5.  Under load
that left the preview mute: 3,000 half-sent requests held 3,000 threads,
which all woke when their clients left and starved a normal request of the
interpreter for minutes; 200 simultaneous requests waited up to 10.8 s for
the kernel to retry their connections.

Here one *waiting-room* thread holds every accepted connection and reads
its request head (up to the blank line); only once it is all there does the
request get a thread, whose handler reads the head from what was read
(:class:`PrefetchedHandler`).
A connection that closes is dropped there, without a thread; one that has
not sent its head within :data:`HEAD_SECONDS` is closed, however slowly it
trickles; and when :data:`MAX_WAITING` wait at once, the oldest is closed, so
file descriptors remain for the next browser.  Every response closes its
connection (``serve`` never keeps one idle in a thread), and the listen queue
is deep.
"""

from __future__ import annotations

import queue
import selectors
import socket
import sys
import threading
import time
from collections import OrderedDict
from typing import cast
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from manabi_ssg.console.terminal import printable

HEAD_SECONDS = 10.0  # to send the request line and headers, from the moment of connecting
MAX_WAITING = 512  # connections without a whole request head; the oldest goes first
HEAD_LIMIT = 65536  # a head this long goes to the handler, which refuses it (431)


def head_complete(data: bytearray, searched: int) -> bool:
    """Whether ``data`` (a connection's bytes so far) holds a whole request head; ``searched``: bytes already looked at."""
    start = max(0, searched - 3)  # a trickled head is searched once, not again with every byte
    return data.find(b"\r\n\r\n", start) >= 0 or data.find(b"\n\n", start) >= 0 or len(data) >= HEAD_LIMIT


class PrefetchedHandler(BaseHTTPRequestHandler):
    """A handler whose request head was read by the waiting room: it reads those bytes first, then the socket."""

    def setup(self) -> None:
        super().setup()
        server = cast(PreviewServer, self.server)  # the one server this handler is made for
        self.rfile = _Prefixed(server.prefetched.pop(self.request, b""), self.rfile)  # type: ignore[assignment]  # read only by readline and read, which it gives


class _Prefixed:
    """A binary stream that gives ``prefix`` before the stream itself (``readline`` and ``read``, as the handler uses them)."""

    def __init__(self, prefix: bytes, stream) -> None:
        self.prefix, self.stream = memoryview(prefix), stream

    def readline(self, limit: int = -1) -> bytes:
        if not self.prefix:
            return self.stream.readline(limit)
        end = len(self.prefix) if limit < 0 else min(limit, len(self.prefix))
        newline = bytes(self.prefix[:end]).find(b"\n")
        if newline >= 0:
            end = newline + 1
        line, self.prefix = bytes(self.prefix[:end]), self.prefix[end:]
        if line.endswith(b"\n") or (limit >= 0 and len(line) >= limit):
            return line
        return line + self.stream.readline(-1 if limit < 0 else limit - len(line))

    def read(self, size: int = -1) -> bytes:
        if not self.prefix:
            return self.stream.read(size)
        end = len(self.prefix) if size < 0 else min(size, len(self.prefix))
        data, self.prefix = bytes(self.prefix[:end]), self.prefix[end:]
        if size < 0:
            return data + self.stream.read()
        return data if len(data) == size else data + self.stream.read(size - len(data))

    def close(self) -> None:
        self.stream.close()


class PreviewServer(ThreadingHTTPServer):
    """``ThreadingHTTPServer`` whose connections wait in one thread until their request has arrived."""

    request_queue_size = 1024  # the kernel caps it at net.core.somaxconn
    daemon_threads = True

    def __init__(self, address: tuple[str, int], handler) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6  # --host ::1
        self._arrivals: queue.SimpleQueue = queue.SimpleQueue()
        self.prefetched: dict[socket.socket, bytes] = {}  # request heads read by the waiting room, for their handler
        self._wake_reader, self._wake_writer = socket.socketpair()
        self._wake_reader.setblocking(False)
        self._closing = False
        self._room = threading.Thread(target=self._waiting_room, name="http-waiting-room", daemon=True)
        super().__init__(address, handler)  # a busy port raises here, after server_close()
        self._room.start()

    def process_request(self, request: socket.socket, client_address) -> None:  # type: ignore[override]  # TCP: a request is a socket
        """Called for each accepted connection: into the waiting room, not into a thread."""
        self._arrivals.put((request, client_address))
        self._wake()

    def _wake(self) -> None:
        try:
            self._wake_writer.send(b"\0")
        except OSError:
            pass  # the room is already awake (the pipe is full) or closed

    def _waiting_room(self) -> None:
        selector = selectors.DefaultSelector()
        selector.register(self._wake_reader, selectors.EVENT_READ)
        waiting: OrderedDict[socket.socket, tuple[object, float, bytearray]] = OrderedDict()  # oldest first

        def drop(sock: socket.socket) -> None:
            del waiting[sock]
            selector.unregister(sock)
            self.shutdown_request(sock)

        while not self._closing:
            timeout = max(0.0, next(iter(waiting.values()))[1] - time.monotonic()) if waiting else None
            for key, _ in selector.select(timeout):
                sock = cast(socket.socket, key.fileobj)  # only sockets are registered
                if sock is self._wake_reader:
                    try:
                        while self._wake_reader.recv(4096):
                            pass
                    except OSError:
                        pass
                    continue
                if sock not in waiting:
                    continue
                head = waiting[sock][2]
                try:
                    data = sock.recv(HEAD_LIMIT - len(head))
                except BlockingIOError:
                    continue
                except OSError:
                    data = b""
                if not data:
                    drop(sock)  # the client left before finishing its request
                    continue
                head += data
                if head_complete(head, len(head) - len(data)):
                    client = waiting.pop(sock)[0]
                    selector.unregister(sock)
                    sock.setblocking(True)
                    self.prefetched[sock] = bytes(head)
                    super().process_request(sock, client)  # a thread, for a request that is all there
            while True:
                try:
                    sock, client = self._arrivals.get_nowait()
                except queue.Empty:
                    break
                sock.setblocking(False)
                waiting[sock] = (client, time.monotonic() + HEAD_SECONDS, bytearray())
                selector.register(sock, selectors.EVENT_READ)
                if len(waiting) > MAX_WAITING:
                    drop(next(iter(waiting)))
            now = time.monotonic()
            while waiting and next(iter(waiting.values()))[1] <= now:
                drop(next(iter(waiting)))
        for sock in list(waiting):
            drop(sock)
        selector.close()

    def handle_error(self, request, client_address) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, OSError):
            return  # the client closed or stalled (broken pipe, reset, timeout): nothing to say
        print(f"manabi: serve: {type(error).__name__} while answering a request: {printable(str(error))}", file=sys.stderr)

    def server_close(self) -> None:
        self._closing = True
        self._wake()
        if self._room.is_alive():
            self._room.join(timeout=5)
        super().server_close()
        self._wake_reader.close()
        self._wake_writer.close()
